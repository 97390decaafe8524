"""API abuse beyond tests/test_api.py: hostile ids, huge numbers, broken JSON, bursts.

Every answer must be a problem document of the one shape (or a normal 200), never a stack trace
or a file-system path, and a burst must be limited with 429 and Retry-After.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from tests._api_support import DEMO_CORPUS, build_index
from tests.test_api import assert_problem


@pytest.fixture(scope="module")
def abuse_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_index(tmp_path_factory.mktemp("abuse"), DEMO_CORPUS)


@pytest.fixture(scope="module")
def client(abuse_settings: Any) -> Iterator[TestClient]:
    with TestClient(create_app(abuse_settings), raise_server_exceptions=False) as c:
        yield c


HOSTILE_REQUESTS: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/api/v1/documents/..%2F..%2Fetc%2Fpasswd/file", {}, 404),
    ("GET", "/api/v1/documents/%2Fetc%2Fpasswd/file", {}, 404),
    ("GET", "/api/v1/documents/1%00/file", {}, 422),
    ("GET", "/api/v1/documents/-1", {}, 422),
    ("GET", "/api/v1/documents/0/file", {}, 422),
    ("GET", "/api/v1/documents/9223372036854775808", {}, 422),  # 2**63: past SQLite's int64
    ("GET", "/api/v1/documents/99999999999999999999999999999999", {}, 422),
    ("GET", "/api/v1/documents/1e3", {}, 422),
    ("DELETE", "/api/v1/documents/-5", {}, 401),
    ("GET", "/api/v1/documents", {"params": {"offset": 10**30}}, 422),
    ("GET", "/api/v1/documents", {"params": {"limit": -1}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "limit": 10**40}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "limit": "NaN"}}, 422),
    ("GET", "/api/v1/search", {"params": {"q": "hanke", "offset": "1e9"}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "hanke", "limit": 10**40}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": "hanke", "limit": -3}}, 422),
    ("POST", "/api/v1/ask", {"json": ["question"]}, 422),
    ("POST", "/api/v1/ask", {"json": None}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": 12345}}, 422),
    ("POST", "/api/v1/ask", {"json": {"question": {"$ne": ""}}}, 422),
    (
        "POST",
        "/api/v1/ask",
        {
            "content": b'{"question": "a"' + b"[" * 50_000,
            "headers": {"content-type": "application/json"},
        },
        422,
    ),
    (
        "POST",
        "/api/v1/ask",
        {"content": b"\xff\xfe\x00garbage", "headers": {"content-type": "application/json"}},
        422,
    ),
    (
        "POST",
        "/api/v1/ask",
        {"content": b'{"question": "hanke"}', "headers": {"content-type": "text/plain"}},
        422,
    ),
    (
        "POST",
        "/api/v1/ask",
        {"content": b'{"question": "\\ud800"}', "headers": {"content-type": "application/json"}},
        200,
    ),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), HOSTILE_REQUESTS)
def test_hostile_requests_get_a_clean_answer(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    r = client.request(method, path, **kwargs)
    assert r.status_code < 500, r.text
    if status == 200 and r.status_code == 200:
        assert "Traceback" not in r.text
        return
    if status != 200:
        assert r.status_code == status, (r.status_code, r.text)
    assert_problem(r, r.status_code)


def test_file_route_never_serves_outside_the_store(client: TestClient) -> None:
    """Encoded traversal in every position; only 404/405/422 problems, never a file's bytes."""
    for path in (
        "/api/v1/documents/1/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/v1/documents/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/documents/1/file%2F..%2F..%2Fetc%2Fpasswd",
        "/api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
    ):
        r = client.get(path)
        assert r.status_code in (404, 405, 422), (path, r.status_code)
        assert "root:" not in r.text
        assert_problem(r, r.status_code)


def test_burst_is_limited_with_retry_after(abuse_settings: Any) -> None:
    """A burst past the bucket gets 429 with Retry-After on search and ask alike, and the
    limiter answers fast instead of doing the work."""
    settings = abuse_settings.model_copy(update={"rate_limit_rps": 1.0, "rate_limit_burst": 5})
    with TestClient(create_app(settings)) as c:
        codes = []
        for i in range(30):
            if i % 2:
                r = c.get("/api/v1/search", params={"q": "hanke"})
            else:
                r = c.post("/api/v1/ask", json={"question": "mitkä hankkeet"})
            codes.append(r.status_code)
            if r.status_code == 429:
                assert int(r.headers["retry-after"]) >= 1
                assert_problem(r, 429)
        assert codes[:5] == [200] * 5
        assert codes.count(429) >= 20


def test_no_response_leaks_paths_or_traces(client: TestClient) -> None:
    """Error bodies of the endpoints, asked wrongly, name no file-system path and no trace."""
    for method, path, kwargs, _ in HOSTILE_REQUESTS:
        r = client.request(method, path, **kwargs)
        assert "Traceback" not in r.text
        assert "/tmp/" not in r.text and "/work/" not in r.text
        assert 'File "' not in r.text
