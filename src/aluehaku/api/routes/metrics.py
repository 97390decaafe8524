"""``GET /metrics`` at the root, where Prometheus looks, for :mod:`aluehaku.api.metrics`.

Who may scrape is the ``metrics_access`` setting: ``admin`` (an admin key or session, the
default), ``token`` (``Authorization: Bearer <metrics_token>``, or an admin), or ``open``
(anyone: only where the port is reachable from the internal network alone).
"""

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from prometheus_client import CONTENT_TYPE_LATEST

from aluehaku.config import Settings

from ..deps import Svc, _bearer, _given_key, _key_header, _require, caller
from ..metrics import exposition
from ..problems import problem_responses


def router(settings: Settings) -> APIRouter:
    """``GET /metrics``, guarded by ``metrics_access``."""
    api = APIRouter()

    def allowed(
        request: Request,
        header: Annotated[str | None, Depends(_key_header)],
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        mode = settings.metrics_access
        if mode == "open":
            return
        given = (_given_key(header, bearer) or "").encode()
        token = (settings.metrics_token or "").encode()
        if mode == "token" and token and given and hmac.compare_digest(given, token):
            return
        _require(caller(request, header, bearer), "admin")

    @api.get(
        "/metrics",
        summary="Prometheus-mittarit",
        response_class=Response,
        responses={
            200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Tekstimuoto."},
            **problem_responses(401, 403, 429, 500),
        },
        tags=["palvelu"],
        dependencies=[Depends(allowed)],
    )
    def metrics(svc: Svc) -> Response:
        """Request counts and latency by route, search and answer latency, ingestion outcomes
        and errors, the job queue's depth, documents and chunks (Prometheus text format)."""
        return Response(exposition(svc.store), media_type=CONTENT_TYPE_LATEST)

    return api
