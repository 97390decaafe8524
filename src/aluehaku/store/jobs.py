"""The ingestion job queue (tables ``jobs`` and ``job_files``, migration 6).

An upload through the API becomes a job: its files are staged under ``<data_dir>/jobs/<id>/``
and a row says who asked for what. Worker threads of the server processes take the oldest queued
job (:func:`claim`, atomic across processes by SQLite's write transaction), record each file's
outcome as it goes and finish the job. Because the queue lives in the database, a job outlives
the process that accepted it: :func:`recover` finds the jobs of processes that died (their
heartbeat went stale, or their process is gone) and queues them again or fails them clearly.

States: ``queued`` -> ``running`` -> ``done`` (every file has its outcome; some may have failed)
or ``failed`` (no file could be stored, or the job was interrupted too often).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

#: Job states, in the order a job passes them.
STATES = ("queued", "running", "done", "failed")
#: The SQL expression of "now" that every time column uses (UTC, milliseconds).
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


class Connected(Protocol):
    """Anything with a SQLite connection per thread and write transactions (the Store)."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of the calling thread."""
        ...


@dataclass(slots=True)
class JobFile:
    """One file of a job and its outcome."""

    ordinal: int
    name: str
    size_bytes: int = 0
    state: str = "queued"
    #: The ingest outcome: ingested, updated, unchanged, duplicate or failed.
    status: str | None = None
    #: The error's problem slug and HTTP status, when the file failed.
    problem: str | None = None
    http_status: int | None = None
    reason: str | None = None
    detail: str | None = None
    document_id: int | None = None
    pages: int = 0
    sections: int = 0
    chunks: int = 0
    seconds: float | None = None


