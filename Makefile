# 医保指南: every task sets up what it needs first. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
HOST := 127.0.0.1:8000

.PHONY: help setup generate browser-assets site serve test lint lock check-zensical bench check clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: $(VENV)/.installed node_modules/.installed $(CHROMIUM) ## Install Python, npm and browser dependencies

# requirements.lock pins every package with its hashes (made from requirements.txt by `make lock`).
$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

lock: $(VENV)/.installed ## Pin requirements.txt, with hashes, into requirements.lock (after editing requirements.txt)
	$(VENV)/bin/uv pip compile requirements.txt --generate-hashes --universal --python-version 3.11 --quiet -o requirements.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHROMIUM):
	@echo "Installing Debian's Chromium (browser tests and benchmark)"
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null

check: $(VENV)/.installed ## Validate data/ only
	$(PY) -m generator check

generate: $(VENV)/.installed ## Generate pages and JSON from data/ into docs/
	$(PY) -m generator build

browser-assets: $(VENV)/.installed node_modules/.installed ## Copy Pyodide, the trimmed stdlib and the calc wheel into docs/assets/pyodide/
	$(PY) -m generator.pyodide_bundle

site: generate browser-assets ## Build the static site into site/ (strict), then its search index
	$(PY) -m mkdocs build --strict --quiet
	$(PY) -m generator.search_index site

serve: setup generate browser-assets ## Set up everything and serve the site on http://127.0.0.1:8000
	@echo "Open http://$(HOST)/ (MkDocs forwards it to the path of site_url in mkdocs.yml)"
	$(PY) -m mkdocs serve --dev-addr $(HOST)

test: setup lint site ## Set up everything, lint, and run every test (Zensical's build included)
	$(PY) -m pytest

lint: $(VENV)/.installed node_modules/.installed ## Ruff on the Python code; the site's JavaScript against the promised browsers
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	BROWSERSLIST_IGNORE_OLD_DATA=1 npx --no-install eslint --max-warnings 0 docs/javascripts docs/assets/calculator docs/sw.js

check-zensical: setup site ## Build the same mkdocs.yml with Zensical into site-zensical/ and compare its region pages
	$(PY) -m pytest -q tests/test_zensical.py

bench: setup site ## Measure build time, page weight, calculator speed and Lighthouse scores
	$(PY) -m bench

clean: ## Remove generated files (keeps the environments)
	rm -rf site site-zensical mkdocs.zensical.yml .cache docs/regions docs/guides docs/api docs/assets/pyodide .generated
