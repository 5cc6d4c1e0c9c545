# Weerbaar — the two commands: `make demo` and `make test`.
.PHONY: demo test test-sqlite test-postgres test-browser lint typecheck migrations-check format \
	lock venv frontend

PORT ?= 8000
PYTEST_ARGS ?=
# The whole suite runs on PostgreSQL; on the embedded SQLite `make test` runs the parts whose
# behaviour depends on the database: answer storage and its attacks, results, the demo,
# locking, backup and restore, and the audit log's guards (`make test-sqlite` runs it all).
# The demo's restart test starts its own demo on SQLite whatever the test database is, so
# it runs once, in the PostgreSQL run.
SQLITE_TESTS ?= tests/surveys tests/maintenance tests/audit tests/core/test_cli.py \
	tests/core/test_locking.py
LOCK_ARGS ?=
VENV := .venv/bin
# Checks that import the settings run as the test suite does: embedded SQLite, no secret key.
CHECK_ENV := WEERBAAR_TESTING=1 DATABASE_URL=

venv:
	@scripts/bootstrap.sh

## Build the static files from the npm packages in package-lock.json (NL Design System, font).
frontend:
	@scripts/build-frontend.sh

## Start the demo: embedded SQLite, demo municipality, served on http://127.0.0.1:$(PORT)
demo: venv frontend
	@PORT=$(PORT) $(VENV)/weerbaar demo

## Run the whole suite: lint, types, migrations, the database-dependent tests on SQLite, then
## everything on a throwaway PostgreSQL server.
test: venv frontend
	@scripts/test-system-deps.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(CHECK_ENV) $(VENV)/mypy
	$(CHECK_ENV) $(VENV)/weerbaar makemigrations --check --dry-run
	DATABASE_URL= $(VENV)/pytest -n 2 --dist worksteal -m "not browser" $(SQLITE_TESTS) $(PYTEST_ARGS)
	scripts/with-postgres.sh $(VENV)/pytest -n 2 --dist load --durations=15 $(PYTEST_ARGS)

test-sqlite: venv frontend
	DATABASE_URL= $(VENV)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: venv frontend
	@scripts/test-system-deps.sh
	scripts/with-postgres.sh $(VENV)/pytest -n 2 $(PYTEST_ARGS)

test-browser: venv frontend
	@scripts/test-system-deps.sh
	scripts/with-postgres.sh $(VENV)/pytest -m browser $(PYTEST_ARGS)

lint: venv
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

## Type-check src/weerbaar with mypy and django-stubs (configuration in pyproject.toml).
typecheck: venv
	$(CHECK_ENV) $(VENV)/mypy

## Fail when a model change has no migration.
migrations-check: venv
	$(CHECK_ENV) $(VENV)/weerbaar makemigrations --check --dry-run

format: venv
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

## Regenerate requirements/base.txt and dev.txt from pyproject.toml (LOCK_ARGS=--upgrade to
## move every pin, LOCK_ARGS="--upgrade-package django" for one).
lock: venv
	scripts/lock.sh $(LOCK_ARGS)
