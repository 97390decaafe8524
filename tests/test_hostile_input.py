"""Hostile and broken input: property tests for every loader and the analyzer, and a generated
corpus of hostile files run through the real pipeline under its time and memory bounds."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.ingest.loaders import SUPPORTED_SUFFIXES, load_file
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store
from tests._reliability_support import (
    HOSTILE_HTML,
    HTML_SECRETS,
    MISMATCHED_CSV,
    big_text_file,
    bomb_pdf,
    cyclic_pdf,
    giant_page_count_pdf,
    nested_pdf,
    sparse_file,
    store_problems,
    wide_page_tree_pdf,
)

LOADER_SETTINGS = Settings(ocr="off", max_file_mb=5)

# Seeds that look like each format, so that hypothesis mutates near-valid files, not only noise.
_SEEDS: dict[str, bytes] = {
    ".pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>"
    b"\n%%EOF",
    ".html": b"<html><body><main><h1>Otsikko</h1><p>Teksti</p></main></body></html>",
    ".csv": b"nimi;koodi\nHanke;1\n",
    ".json": b'[{"nimi": "Hanke", "kuvaus": "Teksti"}]',
    ".docx": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
}


def _file_bytes(suffix: str) -> st.SearchStrategy[bytes]:
    seed = _SEEDS.get(suffix, b"Kunnanhallitus p\xc3\xa4\xc3\xa4tti.")
    noise = st.binary(max_size=2000)
    mutated = st.tuples(st.integers(0, len(seed)), noise).map(
        lambda pair: seed[: pair[0]] + pair[1] + seed[pair[0] :]
    )
    texty = st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(noise, mutated, texty)


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_loaders_raise_only_ingest_error_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=_file_bytes(suffix))
    def run(data: bytes) -> None:
        path = folder / f"sample{suffix}"
        path.write_bytes(data)
        try:
            doc = load_file(path, LOADER_SETTINGS)
        except IngestError as exc:
            assert exc.reason and exc.detail  # a stable code and a readable message
            return
        assert doc.pages, "a loaded document has pages"
        assert all(isinstance(p.text, str) for p in doc.pages)

    run()


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400))
def test_analyzer_never_fails_and_is_deterministic(text: str) -> None:
    from aluehaku.analysis import get_analyzer

    analyzer = get_analyzer()
    first = analyzer.analyze(text)
    assert analyzer.analyze(text) == first
    query = analyzer.analyze_query(text)
    assert analyzer.analyze_query(text) == query
    assert all(isinstance(t, str) and t for t in first.lemmas)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("aäöbcdefghijklmnoprstuvy-­​\u00ad\u200b §.,:;'\"()*\n")),
        max_size=300,
    )
)
def test_analyzer_on_finnish_like_text_with_artefacts(text: str) -> None:
    from aluehaku.analysis import get_analyzer
    from aluehaku.analysis.fts import fts_match_expression

    analyzed = get_analyzer().analyze_query(text)
    expr = fts_match_expression(analyzed)
    assert expr is None or isinstance(expr, str)


# --- the hostile corpus -----------------------------------------------------------------------

# name -> (builder, expected statuses, expected reasons (None: any), extra check)
HOSTILE_SETTINGS = {
    "parse_timeout_s": 20.0,
    "parse_timeout_per_mb_s": 0.0,  # one bound for every hostile file, whatever its size
    "parse_memory_mb": 768,
    "max_file_mb": 50.0,
    "workers": 2,
    "ocr": "off",
    "embed_after_ingest": False,
}


def _build_hostile(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "bomb": bomb_pdf(folder / "pommi.pdf", inflated_mb=1024),
        "nested": nested_pdf(folder / "sisakkainen.pdf"),
        "cyclic": cyclic_pdf(folder / "kehä.pdf"),
        "giant_count": giant_page_count_pdf(folder / "jattisivumaara.pdf"),
        "wide_tree": wide_page_tree_pdf(folder / "levea_puu.pdf"),
        "binary_txt": folder / "binaari.txt",
        "nul_txt": folder / "nollia.txt",
        "html": folder / "vihamielinen.html",
        "csv": folder / "sarakkeet.csv",
        "empty": folder / "tyhja.txt",
        "latin1": folder / "latin1.txt",
        "bad_utf8": folder / "rikkinainen.md",
        "sparse_big": sparse_file(folder / "harva.txt", 60 * 1024 * 1024),
        "good": folder / "hyva.txt",
    }
    import random

    rng = random.Random(3)
    files["binary_txt"].write_bytes(bytes(rng.randrange(256) for _ in range(50_000)))
    files["nul_txt"].write_bytes(b"\0" * 10_000)
    files["html"].write_text(HOSTILE_HTML, encoding="utf-8")
    files["csv"].write_text(MISMATCHED_CSV, encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["latin1"].write_bytes("Kunnanhallitus päätti Äänekosken pyörätiestä.\n".encode("latin-1"))
    files["bad_utf8"].write_bytes(
        "# Pöytäkirja\n\nHallitus päätti ".encode() + b"\xff\xfe\xc3(" + b" hankkeesta."
    )
    files["good"].write_text("Kunnanhallitus päätti kirjaston aukioloajoista.\n", "utf-8")
    return files


#: What aluehaku must do with each hostile file: (status, reason) pairs it may end with.
EXPECTED: dict[str, set[tuple[str, str | None]]] = {
    "bomb": {("failed", "too-large")},
    "nested": {("ingested", None), ("failed", "corrupt")},
    "cyclic": {("failed", "corrupt")},
    "giant_count": {("ingested", None)},
    "wide_tree": {("failed", "corrupt"), ("ingested", None)},
    "binary_txt": {("failed", "binary")},
    "nul_txt": {("failed", "binary")},
    "html": {("ingested", None)},
    "csv": {("ingested", None)},
    "empty": {("skipped", "empty")},
    "latin1": {("ingested", None)},
    "bad_utf8": {("ingested", None)},
    "sparse_big": {("failed", "too-large")},
    "good": {("ingested", None)},
}


@pytest.mark.slow
def test_hostile_corpus_is_handled_within_bounds(tmp_path: Path) -> None:
    files = _build_hostile(tmp_path / "in")
    assert files["bomb"].stat().st_size < 3 * 1024 * 1024  # small on disk, 1 GB inflated
    data = tmp_path / "data"
    config = Settings(data_dir=data, **HOSTILE_SETTINGS)  # type: ignore[arg-type]
    store = Store(data)
    started = time.monotonic()
    report = Ingestor(store, config).run([tmp_path / "in"])
    elapsed = time.monotonic() - started
    by_path = {Path(i.source).name: i for i in report.items}
    summary = {}
    for name, path in files.items():
        item = by_path[path.name]
        summary[name] = (item.status, item.reason, item.detail)
        assert (item.status, item.reason) in EXPECTED[name], (name, item)
        if item.status in ("failed", "skipped"):
            assert item.detail and "Traceback" not in item.detail  # a clear per-file reason
        assert item.seconds <= config.parse_timeout_s + 5, (name, item.seconds)
    # Every hostile file is bounded: nothing ran into the per-file timeout or killed a worker.
    assert not [i for i in report.items if i.reason in ("timeout", "crashed")], summary
    assert elapsed < 120

    db = data / "aluehaku.sqlite"
    assert store_problems(db) == []
    conn = sqlite3.connect(db)
    texts = {
        Path(src).name: text
        for src, text in conn.execute(
            "SELECT d.source, group_concat(c.text, ' ') FROM chunks c"
            " JOIN documents d ON d.id = c.document_id GROUP BY d.id"
        )
    }
    conn.close()
    html = texts["vihamielinen.html"]
    assert "uimahallin peruskorjauksesta" in html
    for secret in HTML_SECRETS:
        assert secret not in html, secret
    csv_text = texts["sarakkeet.csv"]
    assert "Uimahallin korjaus" in csv_text and "Pyörätiet" in csv_text
    assert "Äänekosken" in texts["latin1.txt"]
    assert "hankkeesta" in texts["rikkinainen.md"]
    giant = texts["jattisivumaara.pdf"]
    assert "kaavoituksesta" in giant and "joukkoliikenteesta" in giant
    # The report on disk carries the same reasons, for whoever runs the batch unattended.
    on_disk = json.loads(Path(report.report_path or "").read_text(encoding="utf-8"))
    reasons = {Path(i["source"]).name: i["reason"] for i in on_disk["items"]}
    assert reasons["pommi.pdf"] == "too-large" and reasons["binaari.txt"] == "binary"


@pytest.mark.slow
def test_100_mb_text_file(tmp_path: Path) -> None:
    """A real 100 MB text file: refused by size under the default-like bound, and with the bound
    raised it is parsed within the time and memory bounds or refused with a clear reason."""
    folder = tmp_path / "in"
    folder.mkdir()
    big = big_text_file(folder / "sata_megaa.txt", 100 * 1024 * 1024)
    (folder / "pieni.txt").write_text("Valtuusto hyväksyi talousarvion.\n", encoding="utf-8")
    data = tmp_path / "data"
    config = Settings(data_dir=data, **HOSTILE_SETTINGS)  # type: ignore[arg-type]
    store = Store(data)
    report = Ingestor(store, config).run([folder])
    by_name = {Path(i.source).name: i for i in report.items}
    assert (by_name[big.name].status, by_name[big.name].reason) == ("failed", "too-large")
    assert by_name["pieni.txt"].status == "ingested"
    # Raise the size bound: now the time/memory bound of the worker decides, never the batch.
    config = config.model_copy(update={"max_file_mb": 200.0, "parse_timeout_s": 15.0})
    started = time.monotonic()
    report = Ingestor(store, config).run([folder])
    item = {Path(i.source).name: i for i in report.items}[big.name]
    assert time.monotonic() - started < 60
    assert (item.status, item.reason) in {
        ("ingested", None),
        ("failed", "timeout"),
        ("failed", "too-large"),
    }, item
    assert item.detail or item.status == "ingested"
    assert store_problems(data / "aluehaku.sqlite") == []


def test_the_parse_bound_grows_with_the_file(tmp_path: Path) -> None:
    """A 4 MB register of 20,000 rows parses for longer than a page; a hostile file's bound
    stays what the settings say."""
    from aluehaku.ingest.worker import parse_limit

    small = tmp_path / "rivi.csv"
    small.write_text("Koodi,Nimi\nS1,Hanke\n", encoding="utf-8")
    register = tmp_path / "rekisteri.csv"
    register.write_bytes(b"S1,Hanke\n" * (4 * 1024 * 1024 // 9 + 1))
    settings = Settings(data_dir=tmp_path, parse_timeout_s=120, parse_timeout_per_mb_s=30)
    assert parse_limit(str(small), settings) == pytest.approx(120, abs=0.01)
    assert parse_limit(str(register), settings) == pytest.approx(240, abs=0.1)
    assert parse_limit(str(tmp_path / "puuttuu.csv"), settings) == 120
    fixed = settings.model_copy(update={"parse_timeout_per_mb_s": 0.0})
    assert parse_limit(str(register), fixed) == 120
