"""``aluehaku sync`` against fixture sites on loopback: a Dynasty-shaped decision archive, a site
with a sitemap, an Ahjo-like API, an RSS feed and a register file.

First sync ingests everything; a second with nothing changed sends only conditional requests
(counted on the server) and ingests nothing; a changed, an added and a removed item are each
picked up; a sync killed midway resumes without redoing finished items.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.ingest.pipeline import ItemResult
from aluehaku.sources.registry import SourceConfig, SourceRegistry
from aluehaku.sources.sync import Syncer, SyncReport, forget_source
from aluehaku.store import Store
from aluehaku.store.records import DocumentRecord
from tests.pdf_factory import make_pdf
from tests.sources_site import (
    HTML,
    Archive,
    SiteServer,
    ahjo_decisions,
    load_archive,
    rss,
    sitemap,
    web_pages,
)


def _pdf_bytes(tmp: Path, lines: list[str]) -> bytes:
    path = tmp / "poytakirja.pdf"
    # 40 lines a page, so that a long minutes text spreads over pages like a real one.
    make_pdf(path, [lines[i : i + 40] for i in range(0, len(lines), 40)])
    return path.read_bytes()


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        server.put("/robots.txt", "User-agent: *\nDisallow: /hallinto/\n", "text/plain")
        yield server


@pytest.fixture
def archive(site: SiteServer, tmp_path: Path) -> Archive:
    return load_archive(site, lambda lines: _pdf_bytes(tmp_path, lines))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(settings.data_dir)
    yield s
    s.close()


def _add(store: Store, kind: str, url: str, name: str = "honkala", **kw: object) -> SourceConfig:
    return SourceRegistry(store).add(
        SourceConfig(name=name, kind=kind, url=url, allow_private=True, **kw)  # type: ignore[arg-type]
    )


def _by_status(report: SyncReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in report.items:
        out.setdefault(item.status, []).append(item.source)
    return out


def _docs(store: Store) -> list[DocumentRecord]:
    return store.list_documents(limit=1000)[0]


def _text(store: Store) -> str:
    """Every stored chunk's text."""
    return " ".join(c.text for d in _docs(store) for c in store.document_chunks(d.id))


def _doc(store: Store, url: str) -> dict[str, object]:
    for doc in _docs(store):
        if doc.metadata.get("url") == url:
            return {"title": doc.title, "date": doc.date, "doc_type": doc.doc_type, **doc.metadata}
    raise AssertionError(f"no document for {url}")


def _serve_pages(site: SiteServer) -> dict[str, tuple[str, str]]:
    pages = web_pages()
    for path, (html, _) in pages.items():
        site.put(path, html, HTML)
    return pages


