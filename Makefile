# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
# apt-get for what the machine lacks; a lock file keeps the installs of a parallel set-up
# (`make test`) one after the other (dpkg allows one at a time)
apt_install = flock /tmp/ceremony-make-apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1)'
# the real OpenID Connect provider of the SSO tests (npm package oidc-provider)
OIDC_STAMP := tests/oidc/node_modules/.installed
# LibreOffice Writer (headless) turns the letters into PDF
SOFFICE := /usr/bin/soffice

# Bytecode caches are written even where the environment says not to: every test worker, app
# server and command subprocess would otherwise compile the app, the tests (pytest's
# assertion rewriting) and the libraries it imports again (6.6 s of CPU per test worker
# instead of 2.3 s).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-setup lint format bench screenshots clean-venv

# no pip inside the environment (ensurepip alone took 3.5 s): uv installs into it
$(BIN)/python:
	$(PY) -m venv --without-pip $(VENV)

# uv (a pinned wheel from PyPI, put beside the environment by the machine's pip while the
# environment is made) installs the requirements and the project in one run, with
# parallel downloads (on a fresh clone about 20 s of CPU where four pip runs took 44 s);
# then the standard library's compileall byte-compiles the libraries and the app with one
# process per core: 11 s on a fresh clone where uv's own --compile-bytecode took 16 s
# (it kept about one core busy). A file that does not compile (olefile's Python 2
# module) is skipped, as uv skips it.
UV_VERSION := 0.13.9
UV_HOME := $(VENV)/uv-$(UV_VERSION)
UV := $(UV_HOME)/bin/uv pip install --quiet --python $(BIN)/python
COMPILE := $(BIN)/python -c "import compileall, sysconfig; \
	[compileall.compile_dir(d, quiet=2, workers=0) for d in {sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib'], 'ceremony'}]"
$(UV_HOME)/bin/uv:
	$(PY) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target $(UV_HOME) uv==$(UV_VERSION)

# the pinned runtime requirements and the project itself, editable (no sys.path tricks):
# tests, bench/ and tools/ import `ceremony` from this checkout
$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python $(UV_HOME)/bin/uv
	$(UV) -r requirements.txt -e .
	$(COMPILE)
	touch $@

# the same plus the test and lint tools (requirements-dev.txt includes requirements.txt)
$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python $(UV_HOME)/bin/uv
	$(UV) -r requirements-dev.txt -e .
	$(COMPILE)
	touch $(VENV)/.runtime $@

$(CHROMIUM):
	$(call apt_install,chromium)

# Node.js is on the machine image; Debian's nodejs/npm are the fallback on a bare machine.
$(OIDC_STAMP): tests/oidc/package.json tests/oidc/package-lock.json
	command -v npm >/dev/null || $(call apt_install,nodejs npm)
	npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
	touch $@

$(SOFFICE):
	$(call apt_install,libreoffice-writer-nogui)

run: $(VENV)/.runtime $(SOFFICE)
	$(BIN)/python -m ceremony init
	$(BIN)/python -m ceremony serve

# everything the tests need, set up side by side (`make -j`): npm and apt beside uv
test-setup: $(VENV)/.dev $(CHROMIUM) $(OIDC_STAMP) $(SOFFICE)

test:
	$(MAKE) --no-print-directory -j4 test-setup
	$(BIN)/ruff check .
	# one run, a file per worker at a time: the browser test files first, longest first (the
	# order tests/e2e/conftest.py gives), the others fill the cores around them
	$(BIN)/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder

lint: $(VENV)/.dev
	$(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff format .

bench: $(VENV)/.dev
	$(BIN)/python -m bench.run_all

# every page per role at 1366x900, Onthaal and Belronde at 390x844, synthetic data only
screenshots: $(VENV)/.dev $(CHROMIUM)
	$(BIN)/python -m tools.screenshots

clean-venv:
	rm -rf $(VENV)
