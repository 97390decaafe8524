"""The HTTP API: every endpoint, its errors, API keys, bounds and the one problem shape."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from tests._api_support import (
    API_KEY,
    DEMO_CORPUS,
    WEB_CORPUS,
    build_index,
    make_settings,
)

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
KEY = {"X-API-Key": API_KEY}


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A read-only index of the demo corpus plus the web test corpus."""
    return build_index(tmp_path_factory.mktemp("api-demo"), DEMO_CORPUS, WEB_CORPUS)


@pytest.fixture(scope="module")
def client(demo_settings: Any) -> Iterator[TestClient]:
    app = create_app(demo_settings)
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def write_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client over its own (initially empty) data directory, for write tests."""
    app = create_app(make_settings(tmp_path / "data", max_file_mb=0.05))
    with TestClient(app) as c:
        yield c


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is a problem of ``status`` in exactly the one shape, with no leaks."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == PROBLEM_KEYS, body
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    assert "/tmp/" not in response.text and "/work/" not in response.text
    assert str(Path.home()) + "/" not in response.text
    return body


# --- read endpoints ---------------------------------------------------------------------------
def test_healthz(client: TestClient) -> None:
    r = client.get("/api/v1/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["documents"] > 10


def test_search_returns_cited_passages(client: TestClient) -> None:
    r = client.get("/api/v1/search", params={"q": "Kaipolan teollisuusalue", "limit": 5})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["limit"] == 5 and body["offset"] == 0
    assert 1 <= len(body["results"]) <= 5
    hit = body["results"][0]
    assert {"document", "chunk_id", "page", "section", "text", "score"} <= set(hit)
    assert {"id", "title", "type", "organisation", "date", "source"} <= set(hit["document"])
    assert "kaipola" in (hit["text"] + hit["document"]["title"]).lower()


def test_search_paging_and_filters(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "hanke", "limit": 2}).json()["results"]
    second = client.get("/api/v1/search", params={"q": "hanke", "limit": 2, "offset": 2}).json()
    ids = {h["chunk_id"] for h in first}
    assert not ids & {h["chunk_id"] for h in second["results"]}
    typed = client.get("/api/v1/search", params={"q": "hanke", "type": "pöytäkirja"}).json()
    assert all(h["document"]["type"] == "pöytäkirja" for h in typed["results"])
    org = client.get("/api/v1/search", params={"q": "hanke", "organisation": "Jämsä"}).json()
    assert all("jämsä" in (h["document"]["organisation"] or "").lower() for h in org["results"])
    dated = client.get(
        "/api/v1/search", params={"q": "kaupunginhallitus", "date_from": "2024", "date_to": "2024"}
    ).json()
    assert all((h["document"]["date"] or "2024").startswith("2024") for h in dated["results"])


def test_ask_answers_with_citations(client: TestClient) -> None:
    r = client.post("/api/v1/ask", json={"question": "mitkä hankkeet rahoitti Keski-Suomen liitto"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"answer", "abstained", "citations", "facts", "kind"}
    assert not body["abstained"] and body["citations"]
    c = body["citations"][0]
    assert {"n", "document", "page", "section", "text"} <= set(c)
    assert f"[{c['n']}]" in body["answer"]


def test_ask_with_history_and_filters(client: TestClient) -> None:
    r = client.post(
        "/api/v1/ask",
        json={
            "question": "entä vuonna 2023?",
            "history": [{"question": "mitkä hankkeet rahoitti Keski-Suomen liitto", "answer": "…"}],
            "filters": {"type": "hankekuvaus", "date_from": "2023"},
            "limit": 3,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["abstained"], bool) and isinstance(body["citations"], list)


def test_documents_list_detail_and_file(client: TestClient) -> None:
    r = client.get("/api/v1/documents", params={"limit": 5})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] >= 20 and len(page["items"]) == 5
    doc = page["items"][0]
    assert doc["file_url"] == f"/api/v1/documents/{doc['id']}/file"
    nxt = client.get("/api/v1/documents", params={"limit": 5, "offset": 5}).json()
    assert not {d["id"] for d in page["items"]} & {d["id"] for d in nxt["items"]}
    only = client.get("/api/v1/documents", params={"type": "pöytäkirja", "limit": 100}).json()
    assert only["items"] and all(d["type"] == "pöytäkirja" for d in only["items"])

    detail = client.get(f"/api/v1/documents/{doc['id']}").json()
    assert detail["id"] == doc["id"] and detail["chunks"]
    assert detail["chunk_total"] >= len(detail["chunks"])
    one = client.get(f"/api/v1/documents/{doc['id']}", params={"chunk_limit": 1}).json()
    assert len(one["chunks"]) == 1

    f = client.get(doc["file_url"])
    assert f.status_code == 200
    assert f.headers["content-type"].startswith("text/plain")
    assert f.headers["x-content-type-options"] == "nosniff"
    assert f.content == Path(doc["source"]).read_bytes()


def test_stats(client: TestClient) -> None:
    body = client.get("/api/v1/stats").json()
    assert body["documents"] >= 20 and body["chunks"] >= body["documents"]
    assert sum(body["by_type"].values()) == body["documents"]


def test_html_document_file_is_never_served_as_html(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "sivu.html").write_text(
        "<html><body><h1>Hanke</h1><p>Keuruun hanke.</p><script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    settings = build_index(tmp_path / "data", folder)
    with TestClient(create_app(settings)) as c:
        doc = c.get("/api/v1/documents").json()["items"][0]
        f = c.get(f"/api/v1/documents/{doc['id']}/file")
    assert f.status_code == 200
    assert f.headers["content-type"].startswith("text/plain")
    assert "sandbox" in f.headers["content-security-policy"]


# --- writes and keys --------------------------------------------------------------------------
def _upload(
    client: TestClient, name: str, data: bytes, headers: dict[str, str] | None = None
) -> Any:
    return client.post(
        "/api/v1/documents?wait=true",
        files={"file": (name, io.BytesIO(data), "text/plain")},
        headers=KEY if headers is None else headers,
    )


TEXT = (
    "Laukaan kunnanhallitus päätti kimppakyytien kokeilusta.\n\n"
    "Kokeilu alkaa keväällä ja sitä rahoittaa Laukaan kunta.\n"
).encode()


def test_upload_search_file_and_delete(write_client: TestClient, tmp_path: Path) -> None:
    r = _upload(write_client, "kimppakyydit.txt", TEXT)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "ingested" and body["filename"] == "kimppakyydit.txt"
    doc_id = body["document_id"]
    stored = tmp_path / "data" / "uploads" / "kimppakyydit.txt"
    assert stored.read_bytes() == TEXT
    hits = write_client.get("/api/v1/search", params={"q": "kimppakyyti"}).json()["results"]
    assert hits and hits[0]["document"]["id"] == doc_id
    assert write_client.get(f"/api/v1/documents/{doc_id}/file").content == TEXT

    again = _upload(write_client, "kimppakyydit.txt", TEXT)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"

    bearer = {"Authorization": f"Bearer {API_KEY}"}
    assert write_client.delete(f"/api/v1/documents/{doc_id}", headers=bearer).status_code == 204
    assert not stored.exists()
    assert_problem(write_client.get(f"/api/v1/documents/{doc_id}"), 404)
    assert_problem(write_client.delete(f"/api/v1/documents/{doc_id}", headers=KEY), 404)


def test_file_gone_from_disk_is_404(write_client: TestClient, tmp_path: Path) -> None:
    doc_id = _upload(write_client, "poistuva.txt", TEXT).json()["document_id"]
    (tmp_path / "data" / "uploads" / "poistuva.txt").unlink()
    assert write_client.get(f"/api/v1/documents/{doc_id}").status_code == 200
    assert_problem(write_client.get(f"/api/v1/documents/{doc_id}/file"), 404)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.txt", "evil.txt"),
        ("/etc/cron.d/x.md", "x.md"),
        ("....//....//pöytäkirja 2024.txt", "pöytäkirja_2024.txt"),
        (".hidden.txt", "hidden.txt"),
        ("a\x00b.txt", "a_00b.txt"),
        ("<script>.txt", "script.txt"),
    ],
)
def test_upload_names_cannot_escape(
    write_client: TestClient, tmp_path: Path, raw: str, expected: str
) -> None:
    r = _upload(write_client, raw, TEXT)
    assert r.status_code == 201, r.text
    # A name the cleaning changed is stored with a tag from the client's name (no collisions).
    name = r.json()["filename"]
    stem, _, suffix = expected.rpartition(".")
    assert name == expected or re.fullmatch(rf"{re.escape(stem)}-[0-9a-f]{{12}}\.{suffix}", name)
    uploads = tmp_path / "data" / "uploads"
    assert (uploads / name).is_file()
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and uploads not in p.parents]
    assert all(p.parent.name in ("data", "reports") for p in outside), outside


def test_upload_errors(write_client: TestClient, tmp_path: Path) -> None:
    assert_problem(_upload(write_client, "ohjelma.exe", b"MZ"), 415)
    assert_problem(_upload(write_client, "tyhja.txt", b""), 422)
    assert_problem(_upload(write_client, "iso.txt", b"a " * 40_000), 413)  # max_file_mb=0.05
    broken = _upload(write_client, "rikki.pdf", b"%PDF-1.7 not really a pdf" * 10)
    assert_problem(broken, 422)
    uploads = tmp_path / "data" / "uploads"
    assert not any(p.name.startswith(("rikki", "iso", ".upload")) for p in uploads.iterdir())
    missing = write_client.post("/api/v1/documents", headers=KEY)
    assert_problem(missing, 422)


def test_failed_reupload_keeps_previous_file(write_client: TestClient, tmp_path: Path) -> None:
    assert _upload(write_client, "paatos.pdf", _tiny_pdf()).status_code == 201
    before = (tmp_path / "data" / "uploads" / "paatos.pdf").read_bytes()
    assert_problem(_upload(write_client, "paatos.pdf", b"%PDF-1.4 garbage" * 20), 422)
    assert (tmp_path / "data" / "uploads" / "paatos.pdf").read_bytes() == before


def _tiny_pdf() -> bytes:
    reportlab = pytest.importorskip("reportlab.pdfgen.canvas")
    buf = io.BytesIO()
    c = reportlab.Canvas(buf)
    c.drawString(72, 720, "Saarijärven kaupunginhallitus päätti biokaasulaitoksesta.")
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-API-Key": "vaara-avain"}, 401),
        ({"Authorization": "Bearer vaara-avain"}, 401),
        ({"Authorization": f"Basic {API_KEY}"}, 401),
    ],
)
def test_write_needs_valid_key(
    write_client: TestClient, headers: dict[str, str], status: int
) -> None:
    body = assert_problem(_upload(write_client, "a.txt", TEXT, headers=headers), status)
    assert body["type"] == "/problems/unauthorized"
    assert_problem(write_client.delete("/api/v1/documents/1", headers=headers), status)


def test_writes_disabled_without_configured_keys(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, api_keys=[]))) as c:
        assert_problem(_upload(c, "a.txt", TEXT), 403)


def test_closed_read_needs_key(demo_settings: Any) -> None:
    settings = demo_settings.model_copy(update={"public_read": False})
    with TestClient(create_app(settings)) as c:
        assert_problem(c.get("/api/v1/search", params={"q": "hanke"}), 401)
        assert_problem(c.get("/api/v1/documents"), 401)
        assert_problem(c.get("/api/v1/stats"), 401)
        assert c.get("/api/v1/documents", headers=KEY).status_code == 200
        bearer = {"Authorization": f"Bearer {API_KEY}"}
        assert c.get("/api/v1/stats", headers=bearer).status_code == 200
        assert c.get("/api/v1/healthz").status_code == 200


# --- bounds -----------------------------------------------------------------------------------
def test_oversized_json_body_is_413(client: TestClient) -> None:
    big = b'{"question": "' + b"a" * 400_000 + b'"}'
    r = client.post("/api/v1/ask", content=big, headers={"content-type": "application/json"})
    assert_problem(r, 413)


def test_oversized_chunked_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(40):
            yield b"a" * 10_000
        yield b'"}'

    r = client.post("/api/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(r, 413)


def test_rate_limit_429_with_retry_after(demo_settings: Any) -> None:
    settings = demo_settings.model_copy(update={"rate_limit_rps": 0.5, "rate_limit_burst": 3})
    with TestClient(create_app(settings)) as c:
        codes = [c.get("/api/v1/stats").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = c.get("/api/v1/stats")
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/api/v1/healthz").status_code == 200  # health checks are not limited
        assert c.get("/").status_code == 200  # nor is the UI


def test_store_locked_is_503_without_path(demo_settings: Any, tmp_path: Path) -> None:
    from aluehaku.store.lock import write_lock

    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as c:
        doc_id = _upload(c, "a.txt", TEXT).json()["document_id"]
        with write_lock(tmp_path / "data"):
            body = assert_problem(c.delete(f"/api/v1/documents/{doc_id}", headers=KEY), 503)
    assert body["type"] == "/problems/store-locked"


def test_unexpected_error_is_generic_500(demo_settings: Any) -> None:
    app = create_app(demo_settings)

    class Broken:
        def search(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret /var/lib/aluehaku/db.sqlite exploded")

    app.state.services._search = Broken()
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/search", params={"q": "hanke"})
    body = assert_problem(r, 500)
    assert "secret" not in r.text and "exploded" not in r.text
    assert body["title"] == "Palvelinvirhe"


# --- the one error shape ----------------------------------------------------------------------
ERROR_CASES: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/api/v1/nothing-here", {}, 404),
    ("GET", "/api/v1/documents/999999", {}, 404),
    ("GET", "/api/v1/documents/999999/file", {}, 404),
    ("GET", "/api/v1/documents/..%2F..%2Fetc%2Fpasswd", {}, 404),
    ("GET", "/api/v1/documents/abc", {}, 422),
    ("GET", "/api/v1/documents/1/file/../../../etc/passwd", {}, 404),
    ("PUT", "/api/v1/search", {}, 405),
    ("PATCH", "/api/v1/documents/1", {}, 405),
    ("GET", "/api/v1/search", {}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "limit": 101}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "limit": 1_000_000}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "limit": 0}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "offset": -1}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "mode": "magic"}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "date_from": "eilen"}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "x" * 2001}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "   "}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "offset": 1001}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "  \n "}}, 422),
    ("GET", "/api/v1/documents", {"params": {"limit": 500}}, 422),
    (
        "POST",
        "/api/v1/ask",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        422,
    ),
    ("POST", "/api/v1/ask", {"json": {"question": ""}}, 422),
    ("POST", "/api/v1/ask", {"json": {"kysymys": "hanke"}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "hanke", "history": "x"}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "hanke", "limit": 1000}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "hanke", "filters": {"evil": 1}}}, 422),
    (
        "POST",
        "/api/v1/ask",
        {"json": {"question": "h", "history": [{"question": "q", "answer": "a"}] * 21}},
        422,
    ),
    ("POST", "/api/v1/documents", {}, 401),
    ("DELETE", "/api/v1/documents/1", {"headers": {"X-API-Key": "x"}}, 401),
    ("GET", "/no-such-page.html", {}, 404),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), ERROR_CASES)
def test_every_error_has_the_one_shape(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    r = client.request(method, path, **kwargs)
    body = assert_problem(r, status)
    assert body["instance"].startswith("/")


# --- OpenAPI and UI ---------------------------------------------------------------------------
def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert set(paths) == {
        "/api/v1/search",
        "/api/v1/ask",
        "/api/v1/documents",
        "/api/v1/documents/{doc_id}",
        "/api/v1/documents/{doc_id}/file",
        "/api/v1/documents/{doc_id}/visibility",
        "/api/v1/audit",
        "/api/v1/me",
        "/api/v1/stats",
        "/api/v1/healthz",
        "/api/v1/sources",
        "/api/v1/sources/{name}",
        "/api/v1/sources/{name}/sync",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/retry",
        "/api/v1/admin/overview",
        "/metrics",
    }
    assert set(paths["/api/v1/documents"]) == {"get", "post"}
    assert set(paths["/api/v1/sources"]) == {"get", "post"}
    assert "Problem" in doc["components"]["schemas"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    err = paths["/api/v1/search"]["get"]["responses"]["422"]["content"]
    assert list(err) == ["application/problem+json"]
    limit = next(p for p in paths["/api/v1/search"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100
    schemes = doc["components"]["securitySchemes"]
    assert {"ApiKey", "Bearer"} <= set(schemes)


def test_ui_is_served_with_csp(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'lang="fi"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/app.js").status_code == 200
    assert client.get("/style.css").status_code == 200


def test_app_js_never_uses_innerhtml() -> None:
    web = Path(__file__).resolve().parents[1] / "web"
    source = (web / "app.js").read_text(encoding="utf-8")
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("*", "/*", "//"))
    )
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code


def test_serve_module_importable() -> None:
    # `aluehaku.api.serve` is the module (``python -m aluehaku.api.serve``); no package-level
    # function of the same name shadows it or is shadowed by it once the module is imported.
    from aluehaku.api import serve
    from aluehaku.api.serve import serve as run

    assert callable(run) and serve.serve is run


def test_validation_messages_are_finnish(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/search", params={"q": "x", "mode": "kaikki"}), 422)
    assert "'dense' tai 'hybrid'" in body["detail"] and " or " not in body["detail"], body
