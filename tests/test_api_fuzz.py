"""Schemathesis fuzzing of the OpenAPI document: no input may produce a 5xx or break the schema.

The schemathesis pytest plugin does not run under this pytest version, so each operation's
hypothesis strategy is driven directly (bounded: ``MAX_EXAMPLES`` cases per operation, positive
and negative data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

from aluehaku.api.app import create_app  # noqa: E402
from tests._api_support import API_KEY, WEB_CORPUS, build_index  # noqa: E402

MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzz_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The OpenAPI schema of an app over a tiny index (writes are fuzzed too: not shared)."""
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    cfg = build_index(data_dir, WEB_CORPUS)
    app = create_app(cfg.model_copy(update={"max_file_mb": 0.05}))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation: Any, generation_mode: Any, excluded: list[Any]) -> None:
    """Run ``MAX_EXAMPLES`` generated requests against one operation with the default checks."""

    @given(case=operation.as_strategy(generation_mode=generation_mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,  # the same cases on every CI run: a red build is reproducible
    )
    def run(case: Any) -> None:
        headers = {"X-API-Key": API_KEY}
        response = case.call(headers=headers)
        if response.status_code == 413:
            # A huge generated body is refused by the size bound before validation: that is
            # a correct rejection, which schemathesis does not list among the expected ones.
            content_type = response.headers["content-type"]
            if isinstance(content_type, list):  # schemathesis keeps every value of a header
                content_type = content_type[0]
            assert content_type.startswith("application/problem+json")
            assert set(response.json()) == {"type", "title", "status", "detail", "instance"}
            return
        case.validate_response(
            response,
            headers=headers,
            excluded_checks=excluded,
            transport_kwargs={"headers": headers},
        )

    run()


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_openapi_fuzz_no_server_errors(fuzz_schema: Any, mode: str) -> None:
    """Every operation, with valid and with invalid data, answers as documented and never 5xx."""
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    gen_mode = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    operations = _operations(fuzz_schema)
    assert len(operations) == 21
    for operation in operations:
        # An upload's name and bytes decide whether it can be read (415/413/422): the schema
        # cannot say which files parse, so schema-valid uploads may be refused. Likewise a new
        # source's patterns must be valid regular expressions and its name free (400).
        refusable = operation.method.upper() == "POST" and operation.path in (
            "/api/v1/documents",
            "/api/v1/sources",
        )
        try:
            _fuzz(operation, gen_mode, [positive_data_acceptance] if refusable else [])
        except Unsatisfiable:
            # No invalid request exists for an operation without inputs (e.g. /stats).
            assert mode == "negative"
