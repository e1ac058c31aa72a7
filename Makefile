# The two commands of the README: `make run` and `make test`.
VENV := .venv
# Debian's python3.11 where it has venv: built with profile-guided and link-time optimisation, it runs the
# suite on a fifth less CPU than a default source build such as pyenv's. Otherwise the first python3 on the PATH.
PYTHON := $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null && echo /usr/bin/python3.11 || echo python3)
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
# SQLite, the embedded default, even inside `make test`, whose PostgreSQL cluster is for the steps after it.
ON_SQLITE := env -u DATABASE_URL

.PHONY: run test test-steps test-fast test-sqlite test-postgres test-production postgres-template lint bench FORCE

# Rewritten only when the interpreter changes, which then builds the venv afresh.
$(VENV)/.interpreter: FORCE
	@mkdir -p $(VENV)
	@echo "$(PYTHON)" | cmp -s - $@ || echo "$(PYTHON)" > $@

$(VENV)/.installed: requirements.txt requirements-dev.txt $(VENV)/.interpreter
	$(PYTHON) -m venv --clear $(VENV)
	echo "$(PYTHON)" > $(VENV)/.interpreter
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

# Embedded default: SQLite, demo content, console email; the worker publishes scheduled posts.
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(PY) manage.py run_worker --no-reload & \
	$(PY) manage.py runserver 127.0.0.1:8000

# axe-core for the accessibility audit in the browser tests (no browser download: Debian's chromium).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# No import cycle between apps, no app importing one above it (layers in pyproject.toml).
	$(VENV)/bin/lint-imports
	$(ON_SQLITE) $(PY) manage.py check --fail-level WARNING
	$(ON_SQLITE) $(PY) manage.py makemigrations --check --dry-run

# Two workers on SQLite, whose specs compute; three on PostgreSQL, where the process and browser specs
# spend half their time waiting. `load` hands a worker its specs in collection order, where
# pytest-django puts the transactional ones last (they leave an emptied database behind).
XDIST := -n 2 --dist load
XDIST_PG := -n 3 --dist load

# Process and browser specs check processes, not the database engine: they run once, on PostgreSQL.
test-sqlite: $(VENV)/.installed node_modules/.installed
	$(ON_SQLITE) $(PYTEST) $(XDIST) -m "not processes"

test-postgres: $(VENV)/.installed node_modules/.installed
	bash scripts/with_postgres.sh $(PYTEST) $(XDIST_PG)

# The inner loop: SQLite, no servers, no browser, no lint.
test-fast: $(VENV)/.installed
	$(PYTEST) $(XDIST) -m "not processes and not slow"

# Production settings boot against PostgreSQL and Redis (both started and stopped here).
test-production: $(VENV)/.installed
	bash scripts/with_postgres.sh bash scripts/production_smoke.sh

# The whole suite, on one throw-away PostgreSQL cluster: lint, Django's checks and the PostgreSQL template's
# migration beside the SQLite run (which migrates first, on one core), then every test on PostgreSQL with
# the production smoke test beside it.
test: $(VENV)/.installed node_modules/.installed
	bash scripts/with_postgres.sh $(MAKE) --no-print-directory test-steps

test-steps:
	$(MAKE) --no-print-directory -j3 --output-sync=target lint test-sqlite postgres-template
	NETZWERK_TEST_DB_MIGRATED=1 $(MAKE) --no-print-directory -j2 test-postgres test-production

postgres-template: $(VENV)/.installed
	bash scripts/with_postgres.sh env DJANGO_SETTINGS_MODULE=settings.test PYTHONPATH=.:site $(PY) -m tests.prebuilt_db

# Not part of the suite: gunicorn under wrk load, figures printed (needs wrk). The scripts run as
# files, with bench/ first on the path: none may share an app's name (newsletter.py shadowed the app).
bench: $(VENV)/.installed
	bash bench/run.sh
	bash bench/middleware.sh
	$(VENV)/bin/python bench/newsletter_dispatch.py
	$(VENV)/bin/python -c "import runpy, sys; sys.path[:0] = ['.', 'site']; import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings.dev'); runpy.run_path('bench/text_dos.py', run_name='__main__')"
