"""Ingestion jobs in a server process: accept uploads into the durable queue, run them on one
worker thread.

``POST /api/v1/documents`` calls :meth:`JobQueue.submit`: the files are checked (type, size,
emptiness: refused at once with 415/413/422) and staged under ``<data_dir>/jobs/``, and a row in
the ``jobs`` table (:mod:`aluehaku.store.jobs`) queues them. Every server process has one worker
thread; the one that holds the job lock takes the oldest queued job and stores its files one by
one as an upload always was (:meth:`~aluehaku.ingest.uploads.Uploads.add_staged`: the upload
lock, the write lock per stored document, the old file put back when a new one cannot be read).
A file that fails does not stop the others. While a job runs, a heartbeat says so; a job whose
process died (a restart, a crash, a kill) is queued again on the next start of any server, or
failed clearly after ``job_max_attempts`` runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from aluehaku.access import Visibility
from aluehaku.errors import AluehakuError, StoreLockedError
from aluehaku.store import jobs
from aluehaku.store.audit import AuditEntry
from aluehaku.store.jobs import Job, JobFile

if TYPE_CHECKING:
    from aluehaku.config import Settings
    from aluehaku.ingest.pipeline import ItemResult
    from aluehaku.ingest.uploads import Uploads
    from aluehaku.store import Store

    from .audit import AuditLog
    from .principals import Principal

log = logging.getLogger(__name__)

#: How often a running job's heartbeat is written.
HEARTBEAT_S = 10.0
#: A running job whose heartbeat is older than this belongs to a process that is gone.
STALE_S = 90.0
#: How often an idle worker looks for work queued by other processes (or left by dead ones).
POLL_S = 2.0
#: The most files one upload request may carry.
MAX_FILES = 100
#: A staging folder that no job names is removed once it is this old (a request that died
#: between staging and queueing left it; younger ones may still be queued by a live request).
ORPHAN_AGE_S = 3600.0

#: The note of a job that a shutdown put back in the queue.
STOPPED_NOTE = "Palvelu sammui kesken työn; jonossa, kunnes palvelu käynnistyy uudelleen."

#: Owners (``host:pid:token``) of the job queues whose worker thread lives in this process.
_LIVE: set[str] = set()
_HOST = socket.gethostname()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def owner_is_dead(owner: str | None, heartbeat_at: str | None, now: datetime | None = None) -> bool:
    """True when the process named ``owner`` can no longer be running its job: it is this
    process but not a live queue of it (a restart in a container gets the old pid back), a
    process of this host that is gone, or silent for :data:`STALE_S`."""
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text, _, _token = rest.partition(":")
    if host == _HOST and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return owner not in _LIVE
        if not _pid_alive(pid):
            return True
    if heartbeat_at is None:
        return True
    try:
        beat = datetime.strptime(heartbeat_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return True
    return (now or datetime.now(UTC)) - beat > timedelta(seconds=STALE_S)


class JobConflictError(AluehakuError):
    """The job cannot be retried (still running, or its failures would only fail again)."""

    slug = "job-conflict"
    title = "Työtä ei voi yrittää uudelleen"
    status = 409


def _own_words(detail: str, name: str, reason: str) -> str:
    """A file's error without the name and reason code an upload's message wraps it in
    ("x.pdf: … (corrupt)"): the job lists them beside it."""
    detail = detail.removeprefix(f"{name}: ")
    return detail.removesuffix(f" ({reason})")


class JobQueue:
    """The job queue of one app: submit uploads, run jobs on one worker thread, wait for one."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        uploads: Uploads,
        audit: AuditLog,
        on_file: Callable[[JobFile], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.uploads = uploads
        self.audit = audit
        #: Called after each file's outcome is recorded (the metrics count it).
        self.on_file = on_file
        self.owner = f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._cond = threading.Condition()
        self._wake = False
        self._closed = False
        #: A shutdown stopped a job (SIGTERM): waiters answer 503, the job waits for a restart.
        self._stopping = False
        self._holders = 0
        self._thread: threading.Thread | None = None

    # --- accepting work -------------------------------------------------------------------------
    def submit(
        self,
        files: Sequence[tuple[BinaryIO, str | None]],
        visibility: Visibility | None,
        principal: Principal,
        client: str | None,
    ) -> int:
        """Check and stage ``files`` (stream, client's name) and queue them as one job; return its
        id. Nothing is queued when any file is refused (415, 413, 422, 507)."""
        from aluehaku.ingest.uploads import stage_upload

        from .audit import actor_name

        staging = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"
        folder = self.store.layout.jobs / staging
        max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
        try:
            staged = [
                stage_upload(src, folder / str(i), name, max_bytes)
                for i, (src, name) in enumerate(files)
            ]
            job_id = jobs.enqueue(
                self.store,
                "upload",
                [(p.name, p.stat().st_size) for p in staged],
                actor=actor_name(principal),
                role=principal.role,
                client=client,
                params={"staging": staging, "visibility": str(visibility) if visibility else None},
            )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self.start()
        return job_id

    def submit_sync(self, source: str, principal: Principal, client: str | None) -> int:
        """Queue a sync of the source named ``source`` (as ``aluehaku sync NAME``); return the
        job's id. Its items are added to the job as the sync finds them."""
        from .audit import actor_name

        job_id = jobs.enqueue(
            self.store,
            "sync",
            [],
            actor=actor_name(principal),
            role=principal.role,
            client=client,
            params={"source": source},
        )
        self.start()
        return job_id

    def wait(self, job_id: int, timeout: float) -> Job | None:
        """The job once it is done or failed, or as it stands when ``timeout`` passed or this
        process stops taking jobs (another process may run it: the database is asked again
        every half second)."""
        deadline = time.monotonic() + timeout
        while True:
            job = jobs.get(self.store, job_id)
            left = deadline - time.monotonic()
            finished = job is None or job.state in ("done", "failed")
            if finished or left <= 0 or self._closed or self._stopping:
                return job
            with self._cond:
                self._cond.wait(min(0.5, left))

    # --- the worker -----------------------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        """True once a shutdown interrupted a job in this process."""
        return self._stopping

    def hold(self) -> None:
        """The server starts (its lifespan): run the worker until every holder released it."""
        with self._cond:
            self._holders += 1
            self._closed = False
        self.start()

    def release(self) -> None:
        """The server stops: with no holder left, take no more jobs (one under way finishes,
        or is run again after the next start)."""
        with self._cond:
            self._holders = max(0, self._holders - 1)
            if self._holders == 0:
                self._closed = True
            self._cond.notify_all()

    def start(self) -> None:
        """Start the worker thread (if it is not running) and wake it."""
        with self._cond:
            if self._closed:
                return
            self._wake = True
            if self._thread is None:
                _LIVE.add(self.owner)
                # A daemon: a shutdown never waits for a job; the next start runs it again.
                self._thread = threading.Thread(target=self._loop, name="job-queue", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _loop(self) -> None:
        try:
            self._housekeeping()
            while True:
                with self._cond:
                    if not self._wake and not self._closed:
                        self._cond.wait(POLL_S)
                    if self._closed:
                        self._thread = None  # under the lock: a later start makes a new one
                        _LIVE.discard(self.owner)
                        return
                    self._wake = False
                try:
                    self._recover()
                    while not self._closed and self._run_next():
                        pass
                except Exception:
                    log.exception("Tuontijonon käsittely epäonnistui")
        finally:
            with self._cond:
                if self._thread is threading.current_thread():  # died of a BaseException
                    self._thread = None
                    _LIVE.discard(self.owner)
            self.store.close()  # this thread's connection

    def _housekeeping(self) -> None:
        """At start: re-queue what dead processes left, purge old jobs, remove stray files."""
        try:
            self._recover()
            for job_id in jobs.purge(self.store, self.settings.job_retention_days):
                log.info("Vanha tuontityö %d poistettiin.", job_id)
            self._remove_orphans()
        except (sqlite3.Error, OSError) as exc:
            log.error("Tuontijonon siivous epäonnistui: %s", exc)

    def _recover(self) -> None:
        for job_id, state in jobs.recover(
            self.store, owner_is_dead, self.settings.job_max_attempts
        ):
            if state == "queued":
                log.warning("Keskeytynyt tuontityö %d on jonossa uudelleen.", job_id)
            else:
                log.error("Tuontityö %d keskeytyi liian monta kertaa; merkitty epäonnistuneeksi.",
                          job_id)  # fmt: skip

    def _remove_orphans(self) -> None:
        root = self.store.layout.jobs
        if not root.is_dir():
            return
        waiting = jobs.staging_in_use(self.store)
        for folder in root.iterdir():
            if folder.name in waiting:
                continue
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > ORPHAN_AGE_S:
                    shutil.rmtree(folder, ignore_errors=True)

    def _run_next(self) -> bool:
        """Run the oldest queued job if no other worker runs one; True when one was run."""
        if not jobs.waiting(self.store):
            return False  # an idle poll: one read, no lock
        try:
            with self.store.job_lock():
                job = jobs.claim(self.store, self.owner)
                if job is None:
                    return False
                self._run(job)
                return True
        except StoreLockedError:
            return False  # another process runs a job; its end wakes nobody here: poll

    def _run(self, job: Job) -> None:
        from aluehaku.ingest.worker import ShuttingDownError  # the parsers: with the first job

        log.info("Tuontityö %d alkaa (%s).", job.id, job.kind)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job.id, stop), daemon=True)
        beat.start()
        try:
            if job.kind == "sync":
                self._sync(job)
            else:
                self._upload(job)
        except ShuttingDownError:
            # Not the files' fault: the job waits for the next start (of any process).
            jobs.requeue(self.store, job.id, STOPPED_NOTE)
            with self._cond:
                self._stopping = self._closed = True
            log.warning("Tuontityö %d palasi jonoon: palvelu sammuu.", job.id)
        except Exception as exc:
            log.exception("Tuontityö %d epäonnistui", job.id)
            # The staged files stay: a retry may store them (jobs.retryable).
            jobs.finish(self.store, job.id, "failed", f"Odottamaton virhe ({type(exc).__name__}).")
        finally:
            stop.set()
            with self._cond:
                self._cond.notify_all()  # wake waiters of this process
        log.info("Tuontityö %d päättyi.", job.id)

    def _upload(self, job: Job) -> None:
        """Store an upload's staged files one by one; a failed one does not stop the others."""
        for item in job.files:
            if self._closed:
                return  # left "running": the next start queues it again
            if item.state in ("done", "failed"):
                continue  # a job run again keeps what its earlier run finished
            jobs.start_file(self.store, job.id, item.ordinal)
            result = self._store_file(job, item)
            jobs.finish_file(self.store, job.id, result)
            self._audit(job, result)
            if self.on_file is not None:
                self.on_file(result)
        finished = jobs.get(self.store, job.id) or job
        if any(f.state == "done" for f in finished.files) or not finished.files:
            jobs.finish(self.store, job.id, "done")
        else:
            jobs.finish(self.store, job.id, "failed", "Yhtään tiedostoa ei voitu tallentaa.")
        self._clean_staging(jobs.get(self.store, job.id) or finished)

    def _clean_staging(self, job: Job) -> None:
        """Remove a finished job's staged files, except those a retry may still store."""
        keep = set(jobs.retryable(job))
        folder = self._folder(job)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
            return
        for item in job.files:
            if item.ordinal not in keep:
                shutil.rmtree(folder / str(item.ordinal), ignore_errors=True)

    def retry(self, job: Job, principal: Principal, client: str | None) -> int:
        """Run a finished job's failures again: an upload's files that failed for a passing
        reason go back to the queue in the same job; a sync is queued anew. Returns the id of
        the job that will run; :class:`JobConflictError` when nothing can be retried."""
        if job.state not in ("done", "failed"):
            raise JobConflictError(f"Työ {job.id} on vielä kesken ({job.state}).")
        if job.kind == "sync":
            return self.submit_sync(str(job.params.get("source")), principal, client)
        ordinals = jobs.retryable(job)
        if not ordinals:
            raise JobConflictError(
                f"Työssä {job.id} ei ole uudelleen yritettäviä tiedostoja: epäonnistuneet eivät"
                " kelpaa sellaisinaan (korjaa ja lataa ne uudelleen)."
            )
        from .audit import actor_name

        note = f"Uudelleen jonossa: {actor_name(principal)} pyysi ({len(ordinals)} tiedostoa)."
        jobs.requeue_files(self.store, job.id, ordinals, note)
        self.start()
        return job.id

    def _sync(self, job: Job) -> None:
        """Run a source's sync; each item it settles becomes a file of the job."""
        from aluehaku.sources.registry import SourceRegistry
        from aluehaku.sources.sync import Syncer

        def on_item(item: ItemResult) -> None:
            failed = item.status == "failed"
            result = JobFile(
                ordinal=0,
                name=Path(item.source).name or item.source,
                state="failed" if failed else "done",
                status=item.status,
                problem="ingest" if failed else None,
                http_status=422 if failed else None,
                reason=item.reason,
                detail=item.detail,
                document_id=item.document_id,
                pages=item.pages,
                sections=item.sections,
                chunks=item.chunks,
                seconds=round(item.seconds, 3),
            )
            jobs.add_file(self.store, job.id, result)
            if self.on_file is not None:
                self.on_file(result)

        try:
            config = SourceRegistry(self.store).get(str(job.params.get("source")))
            report = Syncer(self.store, self.settings).run(config, on_item=on_item)
        except AluehakuError as exc:
            if exc.slug == "shutting-down":
                raise  # back to the queue (see _run)
            jobs.finish(self.store, job.id, "failed", exc.detail)
            return
        if report.notes:
            jobs.annotate(self.store, job.id, " · ".join(report.notes)[:2000])
        if report.count("ingested") + report.count("updated") and self.uploads.on_stored:
            self.uploads.on_stored()  # embed what the sync brought, as after an upload
        jobs.finish(self.store, job.id, "done")

    def _folder(self, job: Job) -> Path:
        return self.store.layout.jobs / str(job.params.get("staging") or f"missing-{job.id}")

    def _beat(self, job_id: int, stop: threading.Event) -> None:
        try:
            while not stop.wait(HEARTBEAT_S):
                try:
                    jobs.heartbeat(self.store, job_id, self.owner)
                except sqlite3.Error as exc:
                    log.warning("Tuontityön %d sykettä ei voitu kirjoittaa: %s", job_id, exc)
        finally:
            self.store.close()

    def _store_file(self, job: Job, item: JobFile) -> JobFile:
        """Ingest one staged file; its outcome, never an exception."""
        staged = self._folder(job) / str(item.ordinal) / item.name
        result = JobFile(ordinal=item.ordinal, name=item.name, size_bytes=item.size_bytes)
        started = time.perf_counter()
        raw = job.params.get("visibility")
        try:
            if not staged.is_file():
                return self._vanished(result)
            outcome = self.uploads.add_staged(
                staged, item.name, Visibility.parse(raw) if raw else None
            )
        except AluehakuError as exc:
            if exc.slug == "shutting-down":
                raise  # not the file's fault: the job goes back to the queue
            result.state, result.status = "failed", "failed"
            result.problem, result.http_status = exc.slug, exc.status
            result.reason = getattr(exc, "reason", None) or exc.slug
            result.detail = _own_words(exc.detail, item.name, result.reason)
        except Exception as exc:
            log.exception("Tiedoston %s tuonti epäonnistui", item.name)
            result.state, result.status = "failed", "failed"
            result.problem, result.http_status, result.reason = "error", 500, "error"
            result.detail = f"Odottamaton virhe ({type(exc).__name__})."
        else:
            result.state, result.status = "done", outcome.status
            result.detail, result.document_id = outcome.detail, outcome.document_id
            result.pages, result.sections = outcome.pages, outcome.sections
            result.chunks = outcome.chunks
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _vanished(self, result: JobFile) -> JobFile:
        """A staged file that is gone: an earlier run moved it into place before it was
        interrupted (then its document may be stored), or the data directory was restored."""
        target = self.store.layout.uploads / result.name
        doc = self.store.document_by_source(str(target.resolve())) if target.is_file() else None
        if doc is not None:
            result.state, result.status, result.document_id = "done", "ingested", doc.id
            result.detail = "Tallentui ennen keskeytystä."
        else:
            result.state, result.status = "failed", "failed"
            result.problem, result.http_status, result.reason = "ingest", 422, "missing"
            result.detail = "Tiedosto katosi keskeytyksessä; lataa se uudelleen."
        return result

    def _audit(self, job: Job, result: JobFile) -> None:
        """One audit line per file, as an upload in the request wrote it."""
        if result.state == "done":
            status = 200 if result.status == "unchanged" else 201
        else:
            status = result.http_status or 500
        visibility = job.params.get("visibility") or "oletusnäkyvyys"
        self.audit.record(
            AuditEntry(
                actor=job.actor,
                role=job.role,
                action="upload",
                target=None if result.document_id is None else str(result.document_id),
                detail=f"{result.name} ({result.status}, {visibility}; työ {job.id})",
                client=job.client,
                status=status,
            )
        )
