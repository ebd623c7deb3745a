# make reports   set up (.venv, packages, CJK font, PDF engine) and build the default reports
# make test      set up and run the tests
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PERIOD ?=
# the tests run on two workers, a module (or the modules sharing the demo report) on one: tests/conftest.py
TEST_WORKERS ?= 2
export PYTHONHASHSEED := 0

.PHONY: setup reports test lab explore demo audit clean system

# A .venv copied with the project (or moved with it) belongs to the old folder: its editable install and
# its scripts point there, so the build would run the old folder's code.  It is made again here.
ifneq ($(wildcard $(STAMP)),)
ifneq ($(shell cat $(VENV)/.root 2>/dev/null),$(CURDIR))
$(info .venv 属于另一个文件夹，重新建立 / the .venv belongs to another folder: making it again)
$(shell rm -rf "$(CURDIR)/$(VENV)")
endif
endif

setup: $(STAMP) system

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	echo "$(CURDIR)" > $(VENV)/.root
	touch $(STAMP)

# CJK font and Pango (PDF) from apt when missing; `make test` also needs chromium
system: $(STAMP)
	@bash scripts/ensure-system.sh $(PY) $(if $(filter test,$(MAKECMDGOALS)),--browser)

reports: setup
	$(PY) -m analysis build $(if $(PERIOD),--period $(PERIOD))

test: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

# JupyterLab opening the scenario explorer; as root (as on these machines) it needs --allow-root.
# IPYTHONDIR=lab/ipython: its start-up file reads IME quotes and true/false in cells as meant (analysis.labinput)
lab: setup
	IPYTHONDIR=$(CURDIR)/lab/ipython $(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/explore/explorer.ipynb

# the scenario explorer as an app (Voilà): controls and results, no code; http://127.0.0.1:8866
explore: setup
	IPYTHONDIR=$(CURDIR)/lab/ipython $(VENV)/bin/voila notebooks/explore/explorer.ipynb --no-browser --port=8866 --Voila.ip=127.0.0.1

demo: setup
	$(PY) -m analysis demo

clean:
	rm -rf data/processed/20* reports/20* reports/index.html reports/scenarios .pytest_cache
