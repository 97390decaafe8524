"""Who may see a document: its :class:`Visibility` and a viewer's :class:`Access`.

A document is ``public`` (anyone who may read), ``internal`` (any signed-in reader) or
``restricted:<group>[,<group>]`` (readers in one of the named groups). Staff and admins see
everything: they ingest, correct and delete documents, so they must see what they manage.

Visibility is stored as its text form in ``documents.visibility``; :meth:`Access.sql` turns a
viewer's rights into a SQL condition, so every store query filters *before* it ranks or counts.
This module is shared by the layers (ingest sets visibility, the store filters by it, the API
derives a viewer's access), so it imports none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from aluehaku.errors import UsageError

Level = Literal["public", "internal", "restricted"]
LEVELS: tuple[Level, ...] = ("public", "internal", "restricted")
_GROUP = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_NAME = r"[a-z0-9][a-z0-9_.-]{0,63}"
#: The stored text form (what :meth:`Visibility.parse` accepts, in lower case): for schemas.
VISIBILITY_PATTERN = rf"^(public|internal|restricted:{_NAME}(,{_NAME})*)$"
_PREFIX = "restricted:"


def clean_group(name: str) -> str:
    """A group name in its stored form (lower case); :class:`UsageError` when it is not one."""
    group = name.strip().lower()
    if not _GROUP.match(group):
        raise UsageError(
            f"Ryhmän nimi {name!r} ei kelpaa: sallittuja ovat a–z, 0–9, '_', '.' ja '-'."
        )
    return group


@dataclass(frozen=True, slots=True)
class Visibility:
    """Who may see one document."""

    level: Level = "public"
    groups: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Visibility:
        """``public``, ``internal`` or ``restricted:a,b``; :class:`UsageError` on anything else."""
        value = text.strip().lower()
        if value in ("public", "internal"):
            return cls(value)  # type: ignore[arg-type]
        if value.startswith(_PREFIX):
            groups = sorted({clean_group(g) for g in value[len(_PREFIX) :].split(",") if g.strip()})
            if groups:
                return cls("restricted", tuple(groups))
        raise UsageError(
            f"Näkyvyys {text!r} ei kelpaa; vaihtoehdot: public, internal, "
            "restricted:<ryhmä>[,<ryhmä>]."
        )

    def __str__(self) -> str:
        return _PREFIX + ",".join(self.groups) if self.level == "restricted" else self.level

    @property
    def rank(self) -> int:
        """0 public, 1 internal, 2 restricted: a higher rank shows the document to fewer."""
        return LEVELS.index(self.level)


PUBLIC = Visibility()


def strictest(*candidates: Visibility | None) -> Visibility:
    """The most restrictive of ``candidates`` (public when there are none).

    A later candidate wins a tie, so callers list them from general to specific (setting, CLI
    flag, folder rule, the document's own marker): a folder rule can name other groups than the
    flag, but no rule or flag can make a document marked confidential public.
    """
    best = PUBLIC
    for vis in candidates:
        if vis is not None and vis.rank >= best.rank:
            best = vis
    return best


@dataclass(frozen=True, slots=True)
class Access:
    """What one viewer may see (``None`` where an :class:`Access` is expected: everything)."""

    internal: bool = False
    groups: frozenset[str] = field(default_factory=frozenset)

    def allows(self, visibility: Visibility | str) -> bool:
        """True when this viewer may see a document of ``visibility``."""
        vis = Visibility.parse(visibility) if isinstance(visibility, str) else visibility
        if vis.level == "public":
            return True
        if vis.level == "internal":
            return self.internal
        return bool(self.groups.intersection(vis.groups))

    def sql(self, doc_alias: str = "d") -> tuple[str, list[Any]]:
        """A SQL condition over ``<doc_alias>.visibility`` that passes exactly what
        :meth:`allows` passes, and its parameters."""
        column = f"{doc_alias}.visibility"
        conds = [f"{column} = 'public'"]
        params: list[Any] = []
        if self.internal:
            conds.append(f"{column} = 'internal'")
        for group in sorted(self.groups):
            # ',a,b,' contains ',a,': exact group names, never a prefix of another.
            conds.append(
                f"({column} LIKE 'restricted:%' AND "
                f"instr(',' || substr({column}, {len(_PREFIX) + 1}) || ',', ?) > 0)"
            )
            params.append(f",{group},")
        return "(" + " OR ".join(conds) + ")", params


#: A visitor without sign-in (only where ``public_read`` is on): public documents only.
ANONYMOUS = Access()
