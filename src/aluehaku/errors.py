"""One exception tree for the whole product.

Every error that a user can cause or meet derives from :class:`AluehakuError`. The CLI prints
``title: detail`` and exits with ``exit_code``; the API renders the same object as RFC 9457
problem details (``type``, ``title``, ``status``, ``detail``) via :meth:`AluehakuError.to_problem`.
Messages are written for the person reading them and never contain stack traces.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import Any, ClassVar


class AluehakuError(Exception):
    """Base of every error aluehaku raises on purpose."""

    #: Short, stable slug; the problem ``type`` is ``/problems/<slug>``.
    slug: ClassVar[str] = "error"
    title: ClassVar[str] = "Virhe"
    status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 1

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """Render as an RFC 9457 problem-details object."""
        problem: dict[str, Any] = {
            "type": f"/problems/{self.slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            problem["instance"] = instance
        problem.update({k: v for k, v in self.extra.items() if v is not None})
        return problem


class ConfigurationError(AluehakuError):
    """The settings or the installation are not usable."""

    slug = "configuration"
    title = "Asetusvirhe"
    status = 500
    exit_code = 2


class DependencyMissingError(ConfigurationError):
    """A system library or optional package is missing; the detail says how to install it."""

    slug = "dependency-missing"
    title = "Puuttuva riippuvuus"


class UsageError(AluehakuError):
    """The caller asked for something malformed (bad query, bad argument)."""

    slug = "invalid-request"
    title = "Virheellinen pyyntö"
    status = 400
    exit_code = 2


class NotFoundError(AluehakuError):
    """A document, chunk or file does not exist."""

    slug = "not-found"
    title = "Ei löytynyt"
    status = 404
    exit_code = 1


class StoreError(AluehakuError):
    """The data directory cannot be opened or is inconsistent."""

    slug = "store"
    title = "Tietovaraston virhe"
    status = 500
    exit_code = 1


class StoreLockedError(StoreError):
    """Another process holds the write lock of the data directory."""

    slug = "store-locked"
    title = "Tietovarasto on varattu"
    status = 503


class SchemaVersionError(StoreError):
    """The database was written by a newer aluehaku than this one."""

    slug = "schema-version"
    title = "Tuntematon tietokantaversio"


class DiskFullError(AluehakuError):
    """The disk (or the data directory's file system) has no room left: ``ENOSPC``."""

    slug = "disk-full"
    title = "Levy on täynnä"
    status = 507
    exit_code = 3


class ReasonedError(AluehakuError):
    """An error about one item that carries a stable machine-readable ``reason`` code."""

    default_reason: ClassVar[str] = "error"

    def __init__(self, detail: str, reason: str | None = None, **extra: Any) -> None:
        reason = reason or self.default_reason
        super().__init__(detail, reason=reason, **extra)
        self.reason = reason


class IngestError(ReasonedError):
    """One item could not be ingested; ``reason`` is a stable machine-readable code."""

    slug = "ingest"
    title = "Tiedoston lukeminen epäonnistui"
    status = 422
    exit_code = 1
    default_reason = "corrupt"


class FetchError(ReasonedError):
    """A remote resource of a source could not be fetched safely; ``reason`` is a stable code.

    Reasons: ``scheme``, ``blocked-address``, ``dns``, ``robots``, ``too-many-redirects``,
    ``too-large``, ``timeout``, ``content-type``, ``http-status``, ``network``.
    """

    slug = "fetch"
    title = "Haku verkosta epäonnistui"
    status = 502
    exit_code = 1
    default_reason = "network"


class ModelMismatchError(AluehakuError):
    """The index was embedded with another model than the configured one."""

    slug = "model-mismatch"
    title = "Upotusmalli ei vastaa indeksiä"
    status = 409
    exit_code = 1


def is_disk_full(exc: BaseException) -> bool:
    """True for "no space left on device" from the OS or from SQLite."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)
