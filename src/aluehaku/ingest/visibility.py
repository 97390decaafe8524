"""Who may see an ingested document: the setting, the run's flag, a folder rule and the
document's own confidentiality marker, the strictest of them winning.

A folder rule is a file named :data:`RULE_FILE` holding one visibility (``public``,
``internal`` or ``restricted:<group>[,<group>]``; ``#`` starts a comment); the nearest one above
a file applies. A marker is what a loader found in the document itself (an HTML meta tag, Ahjo's
"Salassa pidettävä" publicity class): ``metadata["visibility"]`` names a value,
``metadata["confidential"]`` maps to the ``confidential_visibility`` setting.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from aluehaku.access import Visibility, strictest
from aluehaku.config import Settings
from aluehaku.errors import UsageError

log = logging.getLogger(__name__)

#: The folder rule's file name (hidden, so ingest never reads it as a document).
RULE_FILE = ".aluehaku-visibility"


def read_rule(path: Path) -> Visibility:
    """The visibility a rule file names; :class:`UsageError` when it names none or a bad one."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        value = line.split("#", 1)[0].strip()
        if value:
            return Visibility.parse(value)
    raise UsageError(f"Näkyvyyssääntö {path} on tyhjä.")


class VisibilityRules:
    """Resolves one ingest run's documents; folder rules are read once per folder."""

    def __init__(self, settings: Settings, flag: Visibility | None = None) -> None:
        self.settings = settings
        self.flag = flag
        self._folders: dict[Path, Visibility | None] = {}

    def folder_rule(self, folder: Path) -> Visibility | None:
        """The nearest rule at or above ``folder``.

        A rule that cannot be read or parsed makes its documents as closed as a confidential
        marker would, rather than letting them fall back to public.
        """
        if folder in self._folders:
            return self._folders[folder]
        rule: Visibility | None
        path = folder / RULE_FILE
        try:
            rule = read_rule(path) if path.is_file() else None
        except (OSError, UsageError) as exc:
            log.error("Näkyvyyssääntöä %s ei voi lukea (%s); asiakirjat suljetaan.", path, exc)
            rule = self.confidential()
        if rule is None and folder.parent != folder:
            rule = self.folder_rule(folder.parent)
        self._folders[folder] = rule
        return rule

    def confidential(self) -> Visibility:
        """Where a document marked confidential goes (the ``confidential_visibility`` setting)."""
        return Visibility.parse(self.settings.confidential_visibility)

    def marker(self, metadata: dict[str, Any]) -> Visibility | None:
        """The visibility the document itself asks for, if any."""
        named = metadata.get("visibility")
        if named:
            try:
                return Visibility.parse(str(named))
            except UsageError:
                return self.confidential()  # an unreadable marker still means "not public"
        return self.confidential() if metadata.get("confidential") else None

    def resolve(self, source: str, metadata: dict[str, Any]) -> Visibility:
        """The visibility of the document read from ``source``."""
        folder = None if "://" in source else self.folder_rule(Path(source).parent)
        return strictest(
            Visibility.parse(self.settings.default_visibility),
            self.flag,
            folder,
            self.marker(metadata),
        )
