"""Hardening against hostile input and careless operation (issue 12): proxies, names, disks."""

from __future__ import annotations

import errno
import io
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests._api_support import API_KEY, make_settings


def _served_app(settings: Any) -> Any:
    """The app as ``aluehaku serve`` hands it to uvicorn (proxy-header middleware included)."""
    import uvicorn

    from aluehaku.api.app import create_app
    from aluehaku.api.limits import uvicorn_options

    options = uvicorn_options(settings, "127.0.0.1", 0)
    config = uvicorn.Config(create_app(settings), **options)
    config.load()
    return config.loaded_app


@pytest.mark.parametrize("peer", ["127.0.0.1", "10.1.2.3"])
def test_forwarded_for_is_ignored_by_default(tmp_path: Path, peer: str) -> None:
    settings = make_settings(tmp_path / "data", rate_limit_rps=0.01, rate_limit_burst=2)
    assert settings.trusted_proxies == []
    with TestClient(_served_app(settings), client=(peer, 40000)) as client:
        codes = [
            client.get("/api/v1/stats", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(5)
        ]
    # A spoofed header per request does not give fresh buckets: the peer is rate limited.
    assert codes[:2] == [200, 200]
    assert codes[2:] == [429, 429, 429]


def test_forwarded_for_is_believed_from_a_trusted_proxy(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path / "data",
        rate_limit_rps=0.01,
        rate_limit_burst=1,
        trusted_proxies=["10.0.0.5"],
    )
    app = _served_app(settings)
    with TestClient(app, client=("10.0.0.5", 40000)) as proxy:
        codes = [
            proxy.get("/api/v1/stats", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(3)
        ]
    assert codes == [200, 200, 200]  # three real clients behind the proxy
    with TestClient(app, client=("10.9.9.9", 40000)) as other:
        codes = [
            other.get("/api/v1/stats", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(2)
        ]
    assert codes == [200, 429]  # not a trusted proxy: its own address counts


# --- item 2: one long token must not make one huge chunk or a quadratic snippet ------------------
def test_megabyte_token_gives_bounded_chunks_and_snippets(tmp_path: Path) -> None:
    from aluehaku.contract import search_json
    from aluehaku.ingest.chunking import MAX_CHUNK_CHARS, MAX_TOKEN_CHARS
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.search.service import SearchService
    from aluehaku.store import Store

    docs = tmp_path / "docs"
    docs.mkdir()
    token = "hanke" * 500_000  # 2.5 MB without a space
    (docs / "pitka.txt").write_text(
        f"Hanke alkaa keväällä.\n\n{token}\n\nHanke päättyy syksyllä.\n", encoding="utf-8"
    )
    settings = make_settings(tmp_path / "data")
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run([docs])
    assert report.count("ingested") == 1, report.totals()
    lengths = [int(r[0]) for r in store.conn.execute("SELECT length(text) FROM chunks")]
    assert len(lengths) > 100  # the token was split over many chunks, not kept in one
    assert max(lengths) <= MAX_CHUNK_CHARS
    longest_run = max(
        len(w) for (text,) in store.conn.execute("SELECT text FROM chunks") for w in text.split()
    )
    assert longest_run <= MAX_TOKEN_CHARS
    body = search_json(SearchService(store, settings).search("hanke", mode="lexical"))
    assert body["results"]
    for hit in body["results"]:
        assert len(hit["snippet"]) <= 400
        assert len(hit["text"]) <= MAX_CHUNK_CHARS
    store.close()


def test_snippet_of_an_unchunked_megabyte_token_is_bounded() -> None:
    from aluehaku.analysis.analyzer import get_analyzer
    from aluehaku.search.snippets import make_snippet

    query = get_analyzer().analyze_query("hanke")
    text = "Hanke " + "hanke" * 500_000 + " hanke hanke"
    snippet = make_snippet(text, query)
    assert len(snippet.text) <= 330
    assert snippet.highlights  # the real words around the run are still marked


def test_snippet_window_with_many_matches_is_the_densest() -> None:
    from aluehaku.analysis.analyzer import get_analyzer
    from aluehaku.search.snippets import make_snippet

    query = get_analyzer().analyze_query("hanke")
    text = "alku " * 200 + "hanke " * 40_000 + "loppu " * 200
    snippet = make_snippet(text, query)
    assert len(snippet.text) <= 330
    marked = [snippet.text[s:e] for s, e in snippet.highlights]
    assert len(marked) >= 40 and set(marked) == {"hanke"}


# --- items 7 and 11: upload names never collide and always fit the file system --------------------
KEY = {"X-API-Key": API_KEY}


def _upload(client: TestClient, name: str, text: str) -> Any:
    files = {"file": (name, io.BytesIO(text.encode()), "text/plain")}
    return client.post("/api/v1/documents?wait=true", files=files, headers=KEY)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kokous 1.2.2024.txt", "Kokous_1.2.2024.txt"),
        ("a" * 115 + "-ensimmainen.txt", "a" * 115 + "-toinen.txt"),
    ],
)
def test_uploads_whose_names_clean_alike_do_not_replace_each_other(
    tmp_path: Path, first: str, second: str
) -> None:
    from aluehaku.api.app import create_app

    with TestClient(create_app(make_settings(tmp_path / "data"))) as client:
        one = _upload(client, first, "Ensimmäinen kokous päätti uimahallista.\n")
        two = _upload(client, second, "Toinen kokous päätti kirjastosta.\n")
        assert one.status_code == two.status_code == 201, (one.text, two.text)
        assert one.json()["status"] == two.json()["status"] == "ingested"
        assert one.json()["document_id"] != two.json()["document_id"]
        assert one.json()["filename"] != two.json()["filename"]
        stored = sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir())
        assert len(stored) == 2, stored
        assert client.get("/api/v1/stats").json()["documents"] == 2
        for r, word in ((one, "uimahalli"), (two, "kirjasto")):
            doc_id = r.json()["document_id"]
            assert word.encode() in client.get(f"/api/v1/documents/{doc_id}/file").content
        # The same client name again is the same document (an update, not a third one).
        again = _upload(client, first, "Ensimmäinen kokous päätti uimahallista.\n")
        assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_long_multibyte_upload_name_fits_255_bytes(tmp_path: Path) -> None:
    from aluehaku.api.app import create_app

    name = "議" * 130 + ".txt"  # 394 bytes of UTF-8
    with TestClient(create_app(make_settings(tmp_path / "data"))) as client:
        r = _upload(client, name, "Kunnanhallitus päätti uimahallista.\n")
        assert r.status_code == 201, r.text
        stored = r.json()["filename"]
        assert len(stored.encode()) <= 255 and stored.endswith(".txt")
        assert (tmp_path / "data" / "uploads" / stored).is_file()