def test_archive_first_sync_ingests_every_item_with_body_date_and_section(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    report = Syncer(store, settings).run(config)
    totals = report.totals()
    assert totals["ingested"] == archive.item_count() == 8, report.items
    assert totals["failed"] == 0 and report.complete
    item_url = f"{archive.site.base}/cgi/DREQUEST.PHP?page=meetingitem&id=2024031-1"
    doc = _doc(store, item_url)
    assert doc["body"] == "Kunnanhallitus"
    assert doc["meeting_date"] == "2024-03-11" and doc["date"] == "2024-03-11"
    assert doc["section"] == "§ 41"
    assert doc["title"] == "Kirjaston aukioloaikojen laajentaminen"
    minutes = _doc(store, f"{archive.site.base}/kokous/2024044.PDF")
    assert minutes["body"] == "Sivistyslautakunta" and minutes["date"] == "2024-04-16"
    # The item's text is searchable; the page's navigation is not part of it.
    chunks = store.document_chunks(int(report.items[0].document_id or 0))
    assert chunks and not any("Edellinen asia" in c.text for c in chunks)
    assert "omatoimikirjastona" in _text(store)
    saved = json.loads(Path(str(report.report_path)).read_text(encoding="utf-8"))
    assert saved["totals"]["ingested"] == 8 and saved["source"] == "honkala"


def test_second_sync_with_nothing_changed_only_asks_conditionally(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    Syncer(store, settings).run(config)
    archive.site.reset_hits()
    report = Syncer(store, settings).run(config)
    hits = archive.site.hits
    assert hits, "the listings and items are asked again"
    assert all(h.conditional for h in hits), [h.path for h in hits if not h.conditional]
    assert all(h.status == 304 for h in hits)
    assert report.totals()["unchanged"] == 8
    assert report.count("ingested") == report.count("updated") == 0
    # robots.txt, the list of bodies, two meeting lists, three meetings, eight items.
    assert report.requests == len(hits) == 1 + 1 + 2 + 3 + 8


def test_changed_added_and_removed_items_are_picked_up(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    Syncer(store, settings).run(config)
    base = archive.site.base
    board = archive.bodies[0]
    board.meetings[0].items[1]["text"].append(
        "Lisäys: väylän valaistus toteutetaan LED-valaisimin, mikä lisää kustannuksia 22 000 euroa."
    )
    board.meetings[1].items.append(
        {
            "section": 65,
            "title": "Uimarannan laiturin uusiminen",
            "text": ["Rantapuiston uimarannalle hankitaan uusi ponttonilaituri 12 000 eurolla."],
        }
    )
    removed = archive.bodies[1].meetings[0]
    removed.items.clear()
    removed.pdf = None
    archive.render()
    report = Syncer(store, settings).run(config)
    statuses = _by_status(report)
    assert statuses["updated"] == [f"{base}/cgi/DREQUEST.PHP?page=meetingitem&id=2024031-2"]
    assert statuses["ingested"] == [f"{base}/cgi/DREQUEST.PHP?page=meetingitem&id=2024052-3"]
    assert sorted(statuses["pruned"]) == [
        f"{base}/cgi/DREQUEST.PHP?page=meetingitem&id=2024044-1",
        f"{base}/kokous/2024044.PDF",
    ]
    assert len(statuses["unchanged"]) == 5
    text = _text(store)
    assert "ponttonilaituri" in text and "LED-valaisimin" in text
    assert "Koulukuljetussopimukset" not in text
    assert not any(d.metadata.get("body") == "Sivistyslautakunta" for d in _docs(store))
    # The removed items' files and states are gone too.
    folder = Syncer(store, settings).folder("honkala")
    assert len([p for p in folder.iterdir() if not p.name.startswith(".")]) == 7


def test_a_killed_sync_resumes_without_redoing_finished_items(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    settled: list[ItemResult] = []

    def kill_after_three(item: ItemResult) -> None:
        settled.append(item)
        if len(settled) == 3:
            raise KeyboardInterrupt  # what Ctrl-C (or a kill between items) leaves behind

    with pytest.raises(KeyboardInterrupt):
        Syncer(store, settings, batch=2).run(config, on_item=kill_after_three)
    done = {i.source for i in settled}
    stored_before = {d.metadata["url"] for d in _docs(store)}
    assert done <= stored_before and len(stored_before) < 8
    archive.site.reset_hits()
    report = Syncer(store, settings, batch=2).run(config)
    statuses = _by_status(report)
    assert set(statuses["unchanged"]) == stored_before  # finished items are not read again
    assert len(statuses["ingested"]) == 8 - len(stored_before)
    for hit in archive.site.hits:
        if any(url.endswith(hit.path) for url in stored_before):
            assert hit.conditional and hit.status == 304, hit
    assert len(_docs(store)) == 8


def test_a_failed_listing_removes_nothing(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    Syncer(store, settings).run(config)
    archive.site.put(
        "/cgi/DREQUEST.PHP?page=meetings&id=7", "palvelinvirhe", "text/plain", status=500
    )
    report = Syncer(store, settings).run(config)
    assert not report.complete and report.count("pruned") == 0
    assert any("Poistoja ei tehty" in n for n in report.notes)
    assert len(_docs(store)) == 8


def test_a_local_source_is_refused_unless_allowed(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = SourceRegistry(store).add(SourceConfig("lahi", "archive", archive.start))
    archive.site.reset_hits()
    report = Syncer(store, settings).run(config)
    assert not report.complete and not report.items
    assert "paikallinen" in report.notes[0]
    assert archive.site.hits == []


def test_sitemap_site_uses_lastmod_and_main_content(
    store: Store, settings: Settings, site: SiteServer
) -> None:
    pages = web_pages()
    sitemap(site, pages)
    config = _add(store, "web", f"{site.base}/sitemap.xml")
    report = Syncer(store, settings).run(config)
    assert report.count("ingested") == 3, report.items
    doc = _doc(store, f"{site.base}/hankkeet/kylatalo")
    assert doc["title"] == "Kylätalon peruskorjaus"
    assert doc["date"] == "2024-05-02"
    text = _text(store)
    assert "Leader Honkalan Seutu" in text
    assert "Evästeasetukset" not in text and "Asuminen ja ympäristö" not in text
    site.reset_hits()
    again = Syncer(store, settings).run(config)
    assert again.count("unchanged") == 3
    # Unchanged lastmod: the pages are not asked at all; robots.txt and the sitemap answer 304.
    assert sorted(h.path for h in site.hits) == ["/robots.txt", "/sitemap.xml"]
    assert all(h.status == 304 for h in site.hits)
    html, _ = pages["/hankkeet/kalatie"]
    pages["/hankkeet/kalatie"] = (
        html.replace("265 000 euroa", "290 000 euroa"),
        "2024-06-10",
    )
    sitemap(site, pages)
    changed = Syncer(store, settings).run(config)
    assert _by_status(changed)["updated"] == [f"{site.base}/hankkeet/kalatie"]
    assert "290 000 euroa" in _text(store)


def test_web_crawl_follows_links_within_depth_and_patterns(
    store: Store, settings: Settings, site: SiteServer
) -> None:
    pages = _serve_pages(site)
    links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in pages)
    site.put(
        "/hankkeet",
        f"<html><body><main><h1>Hankkeet</h1><ul>{links}"
        '<li><a href="/hallinto/salainen">Hallinto</a></li>'
        '<li><a href="https://toinen.example/">Muu sivusto</a></li></ul></main></body></html>',
        HTML,
    )
    site.put("/hallinto/salainen", "<p>robots.txt kieltää tämän</p>", HTML)
    config = _add(
        store, "web", f"{site.base}/hankkeet", include=[r"/hankkeet/"], exclude=["laajakaista"]
    )
    report = Syncer(store, settings).run(config)
    urls = {i.source for i in report.items}
    assert urls == {f"{site.base}/hankkeet/kylatalo", f"{site.base}/hankkeet/kalatie"} | {
        f"{site.base}/hankkeet"
    }
    assert not any(h.path.startswith("/hallinto") for h in site.hits)  # robots.txt
    assert not any("laajakaista" in h.path for h in site.hits)  # excluded


def test_ahjo_api_decisions_with_body_section_and_date(
    store: Store, settings: Settings, site: SiteServer
) -> None:
    data = ahjo_decisions()
    site.put("/ahjorest/v1/decisions?apireqlang=fi", json.dumps(data), "application/json")
    config = _add(store, "ahjo", f"{site.base}/ahjorest/v1/decisions?apireqlang=fi")
    report = Syncer(store, settings).run(config)
    assert report.count("ingested") == 3, report.items
    first = data["decisions"][0]
    doc = _doc(store, site.base + first["links"][0]["href"])
    assert doc["body"] == "Kaupunkiympäristölautakunta" and doc["section"] == "§ 12"
    assert doc["date"] == "2024-02-06" and doc["doc_type"] == "päätös"
    assert doc["title"] == "Puistokadun katusuunnitelman hyväksyminen"
    site.reset_hits()
    again = Syncer(store, settings).run(config)
    assert again.count("unchanged") == 3
    assert all(h.conditional and h.status == 304 for h in site.hits) and len(site.hits) == 2
    data["decisions"].pop(1)
    site.put("/ahjorest/v1/decisions?apireqlang=fi", json.dumps(data), "application/json")
    later = Syncer(store, settings).run(config)
    assert later.count("pruned") == 1 and len(_docs(store)) == 2


def test_rss_feed_entries_and_register_file(
    store: Store, settings: Settings, site: SiteServer
) -> None:
    _serve_pages(site)
    rss(
        site,
        [
            ("/hankkeet/kylatalo", "Kylätalo korjataan", "Thu, 02 May 2024 08:00:00 +0300"),
            ("/hankkeet/kalatie", "Kalatie valmistuu", "Mon, 10 Jun 2024 09:30:00 +0300"),
        ],
    )
    feed = _add(store, "feed", f"{site.base}/syote.xml", name="tiedotteet")
    report = Syncer(store, settings).run(feed)
    assert report.count("ingested") == 2
    assert _doc(store, f"{site.base}/hankkeet/kalatie")["date"] == "2024-06-10"
    site.reset_hits()
    assert Syncer(store, settings).run(feed).count("unchanged") == 2
    assert sorted(h.path for h in site.hits) == ["/robots.txt", "/syote.xml"]

    site.put(
        "/avoindata/hankkeet.csv",
        "Hanke;Toteuttaja;Budjetti\nKylätalon peruskorjaus;Mäntylän kyläyhdistys;142000\n"
        "Kalatie;Honkalan kunta;265000\n",
        "text/csv; charset=utf-8",
    )
    register = _add(store, "register", f"{site.base}/avoindata/hankkeet.csv", name="rekisteri")
    assert Syncer(store, settings).run(register).count("ingested") == 1
    assert "Mäntylän kyläyhdistys" in _text(store)


def test_removing_a_source_removes_its_documents(
    store: Store, settings: Settings, site: SiteServer
) -> None:
    site.put("/ahjo", json.dumps(ahjo_decisions()), "application/json")
    config = _add(store, "ahjo", f"{site.base}/ahjo")
    Syncer(store, settings).run(config)
    assert len(_docs(store)) == 3
    assert forget_source(store, "honkala") == 3
    assert not _docs(store)
    assert SourceRegistry(store).list() == []
    assert not Syncer(store, settings).folder("honkala").exists()


_KILLED_SYNC = """
import os, signal, sys
from pathlib import Path
from aluehaku.config import Settings
from aluehaku.sources.registry import SourceRegistry
from aluehaku.sources.sync import Syncer
from aluehaku.store import Store

settings = Settings(data_dir=Path(sys.argv[1]), workers=1, embed_after_ingest=False)
store = Store(settings.data_dir)
settled = []

def kill(item):
    settled.append(item)
    if len(settled) == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # no unwinding, no cleanup: a real kill

Syncer(store, settings, batch=2).run(SourceRegistry(store).get("honkala"), on_item=kill)
"""


def test_a_sync_killed_with_sigkill_resumes(
    store: Store, settings: Settings, archive: Archive
) -> None:
    import subprocess
    import sys

    config = _add(store, "archive", archive.start)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_SYNC, str(settings.data_dir)], timeout=240, check=False
    )
    assert done.returncode == -9
    stored_before = {d.metadata["url"] for d in _docs(store)}
    assert 3 <= len(stored_before) < 8
    report = Syncer(store, settings).run(config)  # the killed run's locks went with it
    statuses = _by_status(report)
    assert set(statuses["unchanged"]) == stored_before
    assert len(statuses["ingested"]) == 8 - len(stored_before)
    assert len(_docs(store)) == 8


def test_backup_and_restore_carry_the_fetched_files(
    store: Store, settings: Settings, site: SiteServer, tmp_path: Path
) -> None:
    from aluehaku.store.backup import backup, restore

    site.put("/ahjo", json.dumps(ahjo_decisions()), "application/json")
    config = _add(store, "ahjo", f"{site.base}/ahjo")
    Syncer(store, settings).run(config)
    report = backup(settings, tmp_path / "varmuuskopio")
    assert report.sources == 4  # three decisions and the source's lock file
    elsewhere = settings.model_copy(update={"data_dir": tmp_path / "palautettu"})
    restore(tmp_path / "varmuuskopio", elsewhere)
    moved = Store(elsewhere.data_dir)
    try:
        folder = str(elsewhere.data_dir.resolve() / "sources") + "/"
        assert all(d.source.startswith(folder) and Path(d.source).is_file() for d in _docs(moved))
        again = Syncer(moved, elsewhere).run(SourceRegistry(moved).get("honkala"))
        assert again.count("unchanged") == 3 and again.count("ingested") == 0
    finally:
        moved.close()


def test_a_meeting_page_that_is_gone_takes_its_items_with_it(
    store: Store, settings: Settings, archive: Archive
) -> None:
    config = _add(store, "archive", archive.start)
    Syncer(store, settings).run(config)
    archive.site.remove("/cgi/DREQUEST.PHP?page=meeting&id=2024044")  # still linked: 404
    report = Syncer(store, settings).run(config)
    assert report.complete and report.count("pruned") == 2
    assert len(_docs(store)) == 6
