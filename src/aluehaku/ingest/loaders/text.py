"""Plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page

from ._common import normalize_text, read_bytes

#: Control characters that plain text legitimately contains (tab, line breaks, form feed).
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
#: Share of other control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.05


def check_not_binary(text: str) -> str:
    """Return ``text``; raise ``IngestError(reason="binary")`` when it is binary data.

    Any bytes decode in cp1252/Latin-9, so a binary file (an image or an archive renamed to
    ``.txt``, a file of NUL bytes) would otherwise be indexed as megabytes of noise. Text has
    no NUL characters and almost no other C0/C1 control characters; binary data has many.
    """
    sample = text[:100_000]
    if not sample:
        return text
    controls = sum(
        1 for ch in sample if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _TEXT_CONTROLS
    )
    if "\x00" in sample or controls / len(sample) > MAX_CONTROL_SHARE:
        raise IngestError(
            "Tiedosto näyttää binääritiedostolta eikä tekstiltä (ohjausmerkkejä "
            f"{controls / len(sample):.0%}); tarkista tiedostotyyppi.",
            reason="binary",
        )
    return text


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 when valid, otherwise the most probable encoding (Latin-1/cp1252 are common).

    Raises ``IngestError(reason="binary")`` when the bytes are not text in any encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 holds NUL bytes by design: decode it before the binary check looks at them.
        try:
            return check_not_binary(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    try:
        return check_not_binary(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # Finnish text outside UTF-8 is nearly always cp1252 or Latin-9. A generic detector sees
    # only a few non-ASCII bytes (ä, ö) and may guess e.g. hp_roman8, so the candidates are
    # ranked by how Finnish their non-ASCII characters look, the detector's guess included.
    best = from_bytes(data[:200_000]).best()
    candidates = ["cp1252", "iso8859_15"]
    if best is not None and best.encoding:
        candidates.append(best.encoding)
    decoded: list[tuple[float, str]] = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((_finnish_score(text), text))
    if not decoded:
        raise IngestError("Tiedoston merkistöä ei tunnistettu.", reason="encoding")
    return check_not_binary(max(decoded, key=lambda pair: pair[0])[1])


_FINNISH_NON_ASCII = frozenset("äöåÄÖÅšžŠŽéÉüÜ€–—’”…§½°")


def _finnish_score(text: str) -> float:
    """Share of non-ASCII characters that belong in Finnish text (1.0 when there are none)."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return 1.0
    return sum(ch in _FINNISH_NON_ASCII for ch in non_ascii) / len(non_ascii)


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Read a text or Markdown file as one page; the first non-empty line is the title.

    Markdown headings stay in the text ("## Otsikko"); the structure step turns them into sections.
    """
    raw = read_bytes(path, settings)
    text = normalize_text(decode_bytes(raw))
    if not text.strip():
        raise IngestError("Tiedosto on tyhjä.", reason="empty")
    # Title, type, organisation and date come from the metadata step (ingest.metadata).
    return LoadedDocument(source=str(path), title="", pages=[Page(1, text)])
