"""Field labels inside running text: the value a form's label names, wherever it stands.

PDF forms and EURA decisions lose their layout when their text is extracted: "Toimintalinja:
1. Pk-yritystoiminnan kilpailukyky Erityistavoite: 3.1. Pk-yritysten energiatehokkuuden
edistäminen Kustannusmalli: …" or "VIRANOMAINEN, JOLLE HAKEMUS OSOITETAAN Kymenlaakson liitto
2. PROJEKTI, …" run on in one line. A question that asks for the labelled thing ("Mihin
erityistavoitteeseen …?", "Mille viranomaiselle …?") is answered by the value after its label,
up to the next label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aluehaku.analysis.text import lemmas, parts

#: "Label: value", the next label ending the value.
_COLON_FIELD = re.compile(
    r"(?P<label>\b[A-ZÄÖÅ][\w-]*(?:[ \t]+[\w-]+){0,3})[ \t]*:[ \t]+"
    # A colon inside a word is a case ending ("REACT-EU:n"), no label's end.
    r"(?P<value>(?:[^:\n]|:(?=\w)){2,160}?)"
    # The next label: one capitalised word, perhaps with a lower-case one ("Myönnetty tuki:").
    r"(?=[ \t]+[A-ZÄÖÅ][\w-]*(?:[ \t]+[a-zäöå][\w-]*)?[ \t]*:(?!\w)|\n|$)"
)
#: "VIRANOMAINEN, JOLLE HAKEMUS OSOITETAAN Kymenlaakson liitto 2. PROJEKTI": a label in capitals.
_CAPS_FIELD = re.compile(
    r"(?P<label>\b[A-ZÄÖÅ]{3,}(?:[ ,]+[A-ZÄÖÅ]{2,})*)[ \t]+"
    r"(?P<value>[A-ZÄÖÅ0-9][^\n]{1,120}?)"
    r"(?=[ \t]+\d{1,2}\.[ \t]+[A-ZÄÖÅ]{3,}|[ \t]+[A-ZÄÖÅ]{3,}\b|\n|$)"
)

#: The labels of a publication's colophon, which a PDF's text runs on without colons:
#: "Julkaisija Pohjois-Savon … -hanke Vastaava toimitus … Painopaikka Offsetpaino … Ky".
_COLOPHON_LABELS = (
    r"Julkaisija|Kustantaja|Päätoimittaja|Vastaava[ \t]+toimitus|Toimitus|Ulkoasu(?:[ \t]+ja"
    r"[ \t]+taitto)?|Taitto|Kannen[ \t]+kuva|Kuvat|Painopaikka|Kirjapaino|Painosmäärä|Painos|Paino|"
    r"Levikki|ISSN|ISBN"
)
_COLOPHON_FIELD = re.compile(
    rf"(?P<label>\b(?:{_COLOPHON_LABELS}))[ \t]+"
    rf"(?P<value>[A-ZÄÖÅ0-9][^\n]{{1,120}}?)(?=[ \t]+(?:{_COLOPHON_LABELS})\b|\n|$)"
)


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value found in a text."""

    label: str
    value: str
    start: int  # of the label
    end: int  # of the value


def _names(label: str, asked: set[str]) -> bool:
    """True when the label's words name the asked thing (base form or compound head)."""
    # An asked compound is not named by another compound of its head: "Erityistavoite" does
    # not label the "päätavoite" asked.
    compounds = {a for a in asked if any(a != b and a.endswith(b) for b in asked)}
    for word in re.findall(r"[\w-]+", label):
        bases = set(lemmas(word.lower()))
        head = set(parts(word.lower())[-1:])
        if bases & asked:
            return True
        # "Vastuuviranomainen" labels the asked "viranomainen"; the head part of an asked
        # compound ("tavoite" of "päätavoite") is no such ending.
        heads = {a for a in asked if any(a != b and b.endswith(a) for b in asked)}
        if any(b.endswith(a) for b in bases for a in asked - heads if len(a) >= 6):
            return True
        if head & asked and not (compounds and not bases & head):
            return True
    return False


def field_line(found: Field) -> str:
    """A field as a form shows it: "Toimintalinja: 9. REACT-EU:n ESR-toimenpiteet"."""
    return f"{found.label}: {found.value}"


def labelled_values(text: str, asked: set[str]) -> list[Field]:
    """Values whose label names one of the ``asked`` base forms ("erityistavoite")."""
    out = []
    for pattern in (_COLON_FIELD, _CAPS_FIELD, _COLOPHON_FIELD):
        for m in pattern.finditer(text):
            value = m.group("value").strip(" ,;")
            label = m.group("label")
            # "kilpailukyky Erityistavoite:": the word before the colon is the label.
            named = label.split()[-1] if pattern is not _CAPS_FIELD else label
            if len(value) < 2 or not _names(named, asked):
                continue
            if pattern is _CAPS_FIELD and value.isupper() and not re.search(r"\d", value):
                continue  # "VARSINAISET JÄSENET VARAJÄSENET": a table's next heading
            out.append(Field(m.group("label").strip(), value, m.start(), m.end("value")))
    return sorted(out, key=lambda f: f.start)
