"""Person names in Finnish text: a first name Voikko knows followed by a capitalised word.

A surname may be inflected ("Samuli Virtasen" -> "Samuli Virtanen"); hyphenated first names
("Anna-Mari") count when their first part is a first name; "Sampo Oyj" is a company.
"""

from __future__ import annotations

import re

from aluehaku.analysis.lemmatize import word_classes
from aluehaku.analysis.text import lemmas

#: Two capitalised words; a lookahead so that matches overlap ("Puheenjohtaja Aino Harjula"
#: must yield "Aino Harjula" after rejecting "Puheenjohtaja Aino").
NAME = re.compile(
    r"\b(?=(?P<first>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\s+"
    r"(?P<last>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\b)"
)


def is_first_name(word: str) -> bool:
    """True when Voikko knows ``word`` as a first name (a hyphenated one by its first part)."""
    if "-" in word:  # "Anna-Mari", "Ulla-Riitta" (Voikko knows "Mari" only as a place)
        first, _, rest = word.partition("-")
        classes = word_classes(rest)
        return "etunimi" in word_classes(first) and (
            "etunimi" in classes or not classes & {"nimisana", "laatusana", "teonsana"}
        )
    return "etunimi" in word_classes(word)


_NOT_SURNAMES = frozenset({"Oy", "Oyj", "Ab", "Ry", "Ltd", "Inc", "Kaupunki", "Kunta"})


def person_names(text: str) -> list[tuple[str, int, int]]:
    """Person names in ``text`` as (name in base form, start, end); "Sampo Oyj" is not one."""
    out = []
    for m in NAME.finditer(text):
        if is_first_name(m.group("first")) and m.group("last") not in _NOT_SURNAMES:
            name = f"{m.group('first')} {surname_base(m.group('last'))}"
            out.append((name, m.start("first"), m.end("last")))
    return out


def surname_base(word: str) -> str:
    """The base form of a (possibly inflected) surname, capitalised."""
    classes = word_classes(word)
    if classes and not classes & {"sukunimi", "nimisana", "nimi"}:
        return word
    base = lemmas(word)[0]
    return base[:1].upper() + base[1:] if base else word
