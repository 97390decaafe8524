"""Generate the test PDFs at test time with reportlab (no binary fixtures in the repository).

All text is invented for the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LINE_H = 14
TOP = A4[1] - 50


def make_pdf(
    path: Path,
    pages: list[list[str]],
    header: Callable[[int, int], list[str]] | None = None,
    footer: Callable[[int, int], list[str]] | None = None,
) -> Path:
    """One PDF page per list of lines, with optional running header/footer lines."""
    c = canvas.Canvas(str(path), pagesize=A4)
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        c.setFont("Helvetica", 10)
        y = TOP
        for line in header(number, total) if header else []:
            c.drawString(50, y, line)
            y -= LINE_H
        y -= LINE_H
        c.setFont("Helvetica", 11)
        for line in lines:
            c.drawString(60, y, line)
            y -= LINE_H
        if footer:
            c.setFont("Helvetica", 9)
            fy = 40 + LINE_H * (len(footer(number, total)) - 1)
            for line in footer(number, total):
                c.drawString(50, fy, line)
                fy -= LINE_H
        c.showPage()
    c.save()
    return path


BODY_A = [
    "Testilän kunnan uimahallin allasosasto on ollut käytössä vuodesta 1979.",
    "Altaan laatoitus ja vedenkäsittelylaitteet ovat käyttöikänsä päässä.",
    "Korjaussuunnitelman mukaan työt tehdään kahdessa vaiheessa vuosina 2025 ja 2026.",
    "Ensimmäisessä vaiheessa uusitaan vedenkäsittely ja ilmanvaihto.",
    "Toisessa vaiheessa uusitaan pukuhuoneet ja allastilan pinnat.",
    "Kustannusarvio on yhteensä 4,2 miljoonaa euroa ilman arvonlisäveroa.",
    "Hankkeelle haetaan liikuntapaikkarakentamisen avustusta valtiolta.",
    "Uimahalli on suljettuna korjauksen ajan noin kahdeksan kuukautta.",
]


def minutes_pages() -> list[list[str]]:
    """A five-page minutes document: front page with TOC, § 21 spanning pages 2-3, § 22, § 23."""
    return [
        [
            "Kokousaika 14.3.2024 klo 17.00-19.10",
            "Paikka Kunnantalo, valtuustosali",
            "Käsitellyt asiat",
            "§ 21 Uimahallin peruskorjaus",
            "§ 22 Kevyen liikenteen väylä Kirkonkylään",
            "§ 23 Ilmoitusasiat",
        ],
        ["§ 21", "Uimahallin peruskorjaus", *BODY_A, *BODY_A[:4]],
        [
            *BODY_A[4:],
            "Ehdotus",
            "Esittelijä: Tekninen johtaja Olli Esimerkki",
            "Lautakunta esittää kunnanhallitukselle peruskorjauksen hyväksymistä.",
            "Päätös",
            "Ehdotus hyväksyttiin yksimielisesti.",
        ],
        [
            "22 §",
            "Kevyen liikenteen väylä Kirkonkylään",
            "Väylän rakentamisesta on tehty aloite vuonna 2023.",
            "Päätösehdotus: Lautakunta merkitsee selvityksen tiedoksi.",
            "Päätös",
            "Merkittiin tiedoksi.",
        ],
        [
            "§ 23",
            "Ilmoitusasiat",
            "Lautakunnalle ei ollut saapunut ilmoitusasioita.",
            "Päätös",
            "Merkittiin.",
        ],
    ]


def minutes_header(number: int, total: int) -> list[str]:
    return [
        f"Testilän kunta     Pöytäkirja 4/2024     {number} ({total})",
        "Tekninen lautakunta 14.3.2024",
    ]


def minutes_footer(number: int, total: int) -> list[str]:
    return [f"Sivu {number}/{total}"]


def make_minutes_pdf(path: Path) -> Path:
    return make_pdf(path, minutes_pages(), minutes_header, minutes_footer)


def make_encrypted_pdf(path: Path, user_password: str = "salasana") -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_suffix(".plain.pdf"), [["Salainen muistio", "Tämä on salattu."]])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password, "omistaja", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A page with only a drawn image (an inline raster), no text layer."""
    from reportlab.lib.utils import ImageReader

    c = canvas.Canvas(str(path), pagesize=A4)
    try:
        from PIL import Image

        img = Image.new("L", (60, 40), 128)
        c.drawImage(ImageReader(img), 100, 500, width=300, height=200)
    except ImportError:  # pragma: no cover - reportlab ships with Pillow
        c.rect(100, 500, 300, 200, fill=1)
    c.showPage()
    c.save()
    return path
