"""Who is asking: a :class:`Principal` with a role (reader, staff, admin) and groups.

API keys are scoped to roles in the ``api_keys`` setting: ``admin:KEY``, ``staff:KEY``,
``reader:KEY`` or ``reader@group1,group2:KEY``; a key without a role prefix is a staff key (the
keys of earlier versions could write, so they keep doing so). A visitor without a key or a
session is anonymous, allowed only where ``public_read`` is on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from typing import Literal

from aluehaku.access import ANONYMOUS, Access, clean_group
from aluehaku.config import Settings
from aluehaku.errors import UsageError

Role = Literal["anonymous", "reader", "staff", "admin"]
ROLES: tuple[Role, ...] = ("anonymous", "reader", "staff", "admin")
_SCOPED = re.compile(
    r"^(?P<role>reader|staff|admin)(?:@(?P<groups>[A-Za-z0-9_.,-]+))?:(?P<key>.+)$"
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request."""

    role: Role
    #: Who, for the audit trail: ``anonymous``, ``key:<8 hex of its hash>``, ``oidc:<sub>``.
    subject: str = "anonymous"
    groups: frozenset[str] = field(default_factory=frozenset)
    #: A display name (an OIDC user's name or e-mail), shown in the UI and the audit trail.
    name: str | None = None

    def may(self, role: Role) -> bool:
        """True when this caller has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def access(self) -> Access | None:
        """The documents this caller may see (``None``: all of them, for staff and admins)."""
        if self.may("staff"):
            return None
        if self.role == "reader":
            return Access(internal=True, groups=self.groups)
        return ANONYMOUS


ANONYMOUS_PRINCIPAL = Principal("anonymous")


def key_id(key: str) -> str:
    """A key's name in logs and the audit trail: never the key, only a short hash of it."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:8]


def parse_key(entry: str) -> tuple[str, Principal]:
    """(key, principal) of one ``api_keys`` entry; :class:`UsageError` for a bad group name."""
    m = _SCOPED.match(entry)
    if m is None:
        if re.match(r"^(reader|staff|admin)[@:]", entry):
            # A mistyped scope must not silently become a staff key named by the whole entry.
            raise UsageError(
                "Asetuksen api_keys arvo alkaa roolilla mutta ei ole muotoa rooli[@ryhmä,…]:avain."
            )
        return entry, Principal("staff", key_id(entry))
    key = m["key"]
    groups = frozenset(clean_group(g) for g in (m["groups"] or "").split(",") if g)
    return key, Principal(m["role"], key_id(key), groups)  # type: ignore[arg-type]


def key_principals(settings: Settings) -> list[tuple[str, Principal]]:
    """Every configured key with its principal (empty entries ignored)."""
    return [parse_key(e) for e in settings.api_keys if e]


def principal_for_key(settings: Settings, key: str) -> Principal | None:
    """The principal of ``key``, or None when no configured key matches (constant-time)."""
    given = key.encode()
    found = None
    for candidate, principal in key_principals(settings):
        # Every key is compared, so the time taken does not tell which one nearly matched.
        if hmac.compare_digest(given, candidate.encode()) and found is None:
            found = principal
    return found
