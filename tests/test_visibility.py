"""Visibility per document: set at ingest (flag, folder rule, the document's own marker, the
upload form), changed later (CLI, staff API), kept over re-ingest; the roles that may change it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aluehaku.access import Access, Visibility, strictest
from aluehaku.cli import app
from aluehaku.errors import UsageError
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Filters, Store
from tests._api_support import make_settings

AHJO_LIKE = """<!DOCTYPE html><html lang="fi"><head><title>Viranhaltijan päätös</title></head>
<body><div class="paatos"><h1>Päätös 12 §</h1>
<p class="Julkisuus">Salassa pidettävä, JulkL 24 § 1 mom. 25 k</p>
<p>Päätetään myöntää avustus hakijalle.</p></div></body></html>"""
META_MARKED = """<!DOCTYPE html><html lang="fi"><head><title>Muistio</title>
<meta name="aluehaku-visibility" content="restricted:Talous"></head>
<body><main><p>Talousarvion valmistelun muistio.</p></main></body></html>"""
PLAIN = "Kunnanhallituksen tiedote\n\nKirjasto on auki arkisin.\n"


def _ingest(settings, paths, **kw):  # type: ignore[no-untyped-def]
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run(paths, **kw)
    return store, {Path(i.source).name: i.document_id for i in report.items}


def test_visibility_text_forms_and_the_strictest_rule() -> None:
    assert str(Visibility.parse(" Restricted:HR, talous ,hr")) == "restricted:hr,talous"
    assert str(Visibility.parse("internal")) == "internal"
    for bad in ("secret", "restricted:", "restricted:ä", "public,internal"):
        with pytest.raises(UsageError):
            Visibility.parse(bad)
    internal, hr = Visibility.parse("internal"), Visibility.parse("restricted:hr")
    assert strictest(None, hr, internal) == hr
    assert strictest(Visibility.parse("restricted:a"), hr) == hr  # the more specific one
    reader = Access(internal=True, groups=frozenset({"hr"}))
    assert reader.allows(hr) and reader.allows(internal)
    assert not Access(internal=True, groups=frozenset({"h"})).allows(hr)  # no prefix match


def test_flag_folder_rule_and_markers_set_visibility_at_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "hr").mkdir(parents=True)
    (corpus / "hr" / ".aluehaku-visibility").write_text("# henkilöstö\nrestricted:hr\n")
    (corpus / "hr" / "sub").mkdir()
    (corpus / "hr" / "sub" / "tiedote.txt").write_text(PLAIN)
    (corpus / "yleinen.txt").write_text(PLAIN.replace("arkisin", "lauantaisin"))
    (corpus / "paatos.html").write_text(AHJO_LIKE)
    (corpus / "muistio.html").write_text(META_MARKED)
    settings = make_settings(tmp_path / "data")
    store, ids = _ingest(settings, [corpus], visibility=Visibility.parse("internal"))
    seen = {name: store.get_document(i).visibility for name, i in ids.items()}
    assert seen == {
        "yleinen.txt": "internal",  # the run's flag
        "tiedote.txt": "restricted:hr",  # the nearest folder rule (in a parent folder)
        "paatos.html": "restricted:salassa",  # Ahjo's publicity class: confidential_visibility
        "muistio.html": "restricted:talous",  # the page's own meta tag
    }
    # A flag can never open a document marked confidential.
    store2, ids2 = _ingest(make_settings(tmp_path / "d2"), [corpus / "paatos.html"])
    assert store2.get_document(ids2["paatos.html"]).visibility == "restricted:salassa"


def test_a_visibility_set_by_hand_survives_a_changed_file(tmp_path: Path) -> None:
    doc = tmp_path / "tiedote.txt"
    doc.write_text(PLAIN)
    settings = make_settings(tmp_path / "data")
    store, ids = _ingest(settings, [doc])
    doc_id = ids["tiedote.txt"]
    assert store.get_document(doc_id).visibility == "public"
    store.set_visibility(doc_id, Visibility.parse("restricted:hr"))
    doc.write_text(PLAIN + "Uusi kappale.\n")
    _ingest(settings, [doc])
    assert store.get_document(doc_id).visibility == "restricted:hr"
    assert store.document_count(Access()) == 0
    assert store.list_documents(Filters(access=Access(groups=frozenset({"hr"}))))[1] == 1


def test_cli_flag_and_visibility_command(tmp_path: Path) -> None:
    runner = CliRunner()
    doc = tmp_path / "tiedote.txt"
    doc.write_text(PLAIN)
    data = str(tmp_path / "data")
    base = ["--data-dir", data]
    r = runner.invoke(app, ["ingest", str(doc), *base, "--visibility", "internal", "--no-embed"])
    assert r.exit_code == 0, r.output
    store = Store(Path(data))
    doc_id = store.list_documents()[0][0].id
    assert store.get_document(doc_id).visibility == "internal"
    r = runner.invoke(app, ["visibility", str(doc_id), "restricted:hr,talous", *base])
    assert r.exit_code == 0 and "internal -> restricted:hr,talous" in r.output
    assert store.get_document(doc_id).visibility == "restricted:hr,talous"
    r = runner.invoke(app, ["visibility", str(doc_id), "salainen", *base])
    assert r.exit_code == 2
    r = runner.invoke(app, ["ingest", str(doc), *base, "--visibility", "kaikki"])
    assert r.exit_code == 2


def test_upload_field_and_staff_endpoint_change_visibility(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from aluehaku.api.app import create_app

    settings = make_settings(
        tmp_path / "data", api_keys=["staff:s-avain-123", "reader@hr:r-avain-456", "vanha-avain"]
    )
    staff, reader = {"X-API-Key": "s-avain-123"}, {"X-API-Key": "r-avain-456"}
    with TestClient(create_app(settings)) as c:
        files = {"file": ("tiedote.txt", PLAIN.encode(), "text/plain")}
        r = c.post(
            "/api/v1/documents?wait=true",
            files=files,
            data={"visibility": "internal"},
            headers=staff,
        )
        assert r.status_code == 201, r.text
        doc_id = r.json()["document_id"]
        assert r.json()["document"]["visibility"] == "internal"
        # A reader may not upload, delete or change rights; the key is refused before the body.
        bad = {"file": ("x.txt", b"abc", "text/plain")}
        assert c.post("/api/v1/documents", files=bad, headers=reader).status_code == 403
        url = f"/api/v1/documents/{doc_id}/visibility"
        assert c.put(url, json={"visibility": "public"}, headers=reader).status_code == 403
        assert c.delete(f"/api/v1/documents/{doc_id}", headers=reader).status_code == 403
        assert c.put(url, json={"visibility": "salainen"}, headers=staff).status_code == 422
        r = c.put(url, json={"visibility": "restricted:talous"}, headers=staff)
        assert r.status_code == 200 and r.json()["visibility"] == "restricted:talous"
        assert c.get(f"/api/v1/documents/{doc_id}", headers=reader).status_code == 404
        assert c.get(f"/api/v1/documents/{doc_id}").status_code == 404
        # A key without a role keeps working as a staff key.
        old = {"X-API-Key": "vanha-avain"}
        assert c.get(f"/api/v1/documents/{doc_id}", headers=old).status_code == 200
        assert c.delete(f"/api/v1/documents/{doc_id}", headers=old).status_code == 204


def test_closed_reading_needs_a_key_of_any_role(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from aluehaku.api.app import create_app

    settings = make_settings(tmp_path / "data", public_read=False, api_keys=["reader:r-1234567"])
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/v1/stats").status_code == 401
        assert c.get("/api/v1/stats", headers={"X-API-Key": "r-1234567"}).status_code == 200


def test_ingest_tightens_but_never_loosens_a_stored_visibility(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    doc = folder / "tiedote.txt"
    doc.write_text(PLAIN)
    settings = make_settings(tmp_path / "data")
    store, ids = _ingest(settings, [folder], visibility=Visibility.parse("internal"))
    doc_id = ids["tiedote.txt"]
    # The bytes change and the next run forgets the flag: still internal, not public.
    doc.write_text(PLAIN + "Toinen kappale.\n")
    _ingest(settings, [folder])
    assert store.get_document(doc_id).visibility == "internal"
    # A folder rule added later applies to unchanged files on the next run.
    (folder / ".aluehaku-visibility").write_text("restricted:hr\n")
    _, again = _ingest(settings, [folder])
    assert again["tiedote.txt"] == doc_id
    assert store.get_document(doc_id).visibility == "restricted:hr"
    # A copy of the same bytes in a restricted folder restricts the one stored document.
    (tmp_path / "talous").mkdir()
    (tmp_path / "talous" / ".aluehaku-visibility").write_text("restricted:talous\n")
    (tmp_path / "talous" / "kopio.txt").write_text(doc.read_text())
    _ingest(settings, [tmp_path / "talous"])
    assert store.get_document(doc_id).visibility == "restricted:talous"
    # Opening it takes a decision by hand, which later runs keep.
    store.set_visibility(doc_id, Visibility.parse("public"))
    _ingest(settings, [folder])
    assert store.get_document(doc_id).visibility == "public"


def test_synced_pages_keep_their_confidentiality_marker(tmp_path: Path) -> None:
    import json

    from aluehaku.sources.registry import SourceConfig, SourceRegistry
    from aluehaku.sources.sync import Syncer
    from tests.sources_site import SiteServer, ahjo_decisions

    settings = make_settings(tmp_path / "data")
    store = Store(settings.data_dir)
    data = ahjo_decisions()
    secret = data["decisions"][0]
    secret["Content"] = secret["Content"].replace(
        '<div class="SisaltoSektio">',
        '<p class="Julkisuus SalassapidonPerustelut">Salassa pidettävä</p>'
        '<div class="SisaltoSektio">',
    )
    page = (
        '<html lang="fi"><head><title>Muistio</title><meta name="julkisuus" content="Ei julkinen">'
        "</head><body><nav>Valikko</nav><main><h1>Muistio</h1><p>"
        + "Valmistelun muistio talousarviosta ja sen vaihtoehdoista. " * 12
        + "</p></main></body></html>"
    )
    with SiteServer() as site:
        site.put("/ahjorest/v1/decisions?apireqlang=fi", json.dumps(data), "application/json")
        site.put("/muistio.html", page, "text/html")
        site.put("/robots.txt", "User-agent: *\n", "text/plain")
        registry = SourceRegistry(store)
        url = f"{site.base}/ahjorest/v1/decisions?apireqlang=fi"
        ahjo = registry.add(SourceConfig("ahjo", "ahjo", url, allow_private=True))
        web = registry.add(
            SourceConfig("web", "web", f"{site.base}/muistio.html", depth=0, allow_private=True)
        )
        Syncer(store, settings).run(ahjo)
        Syncer(store, settings).run(web)
    docs = {d.title: d.visibility for d in store.list_documents(limit=50)[0]}
    assert docs.pop(secret["Title"]) == "restricted:salassa"
    assert docs.pop("Muistio") == "restricted:salassa"
    assert set(docs.values()) == {"public"}


@pytest.mark.parametrize("entry", ["reader@hr talous:avain", "admin@:avain", "reader@ä:avain"])
def test_a_mistyped_scoped_key_stops_the_start(tmp_path: Path, entry: str) -> None:
    from aluehaku.api.app import create_app

    with pytest.raises(UsageError):
        create_app(make_settings(tmp_path / "data", api_keys=[entry]))
