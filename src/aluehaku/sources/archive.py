"""Decision archives: a list of meetings → each meeting's page → its § items (HTML) and its
minutes or agenda (PDF). The body, the meeting date and the § travel with every item.

The common Finnish systems lay these out alike; what differs is how links look:

* Dynasty (``…/cgi/DREQUEST.PHP``): ``page=meeting_frames`` lists bodies, ``page=meetings&id=B``
  a body's meetings, ``page=meeting&id=M`` one meeting's items ``page=meetingitem&id=M-k``, and the
  minutes are a PDF link of the meeting page;
* CloudNC (``*.cloudnc.fi``): ``/fi-FI/Toimielimet/<Body>`` → ``…/Kokous_<ddmmyyyy>`` →
  ``…/Kokous_<ddmmyyyy>/<Otsikko>(<id>)``, files under ``/download/``;
* anything else (``auto``, also KT Web / Tweb): a meeting is a link whose text carries a date,
  an item a link whose text carries ``§``, a file a link to a ``.pdf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aluehaku.ingest.metadata import find_body, find_date

from .discovery import Crawl, Item, links, page_title


@dataclass(frozen=True, slots=True)
class Layout:
    """Regular expressions over link URLs; ``None`` means: judge by the link's text."""

    bodies: str | None
    meeting: str | None
    item: str | None
    files: str


LAYOUTS: dict[str, Layout] = {
    "dynasty": Layout(
        bodies=r"[?&]page=meetings&id=",
        meeting=r"[?&]page=meeting&id=",
        item=r"[?&]page=meetingitem&id=",
        files=r"\.pdf$",
    ),
    "cloudnc": Layout(
        bodies=r"/Toimielimet/[^/]+/?$",
        meeting=r"/Kokous_\d+/?$",
        item=r"/Kokous_\d+/[^/]+\(\d+\)/?$",
        files=r"(?:/download/|\.pdf$)",
    ),
    "auto": Layout(bodies=None, meeting=None, item=None, files=r"\.pdf$"),
}

_SECTION = re.compile(r"§\s*(\d+)|(\d+)\s*§")


def system_of(url: str, configured: str) -> str:
    """The archive system: the configured one, else recognised from the URL."""
    if configured != "auto" and configured in LAYOUTS:
        return configured
    if "drequest.php" in url.lower():
        return "dynasty"
    if ".cloudnc.fi" in (urlsplit(url).hostname or ""):
        return "cloudnc"
    return "auto"


def section_of(text: str) -> str | None:
    """``§ 160`` from a link text such as ``§ 160 Kylätalon peruskorjaus``."""
    found = _SECTION.search(text)
    return f"§ {found.group(1) or found.group(2)}" if found else None


def _matches(pattern: str | None, url: str, text: str, *, by_text: re.Pattern[str]) -> bool:
    if pattern is not None:
        return re.search(pattern, url, re.IGNORECASE) is not None
    return by_text.search(text) is not None


_DATE_TEXT = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}")


def discover(crawl: Crawl) -> list[Item]:
    """The § items and files of every meeting the archive lists."""
    layout = LAYOUTS[system_of(crawl.config.url, crawl.config.system)]
    start = crawl.config.url
    body = crawl.read(start, ("html",))
    if body is None:
        return []
    lists = [(start, body)]
    if layout.bodies:
        for url, _text in links(body, start):
            if re.search(layout.bodies, url, re.IGNORECASE) and url != start and crawl.wants(url):
                page = crawl.read(url, ("html",), optional=True)
                if page is not None:
                    lists.append((url, page))
    items: list[Item] = []
    seen: set[str] = set()
    for list_url, list_html in lists:
        list_body = find_body(page_title(list_html))
        for url, text in links(list_html, list_url):
            if url in seen or not _matches(layout.meeting, url, text, by_text=_DATE_TEXT):
                continue
            if not crawl.wants(url):
                continue
            seen.add(url)
            if re.search(layout.files, url, re.IGNORECASE):
                # Minutes linked from the list itself (no meeting page in between).
                if crawl.full(items):
                    return items
                items.append(_file(url, _shared(find_body(text) or list_body, find_date(text))))
                continue
            if not _meeting(crawl, layout, url, text, list_body, items, seen):
                return items
    return items


def _meeting(
    crawl: Crawl,
    layout: Layout,
    url: str,
    text: str,
    list_body: str | None,
    items: list[Item],
    seen: set[str],
) -> bool:
    """Add one meeting's items; False once the item bound is reached."""
    # A meeting page that is gone (404/410) takes its items with it; any other failure keeps
    # the crawl incomplete, so that nothing is removed on a bad day.
    page = crawl.read(url, ("html",), optional=True)
    if page is None:
        return True
    heading = page_title(page)
    date = find_date(text) or find_date(heading)
    shared = _shared(find_body(text) or list_body or find_body(heading), date)
    for link, label in links(page, url):
        if link in seen or not crawl.wants(link):
            continue
        if re.search(layout.files, link, re.IGNORECASE):
            item = _file(link, shared)
        elif _matches(layout.item, link, label, by_text=_SECTION):
            section = section_of(label)
            title = _SECTION.sub("", label).strip(" -–:") or None
            meta = dict(shared, **({"section": section} if section else {}))
            item = Item(link, accept=("html",), title=title, date=date, metadata=meta)
        else:
            continue
        if crawl.full(items):
            return False
        seen.add(link)
        items.append(item)
    return True


def _shared(body: str | None, date: str | None) -> dict[str, str]:
    """The metadata every item of a meeting carries."""
    return {k: v for k, v in (("body", body), ("meeting_date", date)) if v}


def _file(url: str, shared: dict[str, str]) -> Item:
    """A meeting's minutes or agenda (PDF)."""
    return Item(
        url, accept=("pdf",), main_content=False, date=shared.get("meeting_date"),
        metadata=dict(shared),
    )  # fmt: skip
