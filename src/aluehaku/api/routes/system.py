"""``/stats`` and ``/healthz``: what the service holds and whether it answers."""

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.exceptions import HTTPException

from aluehaku import __version__
from aluehaku.access import ANONYMOUS
from aluehaku.config import Settings

from .. import schemas as s
from ..deps import COMMON_ERRORS, READ_ROUTE, Reader, Svc, whoever
from ..principals import Principal
from ..problems import problem_responses

log = logging.getLogger(__name__)


def router(settings: Settings) -> APIRouter:
    """The service routes; ``/healthz`` is open even when reading needs a key."""
    api = APIRouter()

    @api.get(
        "/stats",
        response_model=s.StatsOut,
        summary="Hakemiston tilastot",
        openapi_extra=READ_ROUTE,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["palvelu"],
    )
    def stats(svc: Svc, viewer: Reader) -> dict[str, Any]:
        """Counts of documents, pages, sections, passages and vectors that the caller may see."""
        figures: dict[str, Any] = svc.store.stats(viewer.access())
        return figures

    @api.get(
        "/me",
        response_model=s.MeOut,
        summary="Kuka olen",
        openapi_extra={"security": [{}]},  # open to all: a key is optional
        responses=problem_responses(*COMMON_ERRORS),
        tags=["palvelu"],
    )
    def me(viewer: Annotated[Principal, Depends(whoever)]) -> s.MeOut:
        """The caller's role and groups, and where to sign in and out (when sign-in is on)."""
        signs_in = bool(settings.oidc_issuer and settings.oidc_client_id)
        return s.MeOut(
            role=viewer.role,
            subject=viewer.subject,
            name=viewer.name,
            groups=sorted(viewer.groups),
            sign_in_url="/auth/login" if signs_in else None,
            sign_out_url="/auth/logout"
            if signs_in and viewer.subject.startswith("oidc:")
            else None,
        )

    @api.get(
        "/healthz",
        response_model=s.HealthOut,
        summary="Palvelun tila",
        responses=problem_responses(429, 500, 503),
        tags=["palvelu"],
    )
    def healthz(svc: Svc) -> s.HealthOut:
        """Liveness and readiness: the database answers."""
        try:
            # Open to all, so it counts what anyone may see: public documents only.
            count = svc.store.document_count(ANONYMOUS)
        except Exception:
            log.exception("Terveystarkistus epäonnistui")
            raise HTTPException(503, "Tietokanta ei vastaa.") from None
        return s.HealthOut(status="ok", version=__version__, documents=count)

    return api
