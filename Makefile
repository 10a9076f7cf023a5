# MKB Limburg Community: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export COMMUNITY_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install install-test translations extract-messages lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

## Compile every package's Babel catalogue (.po -> .mo).
translations: $(VENV)/.installed
	@for dir in $$(find community plugins -type d -name translations); do \
		$(BIN)/pybabel compile --use-fuzzy -d $$dir -D messages >/dev/null 2>&1 || \
		$(BIN)/pybabel compile -d $$dir -D messages; \
	done

## Set up, migrate, load demo content (first run only) and serve on http://127.0.0.1:$(PORT)
run: install
	$(BIN)/community db upgrade
	$(BIN)/community demo
	PORT=$(PORT) $(BIN)/community serve --port $(PORT)

## Set up and run the whole test suite (SQLite; PostgreSQL/Redis tests skip without them)
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check community plugins tests bench

$(VENV)/.installed-bench: $(VENV)/.installed-test setup.cfg
	$(BIN)/pip install --quiet -e '.[test,prod,bench]'
	touch $@

## Benchmarks: start a server on a generated database and print figures
bench: install-test $(VENV)/.installed-bench
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
