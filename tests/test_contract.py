"""One JSON contract: the API and the CLI's --json show the same hits and answers.

The web UI's side (it renders the server's highlight spans) is in ``tests/test_web.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aluehaku.api.app import create_app
from aluehaku.cli import app as cli_app
from aluehaku.contract import AnswerOut, CitationOut, SearchHitOut, SearchResults
from tests._api_support import DEMO_CORPUS, WEB_CORPUS, build_index

QUESTION = "mitkä hankkeet rahoitti Keski-Suomen liitto"
QUERY = "biokaasulaitos"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_index(tmp_path_factory.mktemp("contract"), DEMO_CORPUS, WEB_CORPUS)


@pytest.fixture(scope="module")
def client(demo: Any) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


def cli_json(demo: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    monkeypatch.setenv("ALUEHAKU_SEARCH_MODE", "lexical")
    result = CliRunner().invoke(cli_app, [*args, "--data-dir", str(demo.data_dir), "--json"])
    assert result.exit_code == 0, result.output
    body: dict[str, Any] = json.loads(result.stdout)
    return body


def test_search_hits_are_the_same_in_the_api_and_the_cli(
    demo: Any, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = client.get("/api/v1/search", params={"q": QUERY, "mode": "lexical"}).json()
    cli = cli_json(demo, monkeypatch, "search", QUERY, "--mode", "lexical")
    assert api["results"], api
    assert {k: v for k, v in api.items() if k not in ("limit", "offset")} == cli
    for hit in api["results"]:
        assert set(hit) == set(SearchHitOut.model_fields)
    top = api["results"][0]
    assert top["highlights"], top
    marked = [top["snippet"][s:e].lower() for s, e in top["highlights"]]
    assert any("biokaasu" in word for word in marked), marked


def test_answers_are_the_same_in_the_api_and_the_cli(
    demo: Any, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = client.post("/api/v1/ask", json={"question": QUESTION}).json()
    cli = cli_json(demo, monkeypatch, "ask", QUESTION)
    assert set(api) == set(AnswerOut.model_fields) == set(cli)
    for key in ("mode", "notes", "kind", "facts", "question", "answer", "citations"):
        assert api[key] == cli[key], key
    assert api["mode"] == "composed"
    assert api["citations"], api
    highlighted = [c for c in api["citations"] if c["highlights"]]
    assert highlighted, api["citations"]
    for cite in highlighted:
        assert set(cite) == set(CitationOut.model_fields)
        for start, end in cite["highlights"]:
            assert 0 <= start < end <= len(cite["snippet"])


def test_the_models_hold_every_field_the_layers_produce() -> None:
    """A field added to a to_json() must be added to the contract (or FastAPI drops it)."""
    from aluehaku.answer.composer import Answer, Citation
    from aluehaku.search.results import SearchHit, SearchResponse
    from aluehaku.store.records import ChunkRecord, DocumentRecord

    doc = DocumentRecord(1, "/a.txt", "Otsikko", "asiakirja", None, None, "hash")
    chunk = ChunkRecord(1, doc, 0, "teksti", 1, 1, "§ 1", None)
    hit = SearchHit(chunk, 1.0, {"lexical": 1.0}, "teksti", [(0, 6)])
    response = SearchResponse("q", "lexical", [hit])
    assert set(response.to_json()) == set(SearchResults.model_fields)
    assert set(hit.to_json()) == set(SearchHitOut.model_fields)
    answer = Answer("vastaus [1]", False, [Citation(1, chunk, "teksti")])
    assert set(answer.to_json()) == set(AnswerOut.model_fields)
    assert set(answer.citations[0].to_json()) | {"highlights"} == set(CitationOut.model_fields)
