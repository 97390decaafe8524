"""What discovery produces (items) and what it works with (a crawl context, links of a page).

Each kind of source has a ``discover(crawl) -> list[Item]`` function. It reads listing pages
through :meth:`Crawl.read` (conditional, cached, failures recorded) and returns the items to keep
in the index. A discovery that could not read every listing is *incomplete*: the sync then
removes nothing, so a site that is down for an hour never empties the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from aluehaku.errors import FetchError

if TYPE_CHECKING:
    from .fetcher import Fetcher
    from .registry import SourceConfig
    from .state import SourceState


@dataclass(slots=True)
class Item:
    """One thing to keep in the index: a page, a file, or content already in hand."""

    url: str
    #: Content kinds (keys of ``fetcher.MEDIA_TYPES``) the item may be served as.
    accept: tuple[str, ...] = ("html", "pdf")
    #: For an HTML page: keep only its main content (menus and footers dropped).
    main_content: bool = True
    title: str | None = None
    date: str | None = None  # ISO 8601
    doc_type: str | None = None  # when the source says what it is (an Ahjo decision: päätös)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: A date the listing gives for the item (sitemap ``lastmod``, feed ``updated``): when it
    #: equals the stored one, the item is not requested at all.
    lastmod: str | None = None
    #: Content already in hand (an API record, a crawled page): no request of its own.
    inline: bytes | None = None
    suffix: str | None = None  # of ``inline``


#: Links to these are never pages or documents aluehaku reads.
_NOT_DOCUMENTS = re.compile(
    r"\.(?:jpe?g|png|gif|svg|webp|ico|css|js|zip|gz|mp3|mp4|avi|mov|woff2?|ttf|exe|dmg)$",
    re.IGNORECASE,
)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def html_tree(html: bytes) -> Any:
    """The lxml tree of a page, decoded as the ingest loaders decode text (UTF-8 when valid, else
    the likeliest Finnish 8-bit encoding): a server's missing charset must not turn "§" into
    "Â§". ``None`` for what is no HTML at all."""
    import lxml.html

    from aluehaku.errors import IngestError
    from aluehaku.ingest.loaders.text import decode_bytes

    try:
        text = _XML_DECLARATION.sub("", decode_bytes(html), count=1)
        return lxml.html.fromstring(text) if text.strip() else None
    except (IngestError, ValueError, TypeError):  # binary, empty or unparsable
        return None
    except Exception:  # lxml's own parser errors
        return None


def links(html: bytes, base: str) -> list[tuple[str, str]]:
    """``(absolute URL, anchor text)`` of every http(s) link of a page, fragments dropped."""
    root = html_tree(html)
    if root is None:
        return []
    base_href = root.find(".//base[@href]")
    if base_href is not None:
        base = urljoin(base, base_href.get("href"))
    out: list[tuple[str, str]] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("mailto:", "javascript:", "tel:", "#")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if urlsplit(url).scheme in ("http", "https") and not _NOT_DOCUMENTS.search(
            urlsplit(url).path
        ):
            out.append((url, " ".join(anchor.text_content().split())))
    return out


def page_title(html: bytes) -> str:
    """The text of a page's ``<title>`` and first ``<h1>`` (for finding a body's name)."""
    root = html_tree(html)
    if root is None:
        return ""
    found = (root.find(".//title"), root.find(".//h1"))
    parts = [el.text_content() for el in found if el is not None]
    return " ".join(" ".join(p.split()) for p in parts)


class Crawl:
    """One discovery run: reads listings, records what failed, bounds the number of items."""

    def __init__(
        self, config: SourceConfig, state: SourceState, fetcher: Fetcher, max_items: int
    ) -> None:
        self.config = config
        self.state = state
        self.fetcher = fetcher
        self.max_items = max_items
        #: (url, Finnish reason) of listings that could not be read.
        self.failures: list[tuple[str, str]] = []
        self.pages_read: set[str] = set()
        self.truncated = False

    @property
    def complete(self) -> bool:
        """Every listing was read and no bound cut the items short."""
        return not self.failures and not self.truncated

    def read(self, url: str, accept: tuple[str, ...], *, optional: bool = False) -> bytes | None:
        """A listing's body (from the cache when unchanged), or ``None`` when it cannot be read.

        A page that is gone (404, 410) or is not of the expected type is no failure when
        ``optional`` (a link met while crawling); anything else is recorded as one.
        """
        try:
            body = self.state.read_page(self.fetcher, url, accept)
        except FetchError as exc:
            gone = exc.extra.get("status") in (404, 410) or exc.reason in ("content-type", "robots")
            if not (optional and gone):
                self.failures.append((url, exc.detail))
            return None
        self.pages_read.add(url)
        return body

    def wants(self, url: str) -> bool:
        """Whether the source's include/exclude patterns let ``url`` in."""
        return self.config.wants(url)

    def full(self, items: list[Item]) -> bool:
        """True (and the crawl marked truncated) once ``items`` reaches the bound."""
        if len(items) >= self.max_items:
            self.truncated = True
        return self.truncated
