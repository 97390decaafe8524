"""The API's side of the audit trail: one call per audited action, with the caller, the client
address and what the settings allow of a question's text.

Writing a line never fails the request it describes: an error is logged instead (a read must
not become unavailable because, say, the disk is full). Expired lines are purged when the app
starts and then at most once a day by whichever process writes next.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable

from fastapi import Request

from aluehaku.config import Settings
from aluehaku.store import Store
from aluehaku.store.audit import AuditEntry, purge, purge_if_due, record

from .principals import Principal

log = logging.getLogger(__name__)

#: How often a process looks whether the daily purge is due (cheap: one meta read).
_CHECK_EVERY_S = 3600.0
#: Longest text kept of a question or query.
_MAX_TEXT = 1000


def actor_name(principal: Principal) -> str:
    """Who a principal is on the trail: its subject, with its display name when it has one."""
    return principal.subject if not principal.name else f"{principal.subject} ({principal.name})"


class AuditLog:
    """Writes audit lines for one app."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._next_check = 0.0
        if settings.audit_log:
            self._guard(lambda: purge(store, settings.audit_retention_days))

    def question(self, text: str) -> str | None:
        """A question or query as ``audit_questions`` allows it to be kept."""
        mode = self.settings.audit_questions
        if mode == "none":
            return None
        if mode == "hash":
            return "sha256:" + hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
        return text[:_MAX_TEXT]

    def write(
        self,
        request: Request,
        principal: Principal,
        action: str,
        *,
        target: str | int | None = None,
        detail: str | None = None,
        status: int = 200,
    ) -> None:
        """Record that ``principal`` did ``action`` (from the request's client address)."""
        self.record(
            AuditEntry(
                actor=actor_name(principal),
                role=principal.role,
                action=action,
                target=None if target is None else str(target),
                detail=detail,
                client=request.client.host if request.client else None,
                status=status,
            )
        )

    def record(self, entry: AuditEntry) -> None:
        """Record ``entry`` as it is (an ingestion job writes its files' lines when they are
        stored, long after the request that queued them)."""
        if not self.settings.audit_log:
            return
        self._guard(lambda: record(self.store, entry))
        self._maybe_purge()

    def _maybe_purge(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now < self._next_check:
                return
            self._next_check = now + _CHECK_EVERY_S
        self._guard(lambda: purge_if_due(self.store, self.settings.audit_retention_days))

    @staticmethod
    def _guard(action: Callable[[], object]) -> None:
        try:
            action()
        except (sqlite3.Error, OSError) as exc:
            log.error("Tarkastuslokiin ei voitu kirjoittaa: %s", exc)
