"""A fetcher that is safe to point at the internet.

Only http(s); every hop (the first URL and each redirect) is resolved and vetted by
:mod:`.addresses` and the connection goes to the vetted address (the name travels in the ``Host``
header and as TLS SNI, so certificates are still checked against it). Redirects, response size
(streamed and cut), total time and concurrent requests per host are bounded; robots.txt is asked
before each fetch when a gate is set; the content type is checked before a byte of the body is
read; ETag and Last-Modified make repeated fetches conditional.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx

from aluehaku import __version__
from aluehaku.errors import FetchError

from .addresses import resolve

if TYPE_CHECKING:
    from aluehaku.config import Settings

#: Media types accepted for each kind of content a caller expects.
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "html": ("text/html", "application/xhtml+xml"),
    "pdf": ("application/pdf",),
    "xml": (
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
    ),
    "json": ("application/json",),
    "csv": ("text/csv", "application/csv", "text/plain"),
    "text": ("text/plain",),
}

#: Magic bytes that vouch for a body served as ``application/octet-stream``.
_MAGIC = {"pdf": b"%PDF-"}

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Validators:
    """What a server said about a version of a resource, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for the next request."""
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(slots=True)
class FetchResult:
    """A fetched resource, or ``not_modified`` when the server answered 304."""

    url: str  # after redirects
    status: int
    body: bytes
    media_type: str
    kind: str | None  # the family of MEDIA_TYPES it matched
    validators: Validators

    @property
    def not_modified(self) -> bool:
        """The server confirmed that the version we hold is current."""
        return self.status == 304


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Bounds of one source's fetches."""

    allow_private: bool = False
    max_bytes: int = 50 * 2**20
    timeout_s: float = 60.0
    max_redirects: int = 5
    per_host: int = 2
    contact_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, allow_private: bool = False) -> FetchPolicy:
        """The bounds configured in ``settings`` (``sync_*``)."""
        return cls(
            allow_private=allow_private,
            max_bytes=int(settings.sync_max_mb * 2**20),
            timeout_s=settings.sync_timeout_s,
            max_redirects=settings.sync_max_redirects,
            per_host=max(1, settings.sync_per_host),
            contact_url=settings.sync_contact_url,
        )

    @property
    def user_agent(self) -> str:
        """``aluehaku/<version> (+url)``: who is asking, and where a site owner reads more."""
        agent = f"aluehaku/{__version__}"
        return f"{agent} (+{self.contact_url})" if self.contact_url else agent


#: ``gate(url) -> None`` raises :class:`FetchError` (``robots``) when robots.txt forbids ``url``.
RobotsGate = Callable[[str], None]


