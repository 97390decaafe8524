"""The audit trail: who did what, when and from where; admins only; retention and question
privacy as the settings say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from aluehaku.cli import app as cli
from aluehaku.store import Store
from aluehaku.store.audit import AuditEntry, purge, purge_if_due, query, record
from tests._api_support import make_settings

KEYS = ["admin:paa-avain-111", "staff:yp-avain-222", "reader:lu-avain-333"]
ADMIN, STAFF, READER = ({"X-API-Key": k.split(":", 1)[1]} for k in KEYS)
TEXT = "Kunnanhallituksen tiedote\n\nKirjaston lukusali avataan uudelleen syksyllä.\n"


def _upload(c: TestClient, name: str = "tiedote.txt") -> int:
    files = {"file": (name, TEXT.encode(), "text/plain")}
    r = c.post(
        "/api/v1/documents?wait=true", files=files, data={"visibility": "internal"}, headers=STAFF
    )
    assert r.status_code == 201, r.text
    return int(r.json()["document_id"])


def test_every_audited_action_is_recorded_and_only_admins_read_it(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", api_keys=KEYS)
    with TestClient(create_app(settings)) as c:
        doc_id = _upload(c)
        c.get("/api/v1/search", params={"q": "lukusali"}, headers=READER)
        c.post("/api/v1/ask", json={"question": "Milloin lukusali avataan?"}, headers=READER)
        c.get(f"/api/v1/documents/{doc_id}", headers=READER)
        assert c.get(f"/api/v1/documents/{doc_id}").status_code == 404  # anonymous: internal
        url = f"/api/v1/documents/{doc_id}/visibility"
        c.put(url, json={"visibility": "restricted:hr"}, headers=STAFF)
        c.delete(f"/api/v1/documents/{doc_id}", headers=STAFF)
        assert c.get("/api/v1/audit").status_code == 401
        for who in (READER, STAFF):
            assert c.get("/api/v1/audit", headers=who).status_code == 403
        page = c.get("/api/v1/audit", params={"limit": 50}, headers=ADMIN).json()
    assert page["retention_days"] == 90
    lines = {(e["action"], e["role"], e["status"]) for e in page["items"]}
    assert {
        ("upload", "staff", 201),
        ("search", "reader", 200),
        ("ask", "reader", 200),
        ("open", "reader", 200),
        ("open", "anonymous", 404),
        ("visibility", "staff", 200),
        ("delete", "staff", 204),
    } <= lines
    by_action = {e["action"]: e for e in page["items"]}
    assert by_action["search"]["detail"] == "lukusali"
    assert by_action["search"]["target"] == str(doc_id)  # what the response drew on
    assert by_action["visibility"]["detail"] == "internal -> restricted:hr"
    assert by_action["open"]["client"] == "testclient"
    # Keys appear by a hash of themselves, never as the key.
    assert all(e["actor"].startswith(("key:", "anonymous")) for e in page["items"])
    assert not any("avain" in str(e) for e in page["items"])


def test_admin_filters_and_the_trail_records_its_own_reading(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", api_keys=KEYS)
    with TestClient(create_app(settings)) as c:
        for q in ("lukusali", "kirjasto", "tiedote"):
            c.get("/api/v1/search", params={"q": q}, headers=READER)
        c.get("/api/v1/stats", headers=READER)
        one = c.get("/api/v1/audit", params={"action": "search", "limit": 2}, headers=ADMIN)
        assert one.status_code == 200
        body = one.json()
        assert body["total"] == 3 and [e["detail"] for e in body["items"]] == [
            "tiedote",
            "kirjasto",
        ]
        reader_id = body["items"][0]["actor"]
        mine = c.get("/api/v1/audit", params={"actor": reader_id}, headers=ADMIN).json()
        assert mine["total"] == 3
        future = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
        assert c.get("/api/v1/audit", params={"since": future}, headers=ADMIN).json()["total"] == 0
        assert c.get("/api/v1/audit", params={"action": "x"}, headers=ADMIN).status_code == 422
        audits = c.get("/api/v1/audit", params={"action": "audit"}, headers=ADMIN).json()
        assert audits["total"] == 3  # three earlier reads; the 422 never ran


@pytest.mark.parametrize(("mode", "expected"), [("hash", "sha256:"), ("none", None)])
def test_questions_are_kept_only_as_the_setting_allows(
    tmp_path: Path, mode: str, expected: str | None
) -> None:
    settings = make_settings(tmp_path / "data", api_keys=KEYS, audit_questions=mode)
    with TestClient(create_app(settings)) as c:
        c.post("/api/v1/ask", json={"question": "Kuka on Maija Meikäläinen?"}, headers=READER)
        items = c.get("/api/v1/audit", params={"action": "ask"}, headers=ADMIN).json()["items"]
    detail = items[0]["detail"]
    assert "Meikäläinen" not in str(items)
    assert detail is None if expected is None else detail.startswith(expected)


def test_audit_can_be_turned_off(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", api_keys=KEYS, audit_log=False)
    with TestClient(create_app(settings)) as c:
        c.get("/api/v1/search", params={"q": "lukusali"}, headers=READER)
        assert c.get("/api/v1/audit", headers=ADMIN).json()["total"] == 0


def test_retention_purges_old_lines_at_start_and_daily(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    record(store, AuditEntry("key:old", "reader", "search", detail="vanha"))
    record(store, AuditEntry("key:new", "reader", "search", detail="uusi"))
    store.conn.execute("UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE actor = 'key:old'")
    assert purge(store, 0) == 0  # 0 keeps everything
    # The app purges at start.
    settings = make_settings(tmp_path / "data", api_keys=KEYS, audit_retention_days=30)
    with TestClient(create_app(settings)):
        pass
    entries, total = query(store)
    assert total == 1 and entries[0].detail == "uusi"
    # Daily: due once, then not again for a day, whichever process asks.
    now = datetime.now(UTC)
    assert purge_if_due(store, 30, now) == 0
    assert purge_if_due(store, 30, now + timedelta(hours=23)) is None
    later = now + timedelta(days=400)
    assert purge_if_due(store, 30, later) == 1
    assert query(store)[1] == 0


def test_cli_changes_are_audited(tmp_path: Path) -> None:
    doc = tmp_path / "tiedote.txt"
    doc.write_text(TEXT, encoding="utf-8")
    base = ["--data-dir", str(tmp_path / "data")]
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(doc), *base, "--no-embed"]).exit_code == 0
    store = Store(tmp_path / "data")
    doc_id = store.list_documents()[0][0].id
    assert runner.invoke(cli, ["visibility", str(doc_id), "internal", *base]).exit_code == 0
    assert runner.invoke(cli, ["delete", str(doc_id), *base]).exit_code == 0
    entries, _ = query(store)
    assert [(e.action, e.target, e.client) for e in entries] == [
        ("delete", str(doc_id), "cli"),
        ("visibility", str(doc_id), "cli"),
    ]
    assert entries[0].actor.startswith("cli:")
