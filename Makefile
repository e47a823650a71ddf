# Kunskapshubben: one entry point for running, testing and checking the project.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format check migrate load reset-db lock clean messages bench-search

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

## run: install, migrate, load the content and serve the site on SQLite
run: $(VENV)/.runtime
	$(MANAGE) migrate --no-input
	$(MANAGE) load_content
	$(MANAGE) runserver $(HOST):$(PORT)

# The Nu HTML Checker for the tests (needs npm and Java; skipped without them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML checker test will be skipped"; fi

## test: install and run the whole suite
test: $(VENV)/.dev node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

## messages: extract the UI strings into locale/en and compile them (needs gettext)
messages: $(VENV)/.dev
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=var --ignore=node_modules
	$(MANAGE) compilemessages -l en --ignore=.venv

migrate: $(VENV)/.runtime
	$(MANAGE) migrate --no-input

load: migrate
	$(MANAGE) load_content

## reset-db: throw away the local SQLite database and load everything again
reset-db: $(VENV)/.runtime
	rm -f var/db.sqlite3
	$(MAKE) load

check: $(VENV)/.dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

BENCH_DB ?= hub_bench
BENCH_URL ?= postgres://root@127.0.0.1:5432/$(BENCH_DB)

## bench-search: seed 10 000 cases into PostgreSQL and time the search view
bench-search: $(VENV)/.dev
	psql "$(dir $(BENCH_URL))postgres" -qc "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_URL) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=$(BENCH_URL) $(MANAGE) load_content > /dev/null
	DATABASE_URL=$(BENCH_URL) DJANGO_CONN_MAX_AGE=60 $(BIN)/python -m bench.search $(BENCH_ARGS)

## lock: re-pin every dependency from pyproject.toml (needs uv)
lock:
	uv pip compile pyproject.toml -o requirements.lock --generate-hashes --python-version 3.11
	uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --generate-hashes --python-version 3.11

clean:
	rm -rf $(VENV) var .pytest_cache node_modules test-artifacts
