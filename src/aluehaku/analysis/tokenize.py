"""A regex tokenizer for Finnish administrative text that keeps character offsets.

Offsets let search highlight the exact surface words of a snippet. Besides words the tokenizer
recognises the units that officials write and users search for: grouped numbers ("116 475"),
decimals ("1,5"), dates ("1.12.2022"), § references ("§ 160", "160 §") and abbreviations
("esim.", "klo"). Hyphenated compounds ("Keski-Suomen", "JTF-rahoituksen", "2020-luvulla") and
colon-inflected forms ("EU:n", "covid-19:n") stay one token, as the lemmatizer needs them whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["ABBREVIATIONS", "Token", "TokenKind", "iter_tokens", "tokenize"]

TokenKind = Literal["word", "number", "date", "section_ref", "abbreviation"]


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` is its normalised form, ``start``/``end`` index the source string.

    For words ``text`` is the surface form; numbers lose their group separators ("116475"),
    dates lose leading zeros ("1.12.2022"), § references read "§ 160" and abbreviations are
    lower-cased without the final dot ("esim").
    """

    text: str
    start: int
    end: int
    kind: TokenKind


#: Common Finnish abbreviations (without the dot). Only these are joined with a following dot,
#: so that an ordinary word at a sentence end never swallows the full stop.
ABBREVIATIONS = frozenset(
    {
        "esim", "ns", "mm", "jne", "klo", "n", "ks", "vrt", "yms", "ym", "tms", "ts", "ko",
        "ao", "em", "milj", "mrd", "kpl", "nro", "huom", "puh", "os", "vs", "ml", "mt", "ed",
        "jäs", "pj", "vpj", "siht", "oto", "tark", "kok", "alk", "yl", "ap", "ip", "vt", "va",
        "eaa", "jaa", "ent", "engl", "ruots", "lat", "t", "s", "v", "vv", "mom", "kohd",
    }
)  # fmt: skip

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
_SPACE = r"[ \u00a0\u2009\u202f\u2007]"
_HYPHEN = r"[-\u2010\u2011]"

_PATTERN = re.compile(
    rf"""
    (?P<section_ref>
        §{{1,2}}{_SPACE}?\d+(?:{_SPACE}?[a-z](?![\w]))?      # § 160, § 12 a
      | (?<![\w.,])\d+{_SPACE}?§                            # 160 §
    )
  | (?P<date>
        (?<![\w.,])\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})?(?![\d])
    )
  | (?P<number>
        (?<![\w.,])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?(?![\d])   # 116 475 / 1 000 000,50
      | (?<![\w.,])\d+(?:,\d+)?(?!{_HYPHEN}?{_LETTER}|\d)         # 2022, 1,5 (not 2020-luku)
    )(?::{_LETTER}+)?                                         # 5:n, 2020:ssa
  | (?P<word>
        (?:[A-ZÅÄÖ]{{2,}}\+(?!{_ALNUM}))                        # ESR+
      | {_ALNUM}+(?:{_HYPHEN}{_ALNUM}+)*(?::{_LETTER}+)?         # EU:n, Keski-Suomen
    )
    """,
    re.VERBOSE,
)
_DIGITS_ONLY = re.compile(r"\D")


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text`` in order (see :class:`Token` for the normalised forms)."""
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup
        surface = match.group(0)
        start, end = match.span()
        if kind == "section_ref":
            number = re.sub(r"[§\s\u00a0\u2009\u202f\u2007]", "", surface)
            yield Token(f"§ {number}", start, end, "section_ref")
        elif kind == "date":
            day, month, year = surface.split(".")
            # Leading zeros vary between writers ("01.12." vs "1.12."); the year is kept.
            yield Token(f"{int(day)}.{int(month)}.{year}", start, end, "date")
        elif kind == "number":
            # The colon suffix ("5:n") is inflection, not part of the value.
            value = surface.split(":", 1)[0]
            integer, _, decimals = value.partition(",")
            integer = _DIGITS_ONLY.sub("", integer)
            yield Token(f"{integer},{decimals}" if decimals else integer, start, end, "number")
        else:
            low = surface.lower()
            if low in ABBREVIATIONS:
                # Swallow the abbreviation's dot so that sentence splitting and snippets see
                # "esim." as one unit.
                if end < len(text) and text[end] == ".":
                    end += 1
                yield Token(low, start, end, "abbreviation")
            else:
                yield Token(surface, start, end, "word")


def tokenize(text: str) -> list[Token]:
    """Return all tokens of ``text`` as a list; see :func:`iter_tokens`."""
    return list(iter_tokens(text))
