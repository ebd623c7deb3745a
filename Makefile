# make reports   set up (.venv, packages, CJK font) and build the default reports
# make test      set up and run the tests
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PERIOD ?=
export PYTHONHASHSEED := 0

.PHONY: setup reports test lab demo audit clean fonts

setup: $(STAMP) fonts

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

fonts: $(STAMP)
	@bash scripts/ensure-font.sh $(PY)

reports: setup
	$(PY) -m analysis build $(if $(PERIOD),--period $(PERIOD))

test: setup
	$(PY) -m pytest

lab: setup
	$(VENV)/bin/jupyter lab notebooks/

demo: setup
	$(PY) -m analysis demo

clean:
	rm -rf data/processed/20* reports/20* reports/index.html reports/scenarios .pytest_cache
