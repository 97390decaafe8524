"""Loaders: one module per file format; :func:`load_file` picks one by suffix.

A loader reads what its format knows (text by page, a title or date the file itself states);
:func:`load_file` then runs the one metadata step (:func:`aluehaku.ingest.metadata.describe`)
that fills in the rest the same way for every format. A loader module may define
``title(doc, lines)``, its own title rule that needs the step's results (the PDF one does).

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

from ..metadata import describe
from ._common import check_size

_TEXT = "text/plain; charset=utf-8"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One supported file format: its loader module, its name and how the original is served.

    ``label`` is the document's ``metadata["format"]``; ``served_as`` is the media type of
    ``GET /documents/{id}/file``; markup (HTML) is served as plain text so that a hostile page
    can never run script on the service's origin.
    """

    suffix: str
    loader: str  # module inside this package
    label: str
    served_as: str
    inline: bool = True


#: Every format ingestion and the upload endpoint accept; a new loader is one line here.
FORMATS: tuple[FileFormat, ...] = (
    FileFormat(".pdf", "pdf", "pdf", "application/pdf"),
    FileFormat(".txt", "text", "text", _TEXT),
    FileFormat(".md", "text", "markdown", _TEXT),
    FileFormat(".markdown", "text", "markdown", _TEXT),
    FileFormat(".html", "html", "html", _TEXT),
    FileFormat(".htm", "html", "html", _TEXT),
    FileFormat(".csv", "tabular", "csv", _TEXT),
    FileFormat(".tsv", "tabular", "csv", _TEXT),
    FileFormat(".json", "records", "json", _TEXT),
    FileFormat(".jsonl", "records", "jsonl", _TEXT),
    FileFormat(".ndjson", "records", "jsonl", _TEXT),
    FileFormat(".docx", "office", "docx", _DOCX, inline=False),
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
    return describe(doc, path, fmt.label, getattr(module, "title", None))
