"""Protection against slow and idle clients, so that sockets never hold the service.

Three bounds, each answering in the one problem shape where an answer is still possible:

- :class:`GuardedH11Protocol` (uvicorn's h11 protocol with two additions): a connection must
  deliver a request's complete headers within :data:`HEADER_TIMEOUT_S` of opening (or of its
  previous response), however slowly it trickles bytes; and past :data:`MAX_CONNECTIONS` open
  sockets a new one gets a 503 problem with ``Retry-After`` and is closed. uvicorn's own
  ``limit_concurrency`` counted idle keep-alive sockets against active work and answered
  ``text/plain``; it is off.
- :class:`BodyDeadline`: the body must arrive within :data:`BODY_IDLE_S` per read and
  :func:`body_budget` in all (a floor plus time for the declared length at a slow link's rate);
  otherwise 408 and the connection is closed.
- :class:`ActiveRequestLimit`: at most :data:`MAX_ACTIVE` requests are worked on at once (only
  requests whose headers have arrived count, idle sockets never do); the next gets 503 with
  ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from .problems import PROBLEM_MEDIA_TYPE, answer_unless_started, problem, send_problem

if TYPE_CHECKING:
    from aluehaku.config import Settings

log = logging.getLogger(__name__)

#: Seconds from a connection's opening (or its last response) to a request's complete headers.
HEADER_TIMEOUT_S = 10.0
#: Open sockets (idle or busy) past which new connections are refused at once.
MAX_CONNECTIONS = 1024
#: Seconds a body read may wait for the next piece.
BODY_IDLE_S = 15.0
#: The whole body's time: this floor plus the declared length at :data:`BODY_MIN_RATE` bytes/s.
BODY_FLOOR_S = 30.0
BODY_MIN_RATE = 64 * 1024
#: Requests worked on at once per server process.
MAX_ACTIVE = 64
#: The ``Retry-After`` of a refusal for load (seconds).
RETRY_AFTER_S = 2


def problem_bytes(status: int, detail: str | None = None, retry_after: int | None = None) -> bytes:
    """A complete HTTP/1.1 problem response that closes the connection, as raw bytes."""
    body = json.dumps(problem(status, detail), ensure_ascii=False).encode()
    lines = [
        f"HTTP/1.1 {status} {'Service Unavailable' if status == 503 else 'Request Timeout'}",
        f"content-type: {PROBLEM_MEDIA_TYPE}",
        f"content-length: {len(body)}",
        "connection: close",
    ]
    if retry_after is not None:
        lines.append(f"retry-after: {retry_after}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a cap on open connections."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Accept the socket (or refuse it past the cap) and start its header deadline."""
        super().connection_made(transport)
        if len(self.connections) > MAX_CONNECTIONS:
            log.warning("Liikaa avoimia yhteyksiä (%d); yhteys suljettiin.", len(self.connections))
            transport.write(problem_bytes(503, retry_after=RETRY_AFTER_S))
            transport.close()
            return
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        """Feed h11; once a request's headers are in, its deadline is met."""
        super().data_received(data)
        if self._request_in_progress():
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        """After a response the next request's headers are due within the deadline again."""
        super().on_response_complete()
        if not self._request_in_progress() and not self.transport.is_closing():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline with the socket."""
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _request_in_progress(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self._header_deadline)

    def _disarm_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_deadline(self) -> None:
        self._header_timer = None
        if self._request_in_progress() or self.transport.is_closing():
            return
        # Nothing or only part of a request came in time: a slow or idle client; close it.
        self.transport.close()


def body_budget(declared: int | None) -> float:
    """Seconds the whole body may take: a floor plus the declared length at a slow rate."""
    return BODY_FLOOR_S + (declared or 0) / BODY_MIN_RATE


class _BodyTimeout(HTTPException):
    """The body did not arrive in time: a 408 problem that closes the connection (an
    HTTPException, so that FastAPI's body parsing passes it on instead of answering 400)."""

    def __init__(self) -> None:
        super().__init__(status_code=408, headers={"Connection": "close"})


class BodyDeadline:
    """Answer 408 when a request body trickles in slower than its budget (see module doc)."""

    def __init__(self, app: ASGIApp, idle_s: float | None = None) -> None:
        self.app = app
        self.idle_s = idle_s  # None: the module's BODY_IDLE_S

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        idle = self.idle_s if self.idle_s is not None else BODY_IDLE_S
        declared: int | None = None
        for name, value in scope.get("headers") or []:
            if name == b"content-length" and value.isdigit():
                declared = int(value)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + body_budget(declared)
        done = False

        async def timed_receive() -> Message:
            nonlocal done
            if done:
                return await receive()  # after the body: http.disconnect, wait as long as it takes
            wait = min(idle, deadline - loop.time())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.0, wait))
            except TimeoutError:
                log.warning("Pyynnön runko ei saapunut ajoissa: %s", scope.get("path", ""))
                raise _BodyTimeout from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        await answer_unless_started(self.app, scope, timed_receive, send, _BodyTimeout)


class ActiveRequestLimit:
    """Refuse with 503 (problem, ``Retry-After``) past ``limit`` requests worked on at once."""

    def __init__(self, app: ASGIApp, limit: int = MAX_ACTIVE) -> None:
        self.app = app
        self.limit = limit
        self.active = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self._lock:
            admitted = self.active < self.limit
            if admitted:
                self.active += 1
        if not admitted:
            detail = "Palvelu on ruuhkautunut; yritä hetken päästä uudelleen."
            headers = {"Retry-After": str(RETRY_AFTER_S)}
            await send_problem(send, 503, scope.get("path", ""), headers, detail)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self.active -= 1


def uvicorn_guard_options(settings: Settings | None = None) -> dict[str, Any]:
    """The uvicorn options that put these bounds in place; ``settings`` set the socket-level
    bounds (``header_timeout_s``, ``max_connections``) for this server process."""
    global HEADER_TIMEOUT_S, MAX_CONNECTIONS
    if settings is not None:
        # The protocol class is built by uvicorn per connection, without arguments: the
        # bounds are the process's, set once when the server is configured.
        HEADER_TIMEOUT_S = settings.header_timeout_s
        MAX_CONNECTIONS = settings.max_connections
    return {"http": GuardedH11Protocol, "limit_concurrency": None, "timeout_keep_alive": 5}
