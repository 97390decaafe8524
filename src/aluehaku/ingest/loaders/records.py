"""JSON and JSON Lines: a list of records, each record one section.

The record list is the top-level array, the largest array of objects under the top-level object
(``{"decisions": […]}``, ``{"pages": […]}``), one object per line (JSONL), or a single object. The
text field is chosen by name (content, text, body, html, sisältö, teksti, kuvaus …) or, failing
that, as the longest string field; HTML in it is reduced to its text. Title, date, organisation
and § number come from fields with common names; other scalar fields stay named fields.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from aluehaku.config import Settings
from aluehaku.errors import IngestError
from aluehaku.models import LoadedDocument, Page, Section

from .. import metadata as meta
from ._common import normalize_text, read_bytes
from .text import decode_bytes

__all__ = ["find_records", "load"]

_TEXT_KEYS = ("content", "text", "body", "html", "sisältö", "sisalto", "teksti", "kuvaus",
              "description", "tiivistelmä", "tiivistelma", "summary",
              "motion", "fulltext")  # fmt: skip
_TITLE_KEYS = (
    "title",
    "section_title",
    "otsikko",
    "name",
    "nimi",
    "heading",
    "subject",
    "hankkeen nimi",
)
_DATE_KEYS = ("date", "datedecision", "datemeeting", "pvm", "päivämäärä", "paivamaara", "issued",
              "published", "created", "julkaistu", "modified", "aloituspvm")  # fmt: skip
_ORG_KEYS = ("organisation", "organization", "org", "toimielin", "organisaatio", "policymaker",
             "viranomainen", "decisionmaker")  # fmt: skip
_SECTION_KEYS = ("section", "pykälä", "pykala", "§", "sectionnumber", "section_num", "section_id",
                 "agendapoint")  # fmt: skip
_URL_KEYS = ("url", "href", "link", "osoite")
_HTML = re.compile(r"<(?:html|body|div|p|section|article|h[1-6]|table|br|span)\b", re.IGNORECASE)
_MAX_FIELD = 500


def find_records(data: Any) -> list[dict[str, Any]]:
    """The list of record objects inside parsed JSON."""
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    if isinstance(data, dict):
        own = {k.lower() for k, v in data.items() if isinstance(v, str) and v.strip()}
        if own & set(_TITLE_KEYS + _TEXT_KEYS):
            return [data]
        lists = [
            v for v in data.values() if isinstance(v, list) and any(isinstance(x, dict) for x in v)
        ]
        if lists:
            return [r for r in max(lists, key=len) if isinstance(r, dict)]
        return [data]
    return []


def _key(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    lowered = {k.lower(): k for k in record}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def _text_key(records: list[dict[str, Any]]) -> str | None:
    sample = records[:50]
    for name in _TEXT_KEYS:
        keys = [_key(r, (name,)) for r in sample]
        if any(
            k and isinstance(r.get(k), str) and r.get(k) for k, r in zip(keys, sample, strict=True)
        ):
            return next(k for k in keys if k)
    lengths: dict[str, int] = {}
    for r in sample:
        for k, v in r.items():
            if isinstance(v, str):
                lengths[k] = lengths.get(k, 0) + len(v)
    if not lengths:
        return None
    best = max(lengths, key=lambda k: lengths[k])
    return best if lengths[best] / len(sample) >= 80 else None


def _scalar(value: Any) -> str | None:
    """A field value as text; nested objects give their name, lists are skipped."""
    if value is None or isinstance(value, (list, tuple)):
        return None
    if isinstance(value, dict):
        name = value.get("Name") or value.get("name") or value.get("nimi")
        return str(name) if name else None
    text = str(value).strip()
    if text in ("", "None", "null", "[]", "{}"):
        return None
    if text.startswith("{") and ("'Name'" in text or '"Name"' in text):
        try:
            parsed = ast.literal_eval(text) if "'" in text[:3] or "{'" in text else json.loads(text)
        except (ValueError, SyntaxError):
            m = re.search(r"['\"]Name['\"]\s*:\s*['\"]([^'\"]+)", text)
            return m.group(1) if m else None
        return _scalar(parsed) if isinstance(parsed, dict) else None
    if text.startswith("[{") or text.startswith("[]"):
        return None
    return text[:_MAX_FIELD]


def _record_text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    if _HTML.search(value[:5000]):
        from .html import html_to_text

        return html_to_text(value)[0]
    return normalize_text(value)


def _parse(raw: bytes, suffix: str) -> Any:
    text = decode_bytes(raw)
    if suffix in (".jsonl", ".ndjson"):
        out: list[Any] = []
        bad = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                bad += 1
        if bad and not out:
            raise IngestError("JSONL-tiedoston rivit eivät ole JSON-muotoisia.", reason="corrupt")
        return out
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # Maybe JSON Lines with a .json name.
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            return [json.loads(ln) for ln in lines]
        except json.JSONDecodeError:
            raise IngestError(
                f"JSON-tiedosto on virheellinen (rivi {exc.lineno}, sarake {exc.colno}).",
                reason="corrupt",
            ) from exc


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Load JSON/JSONL records; see the module docstring."""
    raw = read_bytes(path, settings)
    data = _parse(raw, path.suffix.lower())
    records = find_records(data)
    if not records:
        raise IngestError("JSON-tiedostossa ei ole tietueita.", reason="empty")
    text_key = _text_key(records)
    title_key = _key(records[0], _TITLE_KEYS)
    date_key = _key(records[0], _DATE_KEYS)
    org_key = _key(records[0], _ORG_KEYS)
    sec_key = _key(records[0], _SECTION_KEYS)
    url_key = _key(records[0], _URL_KEYS)
    sections: list[Section] = []
    for rec in records:
        body = _record_text(rec.get(text_key)) if text_key else ""
        fields: dict[str, str] = {}
        for k, v in rec.items():
            if k == text_key:
                continue
            value = _scalar(v)
            if value is not None:
                fields[k] = value
        title = fields.get(title_key) if title_key else None
        if not body.strip():
            body = "\n".join(f"{k}: {v}" for k, v in fields.items() if k != title_key)
        if not body.strip() and not title:
            continue
        number = fields.get(sec_key, "") if sec_key else ""
        label = f"§ {number}" if number.isdigit() else None
        if date_key and fields.get(date_key):
            iso = meta.find_date(fields[date_key])
            if iso:
                fields["päivämäärä"] = iso
        if org_key and fields.get(org_key):
            fields["organisaatio"] = fields[org_key]
        sections.append(Section(text=body, label=label, heading=title, fields=fields))
    if not sections:
        raise IngestError("JSON-tietueissa ei ole tekstiä.", reason="empty")
    single = len(sections) == 1
    top = data if isinstance(data, dict) else {}
    title = (
        (sections[0].heading if single else None)
        or (_scalar(top.get("title")) if isinstance(top, dict) else None)
        or path.stem.replace("_", " ")
    )
    lname = path.name.lower()
    if url_key:
        doc_type = "verkkosivu"
    elif "decision" in lname or "paatos" in lname or "päätös" in lname:
        doc_type = "päätös"
    else:
        doc_type = meta.detect_doc_type(path.name, f"{title}\n{sections[0].text[:2000]}", ".json")
    first = sections[0].fields
    organisation = first.get("organisaatio") if single else None
    organisation = organisation or meta.find_organisation(sections[0].text[:2000], path)
    date = first.get("päivämäärä") if single else None
    head = "\n".join(s.text[:200] for s in sections[:3])
    return LoadedDocument(
        source=str(path),
        title=title[:200],
        doc_type=doc_type,
        organisation=organisation,
        date=date,
        pages=[Page(1, head)],
        sections=sections,
        metadata={
            "record_count": len(sections),
            "text_field": text_key,
        },
    )
