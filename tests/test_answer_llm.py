"""Generative mode against a local fake OpenAI-compatible server."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.llm import keep_cited

from .answer_helpers import build_store

REPLY = {"text": "", "delay": 0.0}
SEEN: list[dict] = []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SEEN.append({"body": body, "auth": self.headers.get("Authorization")})
        time.sleep(float(REPLY["delay"]))
        out = json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": REPLY["text"]}}]}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(out.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def _service(tmp_path: Path, url: str, timeout: float = 5.0) -> AnswerService:
    store, settings = build_store(
        tmp_path, llm_url=url, llm_model="fake", llm_api_key="k", llm_timeout_s=timeout
    )
    return AnswerService(store, settings)


def test_generated_answer_keeps_only_cited_sentences(tmp_path: Path, server: str) -> None:
    REPLY.update(
        text="Hankkeen budjetti on 88 400 euroa [1]. Hanke on maakunnan paras. "
        "Toteutusaika päättyy 31.7.2025 [9].",
        delay=0.0,
    )
    SEEN.clear()
    answer = _service(tmp_path, server).ask(
        "Paljonko Kyläkoulujen etäopetusverkko -hankkeen budjetti on?"
    )
    assert answer.mode == "generative"
    assert answer.answer == "Hankkeen budjetti on 88 400 euroa [1]."
    assert any("poistettiin" in n for n in answer.notes)
    sent = SEEN[-1]
    assert sent["auth"] == "Bearer k" and sent["body"]["model"] == "fake"
    assert "[1]" in sent["body"]["messages"][-1]["content"]


def test_timeout_falls_back_to_composed(tmp_path: Path, server: str) -> None:
    REPLY.update(text="Vastaus [1].", delay=1.5)
    answer = _service(tmp_path, server, timeout=0.3).ask(
        "Paljonko Kyläkoulujen etäopetusverkko -hankkeen budjetti on?"
    )
    assert answer.mode == "composed"
    assert "88 400" in answer.answer


def test_uncited_reply_falls_back(tmp_path: Path, server: str) -> None:
    REPLY.update(text="En tiedä mitään tästä.", delay=0.0)
    answer = _service(tmp_path, server).ask(
        "Paljonko Kyläkoulujen etäopetusverkko -hankkeen budjetti on?"
    )
    assert answer.mode == "composed" and "88 400" in answer.answer


def test_keep_cited() -> None:
    text, dropped = keep_cited("A on B [1]. C on D. E [2][3].", {1, 2})
    assert text == "A on B [1]." and dropped == 2
