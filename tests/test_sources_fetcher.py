"""The fetcher that is safe to point at the internet: SSRF guard (after DNS and on every redirect),
bounded redirects, sizes and times, robots.txt, User-Agent, content types, conditional requests."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aluehaku import __version__
from aluehaku.errors import FetchError
from aluehaku.sources import addresses
from aluehaku.sources.fetcher import Fetcher, FetchPolicy, Validators
from aluehaku.sources.robots import RobotsRules
from tests.sources_site import SiteServer

BLOCKED = ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "192.168.1.20", "[fd00::5]"]


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        server.put("/sivu", "<html><body><p>Hei</p></body></html>", "text/html; charset=utf-8")
        yield server


def _fetcher(**kw: Any) -> Fetcher:
    return Fetcher(FetchPolicy(**kw))


@pytest.fixture
def public_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend that 127.0.0.1 (the fixture server) is on the public internet, and that the name
    ``julkinen.example`` resolves to it; every other private address stays private."""
    real = addresses.is_public
    monkeypatch.setattr(addresses, "is_public", lambda ip: str(ip) == "127.0.0.1" or real(ip))
    real_getaddrinfo = socket.getaddrinfo

    def fake(host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        names = {"julkinen.example": "127.0.0.1", "sisainen.example": "10.1.2.3"}
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real_getaddrinfo(host, port, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.mark.parametrize("host", BLOCKED)
def test_private_and_local_addresses_are_refused(host: str, site: SiteServer) -> None:
    port = site.base.rsplit(":", 1)[1]
    with _fetcher() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://{host}:{port}/sivu", accept=("html",))
    assert err.value.reason == "blocked-address"
    assert site.hits == []  # refused before any connection


def test_a_name_that_resolves_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake(host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        assert host == "metadata.example"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with _fetcher() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get("http://metadata.example/latest/meta-data/", accept=("html",))
    assert err.value.reason == "blocked-address"
    assert "169.254.169.254" in err.value.detail


def test_a_name_with_one_private_answer_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake(host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(FetchError) as err:
        addresses.resolve("https://kaksi.example/", allow_private=False)
    assert err.value.reason == "blocked-address"


def test_allow_private_lets_a_local_source_through(site: SiteServer) -> None:
    with _fetcher(allow_private=True) as fetcher:
        result = fetcher.get(f"{site.base}/sivu", accept=("html",))
    assert result.status == 200 and b"Hei" in result.body
    assert site.hits[0].agent == f"aluehaku/{__version__}"


def test_user_agent_names_the_contact_url(site: SiteServer) -> None:
    with _fetcher(allow_private=True, contact_url="https://kunta.example/haku") as fetcher:
        fetcher.get(f"{site.base}/sivu", accept=("html",))
    assert site.hits[0].agent == f"aluehaku/{__version__} (+https://kunta.example/haku)"


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://sisainen.example/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    target: str, site: SiteServer, public_loopback: None
) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.put("/siirto", b"", "text/html", status=302, headers={"Location": target})
    with _fetcher() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://julkinen.example:{port}/siirto", accept=("html",))
    assert err.value.reason == "blocked-address"
    assert [h.path for h in site.hits] == ["/siirto"]  # the first hop went out, the second not


def test_redirects_are_followed_and_bounded(site: SiteServer, public_loopback: None) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.put("/a", b"", "text/html", status=301, headers={"Location": "/sivu"})
    with _fetcher() as fetcher:
        result = fetcher.get(f"http://julkinen.example:{port}/a", accept=("html",))
    assert result.url.endswith("/sivu") and b"Hei" in result.body
    site.put("/silmukka", b"", "text/html", status=302, headers={"Location": "/silmukka"})
    with _fetcher(max_redirects=3) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://julkinen.example:{port}/silmukka", accept=("html",))
    assert err.value.reason == "too-many-redirects"
    assert sum(h.path == "/silmukka" for h in site.hits) == 4


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with _fetcher() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(url, accept=("html",))
    assert err.value.reason == "scheme"


@pytest.mark.parametrize("declared", [True, False])
def test_an_oversized_response_is_cut(site: SiteServer, declared: bool) -> None:
    site.put("/iso", b"x" * 300_000, "text/html", declare_length=declared)
    with (
        _fetcher(allow_private=True, max_bytes=100_000) as fetcher,
        pytest.raises(FetchError) as err,
    ):
        fetcher.get(f"{site.base}/iso", accept=("html",))
    assert err.value.reason == "too-large"
    assert "katkaistiin" in err.value.detail


def test_a_slow_response_is_cut(site: SiteServer) -> None:
    site.put("/hidas", b"y" * 64 * 1024, "text/html", trickle=0.1)
    with _fetcher(allow_private=True, timeout_s=1.0) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"{site.base}/hidas", accept=("html",))
    assert err.value.reason == "timeout"
    assert "keskeytettiin" in err.value.detail


def test_content_type_is_checked_before_parsing(site: SiteServer) -> None:
    site.put("/kuva", b"\x89PNG....", "image/png")
    site.put("/tiedosto", b"%PDF-1.4 ...", "application/octet-stream")
    with _fetcher(allow_private=True) as fetcher:
        with pytest.raises(FetchError) as err:
            fetcher.get(f"{site.base}/kuva", accept=("html", "pdf"))
        assert err.value.reason == "content-type"
        # A PDF served as octet-stream is recognised by its magic bytes.
        assert fetcher.get(f"{site.base}/tiedosto", accept=("pdf",)).kind == "pdf"


def test_conditional_request_gets_304(site: SiteServer) -> None:
    with _fetcher(allow_private=True) as fetcher:
        first = fetcher.get(f"{site.base}/sivu", accept=("html",))
        again = fetcher.get(f"{site.base}/sivu", accept=("html",), validators=first.validators)
        since = fetcher.get(
            f"{site.base}/sivu",
            accept=("html",),
            validators=Validators(None, first.validators.last_modified),
        )
    assert first.validators.etag and again.not_modified and again.body == b""
    assert [h.conditional for h in site.hits] == [False, True, True]
    assert since.status in (200, 304)  # the fixture server decides by ETag only


def test_robots_txt_is_honoured(site: SiteServer) -> None:
    site.put(
        "/robots.txt",
        "User-agent: aluehaku\nDisallow: /yksityinen\n\nUser-agent: *\nDisallow: /\n",
        "text/plain",
    )
    site.put("/yksityinen/a", "<p>x</p>", "text/html")
    with _fetcher(allow_private=True) as fetcher:
        fetcher.robots_gate = RobotsRules(
            lambda url: fetcher.get(url, accept=("text",), robots=False).body.decode()
        )
        assert fetcher.get(f"{site.base}/sivu", accept=("html",)).status == 200
        with pytest.raises(FetchError) as err:
            fetcher.get(f"{site.base}/yksityinen/a", accept=("html",))
    assert err.value.reason == "robots"
    assert [h.path for h in site.hits] == ["/robots.txt", "/sivu"]  # robots.txt read once


def test_missing_robots_txt_allows_and_an_unreadable_one_forbids(site: SiteServer) -> None:
    with _fetcher(allow_private=True) as fetcher:
        fetcher.robots_gate = RobotsRules(
            lambda url: fetcher.get(url, accept=("text",), robots=False).body.decode()
        )
        assert fetcher.get(f"{site.base}/sivu", accept=("html",)).status == 200
    site.put("/robots.txt", "virhe", "text/plain", status=503)
    with _fetcher(allow_private=True) as fetcher:
        fetcher.robots_gate = RobotsRules(
            lambda url: fetcher.get(url, accept=("text",), robots=False).body.decode()
        )
        with pytest.raises(FetchError) as err:
            fetcher.get(f"{site.base}/sivu", accept=("html",))
    assert err.value.reason == "robots"


def test_public_addresses_pass_the_guard() -> None:
    for ip in ("93.184.216.34", "2a00:1450:4001:80b::200e"):
        assert addresses.is_public(ipaddress.ip_address(ip))
    for ip in ("100.64.0.1", "::ffff:127.0.0.1", "224.0.0.1", "0.0.0.0", "fe80::1"):
        assert not addresses.is_public(ipaddress.ip_address(ip))


def test_crawl_delay_spaces_requests(site: SiteServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from aluehaku.sources import robots

    slept: list[float] = []
    monkeypatch.setattr(robots.time, "sleep", slept.append)
    site.put("/robots.txt", "User-agent: *\nCrawl-delay: 5\n", "text/plain")
    with _fetcher(allow_private=True) as fetcher:
        fetcher.robots_gate = RobotsRules(
            lambda url: fetcher.get(url, accept=("text",), robots=False).body.decode()
        )
        for _ in range(3):
            fetcher.get(f"{site.base}/sivu", accept=("html",))
    # The first request goes at once, each next one waits for its turn (no real sleeping here).
    assert slept[0] == 0 and all(s > 4 for s in slept[1:]) and len(slept) == 3


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
def test_https_to_the_vetted_address_checks_the_certificate_against_the_name(
    tmp_path: Path, public_loopback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the vetted address, but TLS (SNI and certificate) uses the name."""
    import ssl
    import subprocess
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    import httpx

    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=julkinen.example",
         "-addext", "subjectAltName=DNS:julkinen.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    seen: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen["host"] = self.headers["Host"]
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"<p>ok</p>")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen.update(sni=name)  # type: ignore[func-returns-value]
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    trusted = ssl.create_default_context(cafile=str(cert))
    client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: client(verify=trusted, **kw))
    try:
        with _fetcher() as fetcher:
            result = fetcher.get(f"https://julkinen.example:{port}/", accept=("html",))
            assert result.body == b"<p>ok</p>"
            assert seen == {"sni": "julkinen.example", "host": f"julkinen.example:{port}"}
            # The same address under a name the certificate does not carry: refused.
            answer = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))
            monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [answer])
            with pytest.raises(FetchError) as err:
                fetcher.get(f"https://toinen.example:{port}/", accept=("html",))
            assert err.value.reason == "network"
    finally:
        server.shutdown()
        server.server_close()


def test_requests_to_one_host_are_bounded(site: SiteServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    site.put("/hidas", b"z" * 8 * 1024, "text/html", trickle=0.02)
    with _fetcher(allow_private=True, per_host=2) as fetcher, ThreadPoolExecutor(6) as pool:
        results = list(
            pool.map(lambda _: fetcher.get(f"{site.base}/hidas", accept=("html",)), range(6))
        )
    assert all(len(r.body) == 8 * 1024 for r in results)
    assert len(site.hits) == 6 and 1 <= site.peak <= 2