@dataclass(slots=True)
class Job:
    """A queued, running or finished job."""

    id: int
    kind: str
    state: str
    actor: str
    role: str
    client: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    heartbeat_at: str | None = None
    owner: str | None = None
    attempts: int = 0
    error: str | None = None
    note: str | None = None
    files: list[JobFile] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many files are in each state (queued, running, done, failed)."""
        out = dict.fromkeys(STATES, 0)
        for f in self.files:
            out[f.state] = out.get(f.state, 0) + 1
        return out


_JOB_COLUMNS = (
    "id, kind, state, actor, role, client, params, created_at, started_at, finished_at,"
    " heartbeat_at, owner, attempts, error, note"
)
_FILE_COLUMNS = (
    "ordinal, name, size_bytes, state, status, problem, http_status, reason, detail,"
    " document_id, pages, sections, chunks, seconds"
)


def _job(row: sqlite3.Row | tuple[Any, ...]) -> Job:
    return Job(
        id=row[0],
        kind=row[1],
        state=row[2],
        actor=row[3],
        role=row[4],
        client=row[5],
        params=json.loads(row[6] or "{}"),
        created_at=row[7],
        started_at=row[8],
        finished_at=row[9],
        heartbeat_at=row[10],
        owner=row[11],
        attempts=row[12],
        error=row[13],
        note=row[14],
    )


def _file(row: sqlite3.Row | tuple[Any, ...]) -> JobFile:
    return JobFile(*tuple(row))


def _write(store: Connected, action: Callable[[sqlite3.Connection], Any]) -> Any:
    """Run ``action`` in one write transaction (BEGIN IMMEDIATE: claims never race)."""
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = action(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def waiting(store: Connected) -> bool:
    """True when a job is queued."""
    return _any(store, "queued")


def _any(store: Connected, state: str) -> bool:
    """True when some job is in ``state`` (a cheap read before a write transaction)."""
    found = store.conn.execute("SELECT 1 FROM jobs WHERE state = ? LIMIT 1", (state,)).fetchone()
    return found is not None


# --- writing --------------------------------------------------------------------------------------
def enqueue(
    store: Connected,
    kind: str,
    files: Sequence[tuple[str, int]],
    *,
    actor: str,
    role: str,
    client: str | None = None,
    params: dict[str, Any] | None = None,
) -> int:
    """Queue a job of ``files`` (name, size in bytes); return its id."""

    def insert(conn: sqlite3.Connection) -> int:
        cur = conn.execute(
            "INSERT INTO jobs(kind, actor, role, client, params) VALUES (?, ?, ?, ?, ?)",
            (kind, actor, role, client, json.dumps(params or {}, ensure_ascii=False)),
        )
        job_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO job_files(job_id, ordinal, name, size_bytes) VALUES (?, ?, ?, ?)",
            [(job_id, i, name, size) for i, (name, size) in enumerate(files)],
        )
        return job_id

    job_id: int = _write(store, insert)
    return job_id


def claim(store: Connected, owner: str) -> Job | None:
    """Take the oldest queued job for ``owner`` (it becomes running); None when none waits."""
    if not _any(store, "queued"):
        return None  # an idle worker polls: a read, no write transaction

    def take(conn: sqlite3.Connection) -> int | None:
        row = conn.execute(
            "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        conn.execute(
            f"UPDATE jobs SET state = 'running', owner = ?, attempts = attempts + 1,"
            f" started_at = coalesce(started_at, {_NOW}), heartbeat_at = {_NOW} WHERE id = ?",
            (owner, row[0]),
        )
        return int(row[0])

    job_id = _write(store, take)
    return None if job_id is None else get(store, job_id)


def heartbeat(store: Connected, job_id: int, owner: str) -> None:
    """Say that ``owner`` still runs the job."""
    store.conn.execute(
        f"UPDATE jobs SET heartbeat_at = {_NOW} WHERE id = ? AND owner = ?", (job_id, owner)
    )


def add_file(store: Connected, job_id: int, result: JobFile) -> int:
    """Append a file that a job found as it ran (a sync's items); return its ordinal."""

    def insert(conn: sqlite3.Connection) -> int:
        ordinal = int(
            conn.execute(
                "SELECT coalesce(max(ordinal) + 1, 0) FROM job_files WHERE job_id = ?", (job_id,)
            ).fetchone()[0]
        )
        conn.execute(
            "INSERT INTO job_files(job_id, ordinal, name, size_bytes) VALUES (?, ?, ?, ?)",
            (job_id, ordinal, result.name, result.size_bytes),
        )
        return ordinal

    result.ordinal = _write(store, insert)
    finish_file(store, job_id, result)
    return result.ordinal


def annotate(store: Connected, job_id: int, note: str) -> None:
    """Set a job's note (what its run wants staff to know, e.g. a sync's notes)."""
    store.conn.execute("UPDATE jobs SET note = ? WHERE id = ?", (note, job_id))


def start_file(store: Connected, job_id: int, ordinal: int) -> None:
    """Mark one file as being ingested."""
    store.conn.execute(
        "UPDATE job_files SET state = 'running' WHERE job_id = ? AND ordinal = ?",
        (job_id, ordinal),
    )


def finish_file(store: Connected, job_id: int, result: JobFile) -> None:
    """Record the outcome of one file (its ``state`` is done or failed)."""
    store.conn.execute(
        "UPDATE job_files SET state = ?, status = ?, problem = ?, http_status = ?, reason = ?,"
        " detail = ?, document_id = ?, pages = ?, sections = ?, chunks = ?, seconds = ?"
        " WHERE job_id = ? AND ordinal = ?",
        (
            result.state,
            result.status,
            result.problem,
            result.http_status,
            result.reason,
            result.detail,
            result.document_id,
            result.pages,
            result.sections,
            result.chunks,
            result.seconds,
            job_id,
            result.ordinal,
        ),
    )


def finish(store: Connected, job_id: int, state: str, error: str | None = None) -> None:
    """End a job as ``done`` or ``failed``; files still waiting fail with it."""

    def end(conn: sqlite3.Connection) -> None:
        if state == "failed":
            conn.execute(
                "UPDATE job_files SET state = 'failed', detail = coalesce(detail, ?)"
                " WHERE job_id = ? AND state IN ('queued', 'running')",
                (error or "Työ keskeytyi.", job_id),
            )
        conn.execute(
            f"UPDATE jobs SET state = ?, error = ?, finished_at = {_NOW}, owner = NULL"
            " WHERE id = ?",
            (state, error, job_id),
        )

    _write(store, end)


def requeue(store: Connected, job_id: int, note: str) -> None:
    """Put a running job back in the queue as it is (its server is stopping: the run does not
    count as an attempt); files being ingested wait again."""

    def back(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE job_files SET state = 'queued' WHERE job_id = ? AND state = 'running'",
            (job_id,),
        )
        conn.execute(
            "UPDATE jobs SET state = 'queued', owner = NULL, note = ?,"
            " attempts = max(0, attempts - 1) WHERE id = ?",
            (note, job_id),
        )

    _write(store, back)


def retryable(job: Job) -> list[int]:
    """Ordinals of a finished upload job's files that failed for a passing reason (a 5xx: a
    full disk, a busy store, an unexpected error, or interrupted runs), whose staged copies the
    worker keeps for a retry; a file that cannot be read (4xx) would only fail again."""
    if job.kind != "upload" or job.state not in ("done", "failed"):
        return []
    return [f.ordinal for f in job.files if f.state == "failed" and (f.http_status or 500) >= 500]


def requeue_files(store: Connected, job_id: int, ordinals: Sequence[int], note: str) -> None:
    """Queue a finished job again for the files ``ordinals`` (a retry asked for by staff)."""

    def back(conn: sqlite3.Connection) -> None:
        conn.executemany(
            "UPDATE job_files SET state = 'queued', status = NULL, problem = NULL,"
            " http_status = NULL, reason = NULL, detail = NULL, seconds = NULL"
            " WHERE job_id = ? AND ordinal = ?",
            [(job_id, o) for o in ordinals],
        )
        conn.execute(
            "UPDATE jobs SET state = 'queued', error = NULL, finished_at = NULL, owner = NULL,"
            " attempts = 0, note = ? WHERE id = ?",
            (note, job_id),
        )

    _write(store, back)


def staging_in_use(store: Connected) -> set[str]:
    """The staging folders that jobs still need: queued or running ones, and finished ones
    with files kept for a retry."""
    rows = store.conn.execute(
        "SELECT params FROM jobs WHERE state IN ('queued', 'running') OR id IN"
        " (SELECT job_id FROM job_files WHERE state = 'failed'"
        "  AND coalesce(http_status, 500) >= 500)"
    )
    return {str(json.loads(r[0] or "{}").get("staging")) for r in rows}


def recover(
    store: Connected,
    is_dead: Callable[[str | None, str | None], bool],
    max_attempts: int,
) -> list[tuple[int, str]]:
    """Queue again (or fail, after ``max_attempts`` runs) the running jobs whose owner
    ``is_dead(owner, heartbeat_at)``; return (id, new state) of each.

    A file that was being ingested when its process died is tried again: storing a file is
    idempotent (the same bytes are "unchanged"), so a re-run never duplicates a document.
    """

    if not _any(store, "running"):
        return []

    def settle(conn: sqlite3.Connection) -> list[tuple[int, str]]:
        rows = conn.execute(
            "SELECT id, owner, heartbeat_at, attempts FROM jobs WHERE state = 'running'"
        ).fetchall()
        changed: list[tuple[int, str]] = []
        for job_id, owner, beat, attempts in rows:
            if not is_dead(owner, beat):
                continue
            if attempts >= max_attempts:
                error = (
                    f"Työ keskeytyi {attempts} kertaa palvelimen pysähtyessä; sitä ei yritetä"
                    " enää. Lataa keskeneräiset tiedostot uudelleen."
                )
                conn.execute(
                    "UPDATE job_files SET state = 'failed', detail = ?"
                    " WHERE job_id = ? AND state IN ('queued', 'running')",
                    (error, job_id),
                )
                conn.execute(
                    f"UPDATE jobs SET state = 'failed', error = ?, owner = NULL,"
                    f" finished_at = {_NOW} WHERE id = ?",
                    (error, job_id),
                )
                changed.append((job_id, "failed"))
                continue
            conn.execute(
                "UPDATE job_files SET state = 'queued' WHERE job_id = ? AND state = 'running'",
                (job_id,),
            )
            conn.execute(
                "UPDATE jobs SET state = 'queued', owner = NULL, note = ? WHERE id = ?",
                (
                    f"Keskeytyi palvelimen pysähtyessä ({attempts}. yritys); jonossa uudelleen.",
                    job_id,
                ),
            )
            changed.append((job_id, "queued"))
        return changed

    result: list[tuple[int, str]] = _write(store, settle)
    return result


def purge(store: Connected, retention_days: int, now: datetime | None = None) -> list[int]:
    """Delete finished jobs older than ``retention_days`` (0 or less keeps); return their ids."""
    if retention_days <= 0:
        return []
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)

    def delete(conn: sqlite3.Connection) -> list[int]:
        ids = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?",
                (cutoff.strftime("%Y-%m-%dT%H:%M:%S.000Z"),),
            )
        ]
        conn.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in ids])
        return ids

    removed: list[int] = _write(store, delete)
    return removed


