# Two commands for a fresh machine with Python 3.12+ and make: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
# uv from the PATH, or a private copy under .tools/ installed with pip on first use.
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
MANAGE := .venv/bin/python manage.py
# Only the package registries are reachable: never let uv try to download a Python build.
export UV_PYTHON_DOWNLOADS := never

.PHONY: run serve test lint format install migrate import-topics account fixtures clean benchmark collectstatic load-test

run: install migrate import-topics account
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

# Production as one person or a small group runs it: DEBUG off, static files collected,
# gunicorn with gunicorn.conf.py, on the embedded SQLite. Plain HTTP on 127.0.0.1 unless the
# environment says otherwise (behind a TLS proxy set SECURE_SSL_REDIRECT and SECURE_COOKIES).
serve: install migrate import-topics account collectstatic
	DEBUG=false SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
		SECURE_COOKIES=$${SECURE_COOKIES:-false} .venv/bin/gunicorn -c gunicorn.conf.py config.wsgi

collectstatic: install
	$(MANAGE) collectstatic --noinput --verbosity 0

test: install
	.venv/bin/pytest

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

install: .venv/.synced

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

migrate: install
	$(MANAGE) migrate --noinput

import-topics: install
	$(MANAGE) import_topic fixtures/*.json

account: install
	$(MANAGE) ensure_local_account

# Rebuild the committed fixtures from their sources (byte-identical when nothing changed).
fixtures: install
	$(MANAGE) build_topic fixtures/sources/aws-dva-c02.txt --slug aws-dva-c02 \
		--title "AWS Certified Developer – Associate (DVA-C02)" \
		--exam fixtures/sources/aws-dva-c02.exam.json -o fixtures/aws-dva-c02.json
	$(MANAGE) build_topic fixtures/sources/observability-foundations.md \
		--slug observability-foundations --title "Observability Foundations (imaginary exam)" \
		-o fixtures/observability-foundations.json

# LOAD_USERS learners (200) for LOAD_TIME (60s) against gunicorn on 127.0.0.1 (tests/load/).
load-test: install migrate import-topics collectstatic
	bash tests/load/run.sh

benchmark: install
	$(MANAGE) benchmark

clean:
	rm -rf .venv .tools var staticfiles
