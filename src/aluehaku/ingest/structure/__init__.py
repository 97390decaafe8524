"""Structure: split a loaded document into sections.

* Council minutes and agendas (pöytäkirja, esityslista) are split into § items
  (:mod:`.minutes`), with proposal and decision parts kept as fields.
* Project pages (hankekuvaus) become a section whose named fields stay fields
  (:mod:`.project_page`).
* Everything else is split by headings (Markdown ``#`` lines, numbered or title-like lines),
  else one section per page (:mod:`.headings`).

Loaders that already know their structure (CSV rows, JSON records) fill
``LoadedDocument.sections`` and those are returned as they are.
"""

from __future__ import annotations

from aluehaku.models import LoadedDocument, Section

from .headings import split_by_headings
from .minutes import looks_like_minutes, split_minutes
from .project_page import split_project_page

__all__ = ["split_sections"]


def split_sections(doc: LoadedDocument) -> list[Section]:
    """Return the document's sections (see the module docstring); also sets
    ``doc.metadata["section_count"]``."""
    sections: list[Section]
    if doc.sections:
        sections = doc.sections
    else:
        sections = []
        if doc.doc_type in ("pöytäkirja", "esityslista") or looks_like_minutes(doc):
            sections = split_minutes(doc)
        if not sections and doc.doc_type == "hankekuvaus":
            sections = split_project_page(doc)
        if not sections:
            sections = split_by_headings(doc)
    doc.metadata["section_count"] = len(sections)
    return sections
