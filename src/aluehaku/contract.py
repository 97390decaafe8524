"""The public JSON of search hits and answers: one definition for the CLI, the API and the UI.

``aluehaku search --json`` and ``aluehaku ask --json`` print these models, and the HTTP API
declares them as its response models (so its OpenAPI document describes the same fields), so a
field the search or answer layer computes reaches every interface or none. The web UI reads the
same fields: it marks the ``highlights`` spans the server found by lemma matching and computes
nothing of its own.

Highlight spans are ``[start, end)`` offsets in characters (Unicode code points) of ``snippet``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from aluehaku.answer.composer import Answer
    from aluehaku.search.results import SearchResponse

Span = tuple[int, int]


class DocumentBrief(BaseModel):
    """The short form of a document used in hits and citations."""

    id: int
    source: str = Field(description="Lähde, josta asiakirja luettiin (tiedosto tai URL).")
    title: str
    type: str = Field(description="Asiakirjatyyppi, esim. pöytäkirja tai hankekuvaus.")
    organisation: str | None = None
    date: str | None = Field(None, description="Päivämäärä muodossa VVVV-KK-PP.")


class SearchHitOut(BaseModel):
    """One retrieved text passage."""

    document: DocumentBrief
    chunk_id: int
    page: int | None = None
    page_end: int | None = None
    section: str | None = Field(None, description="Pöytäkirjan pykälä, esim. § 160.")
    heading: str | None = None
    text: str
    snippet: str | None = None
    highlights: list[Span] = Field(
        default_factory=list,
        description="Hakusanojen kohdat katkelmassa: [alku, loppu) merkkeinä (Unicode).",
    )
    score: float
    scores: dict[str, float | None] = Field(default_factory=dict)


class SearchResults(BaseModel):
    """Hits of one query (what ``aluehaku search --json`` prints)."""

    query: str
    mode: str
    results: list[SearchHitOut]
    notes: list[str] = Field(default_factory=list)


class CitationOut(BaseModel):
    """A numbered source of an answer."""

    n: int
    document: DocumentBrief
    page: int | None = None
    section: str | None = None
    text: str
    snippet: str | None = None
    highlights: list[Span] = Field(
        default_factory=list,
        description="Kysymyksen sanojen kohdat katkelmassa: [alku, loppu) merkkeinä.",
    )
    chunk_id: int | None = None


class AnswerOut(BaseModel):
    """An answer composed from the sources (or generated), each claim tied to a citation."""

    answer: str
    abstained: bool
    citations: list[CitationOut]
    facts: list[dict[str, Any]] = Field(default_factory=list)
    kind: str = Field(description="Kysymyksen laji: list, count, amount, time, person, …")
    mode: str = Field(
        "composed", description="composed (koottu lähteistä) tai generative (kielimalli)."
    )
    question: dict[str, Any] = Field(
        default_factory=dict, description="Miten kysymys ymmärrettiin (laji, nimet, vuodet)."
    )
    notes: list[str] = Field(default_factory=list)
    elapsed_ms: float = 0.0


def search_json(response: SearchResponse) -> dict[str, Any]:
    """The public JSON of a search response, validated against :class:`SearchResults`."""
    return SearchResults.model_validate(response.to_json()).model_dump(mode="json")


def answer_json(answer: Answer, question: str) -> dict[str, Any]:
    """The public JSON of an answer; each citation gets the spans of ``question``'s words."""
    body = answer.to_json()
    spans = citation_highlighter(question)
    for cite in body.get("citations", []):
        cite["highlights"] = spans(cite.get("snippet") or "")
    return AnswerOut.model_validate(body).model_dump(mode="json")


def citation_highlighter(question: str) -> Callable[[str], list[Span]]:
    """A function from text to the spans where ``question``'s words (lemma-matched) occur."""
    from aluehaku.analysis import get_analyzer
    from aluehaku.analysis.analyzer import matching_spans

    analyzed = get_analyzer().analyze_query(" ".join(question.split()))

    def spans(text: str) -> list[Span]:
        return matching_spans(text, analyzed) if text else []

    return spans
