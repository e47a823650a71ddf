# Kunskapshubben: one entry point for running, testing and checking the project.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format check migrate load reset-db lock clean

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

## test: install and run the whole suite
test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

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

## lock: re-pin every dependency from pyproject.toml (needs uv)
lock:
	uv pip compile pyproject.toml -o requirements.lock --generate-hashes --python-version 3.11
	uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --generate-hashes --python-version 3.11

clean:
	rm -rf $(VENV) var .pytest_cache
