# `make run` starts the bot, `make test` runs the tests; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run console build test lint bench evaluate clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

setup: $(BIN)/activate

run: setup
	$(BIN)/python -m bot

console: setup
	$(BIN)/python -m bot console

build: setup
	$(BIN)/python -m recommender build

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

evaluate: setup
	$(BIN)/python -m recommender evaluate

bench: setup
	$(BIN)/python -m benchmarks.recommender

clean:
	rm -rf $(VENV) data/index data/*.csv
