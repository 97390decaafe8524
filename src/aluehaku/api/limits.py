"""Request bounds enforced before any endpoint runs: body size and a per-client rate limit.

:func:`uvicorn_options` holds the server's own bounds, including whose ``X-Forwarded-For`` is
believed (the rate limit's client key).

Both are plain ASGI middleware so that they also cover requests that FastAPI would reject
later (unknown routes, malformed bodies) and answer in the one problem shape.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aluehaku.config import Settings

from .problems import answer_unless_started, send_problem


class BodyTooLarge(HTTPException):
    """Raised while reading a body that grows past its bound (turned into a 413 problem)."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodySizeLimit:
    """Refuse bodies larger than the bound for their route (413), by header or while streaming.

    ``limit_for(path, method)`` gives the bound in bytes; uploads get a larger one than JSON.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = self.limit_for(path, scope.get("method", "GET"))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                await send_problem(send, 413, path, {"Connection": "close"})
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        await answer_unless_started(self.app, scope, limited_receive, send, BodyTooLarge)


class TokenBucketLimiter:
    """In-process token buckets per client key: ``rate`` tokens a second up to ``burst``."""

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = float(rate)
        self.burst = max(1.0, float(burst))
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """Take one token; return 0 when allowed, else the seconds until a token is available."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            if len(self._buckets) > self.max_clients:
                self._evict(now)
        return wait

    def _evict(self, now: float) -> None:
        """Forget clients whose buckets have refilled (they behave like new ones)."""
        full_after = self.burst / self.rate
        stale = [k for k, (_, stamp) in self._buckets.items() if now - stamp >= full_after]
        for key in stale:
            del self._buckets[key]
        if len(self._buckets) > self.max_clients:
            # Still too many active clients: drop the oldest half.
            ordered = sorted(self._buckets.items(), key=lambda kv: kv[1][1])
            for key, _ in ordered[: len(ordered) // 2]:
                del self._buckets[key]


class RateLimit:
    """Answer 429 with ``Retry-After`` when a client IP exceeds its bucket on limited paths."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: TokenBucketLimiter,
        applies: Callable[[str], bool],
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.applies = applies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.applies(scope.get("path", "")):
            client: Any = scope.get("client")
            key = str(client[0]) if client else "?"
            wait = self.limiter.take(key)
            if wait > 0:
                retry = str(max(1, math.ceil(wait)))
                await send_problem(send, 429, scope.get("path", ""), {"Retry-After": retry})
                return
        await self.app(scope, receive, send)


class KeyBeforeBody:
    """Check the API key of a write request before a byte of its body is read.

    FastAPI resolves dependencies only after it has parsed the body, so an 80 MB upload without
    a key would be spooled to disk before its 401. ``needs_key(path, method)`` picks the
    requests; ``check(key)`` raises the HTTPException that a missing or wrong key deserves.
    """

    def __init__(
        self,
        app: ASGIApp,
        needs_key: Callable[[str, str], bool],
        check: Callable[[str | None], None],
    ) -> None:
        self.app = app
        self.needs_key = needs_key
        self.check = check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and self.needs_key(path, scope.get("method", "GET")):
            try:
                self.check(_given_key(scope))
            except HTTPException as exc:
                headers = {**(exc.headers or {}), "Connection": "close"}
                detail: str | None = exc.detail if isinstance(exc.detail, str) else None
                if detail == HTTPStatus(exc.status_code).phrase:
                    detail = None  # Starlette's English phrase gives way to the Finnish default
                await send_problem(send, exc.status_code, path, headers, detail)
                return
        await self.app(scope, receive, send)


def _given_key(scope: Scope) -> str | None:
    """The key of ``X-API-Key`` or ``Authorization: Bearer``, as the endpoints read it."""
    headers = dict(scope.get("headers") or [])
    key = headers.get(b"x-api-key", b"").decode("latin-1").strip()
    if key:
        return key
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def uvicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    """uvicorn's options for ``serve``.

    Slow and idle clients are bounded by :mod:`aluehaku.api.slow_clients` (its protocol class
    replaces uvicorn's ``limit_concurrency``, which counted idle sockets as work).
    ``X-Forwarded-For`` sets the client address (and so the rate-limit key) only when the peer
    is one of ``trusted_proxies``; with none set (the default) the header is ignored and the
    peer's own address counts, so a client cannot pick a fresh address per request.
    """
    from .slow_clients import uvicorn_guard_options

    trusted = [p.strip() for p in settings.trusted_proxies if p.strip()]
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "server_header": False,
        "timeout_graceful_shutdown": 5,
        "h11_max_incomplete_event_size": 64 * 1024,
        "proxy_headers": bool(trusted),
        **uvicorn_guard_options(settings),
    }
    if trusted:
        options["forwarded_allow_ips"] = ",".join(trusted)
    return options
