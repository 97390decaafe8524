"""``/search`` and ``/ask``: passages for a query, a cited answer for a question."""

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.exceptions import HTTPException

from aluehaku.config import Settings
from aluehaku.contract import answer_json, search_json

from .. import schemas as s
from ..deps import COMMON_ERRORS, READ_ROUTE, DateParam, Reader, Svc, make_filters
from ..problems import problem_responses


def _ids(ids: Iterable[int]) -> str | None:
    """The documents a response drew on, for the audit trail ("3,17,42")."""
    return ",".join(str(i) for i in sorted(set(ids))) or None


def router(settings: Settings) -> APIRouter:
    """The search routes; the query's length bound comes from ``settings``."""
    api = APIRouter()
    max_q = max(1, settings.max_query_chars)

    @api.get(
        "/search",
        response_model=s.SearchOut,
        summary="Hae tekstikappaleita",
        responses=problem_responses(*COMMON_ERRORS, 503),
        tags=["haku"],
        openapi_extra=READ_ROUTE,
    )
    def search(
        svc: Svc,
        viewer: Reader,
        request: Request,
        q: Annotated[
            str, Query(min_length=1, max_length=max_q, pattern=r"\S", description="Hakulauseke.")
        ],
        mode: Annotated[Literal["lexical", "dense", "hybrid"] | None, Query()] = None,
        doc_type: Annotated[
            str | None, Query(alias="type", max_length=100, description="Asiakirjatyyppi.")
        ] = None,
        organisation: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[str | None, DateParam] = None,
        date_to: Annotated[str | None, DateParam] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    ) -> dict[str, Any]:
        """Find the passages that best match ``q`` (base forms and compound parts understood)."""
        from aluehaku.search.service import clean_query  # the analyser loads with search

        if not clean_query(q, max_q):
            return {
                "query": "",
                "mode": mode or settings.search_mode,
                "results": [],
                "notes": ["Hakulauseke on tyhjä."],
                "limit": limit,
                "offset": offset,
            }
        response = svc.search.search(
            q,
            mode=mode,
            filters=make_filters(doc_type, organisation, date_from, date_to, viewer),
            limit=limit,
            offset=offset,
        )
        body = search_json(response)
        body.update(limit=limit, offset=offset)
        svc.audit.write(
            request,
            viewer,
            "search",
            detail=svc.audit.question(q),
            target=_ids(h.chunk.document.id for h in response.hits),
        )
        return body

    @api.post(
        "/ask",
        response_model=s.AnswerOut,
        summary="Kysy kysymys",
        responses=problem_responses(*COMMON_ERRORS, 503),
        tags=["haku"],
        openapi_extra=READ_ROUTE,
    )
    def ask(svc: Svc, viewer: Reader, request: Request, body: s.AskIn) -> dict[str, Any]:
        """Answer a question from the documents with numbered citations (or abstain).

        Every leg of the answer (passages, facts, lists, counts, follow-ups, a generative
        model's prompt) draws only on the documents ``viewer`` may see."""
        f = body.filters
        filters = (
            make_filters(f.type, f.organisation, f.date_from, f.date_to, viewer)
            if f
            else make_filters(None, None, None, None, viewer)
        )
        if len(body.question) > max_q:
            raise HTTPException(422, f"Kysymys on yli {max_q} merkkiä.")
        answer = svc.answer.ask(
            body.question,
            history=[t.model_dump() for t in body.history],
            filters=filters if filters and not filters.is_empty() else None,
            limit=body.limit,
        )
        out = answer_json(answer, body.question)
        svc.audit.write(
            request,
            viewer,
            "ask",
            detail=svc.audit.question(body.question),
            target=_ids(c["document"]["id"] for c in out.get("citations", [])),
        )
        return out

    return api
