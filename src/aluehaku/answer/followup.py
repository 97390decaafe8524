"""Follow-ups about what the previous answer listed ("entä niiden budjetit?").

A follow-up that points back with a plural pronoun (niiden, niitä, ne, näiden) after a list
answer asks the same thing of every listed item: each item becomes a question of its own
("Mikä on Kaipola uudistuu -hankkeen budjetti?"), answered from facts or passages like any
other, and the per-item answers are joined with their citations renumbered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .composer import Answer, Citations
from .passages import is_decline
from .question import Question, parse_question

if TYPE_CHECKING:
    from aluehaku.store import Store

#: Answers one question (text, parsed question) the way the service does; passed in so that this
#: module does not depend on the service that calls it.
AskOne = Callable[[str, Question], Answer]

#: At most this many listed items are asked about.
MAX_ITEMS = 10
_PLURAL_PRONOUN = re.compile(
    r"\b(?:niiden|niitä|ne|näiden|noiden|nämä|niille|niistä|kunkin)\b", re.I
)
_LEAD = re.compile(r"^\s*(?:entä|entäs|ja|mutta|no)\b[\s,]*", re.I)
_KIND_BY_NOUN = (
    (re.compile(r"budjet|kustann|rahoitu|tuki|tuet|avustu|summ|hinna|hinta", re.I), "amount"),
    (re.compile(r"aikataulu|toteutusai|kesto|päättym|alkamis|päättyv|alkav|milloin", re.I), "time"),
    (re.compile(r"yhteyshenkil|päällik|vetäj|johtaj|kuka|ketkä", re.I), "person"),
)
_LIST_LINE = re.compile(r"^- (?P<name>[^\[(\n]+?)\s*(?:\(|\[|$)", re.M)


def listed_items(answer_text: str) -> list[str]:
    """The names of the items a list answer gave ("- Name (…) [1]")."""
    return [m.group("name").strip(" :") for m in _LIST_LINE.finditer(answer_text)][:MAX_ITEMS]


def compose_follow_up(
    q: Question, history: list[dict[str, str]], store: Store, ask_one: AskOne
) -> Answer | None:
    """Answer a plural follow-up item by item; ``None`` when it is not one."""
    previous = str(history[-1].get("answer") or "") if history else ""
    items = listed_items(previous)
    if not items or not _PLURAL_PRONOUN.search(q.text):
        return None
    asked = _LEAD.sub("", q.text).strip()
    kind = next((k for pattern, k in _KIND_BY_NOUN if pattern.search(asked)), None)
    merged = Citations(store)
    lines = []
    found = 0
    for name in items:
        text = _PLURAL_PRONOUN.sub(f"{name} -hankkeen", asked, count=1)
        sub = parse_question(text)
        if kind:
            sub.kind = kind
        answer = ask_one(text, sub)
        if is_decline(answer):
            lines.append(f"- {name}: aineistosta ei löytynyt tätä tietoa")
            continue
        found += 1
        lines.append(f"- {name}: {_first_claim(answer, name, merged)}")
    if not found:
        return None
    head = "Edellisen vastauksen hankkeista aineisto kertoo:"
    return Answer(head + "\n" + "\n".join(lines), False, merged.items, kind=q.kind)


def _first_claim(answer: Answer, name: str, merged: Citations) -> str:
    """The answer's first claim with its citations renumbered into ``merged``."""
    numbers = {c.n: merged.cite(c.chunk, c.snippet) for c in answer.citations}
    text = answer.answer.split("\n")[0]
    m = re.search(r"\]\.?\s", text)
    if m:
        text = text[: m.start() + 1]
    text = re.sub(r"^Aineiston mukaan\s+", "", text)
    if text.startswith(name + ":"):
        text = text[len(name) + 1 :].strip()
    return re.sub(r"\[(\d+)\]", lambda x: f"[{numbers.get(int(x.group(1)), x.group(1))}]", text)
