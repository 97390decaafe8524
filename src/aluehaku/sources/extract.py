"""Main content of a fetched web page (trafilatura): text with headings, its title and date.

A page becomes Markdown that the ordinary text loader reads (``## Otsikko`` lines become
sections), so menus, footers and cookie banners never reach the index, and a change in a page's
navigation alone does not count as a change of the page (the content hash is taken of this text).
A page trafilatura finds no main content in is kept as HTML for the file loader to try.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Extracted:
    """What to store for a page: the file's bytes and suffix, and the page's title and date."""

    data: bytes
    suffix: str
    title: str | None = None
    date: str | None = None  # ISO 8601


#: What may stand between links in a navigation line ("Edellinen asia | Seuraava asia").
_SEPARATORS = re.compile(r"[\s|/·•>»«<–-]+")


def drop_link_lines(html: bytes) -> str | bytes:
    """``html`` without blocks that are nothing but links (previous/next, breadcrumbs).

    trafilatura keeps a paragraph of links inside the content area, as decision archives put
    "Edellinen asia | Seuraava asia" above every § item; such a line is navigation, not text.
    """
    import lxml.html

    from .discovery import html_tree

    root = html_tree(html)
    if root is None:  # trafilatura gets the page as it is
        return html
    for block in list(root.iter("p", "div", "li", "td", "nav", "ul", "ol")):
        anchors = block.findall(".//a")
        if not anchors or block.getparent() is None:
            continue
        text = _SEPARATORS.sub("", block.text_content())
        linked = _SEPARATORS.sub("", "".join(a.text_content() for a in anchors))
        if text == linked:
            block.drop_tree()
    out: str = lxml.html.tostring(root, encoding="unicode")
    return out


#: Larger pages go to the HTML loader as they are: it runs in a worker under time and memory
#: bounds, while extraction runs in the syncing process.
MAX_EXTRACT_BYTES = 5 * 2**20


def main_content(html: bytes, url: str) -> Extracted:
    """The main content of ``html`` as Markdown, or the page itself when none is found."""
    if len(html) > MAX_EXTRACT_BYTES:
        return Extracted(html, ".html")
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        page = drop_link_lines(html)
        text = trafilatura.extract(
            page, url=url, output_format="markdown", include_tables=True, favor_recall=True
        )
        found = extract_metadata(page if isinstance(page, str) else page.decode("utf-8", "replace"),
                                 default_url=url)  # fmt: skip
    except Exception as exc:  # a library failure on odd markup must not stop the sync
        log.warning("Pääsisältöä ei saatu sivulta %s: %s", url, exc)
        return Extracted(html, ".html")
    if not text or not text.strip():
        return Extracted(html, ".html")
    title = getattr(found, "title", None)
    date = getattr(found, "date", None)
    body = text.strip()
    if title and not body.startswith("#"):
        body = f"# {title}\n\n{body}"
    return Extracted((body + "\n").encode("utf-8"), ".md", title or None, date or None)
