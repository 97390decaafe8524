"""Document metadata: type, organisation, decision-making body and date.

:func:`describe` is the one metadata step after loading: a loader says what its format knows
(text by page, a title from the file's own properties, a date from a page's meta tags, the fields
of a record) and :func:`describe` fills in everything left open, the same way for every format.
The finders below are pure functions of strings (file name, header lines, first page text), so
tests can call them directly. Dates are returned in ISO 8601 (``YYYY-MM-DD``); names are returned
as written in the source ("Lapuan kaupunki", "Kaupunginhallitus").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import PurePath

from aluehaku.analysis.gazetteer import find_mentions
from aluehaku.models import LoadedDocument

__all__ = [
    "UNKNOWN_TYPE",
    "describe",
    "detect_doc_type",
    "find_body",
    "find_date",
    "find_meeting_date",
    "find_organisation",
    "iso_date",
    "municipality_of",
]

_MONTHS = {
    "tammikuu": 1,
    "helmikuu": 2,
    "maaliskuu": 3,
    "huhtikuu": 4,
    "toukokuu": 5,
    "kesäkuu": 6,
    "heinäkuu": 7,
    "elokuu": 8,
    "syyskuu": 9,
    "lokakuu": 10,
    "marraskuu": 11,
    "joulukuu": 12,
}

_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})(?!\d)")
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_D_MONTH_Y = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")[a-zäö]*\s+((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)

_MEETING_DATE = re.compile(
    r"^\s*(?:Kokousaika|Kokouspäivä(?:määrä)?|Aika|Päivämäärä|Pvm)\s*:?\s*(?:[a-zäö]+\s+)?"
    r"(\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2})",
    re.IGNORECASE | re.MULTILINE,
)

#: Decision-making bodies (toimielimet); the longest match wins.
_BODY = re.compile(
    r"\b("
    r"(?:[A-ZÄÖÅ][\wäöå-]*\s)?(?:kaupungin|kunnan|maakunta)?(?:hallitus|valtuusto)"
    r"|[A-ZÄÖÅ][\wäöå-]*(?:lautakunta|jaosto|toimikunta|johtokunta|neuvosto)"
    r"|Kaupunginhallitus|Kaupunginvaltuusto|Kunnanhallitus|Kunnanvaltuusto"
    r"|Maakuntahallitus|Maakuntavaltuusto|Yhtymähallitus|Yhtymävaltuusto"
    r"|Aluehallitus|Aluevaltuusto"
    r"|(?:Tekninen|Sivistys|Ympäristö|Hyvinvointi|Tarkastus|Rakennus|Perusturva)\s?lautakunta"
    r")\b"
)
_BODY_NAMES = re.compile(
    r"^(?:(?:Kaupungin|Kunnan|Maakunta|Yhtymä|Alue)(?:hallitus|valtuusto)"
    r"|[A-ZÄÖÅ][\wäöå-]*(?:lautakunta|jaosto|toimikunta|johtokunta)"
    r"|(?:Tekninen|Sivistys|Ympäristö|Hyvinvointi|Tarkastus|Rakennus|Perusturva)\slautakunta)$"
)

_ORG = re.compile(
    r"\b([A-ZÄÖÅ][\wäöå]*(?:-[A-ZÄÖÅ][\wäöå]*)?n\s(?:kaupunki|kunta|[\wäöå]*kuntayhtymä|liitto"
    r"|hyvinvointialue|seutukunta))\b"
    r"|\b([A-ZÄÖÅ][\wäöå-]*\s(?:ELY-keskus|kaupunki|kunta))\b"
)


def iso_date(day: int, month: int, year: int) -> str | None:
    """``YYYY-MM-DD`` for a valid date, otherwise ``None``."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first valid date in ``text`` ("14.3.2024", "14. maaliskuuta 2024", "2024-03-14")."""
    best: tuple[int, str] | None = None
    for m in _DMY.finditer(text):
        iso = iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            best = (m.start(), iso)
            break
    for m in _D_MONTH_Y.finditer(text):
        month = next(v for k, v in _MONTHS.items() if m.group(2).lower().startswith(k[:-2]))
        iso = iso_date(int(m.group(1)), month, int(m.group(3)))
        if iso and (best is None or m.start() < best[0]):
            best = (m.start(), iso)
        break
    for m in _YMD.finditer(text):
        iso = iso_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso and (best is None or m.start() < best[0]):
            best = (m.start(), iso)
        break
    return best[1] if best else None


