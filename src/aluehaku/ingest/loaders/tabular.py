"""CSV/TSV registers: every row one section whose columns stay named fields.

The delimiter (``;``, ``,``, tab, ``|``) and the encoding are sniffed. Dirty rows (a column count
that does not match the header, a quote that is never closed) are skipped and counted in a
warning instead of failing the file; a cell longer than :data:`MAX_FIELD_CHARS` is cut and named
(row and column) in a warning; a stray quote cannot swallow the rest of the file because
a quoted record may span at most :data:`MAX_RECORD_LINES` lines. Trailing empty columns
(``…;`` exports) are trimmed.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page, Section

from ._common import normalize_text, read_bytes
from .text import decode_bytes

__all__ = ["load", "parse_rows", "sniff_delimiter"]

MAX_RECORD_LINES = 20
#: Longest cell kept, in characters. Longer ones (a 35 MB description, an embedded file) are cut
#: here and named in a warning: analysing megabytes of one cell would pass the parse bound, and
#: dropping the row would hide the rest of it.
MAX_FIELD_CHARS = 100_000
_LABEL_COLUMNS = ("koodi", "tunnus", "hankekoodi", "id", "diaarinumero", "projektikoodi")
_NAME_COLUMN = re.compile(r"(nimi|otsikko|title|name)", re.IGNORECASE)
_DELIMS = (";", ",", "\t", "|")


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most consistent, widest rows."""
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    best, best_score = ",", -1.0
    for d in _DELIMS:
        counts = []
        for ln in lines:
            cells = next(csv.reader([ln.rstrip(";") if d != ";" else ln], delimiter=d))
            while cells and not cells[-1].strip():
                cells.pop()
            counts.append(len(cells))
        if not counts or max(counts) < 2:
            continue
        header = counts[0]
        agree = sum(1 for c in counts if c == header) / len(counts)
        score = agree * header
        if score > best_score:
            best, best_score = d, score
    return best


def _records(lines: list[str]) -> Any:
    """Yield (line number, record text) or (line number, None) for an unterminated quote."""
    i, n = 0, len(lines)
    while i < n:
        buf, j = lines[i], i
        while buf.count('"') % 2 == 1 and j + 1 < n and j - i < MAX_RECORD_LINES:
            j += 1
            buf += "\n" + lines[j]
        if buf.count('"') % 2 == 1:
            yield i + 1, None
            i += 1
            continue
        yield i + 1, buf
        i = j + 1


def parse_rows(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """Header, (line number, cells) of the good rows, and the number of skipped rows."""
    lines = text.splitlines()
    # csv refuses fields over its limit (128 KiB by default) with an error that would drop the
    # row; the loader bounds cells itself (MAX_FIELD_CHARS), so let csv read any field.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    recs = _records(lines)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    skipped = 0
    strip_semicolon = False
    for line_no, rec in recs:
        if rec is None:
            skipped += 1
            continue
        if not rec.strip():
            continue
        if strip_semicolon and rec.endswith(";"):
            rec = rec[:-1]
        try:
            cells = next(csv.reader(io.StringIO(rec), delimiter=delimiter, strict=True))
        except (csv.Error, StopIteration):
            skipped += 1
            continue
        if header is None:
            if delimiter != ";" and rec.endswith(";"):
                strip_semicolon = True
                cells[-1] = cells[-1][:-1]
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            continue
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()
        if len(cells) != len(header):
            skipped += 1
            continue
        rows.append((line_no, cells))
    if header is None:
        return [], [], skipped
    seen: dict[str, int] = {}
    for k, name in enumerate(header):
        name = name or f"sarake {k + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        header[k] = name
    return header, rows, skipped


def _bounded(cell: str, line_no: int, column: str, warnings: list[str]) -> str:
    """The cell's normalised text, cut to :data:`MAX_FIELD_CHARS` with a warning naming it."""
    if not cell:
        return ""
    if len(cell) > MAX_FIELD_CHARS:
        size, kept = (f"{n:,}".replace(",", " ") for n in (len(cell), MAX_FIELD_CHARS))
        warnings.append(
            f"rivi {line_no}, sarake '{column[:80]}': kenttä on {size} merkkiä; "
            f"siitä luettiin {kept} ensimmäistä"
        )
        cell = cell[:MAX_FIELD_CHARS]
    return normalize_text(cell)


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Load a CSV register; see the module docstring."""
    raw = read_bytes(path, settings)
    text = decode_bytes(raw).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("Tiedosto on tyhjä.", reason="empty")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text[:20000])
    header, rows, skipped = parse_rows(text, delimiter)
    if not header or not rows:
        raise IngestError("CSV-tiedostossa ei ole yhtään kelvollista riviä.", reason="empty")
    lower = [h.lower() for h in header]
    label_col = next((lower.index(c) for c in _LABEL_COLUMNS if c in lower), None)
    name_col = next((k for k, h in enumerate(header) if _NAME_COLUMN.search(h)), None)
    sections: list[Section] = []
    warnings: list[str] = []
    for line_no, cells in rows:
        values = [_bounded(c, line_no, header[k], warnings) for k, c in enumerate(cells)]
        fields = {h: v for h, v in zip(header, values, strict=True) if v}
        if not fields:
            continue
        body = "\n".join(f"{h}: {v}" for h, v in fields.items())
        label = (
            values[label_col] if label_col is not None and values[label_col] else f"rivi {line_no}"
        )
        heading = values[name_col] if name_col is not None and values[name_col] else None
        sections.append(Section(text=body, label=label, heading=heading, fields=fields))
    if skipped:
        warnings.append(f"{skipped} virheellistä riviä ohitettiin (sarakemäärä tai lainausmerkit)")
    title = path.stem.replace("_", " ")
    return LoadedDocument(
        source=str(path),
        title=title,
        doc_type="rekisteri",
        pages=[Page(1, "\n".join(header))],
        sections=sections,
        metadata={
            "columns": header,
            "delimiter": delimiter,
            "row_count": len(sections),
            "skipped_rows": skipped,
        },
        warnings=warnings,
    )
