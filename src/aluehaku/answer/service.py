"""The answer service: understand the question, compose from facts or passages, optionally let
a chat model rewrite the answer over the same numbered sources."""

from __future__ import annotations

import time

from aluehaku.config import Settings
from aluehaku.errors import UsageError
from aluehaku.search.results import SearchHit
from aluehaku.search.service import SearchService
from aluehaku.store import Filters, Store

from . import llm
from .composer import (
    Answer,
    Citations,
    abstain,
    compose_list,
    compose_passages,
    compose_project,
)
from .persons import compose_person
from .question import resolve


class AnswerService:
    """Cited answers over one store."""

    def __init__(self, store: Store, settings: Settings, search: SearchService | None = None):
        self.store = store
        self.settings = settings
        self.search = search or SearchService(store, settings)

    def ask(
        self,
        question: str,
        *,
        history: list[dict[str, str]] | None = None,
        filters: Filters | None = None,
        limit: int = 5,
    ) -> Answer:
        """Answer ``question`` (resolving a follow-up against ``history``) with citations."""
        started = time.perf_counter()
        if not question or not question.strip():
            raise UsageError("Kysymys on tyhjä.")
        q = resolve(question.strip(), history)
        cites = Citations(self.store)
        answer: Answer | None = None
        hits: list[SearchHit] = []
        if q.kind in ("list", "count"):
            answer = compose_list(q, self.store, cites)
            if answer is None:
                hits = self._hits(q.search_text, filters, limit)
                answer = abstain(q, cites, hits, "tosiasioista ei löytynyt hankkeita")
        if answer is None:
            answer = compose_project(q, self.store, cites)
        if answer is None:
            hits = self._hits(q.search_text, filters, max(limit, 8))
            if q.kind == "person":
                # Office holders recur across many minutes: look wider, then count names.
                answer = compose_person(q, self._hits(q.search_text, filters, 30), cites)
            if answer is None:
                answer = compose_passages(q, hits, cites)
        answer.kind = q.kind
        answer.question = q.to_json()
        if self.settings.llm_url and not answer.abstained:
            generated = llm.generate(question, answer.citations, self.settings)
            if generated is not None:
                answer.answer, dropped = generated
                answer.mode = "generative"
                if dropped:
                    answer.notes.append(f"{dropped} lähteetöntä virkettä poistettiin.")
            else:
                answer.notes.append("Generatiivinen vastaus ei onnistunut; koottu vastaus.")
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        return answer

    def _hits(self, text: str, filters: Filters | None, limit: int) -> list[SearchHit]:
        try:
            return self.search.search(text, mode=None, filters=filters, limit=limit).hits
        except UsageError:
            return []
