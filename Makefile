# The two set-up commands of the README. Both create .venv on first use.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: serve test lint ingest bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# torch is pinned first: the CPU wheel on local disk, not a multi-GB CUDA build.
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,st]'
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/vraagbaak serve

ingest: $(VENV)/.installed
	$(BIN)/vraagbaak ingest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

test: $(VENV)/.test-installed
	./scripts/install-browser.sh
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(VENV)/.test-installed
	$(BIN)/python scripts/benchmark_index.py
