"""Logging helpers shared by the command line and the ingest workers."""

from __future__ import annotations

import logging

#: Where pypdf's notes go (at DEBUG): ``ALUEHAKU_LOG_LEVEL=DEBUG`` shows them.
PDF_LOGGER = "aluehaku.ingest.pypdf"


class _ToDebug(logging.Handler):
    """Re-log a library's records at DEBUG (errors stay errors) under :data:`PDF_LOGGER`."""

    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger(PDF_LOGGER)
        level = logging.ERROR if record.levelno >= logging.ERROR else logging.DEBUG
        if target.isEnabledFor(level):
            target.log(level, "%s: %s", record.name, record.getMessage())


def route_pypdf_to_debug() -> None:
    """Keep pypdf's warnings (fonts, odd streams: thousands in a batch) off the console.

    The pypdf loggers stop propagating to the root handlers; their records go on at DEBUG, and
    what the loader could not read is reported per file in the ingest report anyway. Idempotent.
    """
    library = logging.getLogger("pypdf")
    if not any(isinstance(h, _ToDebug) for h in library.handlers):
        library.addHandler(_ToDebug())
    library.propagate = False
