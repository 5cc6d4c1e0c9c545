# Weerbaar — the two commands: `make demo` and `make test`.
.PHONY: demo test test-sqlite test-postgres test-browser lint typecheck migrations-check format \
	lock venv

PORT ?= 8000
PYTEST_ARGS ?=
LOCK_ARGS ?=
VENV := .venv/bin
# Checks that import the settings run as the test suite does: embedded SQLite, no secret key.
CHECK_ENV := WEERBAAR_TESTING=1 DATABASE_URL=

venv:
	@scripts/bootstrap.sh

## Start the demo: embedded SQLite, demo municipality, served on http://127.0.0.1:$(PORT)
demo: venv
	@PORT=$(PORT) $(VENV)/weerbaar demo

## Run the whole suite: lint, types, migrations, then SQLite, then a throwaway PostgreSQL server.
test: venv
	@scripts/test-system-deps.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(CHECK_ENV) $(VENV)/mypy
	$(CHECK_ENV) $(VENV)/weerbaar makemigrations --check --dry-run
	DATABASE_URL= $(VENV)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	scripts/with-postgres.sh $(VENV)/pytest -n 2 $(PYTEST_ARGS)

test-sqlite: venv
	DATABASE_URL= $(VENV)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: venv
	@scripts/test-system-deps.sh
	scripts/with-postgres.sh $(VENV)/pytest -n 2 $(PYTEST_ARGS)

test-browser: venv
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
