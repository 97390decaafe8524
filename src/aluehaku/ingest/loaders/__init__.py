"""Loaders: one module per file format; :func:`load_file` picks one by suffix.

Every loader is a pure function of the file (it runs in a worker process) and raises
:class:`~aluehaku.errors.IngestError` with a stable ``reason``: ``unsupported``, ``empty``,
``encrypted``, ``no-text``, ``corrupt``, ``too-large``, ``encoding`` or ``binary``. Heavy libraries
(pypdf, BeautifulSoup, python-docx) are imported only by the loader that needs them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument

from ._common import check_size

_TEXT = "text/plain; charset=utf-8"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One supported file format: its loader module and how the original is served.

    ``served_as`` is the media type of ``GET /documents/{id}/file``; markup (HTML) is served as
    plain text so that a hostile page can never run script on the service's origin.
    """

    suffix: str
    loader: str  # module inside this package
    served_as: str
    inline: bool = True


#: Every format ingestion and the upload endpoint accept; a new loader is one line here.
FORMATS: tuple[FileFormat, ...] = (
    FileFormat(".pdf", "pdf", "application/pdf"),
    FileFormat(".txt", "text", _TEXT),
    FileFormat(".md", "text", _TEXT),
    FileFormat(".markdown", "text", _TEXT),
    FileFormat(".html", "html", _TEXT),
    FileFormat(".htm", "html", _TEXT),
    FileFormat(".csv", "tabular", _TEXT),
    FileFormat(".tsv", "tabular", _TEXT),
    FileFormat(".json", "records", _TEXT),
    FileFormat(".jsonl", "records", _TEXT),
    FileFormat(".ndjson", "records", _TEXT),
    FileFormat(".docx", "office", _DOCX, inline=False),
)
BY_SUFFIX: dict[str, FileFormat] = {f.suffix: f for f in FORMATS}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(BY_SUFFIX)


def load_file(path: Path, settings: Settings) -> LoadedDocument:
    """Load one file into a :class:`LoadedDocument`; raise :class:`IngestError` with a reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = BY_SUFFIX.get(suffix)
    if fmt is None:
        raise IngestError(
            f"Tiedostomuotoa {suffix or '(ei päätettä)'} ei tueta "
            f"(tuetut: {', '.join(sorted(SUPPORTED_SUFFIXES))}).",
            reason="unsupported",
        )
    check_size(path, settings)
    module = importlib.import_module(f"{__name__}.{fmt.loader}")
    doc: LoadedDocument = module.load(path, settings)
    return doc
