"""Helsinki's Ahjo open API: ``…/ahjorest/v1/decisions?…`` answers ``{"decisions": [...]}``.

Each decision carries its text as HTML (``Content``), its title, § (``Section``), the deciding
body (``Organization.Name``) and date (``DateDecision``, or the meeting's date). The decision is
an item with its content in hand, so an unchanged API page costs one conditional request and
nothing else. Further pages are followed through a ``next`` link (``links`` with ``rel: next``
or a top-level ``next``), at most :data:`MAX_PAGES` of them.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from .discovery import Crawl, Item

MAX_PAGES = 200


def discover(crawl: Crawl) -> list[Item]:
    """The decisions the API lists."""
    items: list[Item] = []
    url: str | None = crawl.config.url
    pages = 0
    while url and pages < MAX_PAGES:
        pages += 1
        body = crawl.read(url, ("json",))
        if body is None:
            break
        try:
            data = json.loads(body)
        except ValueError:
            crawl.failures.append((url, "Rajapinnan vastaus ei ole kelvollista JSONia."))
            break
        for record in data.get("decisions") or []:
            item = _item(record, url)
            if item is None or not crawl.wants(item.url):
                continue
            if crawl.full(items):
                return items
            items.append(item)
        url = _next(data, url)
    return items


def _item(record: dict[str, Any], page_url: str) -> Item | None:
    content = record.get("Content") or ""
    native = record.get("NativeId")
    if not content.strip() or not native:
        return None
    self_link = next(
        (link.get("href") for link in record.get("links") or [] if link.get("rel") == "self"),
        None,
    )
    url = urljoin(page_url, self_link) if self_link else f"{page_url}#{native}"
    organisation = (record.get("Organization") or {}).get("Name")
    meeting = record.get("Meeting") or {}
    date = (record.get("DateDecision") or meeting.get("DateMeeting") or "")[:10] or None
    section = str(record.get("Section") or "").strip()
    metadata: dict[str, Any] = {"ahjo_id": native}
    if organisation:
        metadata["body"] = organisation
    if section:
        metadata["section"] = section if "§" in section else f"§ {section}"
    if date:
        metadata["meeting_date"] = date
    if record.get("CaseIDLabel"):
        metadata["case"] = record["CaseIDLabel"]
    return Item(
        url,
        accept=("html",),
        main_content=False,  # the decision's own HTML, no page furniture to drop
        title=(record.get("Title") or "").strip() or None,
        date=date,
        doc_type="päätös",
        metadata=metadata,
        inline=content.encode("utf-8"),
        suffix=".html",
    )


def _next(data: dict[str, Any], url: str) -> str | None:
    for link in data.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return urljoin(url, link["href"])
    nxt = data.get("next")
    return urljoin(url, nxt) if isinstance(nxt, str) and nxt else None
