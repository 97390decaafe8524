"""``aluehaku source add|list|remove`` and ``aluehaku sync`` end to end on a loopback site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aluehaku.cli import app
from aluehaku.sources.registry import SourceRegistry
from tests.sources_site import SiteServer, ahjo_decisions

runner = CliRunner()


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        server.put("/paatokset", json.dumps(ahjo_decisions()), "application/json")
        yield server


def _run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.output


def test_source_add_list_sync_remove(site: SiteServer, data_dir: Path) -> None:
    url = f"{site.base}/paatokset"
    code, out = _run(data_dir, "source", "add", "ahjo", url, "--name", "ahjo", "--allow-private")
    assert code == 0 and "Lähde ahjo lisätty" in out
    code, out = _run(data_dir, "source", "add", "ahjo", url, "--name", "ahjo")
    assert code == 2 and "on jo olemassa" in out
    code, out = _run(data_dir, "source", "list", "--json")
    listed = json.loads(out)
    assert listed[0]["name"] == "ahjo" and listed[0]["allow_private"] is True

    code, out = _run(data_dir, "sync", "--json")
    assert code == 0, out
    totals = json.loads(out)[0]
    assert totals["ingested"] == 3 and totals["complete"] is True
    code, out = _run(data_dir, "sync", "ahjo")
    # The API page answers 304; robots.txt does not exist (404), so it has nothing to validate.
    assert code == 0 and "ennallaan 3" in out and "ei muuttunut 1" in out

    code, out = _run(data_dir, "source", "remove", "ahjo")
    assert code == 0 and "asiakirjoja poistettu 3" in out
    code, out = _run(data_dir, "stats", "--json")
    assert json.loads(out)["documents"] == 0


def test_bad_sources_are_refused_in_finnish(data_dir: Path) -> None:
    code, out = _run(data_dir, "sync")
    assert code == 0 and "Ei lähteitä" in out
    code, out = _run(data_dir, "source", "add", "ftp", "https://kunta.example/")
    assert code == 2 and "Tuntematon lähteen laji" in out
    code, out = _run(data_dir, "source", "add", "web", "file:///etc/passwd")
    assert code == 2 and "ei ole http- tai https-osoite" in out
    code, out = _run(data_dir, "sync", "puuttuva")
    assert code == 1 and "Lähdettä puuttuva ei ole" in out


def test_a_private_source_fails_the_sync_with_a_reason(site: SiteServer, data_dir: Path) -> None:
    _run(data_dir, "source", "add", "ahjo", f"{site.base}/paatokset", "--name", "lahi")
    code, out = _run(data_dir, "sync")
    assert code == 1
    assert "paikallinen tai yksityinen" in out and site.hits == []


def test_admin_api_adds_lists_and_removes_sources(site: SiteServer, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from aluehaku.api.app import create_app
    from aluehaku.sources.sync import Syncer
    from aluehaku.store import Store
    from tests._api_support import API_KEY, make_settings

    settings = make_settings(tmp_path / "data")
    key = {"X-API-Key": API_KEY}
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/sources").status_code == 401  # admin only, even to read
        body = {"kind": "ahjo", "url": f"{site.base}/paatokset", "name": "ahjo"}
        made = client.post("/api/v1/sources", json={**body, "allow_private": True}, headers=key)
        assert made.status_code == 201, made.text
        assert made.json()["allow_private"] is True and made.json()["synced_at"] is None
        again = client.post("/api/v1/sources", json=body, headers=key)
        assert again.status_code == 400 and "on jo olemassa" in again.json()["detail"]
        bad = client.post(
            "/api/v1/sources", json={**body, "url": "file:///etc/passwd"}, headers=key
        )
        assert bad.status_code == 422
        store = Store(settings.data_dir)
        config = SourceRegistry(store).get("ahjo")
        assert Syncer(store, settings).run(config).count("ingested") == 3
        listed = client.get("/api/v1/sources", headers=key).json()
        assert [s["name"] for s in listed] == ["ahjo"] and listed[0]["synced_at"]
        assert client.delete("/api/v1/sources/ahjo", headers=key).status_code == 204
        assert client.delete("/api/v1/sources/ahjo", headers=key).status_code == 404
        assert client.get("/api/v1/documents", headers=key).json()["total"] == 0
