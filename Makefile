# The two commands a newcomer needs: `make run` and `make test`. Everything else is here to serve them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

BENCH_VENV ?= .venv-bench

.PHONY: run serve test lint format admin migrate seed messages clean help bench backup restore loadtest loadtest-faults fidelity

help:
	@echo "make run    - install, migrate, load the IX Meeting and serve on http://$(HOST):$(PORT)"
	@echo "make test   - lint and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make admin  - create an admin account (asks for a name and a password)"
	@echo "make lint   - ruff check and format check"
	@echo "make fidelity - the parser's precision and recall per field on the declaration corpus"
	@echo "make bench  - benchmarks at the RCM's size and ten times it, against Datasette (bench/results.json)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.runtime $@

migrate: $(VENV)/.runtime
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_ix_meeting

run: seed
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py local_admin_hint
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The production setup: gunicorn ($$WEB_CONCURRENCY workers) with whitenoise serving hashed static files.
# Needs the production environment (docs/deployment.md): DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL…
serve: $(VENV)/.runtime
	DJANGO_STATIC_MANIFEST=1 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_STATIC_MANIFEST=1 $(PY) manage.py migrate --noinput
	DJANGO_STATIC_MANIFEST=1 $(VENV)/bin/gunicorn rcm.wsgi:application --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-3} --timeout 30 --graceful-timeout 10 --access-logfile -

admin: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py createsuperuser

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	DJANGO_SETTINGS_MODULE=rcm.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l es --ignore '.venv/*' --ignore 'node_modules/*'
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

# Import fidelity: per-field precision and recall of the parser on tests/parsing/corpus (docs/import.md).
fidelity: $(VENV)/.dev
	$(PY) -m tests.parsing.fidelity

$(BENCH_VENV)/.installed: requirements-bench.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Benchmarks at factor 1 and 10 (SQLite; PostgreSQL when DATABASE_URL says so). Writes bench/results.json.
bench: $(VENV)/.dev $(BENCH_VENV)/.installed
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get update -qq && apt-get install -y -qq wrk; }
	$(PY) -m bench.run

# 50 clients for a fixed time against gunicorn on PostgreSQL, then every acknowledged write is checked.
loadtest: $(VENV)/.dev
	$(PY) -m loadtest.run

# The same, restarting PostgreSQL and killing a worker during the run (docs/reliability.md).
loadtest-faults: $(VENV)/.dev
	LOADTEST_FAULTS=1 $(PY) -m loadtest.run

# Backups: pg_dump on PostgreSQL, a consistent copy on SQLite (docs/deployment.md).
backup: $(VENV)/.runtime
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py backup_database $(FILE)

restore: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/rcm-….dump (into an empty database)"; exit 2; }
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py restore_database $(FILE)

clean:
	rm -rf $(VENV) staticfiles .ruff_cache