class Fetcher:
    """Fetches URLs under one :class:`FetchPolicy`; safe to share between threads."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.robots_gate: RobotsGate | None = None
        # One connection pool per host name: connections are made to addresses, and a TLS
        # connection opened for one name must never carry a request for another on that address.
        self._clients: dict[str, httpx.Client] = {}
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        #: Requests sent and how they were answered (for the run report and benchmarks).
        self.requests = 0
        self.conditional = 0
        self.not_modified = 0

    def close(self) -> None:
        """Close the connection pools."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _client(self, host: str) -> httpx.Client:
        with self._lock:
            client = self._clients.get(host)
            if client is None:
                timeout = self.policy.timeout_s
                # trust_env off: a proxy from the environment would connect by name and undo
                # the pinning to the vetted address.
                client = self._clients[host] = httpx.Client(
                    follow_redirects=False,
                    trust_env=False,
                    timeout=httpx.Timeout(min(timeout, 30.0), connect=min(timeout, 10.0)),
                    limits=httpx.Limits(max_connections=self.policy.per_host),
                )
            return client

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...],
        validators: Validators | None = None,
        robots: bool = True,
    ) -> FetchResult:
        """Fetch ``url`` expecting one of the content kinds in ``accept`` (keys of MEDIA_TYPES).

        Raises :class:`FetchError` with a stable reason and a Finnish detail.
        """
        deadline = time.monotonic() + self.policy.timeout_s
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            if robots and self.robots_gate is not None:
                self.robots_gate(current)
            response_or_next = self._one(current, accept, validators, deadline)
            if isinstance(response_or_next, FetchResult):
                return response_or_next
            current = response_or_next
        raise FetchError(
            f"{url}: yli {self.policy.max_redirects} uudelleenohjausta.",
            reason="too-many-redirects",
        )

    def _one(
        self, url: str, accept: tuple[str, ...], validators: Validators | None, deadline: float
    ) -> FetchResult | str:
        """One request; a redirect returns the next URL, anything else a result or an error."""
        target = resolve(url, allow_private=self.policy.allow_private)
        request_url = httpx.URL(url)
        host_header = request_url.netloc.decode("ascii")
        pinned = request_url.copy_with(host=target.address)
        headers = {"Host": host_header, "User-Agent": self.policy.user_agent}
        wanted = ", ".join(t for kind in accept for t in MEDIA_TYPES[kind])
        headers["Accept"] = f"{wanted}, */*;q=0.1"
        conditional = validators.headers() if validators else {}
        headers.update(conditional)
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        with self._host_slot(target.host):
            self._count(conditional=bool(conditional))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timeout(url)
            with self._http_errors(url, "yhteys epäonnistui"):
                client = self._client(target.host)
                request = client.build_request(
                    "GET", pinned, headers=headers, extensions=extensions
                )
                response = client.send(request, stream=True)
            try:
                return self._answer(url, response, accept, deadline)
            finally:
                response.close()

    def _answer(
        self, url: str, response: httpx.Response, accept: tuple[str, ...], deadline: float
    ) -> FetchResult | str:
        status = response.status_code
        got = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"{url}: uudelleenohjaus ilman osoitetta.", reason="http-status")
            return urljoin(url, location)
        if status == 304:
            with self._lock:
                self.not_modified += 1
            return FetchResult(url, 304, b"", "", None, got)
        if status >= 400 or status < 200:
            raise FetchError(
                f"{url}: palvelin vastasi {status}.", reason="http-status", status=status
            )
        media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        kind = next((k for k in accept if media in MEDIA_TYPES[k]), None)
        sniff = [k for k in accept if k in _MAGIC] if media == "application/octet-stream" else []
        if kind is None and not sniff:
            raise FetchError(
                f"{url}: sisältötyyppi {media or '(puuttuu)'} ei ole odotettu "
                f"({', '.join(accept)}).",
                reason="content-type",
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise self._too_large(url)
        body = bytearray()
        with self._http_errors(url, "vastaus katkesi"):
            for block in response.iter_bytes():
                body += block
                if len(body) > self.policy.max_bytes:
                    raise self._too_large(url)
                if time.monotonic() > deadline:
                    raise self._timeout(url)
        if kind is None:
            kind = next((k for k in sniff if bytes(body).startswith(_MAGIC[k])), None)
            if kind is None:
                raise FetchError(
                    f"{url}: sisältö ei ole odotettua tyyppiä ({', '.join(accept)}).",
                    reason="content-type",
                )
        return FetchResult(url, status, bytes(body), media, kind, got)

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.BoundedSemaphore(self.policy.per_host)
            return slot

    def _count(self, *, conditional: bool) -> None:
        with self._lock:
            self.requests += 1
            self.conditional += int(conditional)

    @contextmanager
    def _http_errors(self, url: str, what: str) -> Iterator[None]:
        """httpx's errors as :class:`FetchError` (``timeout`` or ``network``)."""
        try:
            yield
        except httpx.TimeoutException:
            raise self._timeout(url) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {what} ({type(exc).__name__}).", reason="network") from None

    def _timeout(self, url: str) -> FetchError:
        return FetchError(
            f"{url}: haku kesti yli {self.policy.timeout_s:g} s (sync_timeout_s); keskeytettiin.",
            reason="timeout",
        )

    def _too_large(self, url: str) -> FetchError:
        return FetchError(
            f"{url}: vastaus on yli {self.policy.max_bytes / 2**20:g} Mt (sync_max_mb); "
            "katkaistiin.",
            reason="too-large",
        )
