"""Configured sources, stored in the data directory's database (table ``sources``).

A source has a name (also the folder of its fetched files), a kind, a start URL and options:
include/exclude patterns and depth for ``web``; the archive system for ``archive``;
``allow_private`` for a source on the local network (off by default: see :mod:`.addresses`).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aluehaku.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from aluehaku.store import Store

#: Kinds of source and what each one reads.
KINDS: dict[str, str] = {
    "web": "verkkosivusto (aloitussivu tai sitemap.xml)",
    "archive": "päätösarkisto (kokouslista → kokoukset → §-kohdat ja pöytäkirjat)",
    "ahjo": "Helsingin Ahjo-rajapinta (päätökset JSON-muodossa)",
    "feed": "RSS- tai Atom-syöte",
    "register": "rekisteritiedosto (CSV) verkko-osoitteessa",
}

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(slots=True)
class SourceConfig:
    """One configured source."""

    name: str
    kind: str
    url: str
    include: list[str] = field(default_factory=list)  # regular expressions over URLs
    exclude: list[str] = field(default_factory=list)
    depth: int = 2  # web: link hops from the start page
    system: str = "auto"  # archive: dynasty | tweb | cloudnc | auto
    allow_private: bool = False
    synced_at: str | None = None

    def options(self) -> dict[str, Any]:
        """The options column: everything but name, kind, url and the sync time."""
        out = asdict(self)
        for key in ("name", "kind", "url", "synced_at"):
            out.pop(key)
        return out

    def wants(self, url: str) -> bool:
        """Whether ``url`` passes the include and exclude patterns."""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


def default_name(kind: str, url: str) -> str:
    """A name from the URL's host and the kind: ``lapua-fi-archive``."""
    host = (urlsplit(url).hostname or "lahde").removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40] or "lahde"
    return f"{slug}-{kind}"


def validate(config: SourceConfig) -> SourceConfig:
    """Check a new source; raise :class:`UsageError` with a Finnish message."""
    if config.kind not in KINDS:
        raise UsageError(f"Tuntematon lähteen laji {config.kind!r}; lajit: {', '.join(KINDS)}.")
    if not _NAME.match(config.name):
        raise UsageError(
            f"Lähteen nimi {config.name!r} ei kelpaa: pienet kirjaimet a–z, numerot, - ja _."
        )
    parts = urlsplit(config.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"Osoite {config.url!r} ei ole http- tai https-osoite.")
    for pattern in (*config.include, *config.exclude):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"Hahmo {pattern!r} ei ole säännöllinen lauseke: {exc}.") from None
    if config.depth < 0:
        raise UsageError("Syvyys ei voi olla negatiivinen.")
    if config.system not in ("auto", "dynasty", "tweb", "cloudnc"):
        raise UsageError("Arkistojärjestelmä: auto, dynasty, tweb tai cloudnc.")
    return config


class SourceRegistry:
    """Add, list, read and remove configured sources of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, config: SourceConfig) -> SourceConfig:
        """Store a new source; :class:`UsageError` when the name is taken."""
        validate(config)
        with self.store.transaction() as conn:
            if conn.execute("SELECT 1 FROM sources WHERE name = ?", (config.name,)).fetchone():
                raise UsageError(f"Lähde {config.name} on jo olemassa.")
            conn.execute(
                "INSERT INTO sources(name, kind, url, options) VALUES (?, ?, ?, ?)",
                (config.name, config.kind, config.url, json.dumps(config.options())),
            )
        return config

    def list(self) -> list[SourceConfig]:
        """Every source, by name."""
        rows = self.store.conn.execute(
            "SELECT name, kind, url, options, synced_at FROM sources ORDER BY name"
        ).fetchall()
        return [_config(row) for row in rows]

    def get(self, name: str) -> SourceConfig:
        """One source; :class:`NotFoundError` when there is none of that name."""
        row = self.store.conn.execute(
            "SELECT name, kind, url, options, synced_at FROM sources WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Lähdettä {name} ei ole (katso: aluehaku source list).")
        return _config(row)

    def delete(self, name: str) -> None:
        """Forget a source with its cached pages and item states (not its documents)."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE name = ?", (name,))

    def mark_synced(self, name: str) -> None:
        """Record that a sync of ``name`` finished now."""
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE sources SET synced_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                "WHERE name = ?",
                (name,),
            )


def _config(row: Any) -> SourceConfig:
    options = json.loads(row["options"] or "{}")
    known = set(SourceConfig.__dataclass_fields__) - {"name", "kind", "url", "synced_at"}
    return SourceConfig(
        name=row["name"],
        kind=row["kind"],
        url=row["url"],
        synced_at=row["synced_at"],
        **{k: v for k, v in options.items() if k in known},
    )
