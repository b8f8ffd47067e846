"""Every notebook's first cell: what it runs on, whether that is new enough, and the course's
plot style. On Colab it installs only what Colab lacks (never TensorFlow or Keras, which it has)
and says how to switch on a GPU."""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import logging
import os
import subprocess
import sys

from packaging.version import Version

# The oldest versions the notebooks are tested with (make oldest): Colab's own, August 2026.
FLOORS = {"tensorflow": "2.20", "keras": "3.13", "numpy": "2.1", "matplotlib": "3.10", "scikit-learn": "1.6",
          "pandas": "2.2", "scipy": "1.11"}
MODULES = {"tensorflow": "tensorflow", "keras": "keras", "numpy": "numpy", "matplotlib": "matplotlib",
           "scikit-learn": "sklearn", "pandas": "pandas", "scipy": "scipy"}
NEVER_INSTALLED = ("tensorflow", "keras")  # a pip install would replace Colab's own build
GPU_ADVICE = ("No GPU here. On Colab: Runtime > Change runtime type > T4 GPU, then run all again. cuDNN then "
              "runs the tanh LSTMs fused; the stack's relu layers cannot use it (README, 'GPU').")


def missing(packages: dict[str, str] = MODULES) -> list[str]:
    """The pip names of ``packages`` (pip name: module name) that cannot be imported here."""
    return [pip for pip, module in packages.items() if importlib.util.find_spec(module) is None]


def install_missing(run=subprocess.check_call) -> list[str]:
    """On Colab, pip-install what is missing, at its floor or newer, but never TensorFlow or
    Keras (an error saying so instead); returns what it installed."""
    needed = missing()
    refused = [p for p in needed if p in NEVER_INSTALLED]
    if refused:
        raise RuntimeError(f"{', '.join(refused)} not found: choose a Colab runtime that has them "
                           "(Runtime > Change runtime type); these notebooks do not install them")
    if needed:
        run([sys.executable, "-m", "pip", "install", "-q", *(f"{p}>={FLOORS[p]}" for p in needed)])
    return needed


def too_old() -> list[str]:
    """``name version < floor`` for each package older than :data:`FLOORS`."""
    found = {p: importlib.metadata.version(p) for p in FLOORS}
    return [f"{p} {v} < {FLOORS[p]}" for p, v in found.items() if Version(v) < Version(FLOORS[p])]


@contextlib.contextmanager
def _quiet_native_log():
    """TensorFlow's C++ start-up lines (written to file descriptor 2 before its own logging is set
    up) go nowhere while it is imported; everything after, a crash message included, is shown."""
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(null)
        os.close(saved)


def start() -> None:
    """Install what Colab lacks, check the floors, import TensorFlow quietly, make its ops
    deterministic (the same numbers on the same machine), set the plot style and print one line
    of versions (and how to get a GPU on a Colab without one)."""
    colab = "google.colab" in sys.modules
    if colab:
        install_missing()
    old = too_old()
    if old:
        raise RuntimeError(f"too old for these notebooks: {'; '.join(old)} (pip install -e . in the repository)")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _quiet_native_log():
        import tensorflow as tf
    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # "retracing" warnings are about speed
    tf.config.experimental.enable_op_determinism()
    import keras
    import pandas as pd

    from utils import plots

    plots.use_style()
    pd.set_option("display.width", 120)
    gpus = tf.config.list_physical_devices("GPU")
    versions = ", ".join(f"{p} {importlib.metadata.version(p)}" for p in FLOORS)
    print(f"Python {sys.version.split()[0]}, {versions}; Keras backend {keras.backend.backend()}; "
          f"{len(gpus)} GPU(s), {os.cpu_count()} CPU core(s)")
    if colab and not gpus:
        print(GPU_ADVICE)
