"""The signed-in user of a browser session (a signed cookie that sign-in writes).

The session holds only what the identity provider asserted at sign-in: the subject, a display
name, the role and the groups. A session without a valid role is no session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.types import Receive, Scope, Send

from aluehaku.access import clean_group
from aluehaku.errors import UsageError

from .limits import KeyBeforeBody
from .principals import ROLES, Principal

#: The session key under which sign-in stores the user.
USER_KEY = "user"


def principal_from_session(session: Mapping[str, Any]) -> Principal | None:
    """The session's principal; None when nobody is signed in (or the session is malformed)."""
    user = session.get(USER_KEY)
    if not isinstance(user, dict):
        return None
    role, subject = user.get("role"), user.get("sub")
    if role not in ROLES or role == "anonymous" or not isinstance(subject, str) or not subject:
        return None
    try:
        groups = frozenset(clean_group(str(g)) for g in user.get("groups") or [])
    except UsageError:
        return None
    name = user.get("name")
    return Principal(role, f"oidc:{subject}", groups, name if isinstance(name, str) else None)


class KeyOrSessionBeforeBody(KeyBeforeBody):
    """:class:`KeyBeforeBody` that lets a signed-in staff session through without a key (the
    route's dependency still checks the role and the CSRF header once the body is read)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a staff session on; check everything else's key before its body."""
        session = scope.get("session") if scope["type"] == "http" else None
        principal = principal_from_session(session) if session is not None else None
        if principal is not None and principal.may("staff"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
