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
from .answer_type import asks_for_projects
from .composer import Answer, Citations, compose_list, compose_project, count_nominative
from .compound import compose_compound
from .followup import compose_follow_up
from .lists import PROJECT_WORD, compose_list_passages
from .passages import compose_evidence, is_decline
from .persons import compose_person
from .question import Question, resolve
from .sentence_vectors import SentenceSimilarity
from .terms import Term
from .values import counted_noun

#: Passages the evidence composer reads.
EVIDENCE_HITS = 10


class AnswerService:
    """Cited answers over one store."""

    def __init__(self, store: Store, settings: Settings, search: SearchService | None = None):
        self.store = store
        self.settings = settings
        self.search = search or SearchService(store, settings)
        self.similarity = (
            SentenceSimilarity(store, settings) if settings.answer_sentence_rerank > 0 else None
        )

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
        hits = self._hits(q.search_text, filters, max(limit, EVIDENCE_HITS))
        answer = None
        if q.follow_up and history:
            answer = compose_follow_up(
                q,
                history,
                self.store,
                lambda text, sub: self._compose(sub, self._hits(text, filters, 10), filters),
            )
        if answer is None and not q.follow_up:
            answer = compose_compound(
                q.text, self.store, lambda part, context: self._part(part, context, filters)
            )
        if answer is None:
            answer = self._compose(q, hits, filters)
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

    def _part(self, text: str, context: str, filters: Filters | None) -> Answer:
        """One part of a two-part question, searched with ``context`` (the other part)."""
        q = resolve(text, None)
        hits = self._hits(f"{q.search_text} {context}".strip(), filters, EVIDENCE_HITS)
        answer = self._compose(q, hits, filters)
        answer.kind = q.kind
        return answer

    def _compose(self, q: Question, hits: list[SearchHit], filters: Filters | None) -> Answer:
        """Facts where they hold the asked kind, else (and for every other kind) the passages."""
        if q.kind == "list":
            return self._list(q, hits, filters)
        if q.kind == "count":
            answer = compose_evidence(q, hits, Citations(self.store), self.similarity)
            noun = counted_noun(q)
            # "Kuinka monta hanketta …?" may be counted from a list of projects; "Kuinka monta
            # nuorta … hankeaikanaan?" counts young people, not the lines of a list.
            if is_decline(answer) and _counts_projects(noun):
                counted = self._list(q, hits, filters)
                if not is_decline(counted):
                    return counted
            return answer
        if q.kind in ("amount", "time", "yesno", "person"):
            from_facts = compose_project(q, self.store, Citations(self.store), filters)
            if from_facts is not None:
                return from_facts
        if q.kind == "person":
            # Office holders recur across many minutes: look wider, then count names.
            wide = self._hits(q.search_text, filters, 30)
            named = compose_person(q, wide, Citations(self.store))
            if named is not None:
                return named
        return compose_evidence(q, hits, Citations(self.store), self.similarity)

    def _list(self, q: Question, hits: list[SearchHit], filters: Filters | None) -> Answer:
        """Projects from facts merged with the enumerations of the passages."""
        cites = Citations(self.store)
        # The facts table lists projects; a list of costs or themes comes from the passages.
        from_facts = (
            compose_list(q, self.store, cites, filters) if asks_for_projects(q.text) else None
        )
        from_passages = compose_list_passages(q, hits, cites)
        if from_facts is not None and from_passages is not None:
            return _merge_lists(from_facts, from_passages)
        answer = from_facts or from_passages
        if answer is None:
            return compose_evidence(q, hits, Citations(self.store), self.similarity)
        if q.kind == "count" and from_facts is None:
            n = answer.answer.count("\n- ")
            answer.answer = (
                f"Aineistossa luetellaan {count_nominative(n)}:" + answer.answer.split(":", 1)[1]
            )
        return answer

    def _hits(self, text: str, filters: Filters | None, limit: int) -> list[SearchHit]:
        try:
            return self.search.search(text, mode=None, filters=filters, limit=limit).hits
        except UsageError:
            return []


def _counts_projects(noun: Term | None) -> bool:
    """Whether the counted noun is a project ("hanketta", "kehittämishankkeelle")."""
    if noun is None:
        return False
    words = {*noun.forms, *noun.parts[-1:]}  # the head: "investointihankehakemus" is no project
    return any(w.endswith(("hanke", "projekti")) for w in words) or bool(
        PROJECT_WORD.search(noun.surface)
    )


def _merge_lists(first: Answer, second: Answer) -> Answer:
    """``first``'s lines, then the items of ``second`` that ``first`` does not name."""
    have = first.answer.lower()
    extra = []
    for line in second.answer.splitlines()[1:]:
        name = line[2:].split(" [")[0].strip()
        if name and name.lower() not in have:
            extra.append(line)
    if extra:
        first.answer += "\nMuualla aineistossa luetellaan myös:\n" + "\n".join(extra)
    first.citations = second.citations  # the same Citations object numbered both
    return first
