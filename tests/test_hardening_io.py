"""Hardening against hostile input and careless operation (issue 12): proxies, names, disks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests._api_support import make_settings


def _served_app(settings: Any) -> Any:
    """The app as ``aluehaku serve`` hands it to uvicorn (proxy-header middleware included)."""
    import uvicorn

    from aluehaku.api.app import create_app
    from aluehaku.api.serve import uvicorn_options

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
