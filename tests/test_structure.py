"""Structure: § items of minutes, project page fields, headings."""

from __future__ import annotations

import sys
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.ingest import metadata as meta
from aluehaku.ingest.loaders import load_file
from aluehaku.ingest.structure import split_sections
from aluehaku.models import LoadedDocument, Page

sys.path.insert(0, str(Path(__file__).parent))
import pdf_factory


def _minutes(tmp_path: Path) -> LoadedDocument:
    return load_file(pdf_factory.make_minutes_pdf(tmp_path / "Pöytäkirja.pdf"), Settings())


def test_minutes_items_skip_toc(tmp_path: Path) -> None:
    doc = _minutes(tmp_path)
    sections = split_sections(doc)
    items = [s for s in sections if s.label]
    assert [s.label for s in items] == ["§ 21", "§ 22", "§ 23"]  # "22 §" form too; TOC skipped
    assert [s.heading for s in items] == [
        "Uimahallin peruskorjaus",
        "Kevyen liikenteen väylä Kirkonkylään",
        "Ilmoitusasiat",
    ]
    first = items[0]
    assert (first.page_start, first.page_end) == (2, 3)
    assert [p for _, p in first.page_breaks] == [2, 3]
    assert "Toisessa vaiheessa" in first.text[first.page_breaks[1][0] :]
    assert first.fields["päätös"] == "Ehdotus hyväksyttiin yksimielisesti."
    assert first.fields["ehdotus"].startswith("Lautakunta esittää kunnanhallitukselle")
    assert first.fields["esittelijä"] == "Tekninen johtaja Olli Esimerkki"
    assert items[1].fields["ehdotus"] == "Lautakunta merkitsee selvityksen tiedoksi."
    front = sections[0]
    assert front.label is None and front.heading == "Kokouksen tiedot"
    assert doc.metadata["section_count"] == len(sections)
    for s in sections:
        assert "Pöytäkirja 4/2024" not in s.text


def _doc(text: str, doc_type: str = "asiakirja") -> LoadedDocument:
    return LoadedDocument(source="x", title="Otsikko", doc_type=doc_type, pages=[Page(1, text)])


def test_inline_section_headings_and_history_lines() -> None:
    text = (
        "Käsitellyt asiat\n§ 5 Avustukset\n§ 6 Kokousajat\n§ 7 Muut asiat\n"
        "§ 5 Avustukset\nSeuroille jaetaan avustuksia.\nKunnanhallitus, § 12, 1.2.2024\n"
        "Päätös\nHyväksyttiin.\n"
        "§ 6 Kokousajat\nKokoukset pidetään maanantaisin.\n"
        "§ 7 Muut asiat\nEi muita asioita.\n"
    )
    sections = split_sections(_doc(text, "pöytäkirja"))
    items = [s for s in sections if s.label]
    assert [(s.label, s.heading) for s in items] == [
        ("§ 5", "Avustukset"),
        ("§ 6", "Kokousajat"),
        ("§ 7", "Muut asiat"),
    ]
    assert "Kunnanhallitus, § 12" in items[0].text
    assert items[0].fields["päätös"] == "Hyväksyttiin."


def test_wrapped_heading_uses_toc() -> None:
    text = (
        "Käsitellyt asiat\n§ 1 Kokouksen avaus\n§ 2\nMaa-ainesten ottamisen valvontamaksut\n"
        "vuonna 2025\n§ 3 Muut asiat\n"
        "§ 1\nKokouksen avaus\nPuheenjohtaja avasi kokouksen.\n"
        "§ 2\nMaa-ainesten ottamisen valvontamaksut\nvuonna 2025\nMaksut pysyvät ennallaan.\n"
        "§ 3\nMuut asiat\nEi muita asioita.\n"
    )
    items = [s for s in split_sections(_doc(text, "pöytäkirja")) if s.label]
    assert [s.label for s in items] == ["§ 1", "§ 2", "§ 3"]
    assert items[1].heading == "Maa-ainesten ottamisen valvontamaksut vuonna 2025"
    assert items[1].text == "Maksut pysyvät ennallaan."


def test_project_page_fields() -> None:
    text = (
        "Kylien valokuitu\nHanke rakentaa valokuituverkon kolmeen kylään.\n"
        "Rahoittaja(t): Maakunnan liitto, Testilän kunta\nBudjetti: 310 000 €\n"
        "Toteutusaika: 1.1.2024–31.12.2025\nYhteyshenkilö\nMaija Meikäläinen\n"
    )
    doc = _doc(text)
    doc.doc_type = meta.detect_doc_type("kuitu.html", text, ".html")
    assert doc.doc_type == "hankekuvaus"
    (section,) = split_sections(doc)
    assert section.fields["Rahoittaja(t)"] == "Maakunnan liitto, Testilän kunta"
    assert section.fields["Budjetti"] == "310 000 €"
    assert section.fields["Toteutusaika"] == "1.1.2024–31.12.2025"
    assert section.fields["Yhteyshenkilö"] == "Maija Meikäläinen"


def test_markdown_headings() -> None:
    text = "Johdanto ennen otsikoita.\n\n# Tausta\nTaustaa.\n\n## Tavoitteet\nTavoitteita.\n"
    sections = split_sections(_doc(text))
    assert [s.heading for s in sections] == [None, "Tausta", "Tavoitteet"]
    assert sections[2].text == "Tavoitteita."


def test_pages_without_headings() -> None:
    doc = LoadedDocument(
        source="x",
        title="t",
        pages=[
            Page(1, "tekstiä ensimmäisellä sivulla, joka jatkuu"),
            Page(2, "ja toisella sivulla."),
        ],
    )
    sections = split_sections(doc)
    assert [(s.page_start, s.page_end) for s in sections] == [(1, 1), (2, 2)]


def test_metadata_helpers() -> None:
    assert meta.find_date("Kokous 14.3.2024 klo 17") == "2024-03-14"
    assert meta.find_date("Pöytäkirja - 18.12.2024, klo 16_27.pdf") == "2024-12-18"
    assert meta.find_date("päivätty 5. toukokuuta 2023") == "2023-05-05"
    assert meta.find_meeting_date("Kokousaika 14.3.2024 klo 17.00") == "2024-03-14"
    assert meta.find_body("Lapuan kaupunki Pöytäkirja\nKaupunginhallitus 02.12.2024") == (
        "Kaupunginhallitus"
    )
    assert meta.find_organisation("Lapuan kaupunki Pöytäkirja 18/2024") == "Lapuan kaupunki"
    assert meta.municipality_of("Lapuan kaupunki") == "Lapua"
    assert meta.detect_doc_type("Esityslista-Kaupunginvaltuusto.pdf", "") == "esityslista"
    assert meta.detect_doc_type("kh_10.md", "KOKOUSKUTSU 10/2013") == "esityslista"
    assert meta.detect_doc_type("rahoituspäätös_2024.pdf", "") == "päätös"
    assert meta.detect_doc_type("hankkeet.csv", "") == "rekisteri"
    assert meta.detect_doc_type("sivu.html", "Tervetuloa") == "verkkosivu"
