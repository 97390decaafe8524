"""Settings: precedence of sources, and the README documenting every one of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.config import Settings, load_settings

README = Path(__file__).parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [n for n in Settings.model_fields if f"`ALUEHAKU_{n.upper()}`" not in text]
    assert not missing, f"README lacks: {missing}"


def test_environment_beats_settings_file_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "aluehaku.toml"
    toml.write_text('data_dir = "from-file"\nrrf_k = 30\n', encoding="utf-8")
    monkeypatch.setenv("ALUEHAKU_SETTINGS_FILE", str(toml))
    assert Settings().data_dir == Path("from-file") and Settings().rrf_k == 30
    monkeypatch.setenv("ALUEHAKU_DATA_DIR", "from-env")
    assert Settings().data_dir == Path("from-env")
    assert load_settings(data_dir=Path("from-flag")).data_dir == Path("from-flag")


def test_invalid_value_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALUEHAKU_SEARCH_MODE", "psychic")
    with pytest.raises(ValueError):
        Settings()
