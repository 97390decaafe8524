"""Helpers for the reliability tests: generated corpora, hostile files, consistency checks.

Everything is generated at test time under a temporary folder; nothing here is committed as
data. All text is invented.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_WORDS = [
    "kunnanhallitus",
    "päätti",
    "hyväksyä",
    "hankkeen",
    "rahoituksen",
    "uimahallin",
    "peruskorjaus",
    "kaavoitus",
    "maakunnan",
    "liitto",
    "kehittämishanke",
    "yritysverkosto",
    "kiertotalous",
    "matkailu",
    "nuorten",
    "työllisyys",
    "rakennemuutos",
    "investointi",
    "avustus",
    "talousarvio",
    "pöytäkirja",
    "valtuusto",
    "esittelijä",
]


def marker(n: int) -> str:
    """A made-up word unique to document ``n`` (letters only, so the analyzer keeps it)."""
    letters = "bcdfghjklmnprstv"
    code = "".join(letters[int(d)] for d in f"{n:04d}")
    return f"zorbu{code}"


def make_corpus(folder: Path, n_text: int = 40, n_pdf: int = 3, seed: int = 7) -> list[Path]:
    """``n_text`` small text documents and ``n_pdf`` PDFs, each with its own marker word."""
    from tests.pdf_factory import make_pdf

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for i in range(n_text):
        paras = []
        for _ in range(rng.randint(3, 8)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(30, 80))]
            paras.append(" ".join(words).capitalize() + ".")
        body = f"Asiakirja {i}\n\n{marker(i)} " + "\n\n".join(paras) + "\n"
        path = folder / f"doc_{i:03d}.txt"
        path.write_text(body, encoding="utf-8")
        files.append(path)
    for j in range(n_pdf):
        n = n_text + j
        lines = [f"{marker(n)} {' '.join(rng.choice(_WORDS) for _ in range(8))}" for _ in range(20)]
        files.append(make_pdf(folder / f"doc_{n:03d}.pdf", [lines[:10], lines[10:]]))
    return files


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for an ``aluehaku`` subprocess: no developer settings leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUEHAKU_")}
    env["ALUEHAKU_SETTINGS_FILE"] = os.devnull
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def cli(*args: str) -> list[str]:
    """The argv of ``aluehaku ARGS`` run by this interpreter, test embedders registered."""
    return [sys.executable, "-m", "tests.cli", *args]


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a CLI subprocess in its own process group (so a kill reaches its workers too)."""
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """``kill -9`` the process group that :func:`start` created, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def wait_for(predicate: Any, timeout: float = 30.0, step: float = 0.02) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def store_problems(db_path: Path) -> list[str]:
    """Everything that would make the store inconsistent; empty when it is sound.

    Checks SQLite's ``integrity_check``, FTS5's own ``integrity-check`` (index vs. content), that
    every document has at least one chunk (no half-ingested document), that the FTS index holds
    exactly one row per chunk, and that every chunk's ``embed_hash`` points at a stored vector.
    """
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        q = conn.execute
        problems = [r[0] for r in q("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        try:
            q("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"fts integrity-check: {exc}")
        empty_docs = q(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM chunks c WHERE c.document_id = d.id)"
        ).fetchone()[0]
        if empty_docs:
            problems.append(f"{empty_docs} documents without chunks")
        chunks = q("SELECT count(*) FROM chunks").fetchone()[0]
        # chunks_fts is an external-content table: count(*) on it reads `chunks`; the docsize
        # shadow table has one row per row actually indexed.
        fts_rows = q("SELECT count(*) FROM chunks_fts_docsize").fetchone()[0]
        if fts_rows != chunks:
            problems.append(f"fts rows {fts_rows} != chunks {chunks}")
        dangling = q(
            "SELECT count(*) FROM chunks c WHERE c.embed_hash IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.embed_hash = c.embed_hash)"
        ).fetchone()[0]
        if dangling:
            problems.append(f"{dangling} chunks point at missing vectors")
        return problems
    finally:
        conn.close()


def stored_sources(db_path: Path) -> list[str]:
    """Every document source in the store (a list, so duplicates would show)."""
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return [r[0] for r in conn.execute("SELECT source FROM documents")]
    finally:
        conn.close()


# --- hostile PDFs, written byte by byte so that each one is exactly what its name says ---------


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A syntactically valid PDF with the given numbered objects and a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(parent: int, contents: int, font: int, extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (parent, contents, font, extra)
    )


def _text(words: str) -> bytes:
    return _stream(b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % words.encode("ascii"))


def bomb_pdf(path: Path, inflated_mb: int = 1024) -> Path:
    """One page whose content stream inflates to ``inflated_mb`` MB of zeros (~1 MB on disk)."""
    comp = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    data = b"".join(comp.compress(block) for _ in range(inflated_mb)) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(2, 4, 5),
        _stream(data, b"/Filter /FlateDecode"),
        _FONT,
    ]
    path.write_bytes(pdf_bytes(objs))
    return path


def nested_pdf(path: Path, depth: int = 50_000) -> Path:
    """A readable page whose resources hold a dictionary nested ``depth`` levels deep, and a
    catalog entry pointing at an array nested ``depth`` levels deep."""
    deep_dict = b"<< /A " * depth + b"1" + b" >>" * depth
    deep_array = b"[" * depth + b"]" * depth
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(2, 4, 5, b"/X " + deep_dict),
        _text("Kunnanhallitus paatti syvasti sisakkaisista olioista ja uimahallista"),
        _FONT,
        deep_array,
    ]
    path.write_bytes(pdf_bytes(objs))
    return path


def cyclic_pdf(path: Path) -> Path:
    """A page tree whose Pages node lists itself as its kid, plus a self-referencing object."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Self 3 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        b"<< /Me 3 0 R /Next 3 0 R >>",
    ]
    path.write_bytes(pdf_bytes(objs))
    return path


