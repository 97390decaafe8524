"""Loaders: one module per file format; :func:`load_file` picks one by suffix.

Every loader is a pure function of the file (it runs in a worker process) and raises
:class:`~aluehaku.errors.IngestError` with a stable ``reason``: ``unsupported``, ``empty``,
``encrypted``, ``no-text``, ``corrupt``, ``too-large``, ``encoding`` or ``binary``. Heavy libraries
(pypdf, BeautifulSoup, python-docx) are imported only by the loader that needs them.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument

from ._common import check_size

#: Suffix -> loader module (inside this package).
_LOADERS: dict[str, str] = {
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".csv": "tabular",
    ".tsv": "tabular",
    ".json": "records",
    ".jsonl": "records",
    ".ndjson": "records",
    ".docx": "office",
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)


def load_file(path: Path, settings: Settings) -> LoadedDocument:
    """Load one file into a :class:`LoadedDocument`; raise :class:`IngestError` with a reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    module_name = _LOADERS.get(suffix)
    if module_name is None:
        raise IngestError(
            f"Tiedostomuotoa {suffix or '(ei päätettä)'} ei tueta "
            f"(tuetut: {', '.join(sorted(SUPPORTED_SUFFIXES))}).",
            reason="unsupported",
        )
    check_size(path, settings)
    module = importlib.import_module(f"{__name__}.{module_name}")
    doc: LoadedDocument = module.load(path, settings)
    return doc
