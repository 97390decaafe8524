"""HTML: the main content of a web page as text with Markdown-style headings.

Navigation, page header/footer, asides, scripts, styles, forms, cookie banners and skip links
("Hyppää pääsisältöön") are dropped; ``<main>``/``<article>``/role=main is preferred over
``<body>``. Headings become ``## Otsikko`` lines that the structure step turns into sections.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page

from .. import metadata as meta
from ._common import normalize_text, read_bytes
from .text import decode_bytes

__all__ = ["html_to_text", "load"]

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "nav", "header",
    "footer", "aside", "form", "button", "select", "input", "textarea", "dialog", "object",
)  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog"}
_DROP_ATTR = re.compile(
    r"(^|[-_\s])(cookie|cookies|consent|gdpr|skip|skiplink|skip-link|breadcrumbs?|navbar|navigation"
    r"|menu|sidebar|share|social|site-header|site-footer|visually-hidden|sr-only)($|[-_\s])",
    re.IGNORECASE,
)
_SKIP_TEXT = re.compile(
    r"^\s*(hyppää|siirry|skip|ohita)\b.*(sisältöön|pääsisältöön|content|navigaatio)", re.IGNORECASE
)
_BLOCKS = (
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "dl", "dt", "dd",
    "blockquote", "pre", "figure", "figcaption", "address", "br", "hr",
)  # fmt: skip
_DATE_META = (
    "article:published_time", "article:modified_time", "og:updated_time", "date", "dcterms.date",
    "dc.date", "dcterms.created", "dcterms.modified", "pubdate", "publish-date", "last-modified",
)  # fmt: skip


def _parse(markup: str | bytes) -> Any:
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(markup, "lxml")
    except Exception:
        return BeautifulSoup(markup, "html.parser")


def _droppable(el: Any) -> bool:
    attrs = getattr(el, "attrs", None)
    if not attrs:
        return False
    if str(attrs.get("role", "")).lower() in _DROP_ROLES:
        return True
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    ident = " ".join([str(attrs.get("id", "")), *map(str, attrs.get("class", []) or [])])
    return bool(ident.strip()) and bool(_DROP_ATTR.search(ident))


def _main_node(soup: Any) -> Any:
    for finder in (
        lambda: soup.find("main"),
        lambda: soup.find(attrs={"role": "main"}),
        lambda: soup.find("article"),
        lambda: soup.find(id=re.compile(r"^(main-?content|content|main|sisalto)$", re.I)),
    ):
        node = finder()
        if node is not None and node.get_text(strip=True):
            return node
    return soup.body or soup


def html_to_text(markup: str | bytes) -> tuple[str, Any]:
    """Main-content text of an HTML document (headings as ``#`` lines) and the parsed soup."""
    from bs4 import NavigableString, Tag

    soup = _parse(markup)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for el in soup.find_all(True):
        if isinstance(el, Tag) and el.attrs is not None and _droppable(el):
            el.decompose()
    for a in soup.find_all("a"):
        if _SKIP_TEXT.match(a.get_text(" ", strip=True)):
            a.decompose()
    node = _main_node(soup)
    for level in range(1, 7):
        for h in node.find_all(f"h{level}"):
            text = " ".join(h.get_text(" ", strip=True).split())
            h.replace_with(NavigableString(f"\n\n{'#' * level} {text}\n\n" if text else "\n"))
    for row in node.find_all("tr"):
        cells = [" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(["td", "th"])]
        row.replace_with(NavigableString("\n" + " | ".join(c for c in cells if c) + "\n"))
    for li in node.find_all("li"):
        li.insert(0, NavigableString("\n- "))
    for el in node.find_all(_BLOCKS):
        el.insert_before(NavigableString("\n"))
        el.insert_after(NavigableString("\n"))
    for p in node.find_all("p"):
        p.insert_after(NavigableString("\n"))
    text = node.get_text("")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return normalize_text(out), soup


def page_date(soup: Any) -> str | None:
    """Publication date from meta tags or ``<time datetime>``; None leaves it to the text."""
    for name in _DATE_META:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag is not None and tag.get("content"):
            found = meta.find_date(str(tag["content"]))
            if found:
                return found
    for t in soup.find_all("time"):
        found = meta.find_date(str(t.get("datetime") or t.get_text(" ", strip=True)))
        if found:
            return found
    return None  # the metadata step reads a date from the text


#: Meta tags that state a page's publicity; ``aluehaku-visibility`` names a visibility outright.
_PUBLICITY_META = ("julkisuus", "confidentiality", "dcterms.accessrights", "accessrights")
_CONFIDENTIAL = re.compile(
    r"salassa\s*pidett|\bsalainen\b|ei\s+julkinen|confidential|restricted|non-public", re.I
)


def publicity_marker(soup: Any) -> dict[str, Any]:
    """What the page says about its own publicity, as metadata for the visibility step.

    ``{"visibility": value}`` from ``<meta name="aluehaku-visibility">``; ``{"confidential":
    reason}`` from a publicity meta tag or Ahjo's publicity paragraph (class ``Julkisuus``)
    that says the content is confidential ("Salassa pidettävä", "Ei julkinen").
    """
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").lower()
        content = " ".join(str(tag.get("content") or "").split())
        if name == "aluehaku-visibility" and content:
            return {"visibility": content}
        if name in _PUBLICITY_META and _CONFIDENTIAL.search(content):
            return {"confidential": content[:200]}
    for node in soup.find_all(class_=re.compile(r"^julkisuus$", re.I)):
        text = " ".join(node.get_text(" ", strip=True).split())
        if _CONFIDENTIAL.search(text):
            return {"confidential": text[:200]}
    return {}


def page_marker(markup: str | bytes) -> dict[str, str]:
    """:func:`publicity_marker` of a whole page, as text (for a caller that keeps only an
    extract of the page)."""
    return {k: str(v) for k, v in publicity_marker(_parse(markup)).items()}


def page_title(soup: Any, text: str) -> str | None:
    """``og:title``, ``<title>`` or the first ``#`` heading of the text."""
    og = soup.find("meta", attrs={"property": "og:title"})
    if og is not None and og.get("content"):
        return " ".join(str(og["content"]).split())
    if soup.title and soup.title.get_text(strip=True):
        return " ".join(soup.title.get_text(" ", strip=True).split())
    m = re.search(r"^#{1,6} (.+)$", text, re.MULTILINE)
    return m.group(1) if m else None


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Load an HTML file; see the module docstring."""
    raw = read_bytes(path, settings)
    head = raw[:2048].lower()
    markup: str | bytes = raw if b"charset" in head else decode_bytes(raw)
    text, soup = html_to_text(markup)
    if not text.strip():
        raise IngestError("HTML-sivulla ei ole tekstisisältöä.", reason="empty")
    # Type, organisation, body and (without meta tags) the date come from the metadata step.
    return LoadedDocument(
        source=str(path),
        title=page_title(soup, text) or path.stem,
        date=page_date(soup),
        pages=[Page(1, text)],
        metadata=publicity_marker(soup),
    )
