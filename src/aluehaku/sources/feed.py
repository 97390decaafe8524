"""RSS 2.0 and Atom feeds: each entry's link is an item (a page, or a PDF), its date the entry's
``updated``/``pubDate`` (an entry whose date has not changed is not requested again)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from .discovery import Crawl, Item
from .web import parse_xml

_ATOM = "{http://www.w3.org/2005/Atom}"


def discover(crawl: Crawl) -> list[Item]:
    """The entries of the feed."""
    url = crawl.config.url
    body = crawl.read(url, ("xml",))
    if body is None:
        return []
    try:
        root = parse_xml(body)
    except Exception:
        crawl.failures.append((url, "Syöte ei ole kelvollista XML:ää."))
        return []
    items: list[Item] = []
    for link, title, updated in _entries(root):
        target = urljoin(url, link)
        if not crawl.wants(target) or any(i.url == target for i in items):
            continue
        if crawl.full(items):
            break
        date = _iso(updated)
        items.append(Item(target, title=title, date=date, lastmod=updated))
    return items


def _entries(root: Any) -> list[tuple[str, str | None, str | None]]:
    """``(link, title, date)`` of RSS ``item`` and Atom ``entry`` elements."""
    out: list[tuple[str, str | None, str | None]] = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        enclosure = item.find("enclosure")
        if not link and enclosure is not None:
            link = enclosure.get("url") or ""
        if link:
            out.append((link, _text(item.findtext("title")), _text(item.findtext("pubDate"))))
    for entry in root.iter(f"{_ATOM}entry"):
        hrefs = [
            el.get("href")
            for el in entry.iter(f"{_ATOM}link")
            if el.get("href") and el.get("rel", "alternate") == "alternate"
        ]
        if hrefs:
            updated = entry.findtext(f"{_ATOM}updated") or entry.findtext(f"{_ATOM}published")
            out.append((hrefs[0], _text(entry.findtext(f"{_ATOM}title")), _text(updated)))
    return out


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _iso(value: str | None) -> str | None:
    """``YYYY-MM-DD`` of an RFC 822 (RSS) or ISO 8601 (Atom) date."""
    if not value:
        return None
    if value[:4].isdigit() and value[4:5] == "-":
        return value[:10]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None
