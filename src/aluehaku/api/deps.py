"""What the API's routers share: the services, the access checks and the common parameters.

Each router under :mod:`aluehaku.api.routes` takes its services through the :data:`Svc`
dependency, so a test can swap one (``app.state.services._search = ...``) without touching routes.
"""

import logging
import threading
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from aluehaku.config import Settings
from aluehaku.ingest.uploads import Uploads
from aluehaku.store import Filters, Store

from . import schemas as s
from .audit import AuditLog
from .embed_queue import EmbedQueue
from .job_queue import JobQueue
from .metrics import file_done
from .principals import ANONYMOUS_PRINCIPAL, Principal, Role, key_principals, principal_for_key

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

#: The problems every endpoint may answer with; each route adds its own (404, 415, 503 …).
COMMON_ERRORS = (400, 401, 403, 413, 422, 429, 500)


# --- services ---------------------------------------------------------------------------------
class Services:
    """What the endpoints share: the settings, one store and lazily built services."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        key_principals(settings)  # a malformed api_keys entry stops the start, not each request
        self.store = Store(settings.data_dir)
        # Uploads are embedded like an ingest's documents, in the background (dense search
        # finds them once the run is done).
        self.embed_queue = EmbedQueue(self.store, settings) if settings.embed_after_ingest else None
        on_stored = self.embed_queue.request if self.embed_queue else None
        self.uploads = Uploads(self.store, settings, on_stored=on_stored)
        self.audit = AuditLog(self.store, settings)
        # Uploads are queued as jobs that one worker thread runs (the metrics count each file).
        self.jobs = JobQueue(self.store, settings, self.uploads, self.audit, on_file=file_done)
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


def check_key(settings: Settings, key: str | None, role: Role = "staff") -> Principal:
    """The principal of ``key`` when it has ``role``; else the 401/403 HTTPException that a
    missing, wrong or too weak key deserves."""
    if not key_principals(settings):
        raise HTTPException(403, "API-avaimia ei ole asetettu; toiminto ei ole käytössä.")
    if not key:
        raise HTTPException(401, headers={"WWW-Authenticate": 'Bearer realm="aluehaku"'})
    principal = principal_for_key(settings, key)
    if principal is None:
        raise HTTPException(
            401,
            "API-avain ei kelpaa.",
            headers={"WWW-Authenticate": 'Bearer realm="aluehaku", error="invalid_token"'},
        )
    return _require(principal, role)


def _require(principal: Principal, role: Role) -> Principal:
    if principal.role == "anonymous" and role != "anonymous":
        # No credentials at all: authentication is what is missing (401), not a right (403).
        raise HTTPException(401, headers={"WWW-Authenticate": 'Bearer realm="aluehaku"'})
    if not principal.may(role):
        raise HTTPException(403, f"Toiminto vaatii roolin {ROLE_NAMES[role]}.")
    return principal


#: Roles as the problems name them.
ROLE_NAMES: dict[Role, str] = {
    "anonymous": "anonyymi",
    "reader": "lukija",
    "staff": "ylläpitäjä (staff)",
    "admin": "pääkäyttäjä (admin)",
}


def _given_key(header: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    if header:
        return header
    return bearer.credentials if bearer else None


def caller(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Who asks: a key's principal, a signed-in user's, or anonymous where ``public_read`` is on.

    A key that is sent must be valid even where reading is open, so that a client with a
    mistyped key hears so instead of silently seeing public documents only.
    """
    settings: Settings = request.app.state.services.settings
    key = _given_key(header, bearer)
    if key:
        principal = check_key(settings, key, "anonymous")
    else:
        principal = session_principal(request) or _anonymous(settings)
    request.state.principal = principal  # for the audit trail
    return principal


def whoever(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Like :func:`caller`, but nobody is anonymous even where reading is closed (``/me``)."""
    key = _given_key(header, bearer)
    if key:
        return check_key(request.app.state.services.settings, key, "anonymous")
    return session_principal(request) or ANONYMOUS_PRINCIPAL


def _session_csrf_ok(request: Request) -> bool:
    """A state-changing request that a session cookie authenticates carries the custom header
    that a cross-site page cannot send without a (never granted) CORS preflight."""
    from .oidc import SESSION_HEADER

    return request.method in ("GET", "HEAD", "OPTIONS") or bool(request.headers.get(SESSION_HEADER))


def _anonymous(settings: Settings) -> Principal:
    if settings.public_read:
        return ANONYMOUS_PRINCIPAL
    if settings.oidc_issuer and settings.oidc_client_id:
        # Sign-in can help even where no key exists: 401, not "keys are not set" (403).
        raise HTTPException(401, "Kirjaudu sisään tai anna API-avain.")
    # The same answers as a missing key always had: 403 where no key could ever be given.
    return check_key(settings, None, "reader")


def session_principal(request: Request) -> Principal | None:
    """The principal of a signed-in browser session, if the app keeps sessions."""
    if "session" not in request.scope:
        return None
    from .session import principal_from_session  # only with sign-in configured

    principal = principal_from_session(request.session)
    if principal is not None and not _session_csrf_ok(request):
        raise HTTPException(403, "Istunnolla tehty muutos vaatii X-Aluehaku-Session-otsakkeen.")
    return principal


def reader(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    """Any caller allowed to read (anonymous only where ``public_read`` is on)."""
    return principal


def staff(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    """A caller with the staff (or admin) role."""
    return _require(principal, "staff")


def admin(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    """A caller with the admin role."""
    return _require(principal, "admin")


#: ``openapi_extra`` of a read route: its key is optional where reading is public.
READ_ROUTE: dict[str, Any] = {"x-aluehaku-read": True}


def mark_optional_auth(schema: dict[str, Any], public_read: bool) -> None:
    """Say in the OpenAPI document which routes are reads: where reading is public their key is
    optional (``security: [{}, …]``), so clients and fuzzers do not take it for a required one."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            marked = isinstance(operation, dict) and operation.pop("x-aluehaku-read", False)
            if marked and public_read:
                operation["security"] = [{}, *operation.get("security", [])]


#: Route parameters: the caller of a read, a staff action and an admin action.
Reader = Annotated[Principal, Depends(reader)]
Staff = Annotated[Principal, Depends(staff)]
Admin = Annotated[Principal, Depends(admin)]

#: The dependencies of a write route (for routes that need no principal value).
WRITE = [Depends(staff)]


# --- common parameters ------------------------------------------------------------------------
DateParam = Query(pattern=s.DATE_PATTERN, description="VVVV, VVVV-KK tai VVVV-KK-PP.")

DocId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Asiakirjan tunniste.")]


def make_filters(
    doc_type: str | None,
    organisation: str | None,
    date_from: str | None,
    date_to: str | None,
    viewer: Principal,
) -> Filters:
    """Store filters from query or body values (an empty string means no filter) and the
    documents ``viewer`` may see, which every store query then applies before ranking."""
    return Filters(
        doc_type=doc_type or None,
        organisation=organisation or None,
        date_from=date_from or None,
        date_to=date_to or None,
        access=viewer.access(),
    )
