"""Fixture web sites on loopback for the source tests and ``benchmarks/sync.py``.

:class:`SiteServer` serves an in-memory set of resources (each with its own ETag and
Last-Modified, answering conditional requests with 304) from ``http.server`` in a thread, and
logs every request so tests can count them on the server side. The builders lay out sites in the
shape of real ones: a Dynasty decision archive (``/cgi/DREQUEST.PHP?page=…``, minutes PDFs under
``/kokous/``), a site with ``sitemap.xml``, an Ahjo-like JSON API and an RSS feed. All content
comes from ``tests/corpora/sources/`` (invented for the tests) or, in the benchmark, from PDFs
the caller names.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SOURCES_CORPUS = Path(__file__).parent / "corpora" / "sources"


@dataclass
class Resource:
    """One URL's answer."""

    body: bytes
    content_type: str
    modified: float = field(default_factory=time.time)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to sleep between 1 KiB blocks (a slow server).
    trickle: float = 0.0
    #: False: no Content-Length (the body ends when the connection closes).
    declare_length: bool = True

    @property
    def etag(self) -> str:
        """A strong validator from the content."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    """One request the server saw."""

    path: str
    conditional: bool
    status: int
    agent: str = ""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (the fetcher cutting a response) is no error here."""


class SiteServer:
    """Serves ``resources`` (by path with query) on 127.0.0.1; a context manager."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.hits: list[Hit] = []
        #: Requests being answered now, and the most at once (for concurrency bounds).
        self.active = 0
        self.peak = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._answer(self)

            def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def put(self, path: str, body: bytes | str, content_type: str, **kw: Any) -> None:
        """Serve ``body`` at ``path`` (a new version gets a new Last-Modified)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            old = self.resources.get(path)
            modified = time.time()
            if old is not None and old.body != data:
                # Last-Modified has one-second resolution: a change must move it forward.
                modified = max(modified, old.modified + 1)
            elif old is not None:
                modified = old.modified
            self.resources[path] = Resource(data, content_type, modified, **kw)

    def remove(self, path: str) -> None:
        """Stop serving ``path`` (404 from now on)."""
        with self._lock:
            self.resources.pop(path, None)

    def reset_hits(self) -> None:
        """Forget the logged requests."""
        with self._lock:
            self.hits.clear()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            self._respond(handler)
        finally:
            with self._lock:
                self.active -= 1

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            res = self.resources.get(handler.path)
        conditional = bool(
            handler.headers.get("If-None-Match") or handler.headers.get("If-Modified-Since")
        )
        if res is None:
            self._send(handler, 404, b"ei loydy", "text/plain", conditional)
            return
        last_modified = formatdate(res.modified, usegmt=True)
        headers = {"ETag": res.etag, "Last-Modified": last_modified, **res.headers}
        if res.status == 200 and handler.headers.get("If-None-Match") == res.etag:
            self._send(handler, 304, b"", None, conditional, headers)
            return
        self._send(handler, res.status, res.body, res.content_type, conditional, headers, res)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str | None,
        conditional: bool,
        headers: dict[str, str] | None = None,
        res: Resource | None = None,
    ) -> None:
        with self._lock:
            agent = handler.headers.get("User-Agent", "")
            self.hits.append(Hit(handler.path, conditional, status, agent))
        try:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            if res is None or res.declare_length:
                handler.send_header("Content-Length", str(len(body)))
            else:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            handler.end_headers()
            if res is not None and res.trickle:
                for start in range(0, len(body), 1024):
                    handler.wfile.write(body[start : start + 1024])
                    handler.wfile.flush()
                    time.sleep(res.trickle)
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cut the response (a size or time bound): expected in tests


# --- a Dynasty-shaped decision archive ---------------------------------------------------------

DYNASTY = "/cgi/DREQUEST.PHP"
HTML = "text/html; charset=utf-8"


def _page(title: str, body: str) -> str:
    nav = (
        '<div class="header"><a href="DREQUEST.PHP?page=meeting_frames">Toimielimet</a> | '
        '<a href="DREQUEST.PHP?page=search">Haku</a> | <a href="DREQUEST.PHP?page=rss">RSS</a>'
        "</div>"
    )
    return (
        f'<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f'</title></head><body>{nav}<div id="content">{body}</div>'
        '<div class="footer">Dynasty tietopalvelu</div></body></html>'
    )


def item_page(body_name: str, date: str, section: int, title: str, paragraphs: list[str]) -> str:
    """A Dynasty ``page=meetingitem`` page: heading line, navigation, the item's text."""
    text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return _page(
        f"{body_name} Pöytäkirja {date}/Pykälä {section}",
        f"<p>{html.escape(body_name)}<br>Pöytäkirja {date}/Pykälä {section}</p>"
        '<p><a href="#">Edellinen asia</a> | <a href="#">Seuraava asia</a></p>'
        f"<h2>{html.escape(title)}</h2>{text}",
    )


@dataclass
class Meeting:
    """One meeting of the fixture archive."""

    id: str
    date: str  # dd.mm.yyyy
    items: list[dict[str, Any]]
    pdf: bytes | None = None


@dataclass
class Body:
    """A decision-making body with its meetings."""

    id: int
    name: str
    meetings: list[Meeting]


class Archive:
    """Renders a Dynasty-shaped archive onto a :class:`SiteServer` and edits it in place."""

    def __init__(self, site: SiteServer, bodies: list[Body]) -> None:
        self.site = site
        self.bodies = bodies

    @property
    def start(self) -> str:
        """The list of bodies: the URL a source is added with."""
        return f"{self.site.base}{DYNASTY}?page=meeting_frames"

    def render(self) -> None:
        """Serve every page and file (pages that no longer exist are removed)."""
        wanted: set[str] = set()
        frames = "".join(
            f'<li><a href="DREQUEST.PHP?page=meetings&amp;id={b.id}">{html.escape(b.name)}</a></li>'
            for b in self.bodies
        )
        self._put(
            wanted, f"{DYNASTY}?page=meeting_frames", _page("Toimielimet", f"<ul>{frames}</ul>")
        )
        for body in self.bodies:
            rows = "".join(
                f'<tr><td><a href="DREQUEST.PHP?page=meeting&amp;id={m.id}">'
                f"{html.escape(body.name)} {m.date}</a></td><td>Pöytäkirja</td></tr>"
                for m in body.meetings
            )
            self._put(
                wanted,
                f"{DYNASTY}?page=meetings&id={body.id}",
                _page(
                    f"{body.name} - kokoukset",
                    f"<h1>{html.escape(body.name)}</h1><table>{rows}</table>",
                ),
            )
            for m in body.meetings:
                self._meeting(wanted, body, m)
        for path in list(self.site.resources):
            if (path.startswith(DYNASTY) or path.startswith("/kokous/")) and path not in wanted:
                self.site.remove(path)

    def _meeting(self, wanted: set[str], body: Body, m: Meeting) -> None:
        links = "".join(
            f'<li><a href="DREQUEST.PHP?page=meetingitem&amp;id={m.id}-{k}">§ {it["section"]} '
            f"{html.escape(it['title'])}</a></li>"
            for k, it in enumerate(m.items, start=1)
        )
        pdf = f'<p><a href="/kokous/{m.id}.PDF">Pöytäkirja PDF-muodossa</a></p>' if m.pdf else ""
        self._put(
            wanted,
            f"{DYNASTY}?page=meeting&id={m.id}",
            _page(
                f"{body.name} Pöytäkirja {m.date}",
                f"<h1>{html.escape(body.name)} {m.date}</h1>{pdf}<ul>{links}</ul>",
            ),
        )
        for k, it in enumerate(m.items, start=1):
            page = item_page(body.name, m.date, it["section"], it["title"], it["text"])
            self._put(wanted, f"{DYNASTY}?page=meetingitem&id={m.id}-{k}", page)
        if m.pdf:
            wanted.add(f"/kokous/{m.id}.PDF")
            self.site.put(f"/kokous/{m.id}.PDF", m.pdf, "application/pdf")

    def _put(self, wanted: set[str], path: str, text: str) -> None:
        wanted.add(path)
        self.site.put(path, text, HTML)

    def item_count(self) -> int:
        """Items a sync should find: § items plus minutes files."""
        return sum(len(m.items) + bool(m.pdf) for b in self.bodies for m in b.meetings)


def load_archive(site: SiteServer, make_pdf: Callable[[list[str]], bytes]) -> Archive:
    """The fixture archive of ``tests/corpora/sources/archive.json``; minutes from ``make_pdf``."""
    spec = json.loads((SOURCES_CORPUS / "archive.json").read_text(encoding="utf-8"))
    bodies = []
    for b in spec["bodies"]:
        meetings = []
        for m in b["meetings"]:
            lines = [f"{b['name']} PÖYTÄKIRJA {m['date']}", f"Kokousaika {m['date']} klo 16.00"]
            for it in m["items"]:
                lines += ["", f"§ {it['section']} {it['title']}", *it["text"]]
            meetings.append(Meeting(m["id"], m["date"], m["items"], make_pdf(lines)))
        bodies.append(Body(b["id"], b["name"], meetings))
    archive = Archive(site, bodies)
    archive.render()
    return archive


# --- a site with a sitemap, an Ahjo-like API, an RSS feed --------------------------------------


def sitemap(site: SiteServer, pages: dict[str, tuple[str, str]]) -> None:
    """Serve ``pages`` (path -> (html, lastmod)) and a ``/sitemap.xml`` listing them."""
    urls = "".join(
        f"<url><loc>{site.base}{path}</loc><lastmod>{lastmod}</lastmod></url>"
        for path, (_html, lastmod) in pages.items()
    )
    for path, (text, _lastmod) in pages.items():
        site.put(path, text, HTML)
    site.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        "application/xml",
    )


def web_pages() -> dict[str, tuple[str, str]]:
    """The fixture site's pages: path -> (html, lastmod)."""
    folder = SOURCES_CORPUS / "web"
    return {
        f"/hankkeet/{p.stem}": (p.read_text(encoding="utf-8"), "2024-05-02")
        for p in sorted(folder.glob("*.html"))
    }


def ahjo_decisions() -> dict[str, Any]:
    """The fixture Ahjo API answer (``{"decisions": [...]}``)."""
    data: dict[str, Any] = json.loads(
        (SOURCES_CORPUS / "ahjo" / "decisions.json").read_text(encoding="utf-8")
    )
    return data


def rss(site: SiteServer, entries: list[tuple[str, str, str]]) -> None:
    """Serve an RSS 2.0 feed at ``/syote.xml``: entries are (path, title, pubDate)."""
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{site.base}{p}</link>"
        f"<pubDate>{d}</pubDate></item>"
        for p, t, d in entries
    )
    site.put(
        "/syote.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tiedotteet</title>{items}'
        "</channel></rss>",
        "application/rss+xml",
    )
