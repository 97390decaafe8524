"""PDF: text page by page with pypdf, running headers/footers removed, OCR for image-only pages.

pypdf extracts the Lapua minutes (3,428 pages) at about 135 pages/s on one core, far inside the
ingestion budget, so the pure-Python extractor is kept (see ``benchmarks/extract_speed.py``).
"""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path
from typing import Any

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page

from .. import metadata as meta
from ._common import check_size, normalize_text
from .furniture import strip_furniture

log = logging.getLogger(__name__)

#: A page with fewer visible characters than this has no usable text layer.
MIN_PAGE_CHARS = 20

_DOC_NUMBER = re.compile(r"\b(Pöytäkirja|Esityslista|Pöytäkirjanote)\s+(\d{1,3}/\d{4})\b")
_BORING_TITLES = {"pöytäkirja", "esityslista", "untitled", "document", "asiakirja", "title"}


def _page_ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3–5, 9"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}–{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _has_images(page: Any) -> bool:
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if resources else None
        return bool(xobjects)
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _open(path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(path, strict=False)
    except FileNotDecryptedError as exc:
        raise IngestError("PDF on salattu eikä aukea ilman salasanaa.", reason="encrypted") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise IngestError(f"PDF-tiedosto on vioittunut: {exc}", reason="corrupt") from exc
    except OSError as exc:
        raise IngestError(f"PDF-tiedostoa ei voi lukea: {exc}", reason="corrupt") from exc
    if reader.is_encrypted:
        from pypdf import PasswordType

        try:
            result = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise IngestError(
                "PDF on salattu menetelmällä, jota ei voi avata (tarvitaan cryptography-paketti).",
                reason="encrypted",
            ) from exc
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise IngestError(
                f"Salatun PDF:n avaaminen epäonnistui: {exc}", reason="encrypted"
            ) from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise IngestError(
                "PDF on suojattu salasanalla; poista suojaus ennen tuontia.", reason="encrypted"
            )
    try:
        _ = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise IngestError("PDF on salattu eikä aukea ilman salasanaa.", reason="encrypted") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise IngestError(f"PDF-tiedoston sivuja ei voi lukea: {exc}", reason="corrupt") from exc
    return reader


def _extract(reader: Any) -> tuple[list[str], list[int], list[int], list[int]]:
    """Raw text per page, pages that failed, pages without text that hold images, and pages
    whose streams hit pypdf's decompression limits (a decompression bomb)."""
    from pypdf.errors import LimitReachedError, PyPdfError

    texts: list[str] = []
    failed: list[int] = []
    image_only: list[int] = []
    limited: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except LimitReachedError as exc:
            # pypdf refuses to inflate a stream past its output limit: the page is a bomb, not
            # a scan, so it must not be sent to OCR or reported as image-only.
            log.debug("page %d: %s", number, exc)
            failed.append(number)
            limited.append(number)
            text = ""
        except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                ZeroDivisionError, RecursionError, UnicodeDecodeError) as exc:  # fmt: skip
            log.debug("page %d: %s", number, exc)
            failed.append(number)
            text = ""
        texts.append(text)
        if (
            number not in failed
            and len("".join(text.split())) < MIN_PAGE_CHARS
            and _has_images(page)
        ):
            image_only.append(number)
    return texts, failed, image_only, limited


def _ocr(path: Path, numbers: list[int], texts: list[str], warnings: list[str]) -> list[int]:
    """OCR the given pages in place; returns the pages that OCR could read."""
    from .ocr import ocr_page

    done: list[int] = []
    for number in numbers:
        try:
            text = ocr_page(path, number)
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("OCR page %d: %s", number, exc)
            continue
        if text.strip():
            texts[number - 1] = text
            done.append(number)
    if done:
        warnings.append(f"sivut {_page_ranges(done)} luettu tekstintunnistuksella (OCR)")
    return done


