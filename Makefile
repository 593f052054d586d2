# kamgraph: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
LINT   := tools/cypherlint
LINTSTAMP := $(LINT)/node_modules/.installed
DEMO   := out/demo.db
KG     := $(BIN)/kamgraph --store $(DEMO)
SF     := samples/crm/salesforce
ACT    := samples/activity

.PHONY: demo test lint bench setup dev-setup system-deps browser-deps java-deps neo4j clean

# `make setup`: what the demo needs (the package, Graphviz); `make test` adds the test tools
# (pytest, ruff, mypy, Node's Cypher linter), Java 17+ with Maven for the Neo4j it starts, and
# Chromium for the web app's browser tests.
setup: system-deps $(STAMP)
dev-setup: setup java-deps browser-deps $(DEVSTAMP) $(LINTSTAMP)

# Graphviz's `dot` draws the account maps; DejaVu covers accents and ñ. Debian packages, installed once.
system-deps:
	@command -v dot >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu || \
	  { echo "installing graphviz and fonts (apt-get)..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz fonts-dejavu-core) \
	      >/dev/null 2>&1 || echo "could not install graphviz; maps other than DOT need it (apt-get install graphviz)"; }

# Chromium runs the web app's end-to-end tests (tests/test_web_e2e.py); Debian's package, installed once.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || \
	  { echo "installing chromium (apt-get)..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      >/dev/null 2>&1 || echo "could not install chromium; the browser tests need it (apt-get install chromium)"; }

# Neo4j Community (for the tests and `make neo4j`) runs from Maven Central's jars: it needs a JDK
# 17 or later and Maven. Debian packages, installed once.
java-deps:
	@command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 && \
	  javac -version 2>&1 | grep -qE 'javac (1[7-9]|[2-9][0-9])' || \
	  { echo "installing a JDK and Maven (apt-get)..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless maven) \
	      >/dev/null 2>&1 || echo "could not install Java and Maven; Neo4j needs them: install JDK 17+ and Maven (apt-get install default-jdk-headless maven)"; }

# A local Neo4j Community for users who have none: foreground, Ctrl-C stops it. Bolt on
# 127.0.0.1:$${NEO4J_PORT:-7687}; the password is $$NEO4J_PASSWORD, or one made once and kept in
# .neo4j/password (mode 0600); the data stays in .neo4j/ between runs (both git-ignored).
neo4j: $(STAMP) java-deps
	@$(BIN)/python -m tests.servers.neo4j_server --data .neo4j

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(DEVSTAMP)

# Neo4j's Cypher linter, for tests/test_queries.py (from the committed lock file)
$(LINTSTAMP): $(LINT)/package.json $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --silent --no-audit --no-fund
	@touch $(LINTSTAMP)

demo: setup
	@mkdir -p out && rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	$(KG) import samples/*.yaml
	$(KG) import-crm salesforce --contacts $(SF)/Contact_ashgrove_dataloader.csv \
	  --contacts $(SF)/Contact_cantabrico_excel_es.csv --accounts $(SF)/Account.csv \
	  --opportunities $(SF)/Opportunity.csv --contact-roles $(SF)/OpportunityContactRole.csv \
	  --map samples/crm/salesforce-users.yaml --skip-bad-rows
	$(KG) import-crm hubspot --contacts samples/crm/hubspot/hubspot-crm-exports-all-contacts-2026-11-16.csv \
	  --companies samples/crm/hubspot/hubspot-crm-exports-all-companies-2026-11-16.csv
	$(KG) import-activity $(ACT)/Task.csv $(ACT)/Event.csv $(ACT)/contact-log.csv \
	  $(ACT)/james-whitfield-calendar.ics --map samples/crm/salesforce-users.yaml --skip-bad-rows
	$(KG) import-linkedin --owner kes-james-whitfield samples/linkedin/Connections.csv --skip-bad-rows
	$(KG) accounts
	$(KG) show meridian
	$(KG) show andina
	$(KG) path --from team --to role:economic_buyer --account andina --avoid stance:detractor
	$(KG) path --from team --to mer-rachel-okafor --k 2
	$(KG) risk meridian
	$(KG) risk --opportunity mer-opp-analytics --without mer-anjali-desai
	$(KG) risk --portfolio --currency EUR --rate GBP=1.17 --rate DKK=0.134
	$(KG) whitespace meridian
	$(KG) influence nordhavn
	@mkdir -p out/maps
	@for a in meridian andina nordhavn; do \
	  $(KG) map $$a -o out/maps/$$a-org.svg && $(KG) map $$a -o out/maps/$$a-org.png && \
	  $(KG) map $$a -o out/maps/$$a-committee.svg --view committee \
	    --highlight-path team:role:economic_buyer && \
	  $(KG) map $$a -o out/maps/$$a-committee.png --view committee \
	    --highlight-path team:role:economic_buyer || exit 1; \
	done
	$(KG) map andina -o out/maps/andina-influence-es.png --view influence --lang es
	$(KG) map meridian -o out/maps/meridian-finance.png --unit mer-fin --depth 3
	$(KG) map 0018d00002zhqn6AAA -o out/maps/ashgrove-org.png
	$(KG) map 0018d00002zhs2lAAA -o out/maps/cantabrico-committee.png --view committee --lang es
	$(KG) slides 0018d00002zhqn6AAA 0018d00002zhs2lAAA -o out/crm.pptx
	$(KG) slides meridian andina nordhavn -o out/qbr.pptx
	$(KG) slides andina -o out/qbr-es-redacted.pptx --lang es --redact
	@echo "Maps and decks:"; ls -1 out/maps/* out/*.pptx | sed 's/^/  /'

test: dev-setup
	$(BIN)/ruff check kamgraph tests bench
	$(BIN)/ruff format --check kamgraph tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: dev-setup
	$(BIN)/ruff check kamgraph tests bench
	$(BIN)/ruff format --check kamgraph tests bench
	$(BIN)/mypy

bench: dev-setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache $(LINT)/node_modules tests/servers/neo4j/target
