# Everyday commands. The first run creates .venv and installs the Python and npm packages.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SOURCE ?= chapters

.PHONY: slides handouts all test lint bench clean setup

slides: setup ## Build the decks and the landing page into slides/
	$(PY) build.py slides --source $(SOURCE)

handouts: setup ## Build the PDF handouts into handouts/
	$(PY) build.py handouts --source $(SOURCE)

all: setup ## Decks and handouts (handouts first, so the landing page links them)
	$(PY) build.py all --source $(SOURCE)

bench: setup ## Print timings (not a test): diagrams, handouts
	$(PY) bench/bench_mermaid.py
	$(PY) bench/bench_handouts.py

test: setup ## Lint, then run the whole test suite
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .

clean: ## Remove the build outputs (slides/, handouts/)
	rm -rf slides handouts

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@
