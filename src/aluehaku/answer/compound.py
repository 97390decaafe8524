"""Questions that ask two things at once ("Kuinka monta asukasta kylässä on, ja kuinka monen
oppilaan koulu siellä toimii?").

Each part is answered on its own, the way any question is, and the answers are joined with
their citations renumbered. The second part usually points back ("siellä", "niiden", "siitä"):
it is asked with the names of the first part added, and searched with the first part's words,
so that search and the entity checks look at the same documents. A part the documents do not
answer is said to be so, and only when neither part is answered does the whole question
decline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from aluehaku.analysis.lemmatize import readings

from .composer import Answer, Citations
from .passages import is_decline

if TYPE_CHECKING:
    from aluehaku.store import Store

#: An interrogative that opens a second question after "ja".
_SECOND = re.compile(
    r"(?:,\s*|\s)ja\s+(?=(?:kuinka|mikä|mitkä|mitä|milloin|minä|mihin|missä|mistä|millä|"
    r"minkä|mille|miltä|miten|millai\w+|minkälai\w+|kuka|ketkä|kenen|keneltä|kenelle|keitä|"
    r"paljonko|montako|monenko|moneenko|monessako)\b)",
    re.IGNORECASE,
)
#: Words of the first part that name what both parts are about: names, codes and years.
_NAME = re.compile(r"\b[A-ZÅÄÖ][\w.:-]*|\b\d{4}\b|\b\w+-\w+\b")
#: A part shorter than this many words is no question of its own ("ja milloin?").
MIN_WORDS = 3

#: Answers one part (its text, and words of the whole question that search may use).
AskOne = Callable[[str, str], Answer]


def split_compound(text: str) -> tuple[str, str] | None:
    """The two questions of ``text``, the second with the first part's names added; None
    for a question that asks one thing."""
    m = _SECOND.search(text)
    if m is None:
        return _coordinated_heads(text)
    first = text[: m.start()].strip(" ,") + "?"
    second = text[m.end() :].strip()
    if len(second.split()) < MIN_WORDS:
        second = _elided(first, second) or second
    if len(first.split()) < MIN_WORDS or len(second.split()) < MIN_WORDS:
        return None
    names = [n for n in _NAME.findall(text[: m.start()]) if n.lower() not in second.lower()]
    names = [n for n in names[1:] if n] if names and names[0] == first.split()[0] else names
    body = second.rstrip("?").strip()
    if names:
        body += " (" + " ".join(dict.fromkeys(names)) + ")"
    return first, body[:1].upper() + body[1:] + "?"


def _elided(first: str, second: str) -> str | None:
    """The second part written out when it leaves out what the first said: "Kuka toimii
    hankkeen projektipäällikkönä ja kuka hankekoordinaattorina?" asks "Kuka toimii hankkeen
    hankekoordinaattorina?" (the word in the same case as the second part's word gives way)."""
    asked, _, word = second.rstrip("?").strip().partition(" ")
    head, _, rest = first.rstrip("?").partition(" ")
    if not word or " " in word or asked.lower() != head.lower() or len(word) < 4:
        return None

    def form(w: str) -> set[str]:
        # A noun by its cases, a finite verb as such ("alkoi ja milloin päättyi").
        found = readings(w)
        verb = bool(found) and all(r.word_class == "teonsana" and not r.case for r in found)
        return {"verb"} if verb else {r.case for r in found if r.case}

    wanted = form(word)
    words = rest.split()
    for k in range(len(words) - 1, -1, -1):
        if words[k] != word and wanted & form(words[k]):
            return " ".join([head, *words[:k], word, *words[k + 1 :]]) + "?"
    return None


def compose_compound(text: str, store: Store, ask_one: AskOne) -> Answer | None:
    """Answer a two-part question part by part; None when it asks one thing."""
    parts = split_compound(text)
    if parts is None:
        return None
    # The second part is searched with the first: "niiden yhteisarvo" is the value of what
    # the first part counted.
    answers = [ask_one(parts[0], ""), ask_one(parts[1], parts[0])]
    if all(is_decline(a) for a in answers):
        return None  # the whole question declines as any other
    merged = Citations(store)
    lines = []
    for part, answer in zip(parts, answers, strict=True):
        if is_decline(answer):
            shown = part.split(" (")[0].rstrip("?")
            lines.append(f"Kysymyksen osaan ”{shown}?” aineistosta ei löytynyt vastausta.")
        else:
            lines.append(_renumbered(answer, merged))
    kinds = [a.kind for a in answers]
    return Answer("\n\n".join(lines), False, merged.items, kind=kinds[0])


def _renumbered(answer: Answer, merged: Citations) -> str:
    """The answer's text with its citation numbers moved into ``merged``."""
    numbers = {c.n: merged.cite(c.chunk, c.snippet) for c in answer.citations}
    return re.sub(
        r"\[(\d+)\]", lambda x: f"[{numbers.get(int(x.group(1))) or x.group(1)}]", answer.answer
    )


#: "Mikä on <…> A ja B?": one interrogative over two coordinated head nouns ("Mikä on hankkeen
#: kokonaiskustannusarvio ja haettu AKKE-rahoitus?"), each a value of its own.
_HEADS = re.compile(
    r"^(?P<frame>(?:mikä|paljonko|kuinka\s+paljon)\s+(?:on|oli)\s+.+?)\s"
    r"(?P<first>[a-zäöå][\w-]*[a-zäöå])\s+ja\s+(?P<second>(?:[\w-]+\s+){0,2}[\w-]+)\s*\?\s*$",
    re.IGNORECASE,
)


def _coordinated_heads(text: str) -> tuple[str, str] | None:
    """The two questions of "Mikä on X:n A ja B?": "Mikä on X:n A?" and "Mikä on X:n B?".

    Both heads must be nouns in the nominative: "Mikä on Kainuun ja Lapin budjetti?" joins
    two genitives before one head, and asks one thing.
    """
    m = _HEADS.match(text.strip())
    if m is None or not _nominative_noun(m.group("first")):
        return None
    if not _nominative_noun(m.group("second").split()[-1]):
        return None
    frame = m.group("frame")
    return f"{frame} {m.group('first')}?", f"{frame} {m.group('second')}?"


def _nominative_noun(word: str) -> bool:
    """Whether every reading of ``word`` is a noun in the nominative singular (a hyphenated
    word by its last part: "AKKE-rahoitus")."""
    found = readings(word) or readings(word.rsplit("-", 1)[-1])
    return bool(found) and all(r.word_class == "nimisana" and r.case == "nimento" for r in found)
