"""What the API's routers share: the services, the access checks and the common parameters.

Each router under :mod:`aluehaku.api.routes` takes its services through the :data:`Svc`
dependency, so a test can swap one (``app.state.services._search = ...``) without touching routes.
"""

import hmac
import logging
import threading
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.params import Depends as DependsParam
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from aluehaku.config import Settings
from aluehaku.ingest.uploads import Uploads
from aluehaku.store import Filters, Store

from . import schemas as s
from .embed_queue import EmbedQueue

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

#: The problems every endpoint may answer with; each route adds its own (404, 415, 503 …).
COMMON_ERRORS = (400, 401, 403, 413, 422, 429, 500)


# --- services ---------------------------------------------------------------------------------
class Services:
    """What the endpoints share: the settings, one store and lazily built services."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        # Uploads are embedded like an ingest's documents, in the background (dense search
        # finds them once the run is done).
        self.embed_queue = EmbedQueue(self.store, settings) if settings.embed_after_ingest else None
        on_stored = self.embed_queue.request if self.embed_queue else None
        self.uploads = Uploads(self.store, settings, on_stored=on_stored)
        self._lock = threading.Lock()
        self._search: Any = None
        self._answer: Any = None

    @property
    def search(self) -> Any:
        """The search service (built on first use)."""
        if self._search is None:
            from aluehaku.search.service import SearchService  # models load on first search

            with self._lock:
                if self._search is None:
                    self._search = SearchService(self.store, self.settings)
        return self._search

    @property
    def answer(self) -> Any:
        """The answer service (built on first use); 503 while it is not installed."""
        if self._answer is None:
            try:
                from aluehaku.answer.service import AnswerService
            except ImportError as exc:
                log.error("AnswerService ei ole saatavilla: %s", exc)
                raise HTTPException(503, "Vastauspalvelu ei ole käytettävissä.") from None
            with self._lock:
                if self._answer is None:
                    self._answer = AnswerService(self.store, self.settings)
        return self._answer


def services(request: Request) -> Services:
    """The application's :class:`Services`."""
    svc: Services = request.app.state.services
    return svc


Svc = Annotated[Services, Depends(services)]

# --- access control ---------------------------------------------------------------------------
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")
_bearer = HTTPBearer(auto_error=False, scheme_name="Bearer")


def check_key(settings: Settings, key: str | None) -> None:
    """Raise the 401/403 HTTPException that a missing or wrong ``key`` deserves."""
    keys = [k for k in settings.api_keys if k]
    if not keys:
        raise HTTPException(403, "API-avaimia ei ole asetettu; toiminto ei ole käytössä.")
    if not key:
        raise HTTPException(401, headers={"WWW-Authenticate": 'Bearer realm="aluehaku"'})
    given = key.encode()
    if not any(hmac.compare_digest(given, k.encode()) for k in keys):
        raise HTTPException(
            401,
            "API-avain ei kelpaa.",
            headers={"WWW-Authenticate": 'Bearer realm="aluehaku", error="invalid_token"'},
        )


def _given_key(header: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    if header:
        return header
    return bearer.credentials if bearer else None


def write_access(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Require a valid API key."""
    check_key(request.app.state.services.settings, _given_key(header, bearer))


def read_access(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Require a valid API key unless reading is public."""
    settings: Settings = request.app.state.services.settings
    if not settings.public_read:
        check_key(settings, _given_key(header, bearer))


def read_dependencies(settings: Settings) -> list[DependsParam]:
    """The dependencies of a read route: none when reading is public.

    Open reads then declare no security in the OpenAPI document; closed ones need a key.
    """
    return [] if settings.public_read else [Depends(read_access)]


#: The dependencies of a write route.
WRITE = [Depends(write_access)]

# --- common parameters ------------------------------------------------------------------------
DateParam = Query(pattern=s.DATE_PATTERN, description="VVVV, VVVV-KK tai VVVV-KK-PP.")

DocId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Asiakirjan tunniste.")]


def make_filters(
    doc_type: str | None, organisation: str | None, date_from: str | None, date_to: str | None
) -> Filters:
    """Store filters from query or body values; an empty string means no filter."""
    return Filters(
        doc_type=doc_type or None,
        organisation=organisation or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )
