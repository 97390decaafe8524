"""Person names in Finnish text: a first name Voikko knows followed by a capitalised word.

A surname may be inflected ("Samuli Virtasen" -> "Samuli Virtanen"); hyphenated first names
("Anna-Mari") count when their first part is a first name; "Sampo Oyj" is a company.
"""

from __future__ import annotations

import re

from aluehaku.analysis.gazetteer import find_mentions
from aluehaku.analysis.lemmatize import readings, word_classes
from aluehaku.analysis.text import lemmas

#: Two capitalised words; a lookahead so that matches overlap ("Puheenjohtaja Aino Harjula"
#: must yield "Aino Harjula" after rejecting "Puheenjohtaja Aino").
NAME = re.compile(
    r"\b(?=(?P<first>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\s+"
    r"(?P<last>[A-ZÅÄÖ][a-zåäöéèüáàó]+(?:-[A-ZÅÄÖ][a-zåäöéèüáàó]+)?)\b)"
)  # a surname may carry an accent: "Walldén", "Lindén", "Müller"


#: Finnish first names that Voikko's lexicon holds only as places ("Kaija", "Salla") or not at
#: all ("Ylva"): before a capitalised word they are a first name as any other is.
_FIRST_NAMES_VOIKKO_LACKS = frozenset(
    {"Kaija", "Salla", "Simo", "Saku", "Mari", "Pirita", "Inkeri", "Eira", "Inari", "Iris",
     "Ylva", "Uula", "Tiitu"}
)  # fmt: skip


def is_first_name(word: str) -> bool:
    """True when Voikko knows ``word`` as a first name (a hyphenated one by its first part)."""
    if word in _FIRST_NAMES_VOIKKO_LACKS:
        return True
    if "-" in word:  # "Anna-Mari", "Ulla-Riitta" (Voikko knows "Mari" only as a place)
        first, _, rest = word.partition("-")
        classes = word_classes(rest)
        return "etunimi" in word_classes(first) and (
            "etunimi" in classes or not classes & {"nimisana", "laatusana", "teonsana"}
        )
    return "etunimi" in word_classes(word)


_VOWELS = frozenset("aeiouyäöå")
_NOT_SURNAMES = frozenset({"Oy", "Oyj", "Ab", "Ry", "Ltd", "Inc", "Kaupunki", "Kunta"})


def person_names(text: str) -> list[tuple[str, int, int]]:
    """Person names in ``text`` as (name in base form, start, end); "Sampo Oyj" is not one.

    Registers and forms write the surname first ("Yhteyshenkilö: Kaunismaa Pekka"): a
    surname (or a word Voikko does not know) before a first name that ends the name is one
    too, written as the text writes it.
    """
    out: list[tuple[str, int, int]] = []
    taken = -1  # end of the last name found: its surname does not start another one
    for m in NAME.finditer(text):
        first, last = m.group("first"), m.group("last")
        if m.start("first") < taken:
            continue
        if first.lower().endswith(("ko", "kö")) and "teonsana" in word_classes(first):
            # "Toimiko Matti Virtanen …?": a verb with the question clitic, not "Toimi".
            taken = m.start("last")
            continue
        if is_first_name(first) and last not in _NOT_SURNAMES:
            base = surname_base(last, text[m.end("last") :])
            shared = _SHARED_SURNAME.search(text, 0, m.start("first"))
            if shared and is_first_name(shared.group(1)) and shared.start() >= taken:
                # "yrittäjät Ville ja Virve Virtanen": two people of one surname.
                out.append((f"{shared.group(1)} {base}", shared.start(1), shared.end(1)))
            out.append((f"{first} {base}", m.start("first"), m.end("last")))
            taken = m.end("last")
        elif _surname_first(first, last, text[m.end("last") :], text[: m.start("first")]):
            out.append((f"{first} {last}", m.start("first"), m.end("last")))
            taken = m.end("last")
    return out


#: A first name and "ja" just before another person's name: "Ville ja Virve Virtanen".
_SHARED_SURNAME = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\s+ja\s+$")


