"""Where everything lives under a data directory: the one place that spells out its paths.

A data directory holds the SQLite database (the single source of truth), the derived FAISS index
under ``dense/``, the derived lexical (bm25s) index under ``lexical/``, the ingest reports under
``reports/``, the originals uploaded through the API under ``uploads/``, the files ``aluehaku
sync`` fetched under ``sources/``, and the write, ingest, upload and server locks. A backup folder
has the same layout plus its manifest, so backup and restore describe both ends with this class
too. The ONNX model cache is not part of a data directory (it is shared between them; see
``model_cache_dir``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "aluehaku.sqlite"


@dataclass(frozen=True, slots=True)
class DataLayout:
    """The paths of the data directory (or backup folder) ``root``; nothing is created."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def database(self) -> Path:
        """The SQLite database."""
        return self.root / DATABASE_NAME

    @property
    def dense_dir(self) -> Path:
        """The folder of the derived FAISS index (its data files and sidecar)."""
        return self.root / "dense"

    @property
    def dense_index(self) -> Path:
        """The FAISS index; its sidecar is ``<dense_index>.json``, its data files beside it."""
        return self.dense_dir / "chunks.faiss"

    @property
    def dense_sidecar(self) -> Path:
        """The FAISS index's JSON sidecar (the commit point that names its data file)."""
        return self.dense_index.with_name(self.dense_index.name + ".json")

    @property
    def lexical_dir(self) -> Path:
        """The folder of the derived lexical (bm25s) index: its versions and ``index.json``."""
        return self.root / "lexical"

    @property
    def reports(self) -> Path:
        """Ingest reports, one JSON file per run."""
        return self.root / "reports"

    @property
    def uploads(self) -> Path:
        """Originals uploaded through the API; documents point at them."""
        return self.root / "uploads"

    @property
    def sources(self) -> Path:
        """Files fetched by ``aluehaku sync``, one folder per source; documents point at them."""
        return self.root / "sources"

    @property
    def jobs(self) -> Path:
        """Files of queued ingestion jobs, one folder per job, removed when the job ends."""
        return self.root / "jobs"

    @property
    def metrics(self) -> Path:
        """Metric files of the server processes (Prometheus multiprocess mode), reset at start."""
        return self.root / "metrics"

    @property
    def job_lock(self) -> Path:
        """The ``flock`` file that the worker running a job holds (one job at a time)."""
        return self.root / ".job.lock"

    @property
    def write_lock(self) -> Path:
        """The ``flock`` file that keeps writers from interleaving."""
        return self.root / ".write.lock"

    @property
    def ingest_lock(self) -> Path:
        """The ``flock`` file that one ``aluehaku ingest`` run holds from start to end."""
        return self.root / ".ingest.lock"

    @property
    def upload_lock(self) -> Path:
        """The ``flock`` file that one upload holds while it saves, ingests or undoes its file."""
        return self.root / ".upload.lock"

    @property
    def server_lock(self) -> Path:
        """The ``flock`` file that a running server holds shared and a restore exclusively."""
        return self.root / ".server.lock"

    @property
    def backup_manifest(self) -> Path:
        """The manifest ``aluehaku backup`` writes into a backup folder."""
        return self.root / "backup.json"