def find_meeting_date(text: str) -> str | None:
    """Meeting date from a "Kokousaika 14.3.2024" / "Aika 02.12.2024, klo 17:00" line."""
    m = _MEETING_DATE.search(text)
    return find_date(m.group(1)) if m else None


def find_body(text: str) -> str | None:
    """The decision-making body named in ``text`` (header lines first), e.g. "Kaupunginhallitus"."""
    for line in text.splitlines():
        line = line.strip()
        # A header line often is "Kaupunginhallitus 02.12.2024": drop the date and test the rest.
        head = _DMY.sub("", line).strip(" ,-–")
        if _BODY_NAMES.match(head):
            return head
    m = _BODY.search(text)
    if m:
        found = m.group(1).strip()
        return found[0].upper() + found[1:]
    return None


_ACRONYMS = frozenset({"ELY", "TE", "EU", "KELA", "OY", "RY"})


def _letterhead_case(line: str) -> str:
    """ "KESKI-SUOMEN ELY-KESKUS" -> "Keski-Suomen ELY-keskus": genitive words capitalised,
    the head noun in lower case, acronyms kept."""
    words = line.split()
    out: list[str] = []
    for n, word in enumerate(words):
        parts = []
        for k, part in enumerate(word.split("-")):
            if part in _ACRONYMS:
                parts.append(part)
            elif n < len(words) - 1 or (k == 0 and len(words) == 1):
                parts.append(part.capitalize())
            else:
                parts.append(part.lower())
        out.append("-".join(parts))
    return " ".join(out)


def letterhead_organisation(text: str) -> str | None:
    """The organisation in an upper-case letterhead on the first lines, if there is one.

    Minutes and decisions name their issuer first ("ÄÄNEKOSKEN KAUPUNKI"); the body text may
    name other organisations earlier than any mention of the issuer in normal case.
    """
    for line in [ln.strip() for ln in text.splitlines() if ln.strip()][:3]:
        if line.isupper() and len(line) <= 80:
            m = _ORG.fullmatch(_letterhead_case(line))
            if m:
                return (m.group(1) or m.group(2)).strip()
    return None


#: "Enontekiö, kunnanhallitus 19.10.2020 § 181 …": minutes published as web pages.
_PLACE_BODY = re.compile(
    r"^\W*(?P<place>[A-ZÄÖÅ][\wäöå-]+),\s+(?P<body>kunnan|kaupungin)[\wäöå]*\b",
    re.MULTILINE,
)
_GENITIVE_ENDINGS = (
    ("niemi", "niemen"),
    ("joki", "joen"),
    ("lahti", "lahden"),
    ("järvi", "järven"),
    ("saari", "saaren"),
    ("mäki", "mäen"),
    ("lampi", "lammen"),
    ("koski", "kosken"),
    ("salmi", "salmen"),
    ("vesi", "veden"),
    ("nen", "sen"),
)
_ROLE_FIELD = re.compile(r"^\W*[A-ZÄÖÅa-zäöå][\wäöå ()-]{1,40}\**:")
_PUBLISHER_FIELD = re.compile(r"^\W*(?:julkaisija|organisaatio|lähettäjä|viranomainen)\s*:", re.I)
#: How far into a document its issuer is looked for: the title and the first lines. A name
#: further down is what the document talks about (a funder, a partner), not who issued it.
ISSUER_REACH = 400


def genitive(place: str) -> str:
    """ "Enontekiö" -> "Enontekiön", "Kangasniemi" -> "Kangasniemen" (common name endings)."""
    for base, gen in _GENITIVE_ENDINGS:
        if place.endswith(base):
            return place[: -len(base)] + gen
    return place + "n"


def find_organisation(text: str, path: PurePath | None = None) -> str | None:
    """The issuer ("Lapuan kaupunki", "Keski-Suomen liitto"): the letterhead, a "Place, body"
    heading of minutes, an organisation named in the first lines, else a folder name of the
    path. A document's organisation is who published it; funders and implementers are facts."""
    head = letterhead_organisation(text)
    if head:
        return head
    opening = text[:ISSUER_REACH]
    pb = _PLACE_BODY.search(opening)
    if pb:
        kind = "kunta" if pb.group("body") == "kunnan" else "kaupunki"
        return f"{genitive(pb.group('place'))} {kind}"
    # A field line ("Rahoittaja: X", "Toteuttaja: Y") names a role, not the publisher.
    unlabelled = "\n".join(
        line
        for line in opening.splitlines()
        if not _ROLE_FIELD.match(line) or _PUBLISHER_FIELD.match(line)
    )
    m = _ORG.search(unlabelled)
    if m:
        return (m.group(1) or m.group(2)).strip()
    if path is not None:
        for part in reversed(path.parts[:-1]):
            m = _ORG.search(part.replace("_", " "))
            if m:
                return (m.group(1) or m.group(2)).strip()
    return None


