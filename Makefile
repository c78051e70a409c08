# Set-up and everyday commands. `make run` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= $(or $(AGENT_APP_DATABASE),instance/agent_app.sqlite3)

.PHONY: run test bench bench-province lint translations chromium postgresql clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d agent_app/translations >/dev/null

run: $(STAMP) translations
	@test -f "$(DB)" || $(BIN)/agent-app seed-demo
	$(BIN)/agent-app serve

chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The tests start a throwaway cluster of their own from the server binaries (tests/conftest.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

test: $(STAMP) translations chromium postgresql
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# bench_province at 5% of a province here (about 3 minutes); `make bench-province` for the whole.
bench: $(STAMP) translations
	@for f in benchmarks/bench_*.py; do echo "== $$f"; args=""; \
	  case $$f in *bench_province.py) args="--scale 0.05 --seconds 20";; esac; \
	  $(BIN)/python $$f $$args || exit 1; done

bench-province: $(STAMP) translations
	$(BIN)/python benchmarks/bench_province.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
