"""robots.txt: asked once per origin and run, before every fetch of that origin.

Follows RFC 9309: a robots.txt that does not exist (4xx) allows everything; one that cannot be
read (5xx, network failure) forbids everything until the next run. A ``Crawl-delay`` is kept
between requests to that origin (at most :data:`MAX_DELAY_S`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from aluehaku.errors import FetchError

#: The product token that robots.txt groups name (``User-agent: aluehaku``).
AGENT = "aluehaku"

#: The longest ``Crawl-delay`` honoured (seconds); a longer one would stall a sync for hours.
MAX_DELAY_S = 30.0

#: ``load(url) -> text`` fetches a robots.txt (raising :class:`FetchError` when it cannot).
Loader = Callable[[str], str]


class RobotsRules:
    """A robots.txt gate for a :class:`~aluehaku.sources.fetcher.Fetcher` (``robots_gate``)."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._parsers: dict[str, RobotFileParser] = {}
        self._next: dict[str, float] = {}  # origin -> earliest time of its next request
        self._lock = threading.Lock()

    def __call__(self, url: str) -> None:
        """Raise :class:`FetchError` (``robots``) when robots.txt forbids ``url``."""
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return  # the file itself is always read
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._parsers[origin] = self._read(origin)
        if not parser.can_fetch(AGENT, url):
            raise FetchError(f"{url}: sivuston robots.txt kieltää haun.", reason="robots")
        self._wait(origin, parser)

    def _wait(self, origin: str, parser: RobotFileParser) -> None:
        """Keep the site's ``Crawl-delay`` between our requests to it."""
        delay = min(float(parser.crawl_delay(AGENT) or 0), MAX_DELAY_S)
        if delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(origin, now))
            self._next[origin] = start + delay
        time.sleep(start - now)

    def _read(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            text = self._load(origin + "/robots.txt")
        except FetchError as exc:
            if exc.reason in ("blocked-address", "scheme"):
                raise  # the site itself is out of bounds: say so, not "robots.txt forbids"
            status = int(exc.extra.get("status") or 0)
            # No robots.txt (4xx): everything allowed; an unreadable one: nothing is.
            parser.parse([] if 400 <= status < 500 else ["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(text.splitlines())
        return parser
