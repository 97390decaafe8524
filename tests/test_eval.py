"""`aluehaku eval`: retrieval metrics per mode from a labelled query file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aluehaku.cli import app
from aluehaku.errors import UsageError
from aluehaku.search.evaluation import (
    bootstrap_ci,
    load_queries,
    ndcg_at,
    recall_at,
    reciprocal_rank,
)

from .conftest import TEXT_CORPUS

runner = CliRunner()


def test_metric_functions() -> None:
    ranked = ["a", "x", "b"]
    assert reciprocal_rank(ranked, {"b"}) == pytest.approx(1 / 3)
    assert recall_at(ranked, {"a", "b", "c"}, 2) == pytest.approx(1 / 3)
    assert ndcg_at(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg_at(["x", "a"], {"a"}) < 1.0


def test_eval_prints_each_mode_with_file_name_labels(tmp_path: Path) -> None:
    data = tmp_path / "idx"
    assert (
        runner.invoke(app, ["ingest", str(TEXT_CORPUS), "-d", str(data), "--json"]).exit_code == 0
    )
    queries = tmp_path / "kyselyt.json"
    queries.write_text(
        json.dumps(
            [
                {"query": "rakennemuutos Jämsässä", "relevant": ["jamsa_rakennemuutos.md"]},
                {"query": "paperitehtaan sulkeminen", "relevant": ["kaipola_paperitehdas.txt"]},
                {"question": "JTF-rahoituksen haku", "relevant": ["jtf_haku.txt"]},
            ]
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["eval", str(queries), "-d", str(data), "--modes", "lexical", "--json"]
    )
    assert result.exit_code == 0, result.stdout
    body = json.loads(result.stdout)
    assert body["queries"] == 3
    metrics = body["metrics"]["lexical"]
    assert set(metrics) == {"nDCG@10", "Recall@5", "Recall@20", "MRR"}
    assert metrics["MRR"] == pytest.approx(1.0)  # each relevant document ranks first
    low, high = body["ci95"]["lexical"]["nDCG@10"]
    assert low <= metrics["nDCG@10"] <= high


def test_bootstrap_interval_brackets_the_mean_and_is_repeatable() -> None:
    values = [1.0, 0.0, 0.5, 1.0, 0.63, 0.0, 1.0, 0.39, 1.0, 0.5]
    low, high = bootstrap_ci(values, rounds=1000)
    mean = sum(values) / len(values)
    assert low < mean < high
    assert low >= 0.0 and high <= 1.0
    assert bootstrap_ci(values, rounds=1000) == (low, high)  # seeded
    # More queries with the same spread give a narrower interval.
    wide = high - low
    low10, high10 = bootstrap_ci(values * 10, rounds=1000)
    assert high10 - low10 < wide


def test_bootstrap_interval_of_identical_values_has_no_width() -> None:
    assert bootstrap_ci([0.7] * 20, rounds=200) == pytest.approx((0.7, 0.7))


def test_malformed_query_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "huono.json"
    bad.write_text('[{"query": "uimahalli"}]', encoding="utf-8")
    with pytest.raises(UsageError):
        load_queries(bad)
    result = runner.invoke(app, ["eval", str(bad), "-d", str(tmp_path / "idx")])
    assert result.exit_code == 2
