"""RFC 9457 problem details: the one error shape of the HTTP API.

Every error response, whatever raised it (an :class:`~aluehaku.errors.AluehakuError`, a
routing 404/405, a validation error, the body-size or rate limit, an unexpected exception), is
``application/problem+json`` with exactly the keys ``type``, ``title``, ``status``, ``detail`` and
``instance``. Titles are Finnish; server-side errors never reveal stack traces or file paths.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aluehaku.errors import AluehakuError, is_disk_full

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

#: status -> (slug, Finnish title, default detail) for errors raised by the HTTP layer itself.
HTTP_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("invalid-request", "Virheellinen pyyntö", "Pyyntöä ei voitu käsitellä."),
    401: (
        "unauthorized",
        "Tunnistautuminen vaaditaan",
        "Anna API-avain otsakkeessa X-API-Key tai Authorization: Bearer.",
    ),
    403: ("forbidden", "Ei käyttöoikeutta", "Tähän toimintoon ei ole oikeutta."),
    404: ("not-found", "Ei löytynyt", "Pyydettyä osoitetta ei ole."),
    405: ("method-not-allowed", "Menetelmä ei ole sallittu", "Osoite ei tue tätä menetelmää."),
    406: ("not-acceptable", "Muotoa ei voi tuottaa", "Pyydettyä vastausmuotoa ei tueta."),
    408: (
        "request-timeout",
        "Pyyntö aikakatkaistiin",
        "Pyynnön runko ei saapunut ajoissa; yhteys suljettiin.",
    ),
    413: ("too-large", "Pyyntö on liian suuri", "Pyynnön runko ylittää sallitun koon."),
    415: (
        "unsupported-media-type",
        "Tiedostomuotoa ei tueta",
        "Pyynnön sisällön muotoa ei tueta.",
    ),
    422: ("validation", "Virheelliset tiedot", "Pyynnön tiedot eivät kelpaa."),
    429: (
        "rate-limited",
        "Liian monta pyyntöä",
        "Pyyntöjä tuli liian tiheästi; odota hetki ja yritä uudelleen.",
    ),
    500: (
        "internal",
        "Palvelinvirhe",
        "Palvelussa tapahtui odottamaton virhe. Yritä myöhemmin uudelleen.",
    ),
    507: (
        "disk-full",
        "Levy on täynnä",
        "Palvelimen levytila on lopussa; tiedostoa ei tallennettu. Yritä myöhemmin uudelleen.",
    ),
    503: (
        "unavailable",
        "Palvelu ei ole käytettävissä",
        "Palvelu on tilapäisesti poissa käytöstä. Yritä hetken päästä uudelleen.",
    ),
}

#: Anything that looks like an absolute file-system path (two or more segments).
_PATH_RE = re.compile(r"(?<![\w/\\])(?:[A-Za-z]:)?(?:[/\\][^\s/\\'\"`,;:()]+){2,}[/\\]?")


class Problem(BaseModel):
    """An RFC 9457 problem-details object: the body of every error response."""

    type: str = Field(description="Ongelman tyyppi, esim. /problems/not-found.")
    title: str = Field(description="Lyhyt suomenkielinen otsikko.")
    status: int = Field(description="HTTP-tilakoodi.")
    detail: str = Field(description="Selitys lukijalle.")
    instance: str = Field(description="Pyynnön polku, jota virhe koskee.")


def scrub_paths(text: str) -> str:
    """Replace absolute file-system paths in ``text`` by their last component."""

    def _last(match: re.Match[str]) -> str:
        parts = [p for p in re.split(r"[/\\]", match.group(0)) if p]
        return parts[-1] if parts else ""

    return _PATH_RE.sub(_last, text)


def problem(
    status: int,
    detail: str | None = None,
    *,
    instance: str = "",
    slug: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Build a problem object with the standard title and type for ``status``."""
    default_slug, default_title, default_detail = HTTP_PROBLEMS.get(
        status, ("error", "Virhe", "Pyyntöä ei voitu käsitellä.")
    )
    return {
        "type": f"/problems/{slug or default_slug}",
        "title": title or default_title,
        "status": status,
        "detail": scrub_paths(detail) if detail else default_detail,
        "instance": instance,
    }


#: ``Retry-After`` (seconds) of a 503 that does not say how long to wait.
DEFAULT_RETRY_AFTER_S = 5


