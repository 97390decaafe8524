"""Sign-in through a real OpenID Connect code flow with PKCE against a provider on loopback
(tests/oidc_provider.py), as a reader and as staff, and what each then sees and may do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

pytest.importorskip("authlib")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from aluehaku.api.oidc import role_from_claims
from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store
from tests._api_support import make_settings
from tests.oidc_provider import Provider, oidc_settings, running_provider

CLIENT_ID, CLIENT_SECRET = "aluehaku-test", "provider-secret-0123456789"
DOCS = {
    "public": ("yleinen.txt", None, "Kirjaston aukioloajat muuttuvat kesällä."),
    "internal": ("sisainen.txt", "internal", "Kirjaston henkilöstön työvuorolista."),
    "restricted": ("hr.txt", "restricted:hr", "Kirjastonhoitajan palkkaneuvottelun muistio."),
}
SESSION = {"X-Aluehaku-Session": "1"}


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider(CLIENT_ID, CLIENT_SECRET) as p:
        yield p


def _settings(tmp_path: Path, provider: Provider, **extra: Any) -> Settings:
    return oidc_settings(tmp_path / "data", provider.issuer, CLIENT_ID, CLIENT_SECRET, **extra)


def _ingest(settings: Settings, tmp_path: Path) -> None:
    store = Store(settings.data_dir)
    for _, (name, vis, text) in DOCS.items():
        folder = tmp_path / "corpus" / name.split(".")[0]
        folder.mkdir(parents=True)
        (folder / name).write_text(f"Tiedote\n\n{text}\n", encoding="utf-8")
        if vis:
            (folder / ".aluehaku-visibility").write_text(vis)
    Ingestor(store, settings).run([tmp_path / "corpus"])


def _sign_in(c: TestClient, provider: Provider, user: dict[str, Any]) -> httpx.Response:
    """The browser's round trip: aluehaku -> provider -> aluehaku's callback."""
    provider.user = user
    start = c.get("/auth/login", params={"next": "/api/v1/stats"}, follow_redirects=False)
    assert start.status_code == 302
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    back = httpx.get(authorize, follow_redirects=False)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["location"])
    return c.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def _titles(c: TestClient) -> set[str]:
    docs = c.get("/api/v1/documents").json()["items"]
    return {Path(d["source"]).name for d in docs}


def test_reader_and_staff_sign_in_and_see_their_documents(
    tmp_path: Path, provider: Provider
) -> None:
    settings = _settings(tmp_path, provider)
    _ingest(settings, tmp_path)
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/v1/documents").status_code == 401  # closed without sign-in
        me = c.get("/api/v1/me").json()  # open, so the UI can offer sign-in
        assert me["role"] == "anonymous" and me["sign_in_url"] == "/auth/login"
        done = _sign_in(c, provider, {"sub": "u1", "name": "Lukija", "roles": ["aluehaku.reader"]})
        assert done.status_code == 303 and done.headers["location"] == "/api/v1/stats"
        assert provider.token_requests[-1]["code_verifier"]  # PKCE verifier sent and checked
        me = c.get("/api/v1/me").json()
        assert (me["role"], me["name"], me["sign_out_url"]) == ("reader", "Lukija", "/auth/logout")
        assert _titles(c) == {"yleinen.txt", "sisainen.txt"}
        assert c.get("/api/v1/stats").json()["documents"] == 2
        # A state-changing request on the session cookie needs the CSRF header.
        ask = {"question": "Mitä kirjastosta kerrotaan?"}
        assert c.post("/api/v1/ask", json=ask).status_code == 403
        assert c.post("/api/v1/ask", json=ask, headers=SESSION).status_code == 200
        files = {"file": ("x.txt", b"Tiedote\n\nUusi teksti.\n", "text/plain")}
        refused = c.post("/api/v1/documents?wait=true", files=files, headers=SESSION)
        assert refused.status_code == 401  # a reader session is no write credential
        for admin_only in ("/api/v1/jobs", "/api/v1/admin/overview", "/metrics"):
            assert c.get(admin_only).status_code == 403  # signed in, but a reader
        assert c.post("/auth/logout").status_code == 204
        assert c.get("/api/v1/documents").status_code == 401

        _sign_in(c, provider, {"sub": "u2", "name": "HR", "groups": ["HR"]})  # default: reader
        assert _titles(c) == {"yleinen.txt", "sisainen.txt", "hr.txt"}
        c.post("/auth/logout")

        _sign_in(c, provider, {"sub": "u3", "name": "Ylläpitäjä", "roles": "staff"})
        assert len(_titles(c)) == 3
        files = {"file": ("uusi.txt", b"Tiedote\n\nUusi teksti.\n", "text/plain")}
        assert c.post("/api/v1/documents", files=files).status_code == 403  # no CSRF header
        files = {"file": ("uusi.txt", b"Tiedote\n\nUusi teksti.\n", "text/plain")}
        made = c.post("/api/v1/documents?wait=true", files=files, headers=SESSION)
        assert made.status_code == 201, made.text
        assert c.get("/api/v1/audit").status_code == 403  # staff is not admin
        # The admin view's data is staff's; the metrics are the admins'.
        jobs = c.get("/api/v1/jobs").json()
        assert jobs["items"][0]["actor"] == "oidc:u3 (Ylläpitäjä)"
        assert c.get("/api/v1/admin/overview").json()["documents"] == 4
        assert c.get("/metrics").status_code == 403
        c.post("/auth/logout")

        _sign_in(c, provider, {"sub": "u4", "name": "Pää", "roles": ["Aluehaku-Admin", "reader"]})
        trail = c.get("/api/v1/audit", params={"action": "upload"}).json()["items"]
        assert trail[0]["actor"] == "oidc:u3 (Ylläpitäjä)" and trail[0]["role"] == "staff"
        assert c.get("/metrics").status_code == 200


def test_a_forged_callback_or_a_refused_role_gets_no_session(
    tmp_path: Path, provider: Provider
) -> None:
    settings = _settings(tmp_path, provider, oidc_default_role="none")
    with TestClient(create_app(settings)) as c:
        c.get("/auth/login", follow_redirects=False)
        forged = c.get("/auth/callback?code=x&state=not-the-state", follow_redirects=False)
        assert forged.status_code == 401
        refused = _sign_in(c, provider, {"sub": "u5", "roles": ["guest"]})
        assert refused.status_code == 403
        assert c.get("/api/v1/documents").status_code == 401


def test_closed_reading_without_keys_asks_to_sign_in(tmp_path: Path, provider: Provider) -> None:
    settings = _settings(tmp_path, provider, api_keys=[])
    with TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/stats")
        assert r.status_code == 401 and "Kirjaudu" in r.json()["detail"]


def test_next_stays_on_this_site_and_roles_map_from_claims(tmp_path: Path) -> None:
    from aluehaku.api.oidc import _safe_next

    assert _safe_next("https://evil.example/") == "/"
    assert _safe_next("//evil.example/") == "/"
    assert _safe_next("/api/v1/stats") == "/api/v1/stats"
    s = make_settings(tmp_path)
    assert role_from_claims({"roles": ["x", "app:staff", "reader"]}, s) == "staff"
    assert role_from_claims({"roles": "ADMIN"}, s) == "admin"
    assert role_from_claims({"roles": ["superstaff"]}, s) == "reader"  # no role word: default
