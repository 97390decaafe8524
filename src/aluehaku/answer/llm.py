"""Optional generative mode: an OpenAI-compatible chat endpoint writes the answer from numbered
sources; every sentence of its reply must cite one of them ([n]) or it is dropped. Timeouts and
errors return ``None`` so that the caller keeps the composed answer.

The request is one JSON POST, sent with the standard library (``urllib``): the product needs no
third-party HTTP client for it.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import urllib.request
from typing import Any

from aluehaku.analysis.text import sentences
from aluehaku.config import Settings

from .composer import Citation

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "Olet aluekehityksen asiakirjojen avustaja. Vastaa suomeksi vain annettujen numeroitujen "
    "lähteiden perusteella. Merkitse jokaisen virkkeen loppuun lähteen numero hakasulkeissa, "
    "esimerkiksi [1]. Jos lähteet eivät sisällä vastausta, sano se."
)
_CITE = re.compile(r"\[(\d+)\]")
#: Largest reply read from the endpoint; a chat completion is a few kilobytes.
MAX_REPLY_BYTES = 4 * 1024 * 1024


def build_messages(question: str, sources: list[Citation]) -> list[dict[str, str]]:
    """The chat messages: instructions, then the question with its numbered sources."""
    lines = []
    for c in sources:
        doc = c.chunk.document
        where = f", s. {c.chunk.page}" if c.chunk.page else ""
        where += f", {c.chunk.section}" if c.chunk.section else ""
        lines.append(f"[{c.n}] {doc.title}{where}:\n{c.chunk.text[:1500]}")
    user = f"Kysymys: {question}\n\nLähteet:\n" + "\n\n".join(lines)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def keep_cited(reply: str, allowed: set[int]) -> tuple[str, int]:
    """Keep the sentences that cite an allowed source; return (text, dropped count)."""
    kept, dropped = [], 0
    for s, e in sentences(reply):
        sentence = reply[s:e].strip()
        numbers = {int(n) for n in _CITE.findall(sentence)}
        if numbers and numbers <= allowed:
            kept.append(sentence)
        else:
            dropped += 1
    return " ".join(kept), dropped


def generate(question: str, sources: list[Citation], settings: Settings) -> tuple[str, int] | None:
    """The endpoint's cited answer and the count of dropped sentences; ``None`` on any failure."""
    if not settings.llm_url or not sources:
        return None
    url = settings.llm_url.rstrip("/")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    body: dict[str, Any] = {
        "model": settings.llm_model or "default",
        "messages": build_messages(question, sources),
        "temperature": 0,
    }
    try:
        reply = str(_post_json(url, body, settings)["choices"][0]["message"]["content"])
    except (OSError, http.client.HTTPException, KeyError, IndexError, TypeError, ValueError) as exc:
        log.warning("generative answer failed, using the composed one: %s", exc)
        return None
    text, dropped = keep_cited(reply, {c.n for c in sources})
    if not text:
        return None
    return text, dropped


def _post_json(url: str, body: dict[str, Any], settings: Settings) -> Any:
    """POST ``body`` as JSON to ``url`` and return the decoded reply.

    Raises :class:`OSError` (``urllib.error.URLError``/``HTTPError`` for connection failures
    and non-2xx answers, :class:`TimeoutError`), :class:`ValueError` for a reply that is not
    JSON or too long, and :class:`http.client.HTTPException` for a broken response.
    """
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"llm_url must be http(s): {url!r}")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.llm_api_key:
        headers["Authorization"] = f"Bearer {settings.llm_api_key}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
    )
    # Only http(s) reaches here (checked above), never file:// or ftp://.
    with urllib.request.urlopen(request, timeout=settings.llm_timeout_s) as response:
        raw = response.read(MAX_REPLY_BYTES + 1)
    if len(raw) > MAX_REPLY_BYTES:
        raise ValueError("the reply is too long")
    return json.loads(raw)
