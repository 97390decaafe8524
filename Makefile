# Two commands for users: `make run` and `make test`. Each does the whole set-up idempotently:
# Debian packages when missing (scripts/ensure-system-deps.sh), a virtual environment in .venv,
# and the Python packages (the product for `run`; plus dev tools and the sentence-transformers
# extra for `test`). A stamp file per set re-installs only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test

.PHONY: run test help system-deps test-system-deps lint typecheck unit clean-index

help:
	@echo "make run   - set up, ingest the demo corpus and serve the UI at http://127.0.0.1:8000"
	@echo "make test  - set up, lint, type-check and run the tests"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,transformers]'
	touch $@ $(RUN_STAMP)

system-deps:
	@scripts/ensure-system-deps.sh

test-system-deps:
	@scripts/ensure-system-deps.sh --test

run: system-deps $(RUN_STAMP)
	$(BIN)/aluehaku ingest ingest/esimerkit
	$(BIN)/aluehaku serve

lint: test-system-deps $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: test-system-deps $(TEST_STAMP)
	$(BIN)/mypy

unit: test-system-deps $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

clean-index:
	rm -rf index
