"""Line bookkeeping shared by the splitters: every line remembers its page."""

from __future__ import annotations

from dataclasses import dataclass

from aluehaku.models import LoadedDocument, Section


@dataclass(slots=True)
class Line:
    """A document line and its 1-based page (``None`` for unpaged text)."""

    text: str
    page: int | None


def document_lines(doc: LoadedDocument) -> list[Line]:
    """All lines of all pages in order."""
    out: list[Line] = []
    for page in doc.pages:
        out.extend(Line(t, page.number) for t in page.text.split("\n"))
    return out


def make_section(
    lines: list[Line],
    *,
    label: str | None = None,
    heading: str | None = None,
    fields: dict[str, str] | None = None,
) -> Section | None:
    """Join ``lines`` into a :class:`Section` with page range and page breaks; None when empty."""
    while lines and not lines[0].text.strip():
        lines = lines[1:]
    while lines and not lines[-1].text.strip():
        lines = lines[:-1]
    if not lines and not heading:
        return None
    parts: list[str] = []
    breaks: list[tuple[int, int]] = []
    offset = 0
    current: int | None = None
    for line in lines:
        if line.page is not None and line.page != current:
            breaks.append((offset, line.page))
            current = line.page
        parts.append(line.text)
        offset += len(line.text) + 1
    pages = [ln.page for ln in lines if ln.page is not None]
    return Section(
        text="\n".join(parts),
        label=label,
        heading=heading,
        page_start=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        fields=dict(fields or {}),
        page_breaks=breaks,
    )