#: A register's name field written in capitals, surname first: "Hankkeen yhteyshenkilön nimi:
#: MÄENSIVU SANNA KAARINA" (the EURA 2014 project cards).
_SHOUTED_NAME = re.compile(
    r"\b(?i:nimi)\s*:[ \t]*(?P<name>[A-ZÅÄÖ]{2,}(?:-[A-ZÅÄÖ]{2,})?"
    r"(?:[ \t]+[A-ZÅÄÖ]{2,}(?:-[A-ZÅÄÖ]{2,})?){1,3})[ \t]*(?=$|\n)"
)


def shouted_names(text: str) -> list[tuple[str, int, int]]:
    """Names in capitals after a name field's label, as (name as written in title case,
    start, end): one of the words after the first must be a first name."""
    out = []
    for m in _SHOUTED_NAME.finditer(text):
        name = m.group("name")
        titled = " ".join(w.capitalize() for w in name.split())
        if any(is_first_name(w) for w in titled.split()[1:]):
            out.append((titled, m.start("name"), m.end("name")))
    return out


#: The header of a participants table whose columns read name, then office ("OSALLISTUJAT
#: Nimi Tehtävä Lisätiedot", "Nimi Klo Tehtävä").
ROSTER_HEADER = re.compile(r"\bNimi\s+(?:Klo\s+)?(?:Tehtävä|Asema|Rooli)\b")


def _surname_first(surname: str, first: str, after: str, before: str = "") -> bool:
    """ "Kaunismaa Pekka": a surname (or an unknown word), then a first name that ends the name.

    A surname that is also a common noun ("Sillanpää") counts where the name stands alone on
    its line, after a field's label or in a roster ("Puheenjohtaja" / "Sillanpää Niina";
    "Aho Timo, Jokioja Tiina").
    """
    # A capitalised word on the same line may be the first name's own surname; a line break
    # ends the name ("Sillanpää Niina" above "Esittelijä").
    if not is_first_name(first) or re.match(r"[ \t\u00a0]+[A-ZÅÄÖ][a-zåäö]", after):
        return False
    classes = word_classes(surname)
    if "sukunimi" in classes or not classes:
        return True
    if ROSTER_HEADER.search(before) and all(r.case == "nimento" for r in readings(surname)):
        # Under the header every row starts with a name: "Paloniemi Erkki kj, esittelijä",
        # "Penttilä Harri kunnanvaltuuston 1. vpj." ("Lapuan Pekka" is still a place's).
        return True
    if not classes <= {"nimisana", "laatusana", "nimisana_laatusana"}:
        return False  # "Lapuan Pekka": a place
    # A field's value stands alone after its label too: "Hankkeen yhteyshenkilön nimi:
    # Tuohimaa Hanna".
    alone_before = not before.strip(" \t") or before.rstrip(" \t")[-1:] in ("\n", ",", ":")
    alone_after = not after.strip(" \t") or after.lstrip(" \t")[:1] in ("\n", ",")
    return alone_before and alone_after


#: Cases a surname after a first name stands in when it is inflected at all ("Virtasen",
#: "Virtaselle", "Virtasta"); an essive or translative reading ("Raappana" as the essive of
#: "raappa") is a guess about a name written in its base form.
_NAME_CASES = frozenset(
    {
        "omanto",
        "osanto",
        "ulkotulento",
        "ulkoolento",
        "ulkoeronto",
        "sisaolento",
        "sisaeronto",
        "sisatulento",
        "seuranto",
    }
)
#: Voikko's word classes of a proper name: their base form is the name's, not the common
#: noun's ("Taipaleen" is the genitive of the name "Taipale", not of the noun "taival").
PROPER_CLASSES = frozenset({"sukunimi", "etunimi", "paikannimi", "nimi"})


