"""Build a store from the answer test corpus (loader -> sections -> chunks -> facts)."""

from __future__ import annotations

from pathlib import Path

from aluehaku.config import Settings
from aluehaku.store import Store

CORPUS = Path(__file__).parent / "corpora" / "answers"


def build_store(data_dir: Path, **overrides: object) -> tuple[Store, Settings]:
    """Ingest the answer test corpus (facts included) through the real pipeline."""
    from aluehaku.ingest.pipeline import Ingestor

    settings = Settings(data_dir=data_dir, search_mode="lexical", workers=1, **overrides)  # type: ignore[arg-type]
    store = Store(data_dir)
    report = Ingestor(store, settings).run([CORPUS])
    assert not report.failed, report.failed
    return store, settings
