"""Everything a notebook's first cell does, in one call: :func:`start`."""

from __future__ import annotations

import os
import time

import pandas as pd

from utils.native_logs import send_native_logs_to_file

KERAS_NEEDED = "3.0"
RUN_STARTED = "LSTM12_RUN_STARTED"  # set by scripts/run_notebooks.py: when it started this kernel (time.time())
_started: float | None = None


def start() -> None:
    """Set up a notebook: TensorFlow's native log lines to a file (before Keras is imported),
    TensorFlow's Python logger quiet, Keras 3 checked, the course's plot style; then print
    the backend line and where the native log file is (look there if the kernel dies)."""
    log = send_native_logs_to_file()
    import keras
    from packaging.version import Version

    if Version(keras.__version__) < Version(KERAS_NEEDED):
        raise RuntimeError(f"these notebooks need Keras >= {KERAS_NEEDED} (found {keras.__version__}): "
                           "pip install -r requirements.txt")
    from utils import plots
    from utils.training import backend_info  # also quiets TensorFlow's Python logger

    global _started
    _started = float(os.environ.get(RUN_STARTED, time.time()))  # the runner's start: kernel start included
    plots.use_style()
    pd.set_option("display.width", 120)  # a table in one block on a slide, not wrapped at 80 characters
    print(f"{backend_info()}; TensorFlow's native log: {log}")


def finish() -> None:
    """Print how long the notebook ran (since the runner started its kernel, else since
    :func:`start`), and on what: the line that ``make notebooks`` copies into the header."""
    import keras

    from utils.results import cpu_model
    from utils.training import LOADED_FROM_CACHE

    minutes = (time.time() - (_started or time.time())) / 60
    cached = (f", with {len(LOADED_FROM_CACHE)} models loaded from the model cache instead of trained"
              if LOADED_FROM_CACHE else "")
    print(f"This run took {minutes:.1f} min on {cpu_model()} ({os.cpu_count()} cores), Keras {keras.__version__} "
          f"on {keras.backend.backend()}{cached}.")


def say(text: str) -> None:
    """Show ``text`` (Markdown) as a cell output: sentences built from this run's numbers."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def note(text: str) -> None:
    """Show ``text`` (Markdown) only if there is any: the check after a hand-written sentence
    (``utils.verdicts.claim``) is silent when the sentence holds for this run."""
    if text:
        say(text)
