"""Loaders: every format, every failure reason. Test documents are generated at test time."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.ingest.loaders import SUPPORTED_SUFFIXES, load_file

sys.path.insert(0, str(Path(__file__).parent))
import pdf_factory


@pytest.fixture()
def settings() -> Settings:
    return Settings(ocr="auto", max_file_mb=50)


def _reason(path: Path, settings: Settings) -> str:
    with pytest.raises(IngestError) as info:
        load_file(path, settings)
    return info.value.reason


def test_supported_suffixes() -> None:
    assert {
        ".pdf",
        ".html",
        ".csv",
        ".json",
        ".jsonl",
        ".docx",
        ".txt",
        ".md",
    } <= SUPPORTED_SUFFIXES


def test_pdf_pages_furniture_and_metadata(tmp_path: Path, settings: Settings) -> None:
    doc = load_file(pdf_factory.make_minutes_pdf(tmp_path / "Pöytäkirja-Tekninen.pdf"), settings)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5]
    for page in doc.pages:
        assert "Pöytäkirja 4/2024" not in page.text
        assert "Sivu " not in page.text
        assert any("Pöytäkirja 4/2024" in f for f in page.furniture)
        assert f"Sivu {page.number}/5" in page.furniture
    assert doc.doc_type == "pöytäkirja"
    assert doc.organisation == "Testilän kunta"
    assert doc.date == "2024-03-14"
    assert doc.metadata["body"] == "Tekninen lautakunta"
    assert doc.metadata["meeting_date"] == "2024-03-14"
    assert "Tekninen lautakunta" in doc.title
    assert doc.pages[1].text.startswith("§ 21\nUimahallin peruskorjaus")


def test_pdf_encrypted(tmp_path: Path, settings: Settings) -> None:
    path = pdf_factory.make_encrypted_pdf(tmp_path / "salattu.pdf")
    assert _reason(path, settings) == "encrypted"


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path, settings: Settings) -> None:
    path = pdf_factory.make_encrypted_pdf(tmp_path / "avoin.pdf", user_password="")
    doc = load_file(path, settings)
    assert "Salainen muistio" in doc.text


def test_pdf_corrupt(tmp_path: Path, settings: Settings) -> None:
    good = pdf_factory.make_minutes_pdf(tmp_path / "ok.pdf").read_bytes()
    truncated = tmp_path / "katkennut.pdf"
    truncated.write_bytes(good[:200])
    garbage = tmp_path / "roskaa.pdf"
    garbage.write_bytes(b"tama ei ole pdf vaan pelkkaa roskaa\n" * 20)
    assert _reason(truncated, settings) in {"corrupt", "no-text"}
    assert _reason(garbage, settings) == "corrupt"


def test_pdf_image_only_without_ocr(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pdf_factory.make_image_only_pdf(tmp_path / "skannattu.pdf")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(IngestError) as info:
        load_file(path, settings)
    assert info.value.reason == "no-text"
    assert "tesseract-ocr-fin" in info.value.detail
    assert "OCR" in info.value.detail


def test_pdf_image_only_ocr_off(tmp_path: Path) -> None:
    path = pdf_factory.make_image_only_pdf(tmp_path / "skannattu.pdf")
    with pytest.raises(IngestError) as info:
        load_file(path, Settings(ocr="off"))
    assert info.value.reason == "no-text"
    assert "pois päältä" in info.value.detail


def test_empty_and_too_large_and_unsupported(tmp_path: Path, settings: Settings) -> None:
    empty = tmp_path / "tyhja.txt"
    empty.write_bytes(b"")
    assert _reason(empty, settings) == "empty"
    blank = tmp_path / "valit.txt"
    blank.write_text("   \n\n  ", encoding="utf-8")
    assert _reason(blank, settings) == "empty"
    big = tmp_path / "iso.txt"
    big.write_text("sana " * 5000, encoding="utf-8")
    assert _reason(big, Settings(max_file_mb=0.001)) == "too-large"
    odd = tmp_path / "kuva.xyz"
    odd.write_text("x", encoding="utf-8")
    assert _reason(odd, settings) == "unsupported"


def test_latin1_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "muistio.txt"
    path.write_bytes(
        "Päätös äänestyksestä\n\nKöyhän väen asuntoja käsiteltiin.\n".encode("latin-1")
    )
    doc = load_file(path, settings)
    assert doc.title == "Päätös äänestyksestä"
    assert "Köyhän väen" in doc.text


HTML = """<!doctype html><html lang="fi"><head><title>Kylätalon korjaus | Testilä</title>
<meta property="article:published_time" content="2024-05-06T09:00:00+03:00">
<script>var seuranta = "ei saa näkyä";</script><style>.x{color:red}</style></head>
<body><a class="skip-link" href="#main">Hyppää pääsisältöön</a>
<header><nav><ul><li>Etusivu</li><li>Asuminen</li></ul></nav></header>
<div id="cookie-banner">Sivusto käyttää evästeitä. Hyväksy evästeet</div>
<main id="main"><h1>Kylätalon korjaus</h1><p>Kylätalon katto uusitaan kesällä.</p>
<h2>Rahoitus</h2><table><tr><td>Rahoittaja</td><td>Testilän kunta</td></tr></table>
<form><input name="q"><button>Hae</button></form></main>
<aside>Katso myös muut uutiset</aside><footer>Testilän kunta, Kuntatie 1</footer></body></html>"""


def test_html_main_content_only(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "kylatalo.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_file(path, settings)
    text = doc.text
    assert "Kylätalon katto uusitaan kesällä." in text
    assert "# Kylätalon korjaus" in text
    assert "Rahoittaja | Testilän kunta" in text
    for junk in (
        "ei saa näkyä",
        "Hyppää",
        "Etusivu",
        "evästeitä",
        "muut uutiset",
        "Kuntatie",
        "Hae",
    ):
        assert junk not in text
    assert doc.title == "Kylätalon korjaus | Testilä"
    assert doc.date == "2024-05-06"
    assert doc.doc_type == "verkkosivu"


def test_csv_register_with_dirty_rows(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "hankkeet.csv"
    path.write_text(
        "Koodi;Hankkeen nimi;Rahoittaja;Budjetti\n"
        "H001;Kyläkoulun aurinkopaneelit;Testilän kunta;12000\n"
        "H002;Polkujen opasteet;Maakunnan liitto\n"  # one column short
        'H003;"Rikkinäinen lainaus;Ei;1\n'  # quote never closed
        'H004;"Vene; laituri ja kahvio";Kalastusseura;8 500\n',
        encoding="cp1252",
    )
    doc = load_file(path, settings)
    assert doc.doc_type == "rekisteri"
    assert [s.label for s in doc.sections] == ["H001", "H004"]
    first = doc.sections[0]
    assert first.fields == {
        "Koodi": "H001",
        "Hankkeen nimi": "Kyläkoulun aurinkopaneelit",
        "Rahoittaja": "Testilän kunta",
        "Budjetti": "12000",
    }
    assert "Rahoittaja: Testilän kunta" in first.text
    assert first.heading == "Kyläkoulun aurinkopaneelit"
    assert doc.sections[1].fields["Hankkeen nimi"] == "Vene; laituri ja kahvio"
    assert any("2 virheellistä riviä" in w for w in doc.warnings)


def test_csv_comma_and_large(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "iso.csv"
    rows = ["Koodi,Nimi,Summa"] + [f"K{i},Hanke numero {i},{i * 10}" for i in range(20000)]
    path.write_text("\n".join(rows), encoding="utf-8")
    doc = load_file(path, settings)
    assert len(doc.sections) == 20000
    assert doc.metadata["delimiter"] == ","


def test_json_records_with_html(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "decisions.json"
    records = {
        "decisions": [
            {
                "Title": "Leikkipuiston kunnostus",
                "Section": "7",
                "DateDecision": "2024-02-01",
                "Organization": {"Name": "Kaupunkiympäristölautakunta"},
                "Content": "<html><body><h3>Päätös</h3><p>Lautakunta päätti kunnostaa puiston.</p>"
                "</body></html>",
                "Attachments": [],
            },
            {"Title": "Koirapuisto", "Section": "8", "Content": "<p>Koirapuisto siirretään.</p>"},
        ]
    }
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    doc = load_file(path, settings)
    assert len(doc.sections) == 2
    first = doc.sections[0]
    assert first.label == "§ 7"
    assert first.heading == "Leikkipuiston kunnostus"
    assert "Lautakunta päätti kunnostaa puiston." in first.text
    assert "<p>" not in first.text
    assert first.fields["organisaatio"] == "Kaupunkiympäristölautakunta"
    assert first.fields["päivämäärä"] == "2024-02-01"
    assert doc.doc_type == "päätös"


def test_jsonl_records(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "sivut.jsonl"
    lines = [
        {"url": "https://testila.example/a", "title": "Kirjasto", "content": "Kirjasto on auki."},
        {"url": "https://testila.example/b", "title": "Uimahalli", "content": "Halli on kiinni."},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    doc = load_file(path, settings)
    assert [s.heading for s in doc.sections] == ["Kirjasto", "Uimahalli"]
    assert doc.sections[1].fields["url"] == "https://testila.example/b"
    assert doc.doc_type == "verkkosivu"


def test_json_corrupt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "rikki.json"
    path.write_text('{"title": "puuttuu loppu", ', encoding="utf-8")
    assert _reason(path, settings) == "corrupt"


def test_docx_headings(tmp_path: Path, settings: Settings) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Hankesuunnitelma", level=1)
    document.add_paragraph("Hanke parantaa kylien tietoliikenneyhteyksiä.")
    document.add_heading("Rahoitus", level=2)
    document.add_paragraph("Rahoittaja: Testilän kunta")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Budjetti"
    table.rows[0].cells[1].text = "250 000 euroa"
    path = tmp_path / "suunnitelma.docx"
    document.save(str(path))
    doc = load_file(path, settings)
    assert "# Hankesuunnitelma" in doc.text
    assert "## Rahoitus" in doc.text
    assert "Budjetti | 250 000 euroa" in doc.text
    assert doc.title == "Hankesuunnitelma"


def test_docx_corrupt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "rikki.docx"
    path.write_bytes(b"PK\x03\x04 ei oikeasti zip")
    assert _reason(path, settings) == "corrupt"


def test_letterhead_names_the_organisation_and_minutes_get_a_real_title(tmp_path: Path) -> None:
    from aluehaku.config import Settings
    from aluehaku.ingest.loaders import load_file

    path = tmp_path / "poytakirja.txt"
    path.write_text(
        "ÄÄNEKOSKEN KAUPUNKI\nKaupunginhallitus\n\nPÖYTÄKIRJA 7/2024\n\n"
        "Kokousaika 10.6.2024 klo 17.00\n\n§ 110 Tiehanke\n\n"
        "Keski-Suomen ELY-keskus on myöntänyt tiehankkeelle avustusta.\n",
        encoding="utf-8",
    )
    doc = load_file(path, Settings(data_dir=tmp_path / "idx"))
    assert doc.organisation == "Äänekosken kaupunki"
    assert doc.title == "Kaupunginhallitus: pöytäkirja 10.6.2024"
    assert doc.doc_type == "pöytäkirja" and doc.date == "2024-06-10"


def test_saved_web_page_title_skips_navigation_and_uses_the_project_name(tmp_path: Path) -> None:
    from aluehaku.config import Settings
    from aluehaku.ingest.loaders import load_file

    page = tmp_path / "sivu.txt"
    page.write_text(
        "Hyppää pääsisältöön\nPääsisältö\n\nKylätalojen energiaremontti etenee Multialla, "
        "kun hanke käynnistyy keväällä ja kestää kaksi vuotta. Lisää tekstiä.\n",
        encoding="utf-8",
    )
    doc = load_file(page, Settings(data_dir=tmp_path / "idx"))
    assert doc.title.startswith("Kylätalojen energiaremontti etenee Multialla")
    assert len(doc.title) <= 120
    page.write_text(
        "Siirry suoraan sisältöön\n\nTakaisin\n\nHankkeen nimi: Multian kylätalot kuntoon\n"
        "Toteutusaika: 1.1.2024–31.12.2025\n",
        encoding="utf-8",
    )
    assert load_file(page, Settings(data_dir=tmp_path / "idx")).title == "Multian kylätalot kuntoon"


def test_project_page_with_list_or_bold_fields_is_a_project_page(tmp_path: Path) -> None:
    from aluehaku.config import Settings
    from aluehaku.ingest.loaders import load_file

    for name, fields in {
        "lista.md": "- Rahoittajat: Keski-Suomen liitto\n- Budjetti: 50 000 €\n"
        "- Toteutusaika: 1.1.2024–31.12.2024\n",
        "lihava.md": "**Rahoittaja:** Keski-Suomen ELY-keskus\n**Budjetti:** 80 000 €\n"
        "**Toteutusaika:** 1.2.2024–31.1.2025\n",
    }.items():
        path = tmp_path / name
        path.write_text(f"# Multian kylätalot kuntoon\n\n{fields}\nKuvaus hankkeesta.\n")
        assert load_file(path, Settings(data_dir=tmp_path / "idx")).doc_type == "hankekuvaus"


# --- the one metadata step after loading ------------------------------------------------------
MINUTES_LINES = [
    "SAARIJÄRVEN KAUPUNKI",
    "Kaupunginhallitus",
    "PÖYTÄKIRJA 7/2024",
    "Kokousaika 10.6.2024 klo 17.00",
    "§ 110 Kevyen liikenteen väylä",
    "Kaupunginhallitus päätti hyväksyä väylän rakentamisen.",
]


def _minutes_as(suffix: str, folder: Path) -> Path:
    """The same minutes saved in the format of ``suffix``."""
    path = folder / f"poytakirja{suffix}"
    if suffix == ".docx":
        import docx

        document = docx.Document()
        for line in MINUTES_LINES:
            document.add_paragraph(line)
        document.save(str(path))
    elif suffix == ".html":
        paragraphs = "".join(f"<p>{line}</p>" for line in MINUTES_LINES)
        path.write_text(f"<html><body><main>{paragraphs}</main></body></html>", encoding="utf-8")
    else:
        path.write_text("\n\n".join(MINUTES_LINES) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx"])
def test_every_format_gets_the_same_metadata_from_one_step(
    suffix: str, tmp_path: Path, settings: Settings
) -> None:
    """Type, organisation, date, body and municipality are read the same way whatever the
    format; the format's name comes from the format registry."""
    doc = load_file(_minutes_as(suffix, tmp_path), settings)
    assert doc.doc_type == "pöytäkirja"
    assert doc.organisation == "Saarijärven kaupunki"
    assert doc.date == "2024-06-10"
    assert doc.metadata["body"] == "Kaupunginhallitus"
    assert doc.metadata["meeting_date"] == "2024-06-10"
    assert doc.metadata["municipality"] == "Saarijärvi"  # the gazetteer's base form
    labels = {".txt": "text", ".md": "markdown", ".html": "html", ".docx": "docx"}
    assert doc.metadata["format"] == labels[suffix]