def giant_page_count_pdf(path: Path, claimed: int = 2_000_000_000) -> Path:
    """A page tree that claims ``claimed`` pages (/Count) but holds two real ones."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count %d >>" % claimed,
        _page(2, 4, 5),
        _text("Ensimmainen sivu kertoo kaavoituksesta ja maankaytosta"),
        _FONT,
        _page(2, 7, 5),
        _text("Toinen sivu kertoo joukkoliikenteesta ja pyorateista"),
    ]
    path.write_bytes(pdf_bytes(objs))
    return path


def wide_page_tree_pdf(path: Path, kids: int = 300_000) -> Path:
    """A page tree that really lists ``kids`` pages (all the same page object)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count %d >>" % kids,
        _page(2, 4, 5),
        _text("Sama sivu yha uudelleen"),
        _FONT,
    ]
    path.write_bytes(pdf_bytes(objs))
    return path


HOSTILE_HTML = """<!doctype html><html><head><title>Uimahalli</title>
<script>var salaisuus = "SKRIPTISALAISUUS"; document.write("SKRIPTITULOSTE");</script>
<style>body { background: url("javascript:TYYLISALAISUUS") }</style></head>
<body onload="alert('ONLOADSALAISUUS')"><main>
<h1 onclick="steal()">Uimahallin peruskorjaus</h1>
<p onmouseover="alert('HIIRISALAISUUS')">Kunnanhallitus päätti uimahallin peruskorjauksesta.</p>
<img src="x" onerror="alert('KUVASALAISUUS')" alt="kuva">
<a href="javascript:alert('LINKKISALAISUUS')">linkki</a>
<noscript>EISKRIPTIA</noscript><iframe srcdoc="KEHYSSALAISUUS"></iframe>
<svg><script>alert('SVGSALAISUUS')</script></svg>
</main></body></html>
"""

#: Text that a hostile page hides in code; none of it may reach a chunk.
HTML_SECRETS = (
    "SKRIPTISALAISUUS",
    "SKRIPTITULOSTE",
    "TYYLISALAISUUS",
    "ONLOADSALAISUUS",
    "HIIRISALAISUUS",
    "KUVASALAISUUS",
    "steal(",
    "onclick",
    "onerror",
    "onload",
    "EISKRIPTIA",
    "KEHYSSALAISUUS",
    "SVGSALAISUUS",
    "<script",
)

MISMATCHED_CSV = (
    "hankekoodi;nimi;rahoittaja;budjetti\n"
    "A1;Uimahallin korjaus;Kunta;100000\n"
    "A2;Liian lyhyt rivi\n"
    "A3;Liian pitkä rivi;Kunta;5;ylimääräinen;vielä yksi\n"
    'A4;"Lainaus joka ei lopu;Kunta;7\n'
    "A5;Pyörätiet;Maakunnan liitto;250000\n"
)


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole full of zero bytes)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def big_text_file(path: Path, size: int) -> Path:
    """A real text file of about ``size`` bytes, written in blocks (never held in memory)."""
    line = ("Kunnanhallitus päätti uimahallin peruskorjauksesta ja rahoituksesta. " * 4) + "\n"
    block = line.encode("utf-8") * 2000
    with path.open("wb") as fh:
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)
    return path
