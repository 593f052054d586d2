# kamgraph: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINT   := tools/cypherlint
LINTSTAMP := $(LINT)/node_modules/.installed
DEMO   := out/demo.db
KG     := $(BIN)/kamgraph --store $(DEMO)

.PHONY: demo test lint bench setup clean

setup: $(STAMP) $(LINTSTAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Neo4j's Cypher linter, for tests/test_queries.py (from the committed lock file)
$(LINTSTAMP): $(LINT)/package.json $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --silent --no-audit --no-fund
	@touch $(LINTSTAMP)

demo: setup
	@mkdir -p out && rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	$(KG) import samples/*.yaml
	$(KG) accounts
	$(KG) show meridian
	$(KG) show andina

test: setup
	$(BIN)/ruff check kamgraph tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check kamgraph tests
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache $(LINT)/node_modules