def surname_base(word: str, after: str | None = None) -> str:
    """The base form of a (possibly inflected) surname, capitalised.

    A word that can be read as a nominative is written as the text writes it ("Taipale",
    never the noun "Taival"); an inflected one takes a proper name's base form before a
    common noun's. ``after`` is the text that follows the name, where known: a surname
    Voikko does not know is undone from a genitive only before the word it modifies
    ("Wuorisen puhetta"), not before a bracket or a comma ("Henrik Hausen (Salo)").
    """
    classes = word_classes(word)
    if classes and not classes & {"sukunimi", "nimisana", "nimi", "paikannimi"}:
        return word
    found = readings(word)
    if found and (
        any(r.case == "nimento" for r in found) or not any(r.case in _NAME_CASES for r in found)
    ):
        return word
    proper = [r.baseform for r in found if r.word_class in PROPER_CLASSES and r.case in _NAME_CASES]
    if not classes:
        # A surname Voikko does not know: the guesser would read "Wuorinen" as a genitive
        # ("Wuorine"). The "-nen" names decline by rule: "Wuorisen" is "Wuorinen"'s genitive.
        if word.endswith("nen"):
            return word
        if word.endswith("sen") and len(word) > 5 and word[-4] in _VOWELS:
            if after is not None and not re.match(r"\s+[a-zäöå]", after):
                return word  # "Henrik Hausen (Salo, …)", "… Hausen, kyläasiamies"
            return word[:-3] + "nen"
        if word.endswith("ksen") and len(word) > 6:
            return word[:-4] + "s"  # "Vehmaksen" is "Vehmas"'s genitive
        if word.endswith(("nan", "nän")):
            return word[:-1]  # "Raappanan": the guesser would strip "-nan" as well
        if word.endswith(("na", "nä")):
            # "Timo Reina pitää …": the guesser reads an essive ("Rei"), which a name beside
            # its first name hardly ever is.
            return word
    base = proper[0] if proper else lemmas(word)[0]
    if not base:
        return word
    # "Kylä-Kailan" -> "Kylä-Kaila": each part keeps the capital the text gave it.
    written = word.split("-")
    parts = base.split("-")
    if len(parts) != len(written):
        return base[:1].upper() + base[1:]
    return "-".join(
        p[:1].upper() + p[1:] if w[:1].isupper() or i == 0 else p
        for i, (p, w) in enumerate(zip(parts, written, strict=True))
    )


#: An office before a lone capitalised word: Finnish news names a minister or a mayor by the
#: office and the surname alone ("elinkeinoministeri Lintilän toimeksiannossa").
_TITLED = re.compile(
    r"\b(?:[A-ZÄÖÅa-zäöå][a-zäöå-]*)?(?:[Mm]inisteri|[Pp]ormestari|[Pp]residentti|"
    r"[Kk]ansanedustaja|[Mm]eppi|[Pp]uheenjohtaja|[Jj]ohtaja|[Pp]rofessori)"
    r"[ \t]+(?P<last>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\b(?![ \t]+[A-ZÅÄÖ])"
)


def titled_surnames(text: str) -> list[tuple[str, int, int]]:
    """Surnames named after an office alone ("ministeri Lintilän" -> "Lintilä"), as
    (base form, start, end); a first name, a place or an organisation after the office is
    none, and a capitalised word after the surname makes it part of a longer name."""
    out: list[tuple[str, int, int]] = []
    for m in _TITLED.finditer(text):
        last = m.group("last")
        classes = word_classes(last)
        if is_first_name(last) or last in _NOT_SURNAMES:
            continue
        if classes and not classes & {"sukunimi", "nimi"}:
            continue  # "puheenjohtaja Hallitus", "ministeri Suomen": a word or a place
        if find_mentions(last):
            continue
        out.append((surname_base(last, text[m.end("last") :]), m.start("last"), m.end("last")))
    return out


def same_person(a: str, b: str) -> bool:
    """ "Tiina Iskanius" and "Tiina Iskaniu" (an inflected surname cut to a stem) are one."""
    (fa, _, la), (fb, _, lb) = a.partition(" "), b.partition(" ")
    return a == b or (
        fa == fb and bool(la) and bool(lb) and (la.startswith(lb) or lb.startswith(la))
    )
