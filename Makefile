# Quick start: `make demo` and `make test` each create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit bench browser java postgres serve clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/warta demo

# The suite runs twice: on SQLite, then on PostgreSQL (a throwaway server the tests start: tests/store_backends.py).
test: $(STAMP_DEV) lint typecheck browser java postgres
	$(BIN)/python -m pytest -q
	WARTA_TEST_STORE=postgresql $(BIN)/python -m pytest -q

# Debian's postgresql (initdb, pg_ctl), for the PostgreSQL run of the tests; quick when installed.
postgres:
	bash scripts/install-postgres.sh

# Debian's chromium, for the browser tests (tests/e2e/test_web_browser.py); quick when installed.
browser:
	bash scripts/install-browser.sh

# A Java 17 runtime, for the Spark tests (tests/e2e/test_batch.py); quick when installed.
java:
	bash scripts/install-java.sh

serve: $(STAMP_RUN)
	$(BIN)/warta serve

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

bench: $(STAMP_DEV)
	$(BIN)/python benchmarks/ingest.py

clean-venv:
	rm -rf $(VENV)