def municipality_of(organisation: str | None) -> str | None:
    """ "Lapuan kaupunki" -> "Lapua"; ``None`` when the organisation is not a municipality."""
    if not organisation:
        return None
    m = re.match(r"^([A-ZÄÖÅ][\wäöå-]*?)n\s(?:kaupunki|kunta)$", organisation)
    if not m:
        return None
    # The gazetteer knows every Finnish municipality's base form ("Saarijärven" -> "Saarijärvi");
    # the stem rules below are for names it does not list.
    known = find_mentions(organisation, ("municipality",))
    if known:
        return known[0].canonical
    stem = m.group(1)
    # Finnish genitive stems: Lapua-n, Seinäjoe-n (Seinäjoki), Helsingi-n (Helsinki).
    for weak, strong in (("joe", "joki"), ("ngi", "nki"), ("nni", "nni")):
        if stem.endswith(weak):
            return stem[: -len(weak)] + strong
    return stem


_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("esityslista", "esityslista"),
    ("kokouskutsu", "esityslista"),  # a meeting notice lists its agenda
    ("pöytäkirja", "pöytäkirja"),
    ("pöytäkirjanote", "pöytäkirja"),
    ("rahoituspäätös", "päätös"),
    ("viranhaltijapäätös", "päätös"),
    ("päätös", "päätös"),
    ("hankekuvaus", "hankekuvaus"),
    ("hankesuunnitelma", "hankekuvaus"),
)

#: Field labels that mark a project page (hankekuvaus).
PROJECT_FIELD_LABELS = (
    "Rahoittaja",
    "Rahoittajat",
    "Budjetti",
    "Kustannusarvio",
    "Kokonaisbudjetti",
    "Toteutusaika",
    "Hankeaika",
    "Toteuttaja",
    "Toteuttajat",
    "Yhteyshenkilö",
    "Kunnat",
    "Hankkeen kesto",
    "Rahoitus",
)
# Field lines may be list items or bold ("- Rahoittajat: …", "**Budjetti:** …").
_PROJECT_FIELD = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?:" + "|".join(PROJECT_FIELD_LABELS) + r")(?:\(t\))?"
    r"\s*(?:\*\*)?\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def detect_doc_type(name: str, head: str, suffix: str | None = None) -> str:
    """Document type (one of :data:`aluehaku.models.DOC_TYPES`) from file name and content head.

    ``head`` is the header lines plus the start of the first page. CSV is a register, and HTML a
    web page unless its content says it is a project page or a decision.
    """
    suffix = (suffix or PurePath(name).suffix).lower()
    lname = name.lower()
    if suffix in {".csv", ".tsv"}:
        return "rekisteri"
    for word, kind in _TYPE_WORDS:
        if word in lname:
            return kind
    if len(_PROJECT_FIELD.findall(head)) >= 2:
        return "hankekuvaus"
    first = head[:600].lower()
    for word, kind in _TYPE_WORDS:
        if re.search(rf"\b{word}\b", first):
            return kind
    if suffix in {".html", ".htm"}:
        return "verkkosivu"
    return "asiakirja"


_SUBJECT = re.compile(
    r"^\s*(?:Hanke|Hankkeen nimi|Asia|Kohde)\s*:\s*(?P<subject>.{3,150})$", re.MULTILINE
)
_PROJECT_NAME = re.compile(
    r"^\s*(?:Hankkeen|Hankeen|Projektin)\s+nimi\s*:\s*(?P<name>\S.{2,150})$",
    re.MULTILINE | re.IGNORECASE,
)
#: Lines of saved web pages that name navigation, never the document.
_NAVIGATION = re.compile(
    r"^(?:(?:hyppää|siirry|ohita|skip)\b.*(?:sisältöön|content|navigaatio)|pääsisältö|takaisin"
    r"|valikko|etusivu|menu|sivun alkuun|evästeet|haku)\W*$",
    re.IGNORECASE,
)
_DECISION_NO = re.compile(r"^\s*Päätöksen numero\s*:\s*(?P<no>\S.{0,60})$", re.MULTILINE)