# --- reading --------------------------------------------------------------------------------------
def get(store: Connected, job_id: int) -> Job | None:
    """One job with its files, or None."""
    row = store.conn.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        return None
    job = _job(row)
    job.files = [
        _file(r)
        for r in store.conn.execute(
            f"SELECT {_FILE_COLUMNS} FROM job_files WHERE job_id = ? ORDER BY ordinal", (job_id,)
        )
    ]
    return job


def recent(
    store: Connected, *, state: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Job], int]:
    """A page of jobs, newest first (with their files), and how many match in all."""
    where, params = ("WHERE state = ?", [state]) if state else ("", [])
    total = store.conn.execute(f"SELECT count(*) FROM jobs {where}", params).fetchone()[0]
    ids = [
        int(r[0])
        for r in store.conn.execute(
            f"SELECT id FROM jobs {where} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    jobs = [j for j in (get(store, i) for i in ids) if j is not None]
    return jobs, int(total)


def depth(store: Connected) -> dict[str, int]:
    """How many jobs are in each state."""
    out = dict.fromkeys(STATES, 0)
    for state, count in store.conn.execute("SELECT state, count(*) FROM jobs GROUP BY state"):
        out[state] = int(count)
    return out


def failed_files(store: Connected) -> dict[str, int]:
    """How many files failed, by reason (``reason`` or the problem slug) — for the metrics."""
    out: dict[str, int] = {}
    for reason, count in store.conn.execute(
        "SELECT coalesce(reason, problem, 'error'), count(*) FROM job_files"
        " WHERE state = 'failed' GROUP BY 1"
    ):
        out[str(reason)] = int(count)
    return out
