# The two set-up commands of the README. Both create .venv on first use.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: serve test lint ingest bench loadtest

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

# Index at 10,000 / 100,000 / 1,000,000 passages (one JSON line each in data/bench.jsonl),
# then the Markdown table. The million takes long on 2 cores; BENCH_SIZES overrides.
BENCH_SIZES ?= 10000 100000 1000000
bench: $(VENV)/.test-installed
	mkdir -p data && rm -f data/bench.jsonl
	for n in $(BENCH_SIZES); do \
		out=$$($(BIN)/python scripts/benchmark_index.py --passages $$n --json) || exit 1; \
		echo "$$out" | tail -n 1 >> data/bench.jsonl; \
	done
	$(BIN)/python scripts/benchmark_index.py --table data/bench.jsonl

# Loopback load test, 32 clients for 60 s, with 1 and 2 workers (needs an index: make ingest).
loadtest: $(VENV)/.test-installed
	$(BIN)/python scripts/loadtest.py --index data/index --workers 1 2