def fi_date(iso: str | None) -> str:
    """An ISO date in Finnish notation (2023-09-25 -> 25.9.2023); empty for None."""
    if not iso or len(iso) < 10:
        return iso or ""
    year, month, day = iso[:10].split("-")
    return f"{int(day)}.{int(month)}.{year}"


def first_title_line(text: str) -> str:
    """The first line that can title a document: not navigation, at most one sentence.

    Saved web pages open with skip links ("Hyppää pääsisältöön"); a text without a title line
    opens with a paragraph, of which the first sentence (at most 120 characters) is kept.
    """
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines()]
    for line in lines:
        if not line or _NAVIGATION.match(line):
            continue
        if len(line) <= 150:
            return line
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        return sentence if len(sentence) <= 120 else sentence[:119].rsplit(" ", 1)[0] + "…"
    return ""


def document_title(
    first_line: str, text: str, doc_type: str, body: str | None, date: str | None
) -> str:
    """A title a citation can show: for minutes body and date, for decisions their subject.

    The first line of minutes and decisions is usually the letterhead ("KESKI-SUOMEN LIITTO"),
    which names the organisation but says nothing of the document.
    """
    if doc_type in ("pöytäkirja", "esityslista") and body:
        return f"{body}: {doc_type} {fi_date(date)}".strip()
    if doc_type == "päätös":
        subject = _SUBJECT.search(text[:3000]) or _PROJECT_NAME.search(text[:3000])
        number = _DECISION_NO.search(text[:3000])
        kind = "Rahoituspäätös" if "rahoituspäätös" in text[:500].lower() else "Päätös"
        if subject:
            return f"{kind}: {subject.group(subject.lastgroup or 0).strip()}"
        if number:
            return f"{kind} {number.group('no').strip()}"
    project = _PROJECT_NAME.search(text[:5000])
    if project:
        return project.group("name").strip()
    return first_line


#: The type of a document nothing more is known of (``LoadedDocument``'s default): the metadata
#: step detects the type of a document whose loader left it so.
UNKNOWN_TYPE = "asiakirja"

#: A format's own title rule, run after the metadata step: (document, first page lines) -> title.
TitleRule = Callable[[LoadedDocument, list[str]], str]


def describe(
    doc: LoadedDocument, path: PurePath, label: str, title_rule: TitleRule | None = None
) -> LoadedDocument:
    """Fill in what the loader of ``doc`` left open; the one metadata step after any loader.

    Read from the header lines of the first page (a PDF's letterhead), the first page's text and
    the file name: the organisation, the document type, the date (a meeting date first), the
    decision-making body, the municipality and the format ``label``. Values the loader set are
    kept. A document whose loader gave no title gets one from ``title_rule`` (the format's own),
    else from :func:`document_title`. Structured documents (CSV rows, JSON records, whose
    loaders give sections) take only the file name's date and organisation: one row's text
    does not describe a register.
    """
    metadata = doc.metadata
    metadata.setdefault("format", label)
    first = doc.pages[0] if doc.pages else None
    text = first.text if first is not None and not doc.sections else ""
    header = "\n".join(first.furniture) if first is not None else ""
    head = f"{header}\n{text[:3000]}" if header else text[:3000]
    if doc.organisation is None:
        doc.organisation = find_organisation(head, path)
    meeting = find_meeting_date(text[:3000])
    if doc.date is None:
        doc.date = meeting or find_date(header) or find_date(path.name) or find_date(text[:1500])
    if doc.doc_type == UNKNOWN_TYPE:
        doc.doc_type = detect_doc_type(path.name, f"{doc.title}\n{head}", path.suffix)
    body = find_body(header) or find_body(text[:1000])
    if body:
        metadata.setdefault("body", body)
    if meeting:
        metadata.setdefault("meeting_date", meeting)
    municipality = municipality_of(doc.organisation)
    if municipality:
        metadata.setdefault("municipality", municipality)
    if not doc.title:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if title_rule is not None:
            doc.title = title_rule(doc, lines)
        else:
            first_line = first_title_line(text)[:200] or path.stem
            doc.title = document_title(first_line, text, doc.doc_type, body, doc.date)
    doc.title = doc.title[:200] or path.stem
    return doc
