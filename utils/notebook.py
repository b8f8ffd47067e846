"""A notebook's frame: :func:`start` (its first cell), :func:`finish` (its last) and :func:`note`.

Keras is imported inside :func:`start` and :func:`finish`, never at import time: TensorFlow's
native log must be redirected before Keras loads (``utils.native_logs``)."""

from __future__ import annotations

import os
import time

import pandas as pd
from packaging.version import Version

from utils import plots
from utils.native_logs import send_native_logs_to_file
from utils.results import cpu_model

KERAS_NEEDED = "3.0"
RUN_STARTED = "LSTM12_RUN_STARTED"  # set by scripts/run_notebooks.py: when it started this kernel (time.time())
_started: float | None = None


def start() -> None:
    """Set up a notebook: TensorFlow's native log lines to a file (before Keras is imported),
    TensorFlow's Python logger quiet, Keras 3 checked, the course's plot style; then print
    the backend line and where the native log file is (look there if the kernel dies)."""
    log = send_native_logs_to_file()
    import keras  # after the redirect (module docstring)

    if Version(keras.__version__) < Version(KERAS_NEEDED):
        raise RuntimeError(f"these notebooks need Keras >= {KERAS_NEEDED} (found {keras.__version__}): "
                           "pip install -r requirements.txt")
    from utils.training import backend_info  # imports Keras; also quiets TensorFlow's Python logger

    global _started
    _started = float(os.environ.get(RUN_STARTED, time.time()))  # the runner's start: kernel start included
    plots.use_style()
    pd.set_option("display.width", 120)  # a table in one block on a slide, not wrapped at 80 characters
    print(f"{backend_info()}; TensorFlow's native log: {log}")


def finish() -> None:
    """Print how long the notebook ran (since the runner started its kernel, else since
    :func:`start`), and on what: the line that ``make notebooks`` copies into the header."""
    import keras  # loaded by start() already; not at this module's import (module docstring)

    from utils.training import LOADED_FROM_CACHE  # imports Keras, as above

    seconds = round(time.time() - (_started or time.time()), 1)  # run_times.json keeps this number
    cached = (f", with {len(LOADED_FROM_CACHE)} models loaded from the model cache instead of trained"
              if LOADED_FROM_CACHE else "")
    print(f"This run took {seconds / 60:.1f} min ({seconds:.1f} s) on {cpu_model()} ({os.cpu_count()} cores), "
          f"Keras {keras.__version__} on {keras.backend.backend()}{cached}.")


def note(text: str) -> None:
    """Show ``text`` (Markdown) as a cell output if there is any: the check after a hand-written
    sentence (``utils.verdicts.claim``) is silent when the sentence holds for this run."""
    if text:
        from IPython.display import Markdown, display  # IPython: only where a note is shown

        display(Markdown(text))
