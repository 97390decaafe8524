"""The ``/api/v1`` routers, one module per resource: search and answers, documents, the service,
the sources that ``aluehaku sync`` keeps in step, the audit trail, ingestion jobs and the admin
overview."""

from fastapi import APIRouter

from aluehaku.config import Settings

from ..deps import API_PREFIX
from . import admin, audit, documents, jobs, search, sources, system


def build_router(settings: Settings) -> APIRouter:
    """All ``/api/v1`` routes, in the order the OpenAPI document lists them."""
    router = APIRouter(prefix=API_PREFIX)
    for module in (search, documents, system, sources, audit, jobs, admin):
        router.include_router(module.router(settings))
    return router


__all__ = ["build_router"]
