"""``/audit``: the audit trail, for admins only."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from aluehaku.config import Settings
from aluehaku.store.audit import ACTIONS, AuditEntry, query

from ..deps import COMMON_ERRORS, Admin, Svc
from ..problems import problem_responses

_TIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$"


class AuditPage(BaseModel):
    """A page of the trail, newest first."""

    total: int
    limit: int
    offset: int
    retention_days: int
    items: list[AuditEntry]


def router(settings: Settings) -> APIRouter:
    """The audit route; admins only."""
    api = APIRouter()

    @api.get(
        "/audit",
        response_model=AuditPage,
        summary="Tarkastusloki",
        responses=problem_responses(*COMMON_ERRORS),
        tags=["ylläpito"],
    )
    def audit_trail(
        svc: Svc,
        user: Admin,
        request: Request,
        actor: Annotated[
            str | None, Query(max_length=300, description="Kuka (esim. key:…).")
        ] = None,
        action: Annotated[
            str | None, Query(pattern="^(" + "|".join(ACTIONS) + ")$", description="Mitä.")
        ] = None,
        target: Annotated[str | None, Query(max_length=300, description="Kohde (id).")] = None,
        since: Annotated[str | None, Query(pattern=_TIME, description="Alkaen (UTC).")] = None,
        until: Annotated[str | None, Query(pattern=_TIME, description="Asti (UTC).")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """Who asked, searched, opened, uploaded, deleted or changed a right, when, from where."""
        entries, total = query(
            svc.store,
            actor=actor,
            action=action,
            target=target,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
        # Reading the trail is itself on the trail.
        svc.audit.write(request, user, "audit", detail=request.url.query or None)
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "retention_days": settings.audit_retention_days,
            "items": entries,
        }

    return api
