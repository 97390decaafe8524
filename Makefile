# Two commands for users: `make run` and `make test`. Each does the whole set-up idempotently:
# Debian packages when missing (scripts/ensure-system-deps.sh), a virtual environment in .venv,
# and the Python packages: exactly the tested set pinned in requirements.lock (the product, the
# dev tools and the sentence-transformers extra with the CPU build of torch), then the project
# itself without dependencies. A stamp file re-installs only when the lock or pyproject changes.
# `make lock` regenerates requirements.lock after a dependency change in pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
STAMP  := $(VENV)/.stamp-lock

.PHONY: run test help system-deps test-system-deps lint typecheck unit audit lock clean-index

help:
	@echo "make run   - set up, ingest the demo corpus and serve the UI at http://127.0.0.1:8000"
	@echo "make test  - set up, lint, type-check, audit the lock file and run the tests"
	@echo "make lock  - regenerate requirements.lock from pyproject.toml (UPGRADE=1: newest pins)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r $(LOCK)
	$(BIN)/python -m pip install -q -e . --no-deps
	$(BIN)/python -m pip check  # a dependency added to pyproject.toml but not yet locked
	touch $@

lock: | $(BIN)/python
	@$(BIN)/python -m pip install -q pip-tools
	BIN=$(BIN) scripts/lock.sh

system-deps:
	@scripts/ensure-system-deps.sh

test-system-deps:
	@scripts/ensure-system-deps.sh --test

run: system-deps $(STAMP)
	$(BIN)/aluehaku ingest ingest/esimerkit
	$(BIN)/aluehaku serve

lint: test-system-deps $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: test-system-deps $(STAMP)
	$(BIN)/mypy

unit: test-system-deps $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Known vulnerabilities in the locked set; skipped with a message where PyPI's advisory data
# cannot be reached (AUDIT_REQUIRED=1 makes that an error).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py $(LOCK)

test: lint typecheck audit unit

clean-index:
	rm -rf index