def title(doc: LoadedDocument, lines: list[str]) -> str:
    """A PDF's title, after the metadata step: body, number and date of minutes from their
    letterhead; else the PDF's own title when it says something; else the first line."""
    header = "\n".join(doc.pages[0].furniture) if doc.pages else ""
    body = doc.metadata.get("body")
    m = _DOC_NUMBER.search(header)
    if body and (m or doc.date):
        parts = [body]
        if m:
            parts.append(f"{m.group(1).lower()} {m.group(2)}")
        if doc.date:
            parts.append(meta.fi_date(doc.date))
        return ", ".join(parts)
    embedded = " ".join(str(doc.metadata.get("embedded_title") or "").split())
    if (
        len(embedded) > 3
        and embedded.lower() not in _BORING_TITLES
        and not embedded.lower().endswith((".doc", ".docx"))
    ):
        return embedded
    return next((line for line in lines[:5] if len(line) >= 4), "")


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Load a PDF into pages of clean text plus metadata; see the module docstring."""
    check_size(path, settings)
    reader = _open(path)
    texts, failed, image_only, limited = _extract(reader)
    warnings: list[str] = []
    if failed:
        warnings.append(f"sivujen {_page_ranges(failed)} tekstiä ei voitu lukea")
    if not texts:
        raise IngestError("PDF-tiedostossa ei ole sivuja.", reason="empty")
    readable = [t for n, t in enumerate(texts, 1) if n not in failed]
    if not any(len("".join(t.split())) >= MIN_PAGE_CHARS for t in readable):
        # Nothing readable and some pages could not be parsed at all: say why, rather than
        # blaming a missing text layer (OCR would not help a broken or hostile file).
        if limited:
            raise IngestError(
                f"PDF:n sivujen {_page_ranges(limited)} sisältö purkautuisi liian suureksi "
                "(pakkauspommi tai vioittunut tiedosto); tiedostoa ei luettu.",
                reason="too-large",
            )
        if failed and len(failed) == len(texts):
            raise IngestError(
                f"PDF:n sivujen {_page_ranges(failed)} tekstiä ei voitu lukea; "
                "tiedosto on vioittunut.",
                reason="corrupt",
            )

    empty = [i for i, t in enumerate(texts, 1) if len("".join(t.split())) < MIN_PAGE_CHARS]
    all_empty = len(empty) == len(texts)
    to_ocr = empty if all_empty else image_only
    if to_ocr:
        from .ocr import OCR_HELP, ocr_available

        can_ocr = settings.ocr == "auto" and ocr_available()
        done = _ocr(path, to_ocr, texts, warnings) if can_ocr else []
        if all_empty and not done:
            if settings.ocr != "auto":
                why = 'tekstintunnistus (OCR) on pois päältä (asetus ocr = "off")'
            elif can_ocr:
                why = "tekstintunnistus (OCR) ei löytänyt tekstiä"
            else:
                why = "tekstintunnistusta (OCR) ei ole asennettu"
            # The installation hint helps only when OCR is missing or switched off.
            hint = "" if can_ocr else f" {OCR_HELP}"
            raise IngestError(
                f"PDF:ssä ei ole tekstikerrosta (skannattu kuva) ja {why}.{hint}",
                reason="no-text",
            )
        missing = [n for n in to_ocr if n not in done]
        if missing and not all_empty:
            warnings.append(
                f"sivut {_page_ranges(missing)} ovat kuvia ilman tekstiä eikä niitä luettu "
                "(tekstintunnistus ei käytössä)"
            )

    cleaned, furniture = strip_furniture(texts)
    pages = [
        Page(number=i, text=normalize_text(text), furniture=furn)
        for i, (text, furn) in enumerate(zip(cleaned, furniture, strict=True), start=1)
    ]

    header = "\n".join(furniture[0]) if furniture else ""
    info: dict[str, Any] = {}
    try:
        raw_info = reader.metadata
        if raw_info:
            info = {k: raw_info.get(k) for k in ("/Title", "/Author")}
    except Exception:
        info = {}
    metadata: dict[str, Any] = {"page_count": len(pages)}
    m = _DOC_NUMBER.search(header)
    if m:
        metadata["document_number"] = m.group(2)
    if info.get("/Title"):
        metadata["embedded_title"] = str(info["/Title"])[:200]
    if info.get("/Author"):
        metadata["author"] = str(info["/Author"])[:200]
    if not "".join(p.text for p in pages).strip():
        raise IngestError("PDF:ssä ei ole luettavaa tekstiä.", reason="no-text")
    # Type, organisation, body and date come from the metadata step; the title then from
    # :func:`title` (it needs the body and the date).
    return LoadedDocument(
        source=str(path), title="", pages=pages, metadata=metadata, warnings=warnings
    )
