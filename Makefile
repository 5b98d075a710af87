# The two commands a newcomer needs: `make run` and `make test`. Everything else is here to serve them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# One worker per core. worksteal: a worker that runs out takes queued tests from the other, so the long
# browser tests pytest-django leaves for last never keep one core busy while the other waits. A stolen test may
# run after a transactional test's flush on its worker; tests/flushes.py puts the migrations' roles back.
PYTEST_WORKERS ?= 2
PYTEST_DIST ?= --dist worksteal

BENCH_VENV ?= .venv-bench

.PHONY: run serve test coverage lint format admin migrate seed messages clean help bench bench-packet-sheet backup restore loadtest loadtest-faults fidelity

help:
	@echo "make run    - install, migrate, load the IX Meeting and serve on http://$(HOST):$(PORT)"
	@echo "make test   - lint and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make admin  - create an admin account (asks for a name and a password)"
	@echo "make coverage - the whole test suite with line coverage of the app (coverage.py)"
	@echo "make lint   - ruff check and format check, and the import contracts (import-linter)"
	@echo "make fidelity - the parser's precision and recall per field on the declaration corpus"
	@echo "make bench  - benchmarks at the RCM's size and ten times it, against Datasette (bench/results.json)"
	@echo "make bench-packet-sheet - a 5,000-row packet spreadsheet imported, timed against its budget"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -c "import weasyprint" 2>/dev/null || echo "warning: the PDF reports need Pango and HarfBuzz from \
	Debian's packages: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (docs/deployment.md)"
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.runtime $@

migrate: $(VENV)/.runtime
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_ix_meeting

# The worker (manage.py run_worker) delivers queued e-mail beside the web server; it stops with it.
# Links in e-mail point to RCM_SITE_URL, by default this server's own address.
SITE_URL_HERE = RCM_SITE_URL=$${RCM_SITE_URL:-http://$(HOST):$(PORT)}
WITH_WORKER = $(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

run: seed
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py local_admin_hint
	export DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(SITE_URL_HERE); $(WITH_WORKER) \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The production setup: gunicorn (gunicorn.conf.py: $$WEB_CONCURRENCY workers of $$WEB_THREADS threads, keep-alive)
# with whitenoise serving hashed static files.
# Needs the production environment (docs/deployment.md): DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL…
# gunicorn.conf.py keeps gunicorn's control socket off (GUNICORN_CONTROL_SOCKET=path gives this instance its own).
serve: $(VENV)/.runtime
	DJANGO_STATIC_MANIFEST=1 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_STATIC_MANIFEST=1 $(PY) manage.py migrate --noinput
	export DJANGO_STATIC_MANIFEST=1 $(SITE_URL_HERE); $(WITH_WORKER) \
		$(VENV)/bin/gunicorn rcm.wsgi:application --bind $(HOST):$(PORT) --access-logfile -

admin: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py createsuperuser

# lint-imports: the layer contracts of pyproject.toml ([tool.importlinter]; docs/architecture.md, "Principles").
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: lint
	DJANGO_SETTINGS_MODULE=rcm.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) $(PYTEST_ARGS)

# Line coverage of decisions, members and rcm ([tool.coverage] in pyproject.toml); the report is printed.
coverage: $(VENV)/.dev
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) --cov --cov-report=term $(PYTEST_ARGS)

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

# Benchmarks at factor 1 and 10 (SQLite; PostgreSQL when DATABASE_URL says so). Writes bench/results.json
# (bench/results-postgresql.json) and the run's section of docs/performance.md.
bench: $(VENV)/.dev $(BENCH_VENV)/.installed
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get update -qq && apt-get install -y -qq wrk; }
	$(PY) -m bench.run
	$(PY) -m bench.packet_sheet

# A 5,000-row packet spreadsheet: download, preview, confirm, no-edit round trip; fails over its budget.
# Writes bench/results-packet-sheet.json (…-postgresql.json when DATABASE_URL says so).
bench-packet-sheet: $(VENV)/.dev
	$(PY) -m bench.packet_sheet

# 50 clients for a fixed time against gunicorn on PostgreSQL, then every acknowledged write is checked.
loadtest: $(VENV)/.dev
	$(PY) -m loadtest.run

# 30 clients while the mail server refuses, hangs, then returns, PostgreSQL restarts and a worker is killed
# (docs/reliability.md).
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
