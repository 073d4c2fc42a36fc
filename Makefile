# Everyday commands. The first run creates .venv and installs the Python and npm packages:
# the run-time ones for building a course, the test extra too for test, lint and dist.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SOURCE ?= chapters
# python -m build's options, e.g. DIST_FLAGS=--no-isolation to build offline with the venv's setuptools
DIST_FLAGS ?=

.PHONY: slides handouts all serve check test lint bench bench-quick stress clean setup test-setup dist
PORT ?= 8000

slides: setup ## Build the decks and the landing page into slides/
	$(PY) build.py slides --source $(SOURCE)

handouts: setup ## Build the PDF handouts into handouts/
	$(PY) build.py handouts --source $(SOURCE)

all: setup ## Decks and handouts (handouts first, so the landing page links them)
	$(PY) build.py all --source $(SOURCE)

serve: setup ## Build, serve slides/ on http://127.0.0.1:$(PORT)/, rebuild and reload on change
	$(PY) build.py serve --source $(SOURCE) --port $(PORT)

check: setup ## Validate the course (config, links, images, diagrams, templates); write nothing
	$(PY) build.py check --strict --source $(SOURCE)

# Marp (for bench_marp.py) is no dependency: MARP=/path/to/marp, else marp on PATH; skipped if absent
bench: setup ## Print timings (not a test): diagrams, PDF kinds, builds of 1x and 8x, vs pandoc, vs Marp
	$(PY) bench/bench_mermaid.py
	$(PY) bench/bench_handouts.py
	$(PY) bench/bench_build.py
	$(PY) bench/bench_imports.py
	$(PY) bench/bench_marp.py

bench-quick: setup ## The shipped course's builds only, and one round against Marp
	$(PY) bench/bench_build.py --quick
	$(PY) bench/bench_marp.py --rounds 1

stress: setup ## Print time and memory of the largest inputs the build accepts (about 5 min)
	$(PY) bench/stress.py

test: test-setup ## Lint, then run the whole test suite (one worker per core, at most 4)
	$(PY) -m ruff check .
	$(PY) -m pytest -n auto --maxprocesses 4

lint: test-setup
	$(PY) -m ruff check .

dist: test-setup ## Build the wheel and the sdist into dist/ (the wheel from the sdist, npm files inside)
	rm -rf dist
	$(PY) -P -m build $(DIST_FLAGS) --outdir dist .

clean: ## Remove the build outputs (slides/, handouts/)
	rm -rf slides handouts

setup: $(VENV)/.installed node_modules/.installed

test-setup: setup $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

# playwright, pytest, hypothesis, ruff, build: only for tests, lint and dist
$(VENV)/.installed-test: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@
