# Lecture 12 notebooks. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NB     ?=
QUICK  := $(CURDIR)/build/quick
# Colab's own versions (August 2026), the oldest the notebooks are tested with: make oldest
OLDEST := "tensorflow==2.20.0" "keras==3.13.2" "numpy==2.1.3" "matplotlib==3.10.0" "scikit-learn==1.6.1" \
          "pandas==2.2.2" "scipy==1.14.1"

.PHONY: help env data lab notebook notebooks run quick oldest test lint slides slides-check clean

help:
	@echo "make env           create .venv and install the project with its test tools (every target does)"
	@echo "make lab           JupyterLab on notebooks/, with RISE for live slides (View > Render Slides)"
	@echo "make notebook NB=02  re-run one notebook in place: its outputs and results/reference/ entry"
	@echo "make notebooks     re-run all five in place, in order: the committed run (about 20 minutes)"
	@echo "make run           all five at full size into build/run/, nothing committed changes"
	@echo "make quick         all five at reduced size (notebooks/quick/*.yaml) into build/quick/"
	@echo "make oldest        make quick in .venv-oldest with Colab's versions (TensorFlow 2.20, Keras 3.13, ...)"
	@echo "make test          lint, unit tests, the notebooks at reduced size under nbval: what CI runs"
	@echo "make slides        reveal.js decks (one per notebook, and the lecture deck) in build/slides/"
	@echo "make slides-check  measure every slide at 1280x720 in headless Chromium (needs chromium)"
	@echo "make data          rebuild data/ from data/raw/ (byte for byte)"

env: $(STAMP)

# uv (from PyPI, into .venv) installs in a fraction of pip's time; pip if uv cannot.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "uv>=0.4,<1" || true
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[dev]" || $(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

data: $(STAMP)
	$(PY) scripts/build_data.py

# JupyterLab refuses to start as root (a container, a root shell) unless told to.
lab: $(STAMP)
	@if [ "$$(id -u)" = 0 ]; then echo "Running as root (a container?): starting JupyterLab with --allow-root."; fi
	$(VENV)/bin/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

notebook: $(STAMP)
	@test -n "$(NB)" || (echo "say which: make notebook NB=02" && false)
	$(PY) scripts/run_notebooks.py --in-place $(NB)

notebooks: $(STAMP)
	$(PY) scripts/run_notebooks.py --in-place

run: $(STAMP)
	$(PY) scripts/run_notebooks.py --out build/run

quick: $(STAMP)
	$(PY) scripts/run_notebooks.py --quick --out $(QUICK)

oldest:
	test -x .venv-oldest/bin/python || $(PYTHON) -m venv .venv-oldest
	.venv-oldest/bin/python -m pip install --quiet "uv>=0.4,<1"
	.venv-oldest/bin/uv pip install --quiet --python .venv-oldest/bin/python $(OLDEST) -e . pyyaml
	.venv-oldest/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	.venv-oldest/bin/python scripts/run_notebooks.py --quick --out build/oldest

lint: $(STAMP)
	$(PY) -m ruff check .

# Unit tests two at a time, then the notebooks at reduced size under nbval (only the outputs marked
# NBVAL_CHECK_OUTPUT are compared): papermill puts notebooks/quick/<name>.yaml into copies in
# build/ci/, which run in order, as 02-05 read the results of the ones before.
NBVAL := $(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env
test: $(STAMP) lint
	$(PY) -m pytest -q -n 2
	rm -rf build/ci $(QUICK)/results && mkdir -p build/ci
	for nb in notebooks/0*.ipynb; do \
	  $(VENV)/bin/papermill --prepare-only -k python3 -f notebooks/quick/$$(basename $$nb .ipynb).yaml $$nb build/ci/$$(basename $$nb) \
	  2>/dev/null || exit 1; done
	$(NBVAL) build/ci/01_lstm_classification.ipynb
	$(NBVAL) build/ci/02_bidirectional.ipynb
	$(NBVAL) -n 2 --dist loadfile build/ci/03_stacked.ipynb build/ci/04_cnn_lstm.ipynb
	$(NBVAL) build/ci/05_comparison.ipynb

slides: $(STAMP)
	$(PY) scripts/build_slides.py

# Needs Chromium (apt-get install chromium); CI has none, so `make test` does not run it.
slides-check: slides
	$(PY) scripts/check_slides.py

clean:
	rm -rf build results/0*
