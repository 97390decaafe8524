"""Project pages (hankekuvaus): one section whose labelled facts stay fields.

Recognised shapes: "Rahoittaja: Keski-Suomen liitto" on one line, "Rahoittaja | …" (tables
flattened by the HTML loader), and the label alone on a line with the value on the next.
"""

from __future__ import annotations

import re

from aluehaku.models import LoadedDocument, Section

from ..metadata import PROJECT_FIELD_LABELS
from ._lines import document_lines, make_section

__all__ = ["parse_project_fields", "split_project_page"]

_LABELS = sorted(PROJECT_FIELD_LABELS, key=len, reverse=True)
_INLINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(" + "|".join(_LABELS) + r")(\(t\))?\s*[:|]\s*(.+)$", re.IGNORECASE
)
_ALONE = re.compile(r"^\s*(" + "|".join(_LABELS) + r")(\(t\))?\s*:?\s*$", re.IGNORECASE)


def parse_project_fields(text: str) -> dict[str, str]:
    """Labelled project facts in ``text``; keys as written in the source ("Rahoittaja(t)")."""
    fields: dict[str, str] = {}
    lines = [ln.strip() for ln in text.split("\n")]
    for i, line in enumerate(lines):
        m = _INLINE.match(line)
        if m:
            key = m.group(1) + (m.group(2) or "")
            fields.setdefault(key[0].upper() + key[1:], m.group(3).strip().strip("|").strip())
            continue
        m = _ALONE.match(line)
        if m and i + 1 < len(lines) and lines[i + 1] and not _ALONE.match(lines[i + 1]):
            key = m.group(1) + (m.group(2) or "")
            fields.setdefault(key[0].upper() + key[1:], lines[i + 1])
    return fields


def split_project_page(doc: LoadedDocument) -> list[Section]:
    """The whole page as one section titled by the document title, with its fields."""
    section = make_section(document_lines(doc), heading=doc.title or None)
    if section is None:
        return []
    section.fields = parse_project_fields(section.text)
    return [section]
