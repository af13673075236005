# Limpia: `make demo` (install, load, seed, serve) and `make test` (the whole suite on SQLite, then PostgreSQL).
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
LIMPIA := .venv/bin/limpia
SCALE ?= demo
SEED ?= 2026
VENDOR := limpia/core/static/vendor
PYTEST_ARGS ?=

.PHONY: demo setup serve test test-sqlite test-postgres venv assets messages system-deps browser bench bench-x10 lint clean

demo: setup serve

setup: venv assets messages
	$(LIMPIA) migrate --noinput
	$(LIMPIA) load_reference_data
	$(LIMPIA) seed --scale $(SCALE) --seed $(SEED)
	$(LIMPIA) send_reminders
	$(LIMPIA) watch_certificates

# The web server, and the background worker (reminder e-mails, long jobs) beside it: `limpia worker` waits out
# a locked database and resumes dead workers' jobs; if it exits anyway, the loop starts it again in 2 s.
# Ctrl-C stops both (the worker first, then its loop).
serve:
	@echo "Limpia en http://127.0.0.1:8000 (logins de demostración en README.md)"
	@mkdir -p var
	(while true; do $(LIMPIA) worker --no-reload; echo "limpia worker terminó ($$?); se reinicia en 2 s"; sleep 2; \
	  done) >> var/worker.log 2>&1 & loop=$$!; \
	trap 'pkill -TERM -P $$loop; kill $$loop 2>/dev/null' EXIT INT TERM; \
	$(LIMPIA) runserver 127.0.0.1:8000

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet --break-system-packages uv

venv: $(UV) system-deps
	$(UV) sync --frozen

# Debian packages the platform needs: gettext (translations), WeasyPrint's Pango, fonts.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -e /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0 ] || ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then echo "apt: installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi

assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons/fonts $(VENDOR)/htmx $(VENDOR)/axe-core
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css $(VENDOR)/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/* $(VENDOR)/bootstrap-icons/fonts/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/
	touch $@

messages:
	cd limpia && ../$(LIMPIA) compilemessages --ignore=.venv >/dev/null

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: venv assets messages browser
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

test-postgres:
	@echo "== test suite on PostgreSQL ($$DATABASE_URL) =="
	LIMPIA_CONN_MAX_AGE=0 $(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

# Benchmarks on PostgreSQL, in a database of their own (created and seeded on the first run).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/limpia_bench
bench: venv
	DATABASE_URL=$(BENCH_DATABASE_URL) $(LIMPIA) bench mrv --scale national
	DATABASE_URL=$(BENCH_DATABASE_URL) $(LIMPIA) bench web --scale national

BENCH_X10_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/limpia_bench_x10
bench-x10: venv
	DATABASE_URL=$(BENCH_X10_DATABASE_URL) $(LIMPIA) bench mrv --scale x10

lint: venv
	.venv/bin/ruff check .

clean:
	rm -rf var node_modules $(VENDOR)
