# kamgraph: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := out/demo.db
KG     := $(BIN)/kamgraph --store $(DEMO)

.PHONY: demo test lint bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: setup
	@mkdir -p out && rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	$(KG) import samples/*.yaml
	$(KG) import-crm salesforce --contacts ../shared/data/crm/salesforce/Contact_brackenmoor_dataloader.csv \
	  --contacts ../shared/data/crm/salesforce/Contact_iberica_excel_es.csv \
	  --accounts ../shared/data/crm/salesforce/Account.csv --opportunities ../shared/data/crm/salesforce/Opportunity.csv \
	  --contact-roles ../shared/data/crm/salesforce/OpportunityContactRole.csv --skip-bad-rows
	$(KG) accounts
	$(KG) show meridian
	$(KG) show andina
	$(KG) path --from team --to role:economic_buyer --account andina --avoid stance:detractor
	$(KG) path --from team --to mer-rachel-okafor --k 2
	$(KG) risk meridian
	$(KG) risk --opportunity mer-opp-analytics --without mer-anjali-desai
	$(KG) risk --portfolio
	$(KG) whitespace meridian
	$(KG) influence nordhavn

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
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
