# `make run` starts the bot, `make test` runs the tests; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv installs exactly what uv.lock pins (hashes checked), as CI and the Dockerfile do.
UV_VERSION := 0.13.9
UV := UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv

.PHONY: setup python-check lock run console build test test-fast lint typecheck bench evaluate clean

# Refuse an unsupported Python in one line before making anything: with an older one, uv
# would swap another interpreter into the venv and the next `make` would rebuild it again.
python-check:
	@version=$$($(PYTHON) --version 2>&1 | sed -n 's/^Python \([0-9]*\)\.\([0-9]*\).*/\1 \2/p'); \
	set -- $$version 0 0; \
	if [ -z "$$version" ] || [ "$$1" -lt 3 ] || { [ "$$1" -eq 3 ] && [ "$$2" -lt 11 ]; }; then \
		echo "soundalike needs Python 3.11 or newer, and PYTHON=$(PYTHON) is $$($(PYTHON) --version 2>&1 | head -n 1): install one, or run make PYTHON=python3.12 (or use Docker)" >&2; \
		exit 1; \
	fi

$(BIN)/uv:
	@$(MAKE) --no-print-directory python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"

# A stamp, not bin/activate: the venv is created before the sync, so its files are newer
# than an edited pyproject.toml even when nothing was installed.
$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(UV) sync --quiet --locked --extra dev --inexact --compile-bytecode
	touch $@

setup: $(VENV)/.synced

# After editing dependencies in pyproject.toml: re-resolve and rewrite uv.lock (commit both).
lock: | $(BIN)/uv
	$(UV) lock

run: setup
	$(BIN)/python -m bot

# The console as a local member (CONSOLE_USER, default "you"), so /like, /likes, /mix,
# /forget, love N and never N work; `make console CONSOLE_USER=ada` to be someone else.
CONSOLE_USER ?= you
console: setup
	$(BIN)/python -m bot console --user "$(CONSOLE_USER)"

build: setup
	$(BIN)/python -m recommender build

test: setup
	$(BIN)/python -m pytest

# Everything but the slow real-data tests (the 114k index, the full evaluation): seconds, not
# minutes, while you work. `make test` and CI run them all.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/basedpyright

evaluate: setup
	$(BIN)/python -m recommender evaluate

bench: setup
	$(BIN)/python -m benchmarks.recommender

clean:
	rm -rf $(VENV) data/index data/*.csv
