"""Organisations a sentence names: companies and associations by their legal form, bodies by
their head noun ("Kiinteistö Katera Oy", "Leader Pohjoisin Lappi ry", "Itä-Lapin kuntayhtymä")."""

from __future__ import annotations

import re

from aluehaku.analysis.gazetteer import body_head, find_named_bodies

from .values import Value, matched_values

#: A company or association by its legal form or its company word, Finnish, Swedish or
#: English ("Katera Oy", "… ry", "Owal Group", "Spatia Consulting", "Nordic Ltd"); a sole
#: trader by "Tmi" before the name ("Tmi Aino Laine").
_ORG_NAME = re.compile(
    r"\b(?:[A-ZÄÖÅ][\w&-]*\s){0,4}[A-ZÄÖÅ][\w&-]*\s"
    r"(?:(?:Oy|Oyj|OY|Ab|Abp|ry|rf|Ky|Ay|osuuskunta|Ltd|Inc|GmbH|Group|Consulting)\b|r\.y\.)"
    r"|\bTmi(?:\s[A-ZÄÖÅ][\w&-]*){1,3}"
)


def company_values(sentence: str) -> list[Value]:
    """Companies and associations by their legal form ("Kiinteistö Katera Oy", "… ry")."""
    return matched_values(_ORG_NAME, sentence)


#: A unit named after its parent in the genitive, its head after a spaced hyphen:
#: "Vaasan yliopiston | Levón -instituutti", "Jyväskylän yliopiston | Agora -keskus".
_UNIT_TAIL = re.compile(r"\s+(?:[A-ZÄÖÅ][\w'’.-]*\s+){1,3}-(\w+)")


def organisation_values(sentence: str) -> list[Value]:
    """Companies, associations and bodies named by their head noun ("Kiinteistö Katera Oy",
    "Leader Pohjoisin Lappi ry", "Geologian tutkimuskeskus", "Itä-Lapin kuntayhtymä"), a
    unit with its parent ("Vaasan yliopiston Levón -instituutti")."""
    found = company_values(sentence)
    for m in find_named_bodies(sentence):
        if not any(v.start < m.end and m.start < v.end for v in found):
            found.append(Value(m.surface, m.start, m.end))
    return sorted((_with_unit(sentence, v) for v in found), key=lambda v: v.start)


def _with_unit(sentence: str, value: Value) -> Value:
    tail = _UNIT_TAIL.match(sentence, value.end)
    if tail is None or not body_head(tail.group(1)):
        return value
    return Value(sentence[value.start : tail.end()], value.start, tail.end())
