"""DOCX (Word) with python-docx: paragraphs and tables in order, headings as ``#`` lines."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page

from ._common import check_size, normalize_text

__all__ = ["load"]

_HEADING_STYLE = re.compile(r"^(?:Heading|Otsikko)\s*(\d)$", re.IGNORECASE)


def _blocks(document: Any) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name if para.style is not None else "") or ""
            m = _HEADING_STYLE.match(style)
            if m or style.lower() == "title":
                level = int(m.group(1)) if m else 1
                out.append(f"{'#' * min(level, 6)} {' '.join(text.split())}")
            else:
                out.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    out.append(" | ".join(cells))
    return out


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Load a .docx file as one page of text."""
    check_size(path, settings)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise IngestError(
            "python-docx puuttuu: pip install python-docx", reason="unsupported"
        ) from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"DOCX-tiedosto on vioittunut: {exc}", reason="corrupt") from exc
    blocks = _blocks(document)
    text = normalize_text("\n\n".join(blocks))
    if not text.strip():
        raise IngestError("DOCX-tiedostossa ei ole tekstiä.", reason="empty")
    props = document.core_properties
    first = next((b.lstrip("# ").strip() for b in blocks if b.strip()), path.stem)
    metadata: dict[str, Any] = {"author": props.author} if props.author else {}
    # Type, organisation, body and date come from the metadata step (ingest.metadata).
    return LoadedDocument(
        source=str(path),
        title=(props.title or "").strip() or first,
        pages=[Page(1, text)],
        metadata=metadata,
    )
