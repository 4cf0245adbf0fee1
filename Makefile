# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
# the real OpenID Connect provider of the SSO tests (npm package oidc-provider)
OIDC_STAMP := tests/oidc/node_modules/.installed
# LibreOffice Writer (headless) turns the letters into PDF
SOFFICE := /usr/bin/soffice

.PHONY: run test lint format bench screenshots clean-venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# the project itself, editable (no sys.path tricks): tests, bench/ and tools/ import
# `ceremony` from this checkout
$(VENV)/.installed: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Node.js is on the machine image; Debian's nodejs/npm are the fallback on a bare machine.
$(OIDC_STAMP): tests/oidc/package.json tests/oidc/package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm)
	npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
	touch $@

$(SOFFICE):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui

run: $(VENV)/.installed $(SOFFICE)
	$(BIN)/python -m ceremony init
	$(BIN)/python -m ceremony serve

test: $(VENV)/.dev $(VENV)/.installed $(CHROMIUM) $(OIDC_STAMP) $(SOFFICE)
	$(BIN)/ruff check .
	# two rounds: the browser tests beside the rest took twice the CPU (7 min instead of 3)
	$(BIN)/python -m pytest -n 4 --dist loadfile --ignore=tests/e2e
	$(BIN)/python -m pytest -n 3 --dist loadfile tests/e2e

lint: $(VENV)/.dev
	$(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff format .

bench: $(VENV)/.dev $(VENV)/.installed
	$(BIN)/python -m bench.run_all

# every page per role at 1366x900, Onthaal and Belronde at 390x844, synthetic data only
screenshots: $(VENV)/.dev $(VENV)/.installed $(CHROMIUM)
	$(BIN)/python -m tools.screenshots

clean-venv:
	rm -rf $(VENV)
