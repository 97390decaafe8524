"""Project facts in the store (table ``facts``, migration 2).

:func:`store_facts` runs inside a document's ingest transaction, so a document and its facts
are replaced together; deleting a document or chunk deletes its facts (ON DELETE CASCADE).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from aluehaku.ingest.facts import Fact

    from .records import Filters


class Connected(Protocol):
    """Anything with a SQLite connection (the :class:`~aluehaku.store.Store`)."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of the calling thread."""
        ...


def fold(text: str) -> str:
    """A comparison key: lower case, punctuation and extra spaces removed."""
    text = re.sub(r"[^\w+%\s-]", " ", text.lower())
    text = re.sub(r"\s+-\s*hanke\b|\bhanke$", " ", text)
    return " ".join(text.replace("–", " ").split())


@dataclass(slots=True)
class FactRecord:
    """A stored fact with its provenance."""

    id: int
    document_id: int
    chunk_id: int | None
    project: str
    kind: str
    value: str
    value_num: float | None
    original: str
    page: int | None
    section: str | None
    start: int | None
    end: int | None

    def to_json(self) -> dict[str, Any]:
        """Plain dict for the JSON answer."""
        return {
            "project": self.project,
            "kind": self.kind,
            "value": self.value,
            "value_num": self.value_num,
            "original": self.original,
            "document_id": self.document_id,
            "chunk_id": self.chunk_id,
            "page": self.page,
            "section": self.section,
            "span": [self.start, self.end] if self.start is not None else None,
        }


def store_facts(
    conn: sqlite3.Connection,
    document_id: int,
    chunk_ids_by_ordinal: Mapping[int, int],
    facts: Sequence[Fact],
) -> int:
    """Insert a document's facts (call inside its transaction, after its chunks); return count."""
    conn.execute("DELETE FROM facts WHERE document_id = ?", (document_id,))
    rows = [
        (
            document_id,
            chunk_ids_by_ordinal.get(f.chunk_ordinal) if f.chunk_ordinal is not None else None,
            f.project,
            fold(f.project),
            f.kind,
            f.value,
            fold(f.value),
            f.value_num,
            f.original,
            f.page,
            f.section,
            f.start,
            f.end,
        )
        for f in facts
    ]
    conn.executemany(
        "INSERT INTO facts(document_id, chunk_id, project, project_key, kind, value, value_key,"
        ' value_num, original, page, section, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
        rows,
    )
    return len(rows)


def chunk_ids_by_ordinal(conn: sqlite3.Connection, document_id: int) -> dict[int, int]:
    """Ordinal -> chunk id of a stored document."""
    rows = conn.execute("SELECT ordinal, id FROM chunks WHERE document_id = ?", (document_id,))
    return {int(r[0]): int(r[1]) for r in rows}


_COLUMNS = (
    "id, document_id, chunk_id, project, kind, value, value_num, original, page, section,"
    ' start, "end"'
)


def _record(row: sqlite3.Row | tuple[Any, ...]) -> FactRecord:
    return FactRecord(*row)


def query_facts(
    store: Connected,
    *,
    kind: str | Sequence[str] | None = None,
    value_like: str | None = None,
    project_like: str | None = None,
    document_id: int | None = None,
    project_keys: Sequence[str] | None = None,
    filters: Filters | None = None,
    limit: int = 5000,
) -> list[FactRecord]:
    """Facts filtered by kind(s), folded value containment, project containment, document,
    and the search filters of their documents (type, organisation, dates)."""
    conds: list[str] = []
    params: list[Any] = []
    if filters is not None and not filters.is_empty():
        doc_cond, doc_params = filters.sql("d")
        conds.append(f"document_id IN (SELECT d.id FROM documents d WHERE {doc_cond})")
        params.extend(doc_params)
    if kind:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        conds.append(f"kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if value_like:
        conds.append("instr(value_key, ?) > 0")
        params.append(fold(value_like))
    if project_like:
        conds.append("instr(project_key, ?) > 0")
        params.append(fold(project_like))
    if project_keys:
        conds.append(f"project_key IN ({','.join('?' * len(project_keys))})")
        params.extend(project_keys)
    if document_id is not None:
        conds.append("document_id = ?")
        params.append(document_id)
    where = " AND ".join(conds) or "1=1"
    try:
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM facts WHERE {where} ORDER BY project_key, kind, id LIMIT ?",
            [*params, limit],
        ).fetchall()
    except sqlite3.OperationalError:  # a database without migration 2 (read-only copy)
        return []
    return [_record(tuple(r)) for r in rows]