def with_retry_after(status: int, headers: dict[str, str] | None) -> dict[str, str]:
    """``headers`` plus ``Retry-After`` when ``status`` is 503 and none is given: every
    refusal for load or a busy store tells the client when to come back."""
    out = dict(headers or {})
    if status == 503 and not any(k.lower() == "retry-after" for k in out):
        out["Retry-After"] = str(DEFAULT_RETRY_AFTER_S)
    return out


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON response with the problem media type (a 503 always with ``Retry-After``)."""
    status = int(body["status"])
    return JSONResponse(
        body,
        status_code=status,
        headers=with_retry_after(status, headers),
        media_type=PROBLEM_MEDIA_TYPE,
    )


def from_error(exc: AluehakuError, instance: str) -> dict[str, Any]:
    """Render an :class:`AluehakuError` in the one shape (extras dropped, 5xx details generic)."""
    raw = exc.to_problem(instance)
    status = int(raw.get("status", 500))
    if status >= 500:
        # Server-side details can name files, databases or libraries: keep them in the log.
        log.error("%s: %s", type(exc).__name__, exc.detail)
        detail = HTTP_PROBLEMS.get(status, HTTP_PROBLEMS[500])[2]
    else:
        detail = str(raw.get("detail") or "")
    return problem(
        status,
        detail,
        instance=instance,
        slug=str(raw["type"]).rsplit("/", 1)[-1],
        title=str(raw.get("title") or ""),
    )


async def send_problem(
    send: Send,
    status: int,
    path: str,
    headers: dict[str, str] | None = None,
    detail: str | None = None,
) -> None:
    """Send a complete problem response straight from middleware (a 503 with ``Retry-After``)."""
    body = json.dumps(problem(status, detail, instance=path), ensure_ascii=False).encode()
    raw = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in with_retry_after(status, headers).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def answer_unless_started(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, refusal: type[StarletteHTTPException]
) -> None:
    """Run ``app``; when it raises ``refusal`` before its response started, answer that
    problem and close the connection (after a started response there is nothing to say)."""
    started = False

    async def tracking_send(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
        await send(message)

    try:
        await app(scope, receive, tracking_send)
    except refusal as exc:
        if not started:
            await send_problem(
                send, exc.status_code, scope.get("path", ""), {"Connection": "close"}
            )


#: pydantic error type -> Finnish message (``{...}`` filled from the error's context).
_MESSAGES: dict[str, str] = {
    "missing": "puuttuu",
    "int_parsing": "pitää olla kokonaisluku",
    "int_type": "pitää olla kokonaisluku",
    "bool_parsing": "pitää olla true tai false",
    "string_type": "pitää olla merkkijono",
    "less_than_equal": "saa olla enintään {le}",
    "greater_than_equal": "pitää olla vähintään {ge}",
    "string_too_long": "saa olla enintään {max_length} merkkiä",
    "string_too_short": "pitää olla vähintään {min_length} merkkiä",
    "too_long": "saa olla enintään {max_length} kohtaa",
    "string_pattern_mismatch": "on väärää muotoa",
    "literal_error": "sallitut arvot: {expected}",
    "extra_forbidden": "tuntematon kenttä",
    "json_invalid": "ei ole kelvollista JSONia",
    "model_attributes_type": "pitää olla JSON-olio",
    "dict_type": "pitää olla JSON-olio",
    "list_type": "pitää olla lista",
}


def _message(err: dict[str, Any]) -> str:
    template = _MESSAGES.get(str(err.get("type", "")))
    if template is None:
        return "virheellinen arvo"
    ctx = dict(err.get("ctx") or {})
    if isinstance(ctx.get("expected"), str):
        # pydantic lists the allowed values in English: "'dense' or 'hybrid'".
        ctx["expected"] = ctx["expected"].replace("' or '", "' tai '")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("{")[0].strip() or "virheellinen arvo"


def _validation_detail(exc: RequestValidationError) -> str:
    parts: list[str] = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "pyyntö"
        parts.append(f"{loc}: {_message(err)}")
    more = len(exc.errors()) - len(parts)
    if more > 0:
        parts.append(f"(ja {more} muuta)")
    return "Virheellinen kenttä – " + "; ".join(parts) if parts else HTTP_PROBLEMS[422][2]


def install_handlers(app: FastAPI) -> None:
    """Register the exception handlers that turn every error into a problem response."""

    @app.exception_handler(AluehakuError)
    async def _aluehaku_error(request: Request, exc: AluehakuError) -> JSONResponse:
        return problem_response(from_error(exc, request.url.path))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail: str | None = exc.detail if isinstance(exc.detail, str) else None
        # Starlette's default English phrases ("Not Found") give way to the Finnish defaults.
        with contextlib.suppress(ValueError):
            if detail == HTTPStatus(exc.status_code).phrase:
                detail = None
        headers = dict(exc.headers or {})
        return problem_response(
            problem(exc.status_code, detail, instance=request.url.path), headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(problem(422, _validation_detail(exc), instance=request.url.path))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_disk_full(exc):
            log.error("Levy on täynnä: %s %s: %s", request.method, request.url.path, exc)
            return problem_response(problem(507, instance=request.url.path))
        log.exception("Odottamaton virhe: %s %s", request.method, request.url.path)
        return problem_response(problem(500, instance=request.url.path))


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for error statuses, all in the problem media type."""
    return {
        status: {
            "description": HTTP_PROBLEMS.get(status, ("", "Virhe", ""))[1],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
