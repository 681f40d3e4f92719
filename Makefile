# Tohu: the two set-up commands are `make run` and `make test` (see README.md).
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# Local serving: production settings (DEBUG off, whitenoise, granian) with plain HTTP on loopback.
# The demo's overseas provider asks for a statement of equivalency: NZQA closed applications on
# 31 December 2025 (EQV-window), so `make run` keeps the window open until EQUIVALENCY_LAST_DAY.
# `make run EQUIVALENCY_LAST_DAY=2025-12-31` shows the window closed, as it is at NZQA.
EQUIVALENCY_LAST_DAY ?= 2027-12-31
RUN_ENV = DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECRET_KEY="$$(cat var/secret_key)" \
	TOHU_KEY_ENCRYPTION_KEY="$$(cat var/key_encryption_key)" TOHU_AUDIT_KEY="$$(cat var/audit_key)" \
	TOHU_EQUIVALENCY_LAST_DAY="$(EQUIVALENCY_LAST_DAY)"
# lint loads the settings, which need keys of the right form (never used)
LINT_ENV = SECRET_KEY=lint TOHU_KEY_ENCRYPTION_KEY=bGludC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0wMTI= \
	TOHU_AUDIT_KEY=bGludC1vbmx5LWF1ZGl0LWNoZWNrcG9pbnQta2V5LTA=

.PHONY: help run test coverage lint format bench demo worker clean lock

help: ## Show the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tohu needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed-run: $(VENV)/.python-ok pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

var/key_encryption_key var/audit_key:
	@mkdir -p var
	@$(PYTHON) -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' > $@
	@chmod 600 $@

run: $(VENV)/.installed-run var/secret_key var/key_encryption_key var/audit_key ## Install, migrate, load the demo once, serve on http://127.0.0.1:8000 with the worker
	$(RUN_ENV) $(BIN)/tohu migrate --noinput
	$(RUN_ENV) $(BIN)/tohu collectstatic --noinput --verbosity 0
	@$(RUN_ENV) $(BIN)/tohu demo
	$(RUN_ENV) $(BIN)/tohu serve --with-worker --host $(HOST) --port $(PORT)

worker: $(VENV)/.installed-run var/secret_key var/key_encryption_key var/audit_key ## Run the background task worker
	$(RUN_ENV) $(BIN)/tohu worker

test: $(VENV)/.installed-test ## Run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

coverage: $(VENV)/.installed-test ## Run the suite measuring branch coverage; fail below the bound in pyproject.toml (overall and per part)
	$(BIN)/python -m pytest --cov --cov-report= --cov-fail-under=0 $(PYTEST_ARGS)
	$(BIN)/coverage report
	$(BIN)/python -m tests.coverage_groups

lint: $(VENV)/.installed-test ## ruff, ruff format --check, mypy --strict, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(LINT_ENV) $(BIN)/mypy tohu tests bench
	$(LINT_ENV) DEBUG=0 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test ## Run the benchmarks (figures go in docs/performance.md)
	$(BIN)/python -m bench

lock: $(VENV)/.installed-test ## Rewrite constraints.txt from the installed packages
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
