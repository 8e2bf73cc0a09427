# CMMS Hub — the three commands a newcomer needs: make run, make test, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp names the pyproject hash, so a changed dependency list reinstalls by itself.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
DEV_STAMP := $(STAMP)-dev

.PHONY: run test lint bench clean

run: $(STAMP)
	CMMS_DEMO=$${CMMS_DEMO:-1} $(BIN)/cmms serve

test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(DEV_STAMP)
	$(BIN)/python -m tests.bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install --quiet --editable .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $(DEV_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/output
