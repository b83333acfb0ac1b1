# lsp-portal. The two commands: `make run` and `make test` (see README.md).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
# Debian packages: WeasyPrint's libraries and the PDF fonts; chromium for the browser tests.
APT_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2
APT_TEST := $(APT_RUN) chromium postgresql redis-server curl poppler-utils

.PHONY: run test test-fast bench lock venv venv-dev deps-run deps-test migrate seed clean

run: deps-run venv migrate seed
	@echo "Portal: http://127.0.0.1:8000  (SQLite di var/, berkas di var/media, tugas langsung, email ke konsol)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: deps-test venv-dev
	$(BIN)/lint-imports --no-cache  # STYLE.md §12: which app may import which (.importlinter)
	BIN=$(BIN) scripts/audit-deps
	scripts/with-services $(BIN)/python -m pytest -n 2 -m "not browser or services" -p no:cacheprovider $(PYTEST_ARGS)
	env -u DATABASE_URL -u CELERY_BROKER_URL -u S3_ENDPOINT_URL -u REDIS_URL \
	  $(BIN)/python -m pytest -n 2 -m "(embedded or browser) and not services" -p no:cacheprovider $(PYTEST_ARGS)

# Speed, measured against real PostgreSQL, Redis, moto and a Celery worker (bench/run.py);
# figures in bench/RESULTS.md and the README. BENCH_ARGS="--quick" for a short smoke run.
bench: deps-test venv-dev
	scripts/with-services $(BIN)/python bench/run.py $(BENCH_ARGS)

# requirements*.in -> requirements*.txt: every package pinned, with hashes (pip-tools).
LOCK := $(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: venv-dev
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-dev.txt requirements-dev.in
	$(LOCK) -o requirements-bootstrap.txt requirements-bootstrap.in

deps-run:
	@scripts/ensure-apt $(APT_RUN)

deps-test:
	@scripts/ensure-apt $(APT_TEST)

$(VENV)/.run-stamp: requirements.txt requirements-bootstrap.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	scripts/install-deps $(BIN) requirements.txt
	touch $@

$(VENV)/.dev-stamp: requirements-dev.txt requirements-bootstrap.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	scripts/install-deps $(BIN) requirements-dev.txt
	touch $(VENV)/.run-stamp $@

venv: $(VENV)/.run-stamp
venv-dev: $(VENV)/.dev-stamp

migrate: venv
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0

seed: venv
	$(BIN)/python manage.py generate_seal
	$(BIN)/python manage.py seed_demo

clean:
	rm -rf var/ .pytest_cache
