"""robots.txt: asked once per origin and run, before every fetch of that origin.

Follows RFC 9309: a robots.txt that does not exist (4xx) allows everything; one that cannot be
read (5xx, network failure) forbids everything until the next run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from aluehaku.errors import FetchError

#: The product token that robots.txt groups name (``User-agent: aluehaku``).
AGENT = "aluehaku"

#: ``load(url) -> text`` fetches a robots.txt (raising :class:`FetchError` when it cannot).
Loader = Callable[[str], str]


class RobotsRules:
    """A robots.txt gate for a :class:`~aluehaku.sources.fetcher.Fetcher` (``robots_gate``)."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._parsers: dict[str, RobotFileParser] = {}
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