# --- item 13: a full disk is reported as such, by the CLI and by the API --------------------------
def _disk_full(*_args: Any, **_kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_cli_ingest_on_a_full_disk_says_so_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from aluehaku.cli import app
    from aluehaku.store import Store

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kunnanhallitus päätti uimahallista.\n", encoding="utf-8")
    monkeypatch.setattr(Store, "replace_document", _disk_full)
    monkeypatch.setenv("ALUEHAKU_WORKERS", "1")
    result = CliRunner().invoke(
        app, ["ingest", str(docs), "--data-dir", str(tmp_path / "data"), "--no-embed"]
    )
    assert result.exit_code == 3, result.output
    assert "Levy on täynnä" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)


def test_api_upload_on_a_full_disk_is_507_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.api.app import create_app
    from aluehaku.store import Store

    with TestClient(create_app(make_settings(tmp_path / "data"))) as client:
        monkeypatch.setattr(Store, "replace_document", _disk_full)
        r = _upload(client, "paatos.txt", "Kunnanhallitus päätti uimahallista.\n")
        assert r.status_code == 507, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        body = r.json()
        assert body["type"] == "/problems/disk-full" and body["title"] == "Levy on täynnä"
        monkeypatch.setattr("aluehaku.ingest.uploads.save_upload", _disk_full)
        r = _upload(client, "toinen.txt", "Kunnanhallitus päätti kirjastosta.\n")
        assert r.status_code == 507 and r.json()["type"] == "/problems/disk-full"


# --- item 6: ingestion never leaves its roots; /file serves only the file that was ingested -------
def test_symlink_out_of_an_ingested_folder_is_refused(tmp_path: Path) -> None:
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.store import Store

    secret = tmp_path / "salainen.txt"
    secret.write_text("Salasana on kissa.\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kunnanhallitus päätti uimahallista.\n", encoding="utf-8")
    (docs / "linkki.txt").symlink_to(secret)
    settings = make_settings(tmp_path / "data")
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run([docs])
    by_name = {Path(i.source).name: i for i in report.items}
    assert by_name["a.txt"].status == "ingested"
    assert by_name["linkki.txt"].status == "skipped" and by_name["linkki.txt"].reason == "symlink"
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    store.close()


def test_file_endpoint_refuses_a_swapped_parent_or_changed_file(tmp_path: Path) -> None:
    from aluehaku.api.app import create_app
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.store import Store

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kunnanhallitus päätti uimahallista.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run([docs])
    doc_id = report.items[0].document_id
    store.close()
    with TestClient(create_app(settings)) as client:
        assert client.get(f"/api/v1/documents/{doc_id}/file").status_code == 200
        other = tmp_path / "muu"
        other.mkdir()
        (other / "a.txt").write_text("Tätä ei koskaan luettu.\n", encoding="utf-8")
        docs.rename(tmp_path / "docs-vanha")
        docs.symlink_to(other, target_is_directory=True)
        assert client.get(f"/api/v1/documents/{doc_id}/file").status_code == 404
        docs.unlink()
        (tmp_path / "docs-vanha").rename(docs)
        assert client.get(f"/api/v1/documents/{doc_id}/file").status_code == 200
        (docs / "a.txt").write_text("Vaihdettu sisältö.\n", encoding="utf-8")
        assert client.get(f"/api/v1/documents/{doc_id}/file").status_code == 404