def test_metadata_step_keeps_what_the_loader_knew() -> None:
    from aluehaku.ingest.metadata import describe
    from aluehaku.models import LoadedDocument, Page

    text = "Kaupunginhallitus\n\nPöytäkirja 12.3.2024\n\nJämsän kaupunki päätti asiasta.\n"
    known = LoadedDocument(
        source="/x/sivu.html",
        title="Sivun otsikko",
        doc_type="verkkosivu",
        organisation="Testilän kunta",
        date="2023-01-02",
        pages=[Page(1, text)],
        metadata={"body": "Valtuusto"},
    )
    doc = describe(known, Path("/x/sivu.html"), "html")
    assert (doc.title, doc.doc_type, doc.organisation, doc.date) == (
        "Sivun otsikko",
        "verkkosivu",
        "Testilän kunta",
        "2023-01-02",
    )
    assert doc.metadata["body"] == "Valtuusto" and doc.metadata["format"] == "html"
    blank = describe(
        LoadedDocument(source="/x/a.txt", title="", pages=[Page(1, text)]), Path("/x/a.txt"), "text"
    )
    assert blank.doc_type == "pöytäkirja" and blank.date == "2024-03-12"
    assert blank.title == "Kaupunginhallitus: pöytäkirja 12.3.2024"
