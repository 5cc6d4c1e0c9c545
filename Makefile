# Weerbaar — the two commands: `make demo` and `make test`.
.PHONY: demo test test-sqlite test-postgres test-browser lint format bench venv

PORT ?= 8000
PYTEST_ARGS ?=
VENV := .venv/bin

venv:
	@scripts/bootstrap.sh

## Start the demo: embedded SQLite, demo municipality, served on http://127.0.0.1:$(PORT)
demo: venv
	@PORT=$(PORT) $(VENV)/weerbaar demo

## Run the whole suite: lint, then SQLite, then a throwaway PostgreSQL server.
test: venv
	@scripts/test-system-deps.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
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

format: venv
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .
