"""The audit trail (table ``audit``, migration 5): who asked, searched, opened, uploaded, deleted
or changed a right, when and from where.

Rows are written in their own short transactions, outside the data directory's write lock: an
audit line must never wait for an ingest. Old rows are purged by :func:`purge` (the API does it at
start and then at most once a day, see :func:`purge_if_due`), because questions can hold personal
data and the retention is the deployer's decision (``audit_retention_days``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

#: Audit actions; ``target`` names the document, source or key the action touched.
ACTIONS = (
    "search",
    "ask",
    "open",
    "file",
    "upload",
    "delete",
    "visibility",
    "source-add",
    "source-delete",
    "source-sync",
    "audit",
)
#: How often (at most) a serving process purges expired rows.
PURGE_EVERY = timedelta(days=1)
_PURGED_AT = "audit_purged_at"


class Connected(Protocol):
    """Anything with a SQLite connection and the ``meta`` table (the :class:`Store`)."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of the calling thread."""
        ...

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        ...

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the ``meta`` table."""
        ...


@dataclass(slots=True)
class AuditEntry:
    """One line of the trail."""

    actor: str
    role: str
    action: str
    target: str | None = None
    detail: str | None = None
    client: str | None = None
    status: int | None = None
    at: str | None = None
    id: int | None = None


def record(store: Connected, entry: AuditEntry) -> None:
    """Append ``entry`` (its time is the database's clock)."""
    store.conn.execute(
        "INSERT INTO audit(actor, role, action, target, detail, client, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            entry.actor,
            entry.role,
            entry.action,
            entry.target,
            entry.detail,
            entry.client,
            entry.status,
        ),
    )


def query(
    store: Connected,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """A page of entries (newest first) matching the filters, and how many match in all.

    ``since``/``until`` are ISO times or dates compared as text (``until`` inclusive of the day)."""
    conds: list[str] = []
    params: list[Any] = []
    for column, value in (("actor", actor), ("action", action), ("target", target)):
        if value:
            conds.append(f"{column} = ?")
            params.append(value)
    if since:
        conds.append("at >= ?")
        params.append(since)
    if until:
        conds.append("at <= ?")
        params.append(until + "\uffff")
    where = " AND ".join(conds) or "1=1"
    total = store.conn.execute(f"SELECT count(*) FROM audit WHERE {where}", params).fetchone()[0]
    rows = store.conn.execute(
        "SELECT id, at, actor, role, action, target, detail, client, status FROM audit"
        f" WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    entries = [
        AuditEntry(
            id=r[0],
            at=r[1],
            actor=r[2],
            role=r[3],
            action=r[4],
            target=r[5],
            detail=r[6],
            client=r[7],
            status=r[8],
        )
        for r in rows
    ]
    return entries, int(total)


def purge(store: Connected, retention_days: int, now: datetime | None = None) -> int:
    """Delete entries older than ``retention_days`` (0 or less keeps everything); return count."""
    if retention_days <= 0:
        return 0
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    cur = store.conn.execute(
        "DELETE FROM audit WHERE at < ?", (cutoff.strftime("%Y-%m-%dT%H:%M:%S.000Z"),)
    )
    return cur.rowcount


def purge_if_due(store: Connected, retention_days: int, now: datetime | None = None) -> int | None:
    """Purge when the last purge (by any process) is a day old or more; None when not due.

    The time of the last purge lives in the ``meta`` table, so several server processes share
    one schedule instead of each purging on its own clock."""
    now = now or datetime.now(UTC)
    last = store.get_meta(_PURGED_AT)
    if last is not None:
        try:
            if now - datetime.fromisoformat(last) < PURGE_EVERY:
                return None
        except ValueError:
            pass  # an unreadable mark: purge now and write a good one
    removed = purge(store, retention_days, now)
    store.set_meta(_PURGED_AT, now.isoformat())
    return removed
