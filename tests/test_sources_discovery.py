"""Discovery per kind of source: archive layouts (CloudNC, and any archive by link text), sitemap
indexes, Atom feeds, Ahjo paging, and the bounds (items, include/exclude, other hosts)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aluehaku.sources import ahjo, archive, feed, web
from aluehaku.sources.discovery import Crawl, links
from aluehaku.sources.fetcher import Fetcher, FetchPolicy
from aluehaku.sources.registry import SourceConfig, SourceRegistry
from aluehaku.sources.state import SourceState
from aluehaku.store import Store
from tests.sources_site import HTML, SiteServer, ahjo_decisions


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "index")
    yield s
    s.close()


@pytest.fixture
def crawl_of(store: Store) -> Iterator[object]:
    fetchers: list[Fetcher] = []

    def make(kind: str, url: str, max_items: int = 100, **kw: object) -> Crawl:
        config = SourceRegistry(store).add(
            SourceConfig(name=kind, kind=kind, url=url, allow_private=True, **kw)  # type: ignore[arg-type]
        )
        fetcher = Fetcher(FetchPolicy(allow_private=True))
        fetchers.append(fetcher)
        return Crawl(config, SourceState(store, config.name), fetcher, max_items)

    yield make
    for f in fetchers:
        f.close()


def _page(body: str) -> str:
    return f"<html><head><title>Päätökset</title></head><body>{body}</body></html>"


def test_cloudnc_layout(site: SiteServer, crawl_of: object) -> None:
    root = "/fi-FI/Toimielimet/Kunnanhallitus"
    site.put(
        root, _page(f'<h1>Kunnanhallitus</h1><a href="{root}/Kokous_1132024">11.3.2024</a>'), HTML
    )
    site.put(
        f"{root}/Kokous_1132024",
        _page(
            f'<a href="{root}/Kokous_1132024/Kirjaston_aukioloajat(1234)">'
            "§ 41 Kirjaston aukioloajat</a>"
            f'<a href="/download/noname/%7B1A%7D/1234">Pöytäkirja</a>'
            '<a href="/fi-FI/Haku">Haku</a>'
        ),
        HTML,
    )
    crawl = crawl_of("archive", f"{site.base}{root}", system="cloudnc")  # type: ignore[operator]
    items = archive.discover(crawl)
    assert [i.url.removeprefix(site.base) for i in items] == [
        f"{root}/Kokous_1132024/Kirjaston_aukioloajat(1234)",
        "/download/noname/%7B1A%7D/1234",
    ]
    item, minutes = items
    assert item.metadata == {
        "body": "Kunnanhallitus",
        "meeting_date": "2024-03-11",
        "section": "§ 41",
    }
    assert item.title == "Kirjaston aukioloajat" and minutes.accept == ("pdf",)
    assert crawl.complete


def test_any_archive_by_dates_and_section_marks(site: SiteServer, crawl_of: object) -> None:
    site.put(
        "/ktwebscr/pk_tek_tweb.htm",
        _page(
            '<a href="pk_kokl_tweb.htm?bid=11">Tekninen lautakunta 4.6.2024</a>'
            '<a href="/ohjeet.htm">Ohjeet</a>'
            '<a href="/ktwebbin/esityslista_2.pdf">Tekninen lautakunta 2.5.2024</a>'
        ),
        HTML,
    )
    site.put(
        "/ktwebscr/pk_kokl_tweb.htm?bid=11",
        _page(
            '<a href="pk_asil_tweb.htm?bid=11&amp;kohta=1">12 § Katuvalojen uusiminen</a>'
            '<a href="/ktwebbin/liite.pdf">Pöytäkirja</a>'
            '<a href="pk_asil_tweb.htm?bid=11&amp;kohta=2">Edellinen kokous</a>'
        ),
        HTML,
    )
    crawl = crawl_of("archive", f"{site.base}/ktwebscr/pk_tek_tweb.htm")  # type: ignore[operator]
    items = archive.discover(crawl)
    assert [i.url.removeprefix(site.base) for i in items] == [
        "/ktwebscr/pk_asil_tweb.htm?bid=11&kohta=1",
        "/ktwebbin/liite.pdf",
        "/ktwebbin/esityslista_2.pdf",  # linked from the list itself
    ]
    assert items[0].metadata["section"] == "§ 12"
    assert items[0].metadata["body"] == "Tekninen lautakunta"
    assert items[1].date == "2024-06-04"
    assert items[2].date == "2024-05-02" and items[2].metadata["body"] == "Tekninen lautakunta"


def test_sitemap_index_other_hosts_and_patterns(site: SiteServer, crawl_of: object) -> None:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    site.put(
        "/sitemap.xml",
        f"<sitemapindex {ns}><sitemap><loc>{site.base}/sivut.xml</loc></sitemap>"
        f"<sitemap><loc>https://muu.example/sitemap.xml</loc></sitemap></sitemapindex>",
        "application/xml",
    )
    site.put(
        "/sivut.xml",
        f"<urlset {ns}><url><loc>{site.base}/hankkeet/a</loc><lastmod>2024-01-02</lastmod></url>"
        f"<url><loc>{site.base}/uutiset/b</loc></url>"
        "<url><loc>https://muu.example/hankkeet/c</loc></url></urlset>",
        "text/xml",
    )
    crawl = crawl_of("web", f"{site.base}/sitemap.xml", include=["/hankkeet/"])  # type: ignore[operator]
    items = web.discover(crawl)
    assert [(i.url.removeprefix(site.base), i.lastmod) for i in items] == [
        ("/hankkeet/a", "2024-01-02")
    ]
    assert not any("muu.example" in h.path for h in site.hits)


def test_xml_entities_are_not_expanded(site: SiteServer, crawl_of: object) -> None:
    site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url>'
        "</urlset>",
        "application/xml",
    )
    crawl = crawl_of("web", f"{site.base}/sitemap.xml")  # type: ignore[operator]
    assert web.discover(crawl) == []


def test_atom_feed(site: SiteServer, crawl_of: object) -> None:
    site.put(
        "/atom.xml",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Uutiset</title>'
        '<entry><title>Kalatie valmis</title><link href="/uutiset/kalatie"/>'
        "<updated>2024-06-10T09:30:00+03:00</updated></entry>"
        "<entry><title>Ilman linkkiä</title><updated>2024-06-11T00:00:00Z</updated></entry>"
        "</feed>",
        "application/atom+xml",
    )
    items = feed.discover(crawl_of("feed", f"{site.base}/atom.xml"))  # type: ignore[operator]
    assert len(items) == 1
    assert items[0].url == f"{site.base}/uutiset/kalatie"
    assert items[0].date == "2024-06-10" and items[0].title == "Kalatie valmis"


def test_ahjo_pages_are_followed(site: SiteServer, crawl_of: object) -> None:
    data = ahjo_decisions()
    first = {"decisions": data["decisions"][:2], "links": [{"rel": "next", "href": "/api?s=2"}]}
    site.put("/api?s=0", json.dumps(first), "application/json")
    site.put("/api?s=2", json.dumps({"decisions": data["decisions"][2:]}), "application/json")
    items = ahjo.discover(crawl_of("ahjo", f"{site.base}/api?s=0"))  # type: ignore[operator]
    assert len(items) == 3 and all(i.inline for i in items)


def test_the_item_bound_marks_the_crawl_incomplete(site: SiteServer, crawl_of: object) -> None:
    site.put("/api", json.dumps(ahjo_decisions()), "application/json")
    crawl = crawl_of("ahjo", f"{site.base}/api", max_items=2)  # type: ignore[operator]
    assert len(ahjo.discover(crawl)) == 2
    assert crawl.truncated and not crawl.complete


def test_links_resolve_relative_and_base_and_skip_media() -> None:
    html = (
        b'<html><head><base href="/kansio/"></head><body><a href="sivu#osa">A</a>'
        b'<a href="kuva.jpg">kuva</a><a href="mailto:x@y.fi">posti</a>'
        b'<a href="javascript:void(0)">js</a><a href="https://muu.example/b">B</a></body></html>'
    )
    assert links(html, "http://kunta.example/alku") == [
        ("http://kunta.example/kansio/sivu", "A"),
        ("https://muu.example/b", "B"),
    ]
