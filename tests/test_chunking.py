"""Chunking: section-aware, page-tracked, sentence boundaries, context line in every chunk."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.ingest.chunking import chunk_sections
from aluehaku.ingest.loaders import load_file
from aluehaku.ingest.structure import split_sections
from aluehaku.models import Section

sys.path.insert(0, str(Path(__file__).parent))
import pdf_factory


def test_minutes_chunks_keep_pages_and_labels(tmp_path: Path) -> None:
    settings = Settings(chunk_words=40, chunk_max_words=60, chunk_overlap_words=10)
    doc = load_file(pdf_factory.make_minutes_pdf(tmp_path / "Pöytäkirja.pdf"), settings)
    chunks = chunk_sections(split_sections(doc), settings)
    item21 = [c for c in chunks if c.section == "§ 21"]
    assert len(item21) >= 3
    for c in item21:
        assert c.text.startswith("§ 21 Uimahallin peruskorjaus\n")
        assert len(c.text.split()) <= settings.chunk_max_words
        assert 2 <= (c.page_start or 0) <= (c.page_end or 0) <= 3
        assert c.fields["päätös"] == "Ehdotus hyväksyttiin yksimielisesti."
    assert item21[0].page_start == 2
    assert item21[-1].page_end == 3
    assert "Päätös" in item21[-1].text
    assert {c.section for c in chunks} >= {"§ 21", "§ 22", "§ 23"}
    for c in chunks:
        assert "Sivu " not in c.text and "Pöytäkirja 4/2024" not in c.text
    short = [c for c in chunks if c.section == "§ 23"]
    assert len(short) == 1 and short[0].page_start == short[0].page_end == 5
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def _sentences(n: int) -> str:
    return " ".join(f"Lause numero {i} kertoo hankkeen vaiheesta {i}." for i in range(n))


def test_breaks_at_sentence_ends_with_overlap() -> None:
    settings = Settings(chunk_words=60, chunk_max_words=80, chunk_overlap_words=14)
    sec = Section(text=_sentences(40), label="§ 9", heading="Hanke", page_start=1, page_end=1)
    chunks = chunk_sections([sec], settings)
    assert len(chunks) > 3
    for c in chunks:
        body = c.text.split("\n", 1)[1]
        assert c.text.startswith("§ 9 Hanke\n")
        assert body.endswith(".")
        assert re.match(r"Lause numero \d+", body)
        assert len(c.text.split()) <= 80
    first_last = chunks[0].text.split("\n", 1)[1].split(". ")[-1]
    assert first_last in chunks[1].text  # overlap of whole sentences


def test_never_mixes_sections_and_short_section_is_one_chunk() -> None:
    settings = Settings()
    a = Section(text="Lyhyt osio.", heading="Eka", page_start=1, page_end=1)
    b = Section(text="Toinen lyhyt osio.", heading="Toka", page_start=2, page_end=2)
    chunks = chunk_sections([a, b], settings)
    assert [c.text for c in chunks] == ["Eka\nLyhyt osio.", "Toka\nToinen lyhyt osio."]
    assert [c.page_start for c in chunks] == [1, 2]


def test_page_ranges_from_page_breaks() -> None:
    page1 = _sentences(30)
    page2 = _sentences(30)
    text = page1 + "\n" + page2
    sec = Section(
        text=text,
        label="§ 1",
        heading="Pitkä",
        page_start=4,
        page_end=5,
        page_breaks=[(0, 4), (len(page1) + 1, 5)],
    )
    settings = Settings(chunk_words=50, chunk_max_words=70, chunk_overlap_words=0)
    chunks = chunk_sections([sec], settings)
    assert chunks[0].page_start == 4 and chunks[-1].page_end == 5
    assert any(c.page_start == 4 and c.page_end == 5 for c in chunks)
    assert all(c.page_start is not None and c.page_start <= (c.page_end or 0) for c in chunks)


def test_overlong_sentence_is_cut_between_words() -> None:
    settings = Settings(chunk_words=30, chunk_max_words=40, chunk_overlap_words=5)
    sec = Section(text=" ".join(f"sana{i}" for i in range(130)))
    chunks = chunk_sections([sec], settings)
    assert all(len(c.text.split()) <= 40 for c in chunks)
    words = [w for c in chunks for w in c.text.split()]
    assert set(words) == {f"sana{i}" for i in range(130)}


def test_heading_already_in_text_is_not_repeated() -> None:
    section = Section(
        text="# Kaipolan kehittämishanke\n\nHanke tukee Jämsän rakennemuutosta.",
        heading="Kaipolan kehittämishanke",
        page_start=1,
        page_end=1,
    )
    (chunk,) = chunk_sections([section], Settings())
    assert chunk.text.count("Kaipolan kehittämishanke") == 1
