"""The leak matrix: every read path × public/internal/restricted × every kind of caller.

Three project cards share their common words (hanke, budjetti, Keski-Suomen liitto) so that every
query finds all of them where rights allow; each also holds words of its own. A document that a
caller may not see must leave no trace in any response to them: no title, no unique word, no
figure, and no count that includes it. Staff and the restricted group's reader see the restricted
card through the same paths, so the matrix cannot pass by returning nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from aluehaku.embed.step import run_embedding
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store
from tests._api_support import make_settings
from tests.embedders import HashingEmbedder

CARDS = {
    "public": (
        "Kylätalon korjaushanke",
        "Budjetti: 33 333 €",
        "Kylätalon katto ja ikkunat uusitaan talkoovoimin.",
    ),
    "internal": (
        "Turvekentän ennallistamishanke",
        "Budjetti: 55 555 €",
        "Ojitettu turvekenttä palautetaan suoksi sisäisen selvityksen mukaan.",
    ),
    "restricted": (
        "Kvartsikaivoksen selvityshanke",
        "Budjetti: 77 777 €",
        "Kvartsikaivoksen louhintaoikeudesta neuvotellaan luottamuksellisesti.",
    ),
}
#: Words and figures found only in each card (lower case): none may reach a caller without rights.
UNIQUE = {
    "public": ("kylätalo", "33 333", "33333", "talkoovoim"),
    "internal": ("turvekent", "55 555", "55555", "ennallistamis"),
    "restricted": ("kvartsikaivo", "77 777", "77777", "louhintaoikeu"),
}
RULES = {"public": None, "internal": "internal", "restricted": "restricted:hr"}

KEYS = {
    "reader": "reader:lukija-avain-0001",
    "other": "reader@talous:talous-avain-0002",
    "hr": "reader@hr:hr-avain-0003",
    "staff": "staff:staff-avain-0004",
}
#: What each caller may see.
SEES = {
    "anonymous": {"public"},
    "reader": {"public", "internal"},
    "other": {"public", "internal"},
    "hr": {"public", "internal", "restricted"},
    "staff": {"public", "internal", "restricted"},
}
QUERIES = ("hanke budjetti", "Keski-Suomen liitto rahoittaa hanketta", "kvartsikaivos louhinta")
QUESTIONS = (
    "Mikä on Kvartsikaivoksen selvityshankkeen budjetti?",
    "Mitkä hankkeet Keski-Suomen liitto rahoittaa?",
    "Kuinka monta hanketta Keski-Suomen liitto rahoittaa?",
    "Mitä kvartsikaivoksesta neuvotellaan?",
    "Mikä on Turvekentän ennallistamishankkeen budjetti?",
)


def _card(title: str, budget: str, body: str) -> str:
    return (
        f"{title}\n\nToteuttaja: Toivakan kunta\nRahoittaja: Keski-Suomen liitto\n{budget}\n"
        "Toteutusaika: 1.1.2024–31.12.2024\n\n"
        f"Hanke saa rahoitusta Keski-Suomen liitolta. {body}\n"
    )


def _index_of(kind: str, root: Path) -> str:
    """The ``index`` setting of one run of the matrix (Milvus Lite only where installed)."""
    if kind == "embedded":
        return "embedded"
    pytest.importorskip("pymilvus", reason="pymilvus puuttuu (pip install '.[cluster]')")
    pytest.importorskip("milvus_lite", reason="milvus-lite puuttuu (pip install '.[cluster]')")
    return f"milvus-lite:{root / 'milvus.db'}"


#: The whole matrix runs on both search indexes: Milvus must filter inside as the embedded legs do.
@pytest.fixture(scope="module", params=["embedded", "milvus-lite"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("matrix")
    index = _index_of(request.param, root)
    corpus = root / "corpus"
    for level, (title, budget, body) in CARDS.items():
        folder = corpus / level
        folder.mkdir(parents=True)
        (folder / f"{level}_hanke.txt").write_text(_card(title, budget, body), encoding="utf-8")
        if RULES[level]:
            (folder / ".aluehaku-visibility").write_text(f"{RULES[level]}\n", encoding="utf-8")
    settings = make_settings(
        root / "data",
        api_keys=list(KEYS.values()),
        embed_model="hash-test",
        search_mode="hybrid",
        index=index,
    )
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run([corpus])
    assert report.count("ingested") == 3, report.totals()
    run_embedding(store, settings, HashingEmbedder())
    ids = {
        level: next(d.id for d in store.list_documents(limit=10)[0] if level in d.source)
        for level in CARDS
    }
    store.close()
    with TestClient(create_app(settings)) as client:
        if index != "embedded":  # the first search brings Milvus in step: it answers, not SQLite
            from aluehaku.search import milvus

            client.get("/api/v1/search", params={"q": "hanke"}, headers=_headers("staff"))
            held = milvus.client_for(index.split(":", 1)[1]).query(
                settings.milvus_collection, filter="id >= 0", output_fields=["visibility"]
            )
            assert {r["visibility"] for r in held} == {"public", "internal", "restricted:hr"}
        yield {"client": client, "ids": ids}
    if index != "embedded":
        milvus.close_clients()


def _headers(who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    return {"X-API-Key": KEYS[who].split(":", 1)[1]}


def _responses(world: dict[str, Any], who: str) -> list[tuple[str, int, str]]:
    """(path, status, body) of every read path for ``who``."""
    c: TestClient = world["client"]
    h = _headers(who)
    out: list[tuple[str, int, str]] = []

    def get(path: str, **params: Any) -> None:
        r = c.get(path, params=params, headers=h)
        out.append((f"GET {path} {json.dumps(params, ensure_ascii=False)}", r.status_code, r.text))

    def post(path: str, body: dict[str, Any]) -> None:
        r = c.post(path, json=body, headers=h)
        out.append((f"POST {path} {json.dumps(body, ensure_ascii=False)}", r.status_code, r.text))

    for mode in ("lexical", "dense", "hybrid"):
        for q in QUERIES:
            get("/api/v1/search", q=q, mode=mode, limit=20)
    for question in QUESTIONS:
        post("/api/v1/ask", {"question": question})
    # Follow-ups: history names every card, as a client that kept an old answer (or made one
    # up) could; the per-item questions must still draw only on the caller's documents.
    listed = "\n".join(f"- {title} [{n}]" for n, (title, _, _) in enumerate(CARDS.values(), 1))
    history = [{"question": "Mitkä hankkeet?", "answer": "Aineistossa luetellaan:\n" + listed}]
    post("/api/v1/ask", {"question": "Entä niiden budjetit?", "history": history})
    post("/api/v1/ask", {"question": "Entä niiden rahoittajat?", "history": history})
    get("/api/v1/stats")
    get("/api/v1/documents", limit=100)
    get("/api/v1/documents", organisation="Toivakan", limit=100)
    for doc_id in world["ids"].values():
        get(f"/api/v1/documents/{doc_id}")
        get(f"/api/v1/documents/{doc_id}/file")
    return out


@pytest.mark.parametrize("who", list(SEES))
def test_no_path_leaks_a_document_outside_the_callers_rights(
    world: dict[str, Any], who: str
) -> None:
    responses = _responses(world, who)
    hidden = [level for level in CARDS if level not in SEES[who]]
    checked = 0
    for request, status, body in responses:
        assert status in (200, 404), (request, status, body[:300])
        low = body.lower()
        for level in hidden:
            # Words the caller sent come back as the echoed query: only the others can leak.
            title = CARDS[level][0].lower()
            for word in (*UNIQUE[level], title):
                if word not in request.lower():
                    assert word not in low, f"{who} sees {level} ({word!r}) through {request}"
                    checked += 1
    assert checked >= len(responses) * len(hidden)


@pytest.mark.parametrize("who", list(SEES))
def test_counts_include_only_visible_documents(world: dict[str, Any], who: str) -> None:
    c: TestClient = world["client"]
    h = _headers(who)
    visible = len(SEES[who])
    stats = c.get("/api/v1/stats", headers=h).json()
    assert stats["documents"] == visible
    assert stats["by_type"] and sum(stats["by_type"].values()) == visible
    assert c.get("/api/v1/documents", headers=h).json()["total"] == visible
    for level, doc_id in world["ids"].items():
        detail = c.get(f"/api/v1/documents/{doc_id}", headers=h)
        file = c.get(f"/api/v1/documents/{doc_id}/file", headers=h)
        expected = 200 if level in SEES[who] else 404
        assert (detail.status_code, file.status_code) == (expected, expected), (who, level)
    # The open health probe counts public documents only, whoever asks.
    assert c.get("/api/v1/healthz", headers=h).json()["documents"] == 1


@pytest.mark.parametrize("who", ["hr", "staff"])
def test_callers_with_rights_find_the_restricted_card_everywhere(
    world: dict[str, Any], who: str
) -> None:
    """The positive control: the same paths do return the restricted card to its readers."""
    c: TestClient = world["client"]
    h = _headers(who)
    for mode in ("lexical", "dense", "hybrid"):
        r = c.get("/api/v1/search", params={"q": "kvartsikaivos", "mode": mode}, headers=h)
        assert "kvartsikaivo" in r.text.lower(), mode
    answer = c.post("/api/v1/ask", json={"question": QUESTIONS[0]}, headers=h).json()
    assert "77 777" in answer["answer"].replace("\u00a0", " ")
    listed = c.post("/api/v1/ask", json={"question": QUESTIONS[1]}, headers=h).json()
    assert "kvartsikaivo" in json.dumps(listed, ensure_ascii=False).lower()


def test_a_wrong_key_is_refused_even_where_reading_is_open(world: dict[str, Any]) -> None:
    r = world["client"].get("/api/v1/stats", headers={"X-API-Key": "ei-tallaista"})
    assert r.status_code == 401


class _ChatEndpoint:
    """An OpenAI-compatible chat endpoint on loopback that records every prompt it is sent."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        prompts: list[str] = []
        self.prompts = prompts

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                prompts.append(json.dumps(body["messages"], ensure_ascii=False))
                reply = {"choices": [{"message": {"content": "Lähteiden mukaan näin [1]."}}]}
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


def test_the_generative_models_prompt_holds_only_the_callers_documents(
    world: dict[str, Any],
) -> None:
    import threading

    chat = _ChatEndpoint()
    threading.Thread(target=chat.server.serve_forever, daemon=True).start()
    try:
        services = world["client"].app.state.services
        services.settings = services.settings.model_copy(update={"llm_url": chat.url})
        services._answer = None  # rebuilt with the endpoint
        c: TestClient = world["client"]
        seen: dict[str, str] = {}
        for who in ("anonymous", "other", "hr"):
            before = len(chat.prompts)
            for question in QUESTIONS:
                c.post("/api/v1/ask", json={"question": question}, headers=_headers(who))
            seen[who] = "\n".join(chat.prompts[before:]).lower()
    finally:
        chat.server.shutdown()
        services.settings = services.settings.model_copy(update={"llm_url": None})
        services._answer = None
    assert seen["anonymous"] and seen["other"], "the model was never asked"
    for who in ("anonymous", "other"):
        assert "louhintaoikeu" not in seen[who] and "77 777" not in seen[who]
    assert "louhintaoikeu" in seen["hr"]  # the same questions do reach it with rights
    assert "55 555" not in seen["anonymous"] and "suoksi" not in seen["anonymous"]  # internal
