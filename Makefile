# Lecture 12 notebooks. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/0*.ipynb))
RUN_ARGS ?=  # e.g. make run RUN_ARGS="--param refit=False": override a parameter in every notebook that has it
TEST_RESULTS := $(CURDIR)/build/test-results

.PHONY: help env data run run-jax demo-times notebooks test lint lab slides slides-check bench bench-jax clean

help:
	@echo "make env        create .venv, pip install -e \".[dev]\" (done by every target)"
	@echo "make run        run all notebooks at full size into build/run/ and print a summary"
	@echo "                (RUN_ARGS=\"--param refit=False\" overrides a parameter of the notebooks that have it)"
	@echo "make run-jax    the same on the JAX backend, into build/run-jax/ (results there too)"
	@echo "make test       lint, unit tests, notebooks at reduced size (papermill + nbval): what CI runs"
	@echo "make notebooks  re-run all notebooks at full size IN PLACE (refreshes committed outputs,"
	@echo "                results/reference/ and the README's tables)"
	@echo "make demo-times re-run every notebook loading the models make notebooks trained (warm cache);"
	@echo "                its times go into results/reference/ and the README"
	@echo "make lab        open JupyterLab on notebooks/"
	@echo "make slides     one reveal.js deck per notebook in build/slides/ and the lecture deck of the"
	@echo "                cells tagged lecture, build/slides/lecture.slides.html (open offline)"
	@echo "make slides-check  measure every slide at 1280x720 in headless Chromium (not in make test);"
	@echo "                screenshots of the offending slides in build/slides/check/"
	@echo "                (SLIDES_CHECK_ARGS=--all-lecture-shots: of every lecture slide too)"
	@echo "make data       rebuild data/ from data/raw/ (byte for byte)"
	@echo "make bench      training throughput per model and batch size vs matmul peak (TensorFlow)"
	@echo "make bench-jax  the same on the JAX backend"

env: $(STAMP)

# pyproject.toml declares every dependency: the notebooks' in [project], the tests' and JAX's in
# the dev extra (requirements.txt and environment.yml repeat the notebooks' for pip and conda).
# uv (from PyPI, into .venv) installs them in a fraction of pip's time; pip if uv cannot.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "uv>=0.4,<1" || true
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[dev]" || $(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

data: $(STAMP)
	$(PY) scripts/build_data.py

run: $(STAMP)
	$(PY) scripts/run_notebooks.py --out build/run $(RUN_ARGS) $(NOTEBOOKS)

notebooks: $(STAMP)
	$(PY) scripts/run_notebooks.py --in-place $(NOTEBOOKS)
	$(PY) scripts/readme_tables.py

bench: $(STAMP)
	$(PY) scripts/bench.py

bench-jax: $(STAMP)
	KERAS_BACKEND=jax $(PY) scripts/bench.py

# every notebook again, loading the models make notebooks just trained: an instructor's live demo
demo-times: $(STAMP)
	LSTM12_MODEL_CACHE=$(CURDIR)/build/run-model-cache-$(or $(KERAS_BACKEND),tensorflow) \
	LSTM12_RESULTS_DIR=$(CURDIR)/build/run-warm/results \
		$(PY) scripts/run_notebooks.py --out build/run-warm $(NOTEBOOKS)
	cp build/run-warm/run_times.json results/reference/run_times_warm_cache.json
	$(PY) scripts/readme_tables.py

run-jax: $(STAMP)
	KERAS_BACKEND=jax LSTM12_RESULTS_DIR=$(CURDIR)/build/run-jax/results \
		$(PY) scripts/run_notebooks.py --out build/run-jax $(RUN_ARGS) $(NOTEBOOKS)

lint: $(STAMP)
	$(PY) -m ruff check .

TEST_ENV := env -u LSTM12_MODEL_CACHE LSTM12_RESULTS_DIR=$(TEST_RESULTS)
NBVAL_DIR := $(CURDIR)/build/nbval
NBVAL    := LSTM12_QUICK=1 $(PY) -m pytest -q --nbval-lax --nbval-current-env -p no:cacheprovider
nb        = $(foreach n,$(1),$(NBVAL_DIR)/$(n).ipynb)

# Unit tests two at a time (hypothesis' "ci" profile, tests/conftest.py), including every model
# on JAX against TensorFlow (tests/test_jax_backend.py). Then each notebook runs once (nbval,
# reduced size: LSTM12_QUICK=1): it checks the outputs marked NBVAL_CHECK_OUTPUT and writes the
# results file the last step asserts on. nbval runs copies in build/nbval/ in which papermill
# set 02-04 to forecast a CSV as well (scripts/ci_copies.py). Two at a time; 03 and 04
# read 02's results and 05 reads all, so they come after.
test: $(STAMP) lint
	rm -rf $(TEST_RESULTS) $(NBVAL_DIR)
	$(TEST_ENV) $(PY) -m pytest -q -n 2 --hypothesis-profile=ci tests --ignore=tests/test_notebook_results.py
	$(PY) scripts/ci_copies.py $(NBVAL_DIR) $(NOTEBOOKS) >/dev/null
	$(TEST_ENV) $(NBVAL) -n 2 --dist loadscope $(call nb,01_lstm_classification 02_bidirectional)
	$(TEST_ENV) $(NBVAL) -n 2 --dist loadscope $(call nb,03_stacked 04_cnn_lstm)
	$(TEST_ENV) $(NBVAL) $(call nb,05_comparison)
	$(TEST_ENV) $(PY) -m pytest -q tests/test_notebook_results.py

slides: $(STAMP)
	$(PY) scripts/build_slides.py

# Needs Chromium (apt-get install chromium); CI has none, so `make test` does not run it.
slides-check: slides
	$(PY) scripts/check_slides.py $(SLIDES_CHECK_ARGS)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf build results
