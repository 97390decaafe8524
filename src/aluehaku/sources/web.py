"""Web sites: a sitemap (``urlset`` or ``sitemapindex``, with ``lastmod``) or a crawl from a start
page within its host, to a bounded depth, through the include/exclude patterns."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

from .discovery import Crawl, Item, links

_SITEMAP = re.compile(r"sitemap[^/]*\.xml$", re.IGNORECASE)
_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: Sitemaps read per source (an index may name many).
MAX_SITEMAPS = 50


def is_sitemap(url: str) -> bool:
    """Whether a start URL names a sitemap."""
    return bool(_SITEMAP.search(urlsplit(url).path))


def discover(crawl: Crawl) -> list[Item]:
    """The pages (and PDF files) of the site."""
    if is_sitemap(crawl.config.url):
        return _from_sitemap(crawl)
    return _from_crawl(crawl)


def parse_xml(body: bytes):  # type: ignore[no-untyped-def]
    """An XML tree with entities and network access off (a sitemap or feed is untrusted)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(body, parser=parser)


def _from_sitemap(crawl: Crawl) -> list[Item]:
    host = urlsplit(crawl.config.url).netloc
    items: list[Item] = []
    queue = deque([crawl.config.url])
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        body = crawl.read(url, ("xml",))
        if body is None:
            continue
        try:
            root = parse_xml(body)
        except Exception:
            crawl.failures.append((url, "Sivukartta ei ole kelvollista XML:ää."))
            continue
        # Locations of other hosts are ignored: a sitemap speaks only for its own host.
        for child in root.iter(f"{_NS}sitemap"):
            loc = (child.findtext(f"{_NS}loc") or "").strip()
            if loc and urlsplit(loc).netloc == host:
                queue.append(loc)
        for entry in root.iter(f"{_NS}url"):
            loc = (entry.findtext(f"{_NS}loc") or "").strip()
            if not loc or urlsplit(loc).netloc != host or not crawl.wants(loc):
                continue
            if crawl.full(items):
                return items
            lastmod = (entry.findtext(f"{_NS}lastmod") or "").strip() or None
            items.append(Item(loc, lastmod=lastmod))
    return items


def _from_crawl(crawl: Crawl) -> list[Item]:
    """Breadth first from the start page; every page read is an item with its content in hand."""
    start = crawl.config.url
    origin = urlsplit(start).netloc
    items: list[Item] = []
    queue = deque([(start, 0)])
    seen = {start}
    while queue:
        url, depth = queue.popleft()
        if url.lower().endswith(".pdf"):
            if crawl.wants(url) and not crawl.full(items):
                items.append(Item(url, accept=("pdf",), main_content=False))
            continue
        body = crawl.read(url, ("html",), optional=url != start)
        if body is None:
            continue
        if url == start or crawl.wants(url):
            if crawl.full(items):
                break
            items.append(Item(url, inline=body, suffix=".html"))
        if depth >= crawl.config.depth:
            continue
        for link, _text in links(body, url):
            # Include patterns choose the items; only exclude patterns stop the crawl itself, so
            # that an index page outside the included ones still leads to included pages.
            excluded = any(re.search(p, link) for p in crawl.config.exclude)
            if link not in seen and urlsplit(link).netloc == origin and not excluded:
                seen.add(link)
                queue.append((link, depth + 1))
    return items
