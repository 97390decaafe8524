# Two commands for users: `make run` and `make test`. Each does the whole set-up idempotently.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS ?= dev,transformers

.PHONY: run test setup system-deps lint typecheck unit clean-index help

help:
	@echo "make run   - set up, ingest the demo corpus and serve the UI at http://127.0.0.1:8000"
	@echo "make test  - set up, lint, type-check and run the tests"

system-deps:
	@scripts/ensure-system-deps.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	touch $(STAMP)

setup: system-deps $(STAMP)

run: setup
	$(BIN)/aluehaku ingest ingest/esimerkit
	$(BIN)/aluehaku serve

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

clean-index:
	rm -rf index
