"""HTTP clients: the product's one outbound call needs none, the tests' client runs on httpx2.

httpx has had no release since 0.28.1 and Starlette's ``TestClient`` deprecates it in favour of
its successor ``httpx2`` (same API). The generative answer's single JSON POST uses the standard
library; only the web fetcher of ``aluehaku sync`` (a pooled client with pinned connections)
may import an HTTP client library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aluehaku"
#: Product modules allowed to import httpx or httpx2.
HTTP_CLIENT_MODULES = {"sources/fetcher.py", "sources/sync.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_web_fetcher_imports_an_http_client_library() -> None:
    users = {
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if _imports(p) & {"httpx", "httpx2", "requests"}
    }
    assert users <= HTTP_CLIENT_MODULES, users - HTTP_CLIENT_MODULES
    assert "answer/llm.py" not in users


def test_the_test_client_runs_on_httpx2() -> None:
    pytest.importorskip("fastapi")
    import starlette.testclient as testclient

    # Starlette warns (StarletteDeprecationWarning) when it has to fall back to httpx.
    assert testclient.httpx.__name__ == "httpx2"
