"""Sign-in with the organisation's OpenID Connect provider: authorization code with PKCE (S256),
the user kept in a signed session cookie, sign-out.

Configured by ``oidc_issuer``, ``oidc_client_id``, ``oidc_client_secret`` and ``session_secret``;
the provider's endpoints and keys come from its discovery document. Authlib checks the state,
sends the PKCE verifier, and validates the ID token (signature against the provider's JWKS,
issuer, audience, expiry, nonce). The role comes from the ``oidc_roles_claim`` claim (the
highest of reader, staff, admin that it names; ``oidc_default_role`` otherwise), the groups from
``oidc_groups_claim``.

A browser's session is a credential sent automatically, so a state-changing request that relies
on it must carry the ``X-Aluehaku-Session`` header (see :func:`aluehaku.api.deps.caller`): a
cross-site page cannot add a custom header without a CORS preflight, which this API never grants.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from aluehaku.access import clean_group
from aluehaku.config import Settings
from aluehaku.errors import UsageError

from .principals import ROLES, Role
from .session import USER_KEY

log = logging.getLogger(__name__)

#: The header a session-authenticated state-changing request carries (CSRF defence).
SESSION_HEADER = "X-Aluehaku-Session"
_ROLE_WORD = re.compile(r"(?:^|[^a-z])(reader|staff|admin)$")


def enabled(settings: Settings) -> bool:
    """True when sign-in is configured."""
    return bool(settings.oidc_issuer and settings.oidc_client_id)


def role_from_claims(claims: dict[str, Any], settings: Settings) -> Role | None:
    """The highest role the roles claim names (``staff``, ``aluehaku.staff``, ``Aluehaku-Admin``
    …), else ``oidc_default_role``; None when that is ``none`` (sign-in refused)."""
    values = claims.get(settings.oidc_roles_claim) or []
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    found: list[Role] = []
    for value in values if isinstance(values, list) else []:
        m = _ROLE_WORD.search(str(value).strip().lower())
        if m:
            found.append(m.group(1))  # type: ignore[arg-type]
    if found:
        return max(found, key=ROLES.index)
    default = settings.oidc_default_role
    return None if default == "none" else default


def groups_from_claims(claims: dict[str, Any], settings: Settings) -> list[str]:
    """The groups claim as group names; names that are not valid group names are left out."""
    values = claims.get(settings.oidc_groups_claim) or []
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    out: list[str] = []
    for value in values if isinstance(values, list) else []:
        try:
            out.append(clean_group(str(value)))
        except UsageError:
            log.info("Ryhmää %r ei käytetä (nimi ei kelpaa).", value)
    return sorted(set(out))


def _safe_next(target: str | None) -> str:
    """A local path to return to after sign-in; anything else (another site) becomes ``/``."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def router(settings: Settings) -> APIRouter:
    """The ``/auth`` routes: sign-in, its callback and sign-out."""
    from authlib.integrations.starlette_client import OAuth

    if not settings.session_secret or len(settings.session_secret) < 32:
        raise UsageError("Kirjautuminen vaatii asetuksen session_secret (vähintään 32 merkkiä).")
    oauth = OAuth()
    oauth.register(
        "org",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{str(settings.oidc_issuer).rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )
    client = oauth.create_client("org")
    api = APIRouter(prefix="/auth", tags=["kirjautuminen"])

    @api.get("/login", summary="Kirjaudu sisään")
    async def login(request: Request, next: str | None = None) -> Response:
        """Send the browser to the provider (a fresh state, nonce and PKCE verifier)."""
        request.session.pop(USER_KEY, None)
        request.session["next"] = _safe_next(next)
        redirect_uri = _callback_url(request, settings)
        response: Response = await client.authorize_redirect(request, redirect_uri)
        return response

    @api.get("/callback", summary="Kirjautumisen paluu", name="auth_callback")
    async def callback(request: Request) -> Response:
        """Exchange the code (with the PKCE verifier), validate the ID token, start a session."""
        from authlib.integrations.base_client import OAuthError

        try:
            token = await client.authorize_access_token(request)
        except OAuthError as exc:
            log.warning("Kirjautuminen epäonnistui: %s", exc)
            return JSONResponse(
                {"title": "Kirjautuminen epäonnistui", "status": 401, "detail": str(exc.error)},
                status_code=401,
                media_type="application/problem+json",
            )
        claims = dict(token.get("userinfo") or {})
        role = role_from_claims(claims, settings)
        if role is None or not claims.get("sub"):
            return JSONResponse(
                {"title": "Ei käyttöoikeutta", "status": 403, "detail": "Roolia ei ole annettu."},
                status_code=403,
                media_type="application/problem+json",
            )
        target = _safe_next(request.session.pop("next", None))
        request.session.clear()  # a new session for the signed-in user (no fixation)
        request.session[USER_KEY] = {
            "sub": str(claims["sub"]),
            "name": str(claims.get("name") or claims.get("email") or claims["sub"])[:200],
            "role": role,
            "groups": groups_from_claims(claims, settings),
        }
        return RedirectResponse(target, status_code=303)

    @api.post("/logout", summary="Kirjaudu ulos", status_code=204)
    async def logout(request: Request) -> Response:
        """End the session (the cookie is emptied)."""
        request.session.clear()
        return Response(status_code=204)

    return api


def add_sessions(app: FastAPI, settings: Settings) -> None:
    """Signed session cookies (``aluehaku_session``): SameSite=Lax, HTTPS-only by default."""
    from starlette.middleware.sessions import SessionMiddleware

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret or "",  # router() refused a missing one
        session_cookie="aluehaku_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.session_https_only,
    )


def _callback_url(request: Request, settings: Settings) -> str:
    """Where the provider sends the browser back: ``public_url`` when set (behind a proxy)."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/auth/callback"
    return str(request.url_for("auth_callback"))
