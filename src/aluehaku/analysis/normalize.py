"""Clean text extracted from PDFs, HTML and office files before anything else sees it.

Extraction leaves artefacts that break both tokenisation and display: invisible characters in
the middle of words, typographic ligatures, odd Unicode spaces and words hyphenated at line
ends. :func:`normalize_text` removes them while keeping what carries meaning (paragraph breaks,
real hyphenated compounds, thousand groups of numbers).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["THOUSANDS_SEPARATOR", "normalize_text"]

#: Canonical thousand separator kept between digit groups ("116 475"). U+202F (narrow no-break
#: space) is what Finnish typography prescribes; keeping it distinct from a plain space lets the
#: tokenizer join "116 475" without guessing and stops renderers from wrapping inside a number.
THOUSANDS_SEPARATOR = "\u202f"

# Invisible characters that PDF extractors leave inside words: zero-width space / non-joiner /
# joiner, word joiner, Mongolian vowel separator and the byte-order mark. Deleting (not
# replacing with a space) is right because they never separate words in the source.
# (A regex, not str.translate: translate with a dict walks every character in Python-level
# lookups and was the slowest step on long texts.)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u180e\ufeff]")

# Ligatures expanded explicitly: NFKC would also do it but rewrites much more (superscripts,
# fractions, full-width forms) than a loader should touch.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")

# Every horizontal space other than the ASCII space and tab: NBSP, en/em/figure/thin/hair
# spaces, narrow NBSP, medium mathematical space and the ideographic space.
_ODD_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# An odd space between a digit and exactly three digits is a thousand separator: writers (and
# word processors) put NBSP or a thin space there on purpose, so unlike a plain space it is
# strong evidence. Plain-space groups ("116 475") are left to the tokenizer.
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACE}]")

# Soft hyphen before a line break marks a hyphenation point: join without any hyphen.
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ \t]*\r?\n[ \t]*")
# A visible hyphen at a line end, followed by the rest of the word on the next line.
# Anchored on the hyphen itself (the word before it is found in the callback): a pattern that
# starts with the left word makes the engine try every word of the text.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011][ \t]*\n[ \t]*(?P<right>\w+)")
_LEFT_WORD = re.compile(r"\w+$")
# After these the hyphen is a suspended compound ("osallistumis- ja vaikuttamis..."): keep it
# and restore the space the line break stood for.
_CONJUNCTIONS = frozenset({"ja", "tai", "sekä", "eli", "tahi", "että", "kuin", "and", "or"})
_VOWELS = frozenset("aeiouyäöå")

# Only runs and tabs: matching every single space would cost a callback per word.
_SPACES = re.compile(r"[ \t]{2,}|\t")
_TRAILING = re.compile(r"[ \t]+\n[ \t]*|\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Bullets as word processors and web pages draw them ("▪", "◦", "➢", a superscript minus "⁻")
# become the one bullet "•" at a line's start, so that every list reader knows them. Dashes
# ("–", "−", "—") stay: news write a quotation after one.
_BULLET_GLYPH = re.compile(r"(?m)^([ \t]*)[▪▫◦○●■□◆◇►▸‣⁃⁻➢➤✓✔❖·][ \t]+")


def normalize_text(text: str) -> str:
    """Return ``text`` cleaned of extraction artefacts; idempotent.

    Steps, in order: unify line ends; NFC (so "ä" is one code point and matches the
    dictionary); delete zero-width characters and the BOM; expand ligatures; turn odd spaces
    into plain spaces except thousand separators (canonicalised to
    :data:`THOUSANDS_SEPARATOR`); join words split at a soft hyphen at a line end and drop the
    other soft hyphens; join words hyphenated at line ends (see :func:`_join_hyphenated`);
    collapse runs of spaces; strip spaces around line breaks; keep paragraph breaks as exactly
    one blank line; draw every bullet at a line's start as "•".
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group(0)], text)
    # Odd spaces and stray soft hyphens go before the line-end join so that "kehit\u00adtämis-
    # \u00a0\nhanke" is seen as a plain hyphen at a line end (and a second pass changes nothing).
    text = _ODD_SPACE_RE.sub(_keep_thousands, text)
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = text.replace("\u00ad", "")
    text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    text = _BULLET_GLYPH.sub(r"\1• ", text)
    return text.strip(" \n")


def _keep_thousands(match: re.Match[str]) -> str:
    """A thousand separator becomes :data:`THOUSANDS_SEPARATOR`, any other odd space a space.

    An odd space between a digit and exactly three digits is a thousand separator. The context
    is checked here rather than with look-arounds in the pattern, which made the regex engine
    test every character of the text.
    """
    text, start, end = match.string, match.start(), match.end()
    if (
        start > 0
        and text[start - 1].isdigit()
        and text[end : end + 3].isdigit()
        and len(text[end : end + 3]) == 3
        and not text[end + 3 : end + 4].isdigit()
    ):
        return THOUSANDS_SEPARATOR
    return " "


def _join_hyphenated(match: re.Match[str]) -> str:
    """Decide what a hyphen at a line end was: a hyphenation point or a real hyphen.

    The hyphen is kept when the next line starts with a capital ("Keski-\\nSuomen"), the left
    part is an acronym or a number ("ELY-\\nkeskus", "2020-\\nluvulla"), or the same vowel meets
    at the seam ("kulttuuri-\\nilta": Finnish writes such compounds with a hyphen). After a
    suspended compound ("osallistumis-\\nja") the line break becomes a space. Otherwise the
    word was merely split by the layout and is joined ("kehittämis-\\nhanke").
    """
    right = match.group("right")
    before = match.string[max(0, match.start() - 64) : match.start()]
    left_match = _LEFT_WORD.search(before)
    left = left_match.group(0) if left_match else before[-1:]
    if right.lower() in _CONJUNCTIONS:
        return f"- {right}"
    keep = (
        right[0].isupper()
        or left.isupper()
        or left[-1].isdigit()
        or right[0].isdigit()
        or (left[-1].lower() == right[0].lower() and left[-1].lower() in _VOWELS)
    )
    return f"-{right}" if keep else right
