"""Every notebook's first cell: what it runs on, whether that is new enough, the plot style. On Colab it installs
only what Colab lacks (never TensorFlow or Keras, which it has) and says how to switch on a GPU."""

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
MODULES = {pip: {"scikit-learn": "sklearn"}.get(pip, pip) for pip in FLOORS}  # pip name: module name
NEVER_INSTALLED = ("tensorflow", "keras")  # a pip install would replace Colab's own build
GPU_ADVICE = ("No GPU here. On Colab: Runtime > Change runtime type > T4 GPU, then run all again. cuDNN then "
              "runs the tanh LSTMs fused; the stack's relu layers cannot use it (README, 'GPU').")


def missing(packages: dict[str, str] = MODULES) -> list[str]:
    """The pip names of ``packages`` (pip name: module name) that cannot be imported here."""
    return [pip for pip, module in packages.items() if importlib.util.find_spec(module) is None]


def install_missing(run=subprocess.check_call) -> list[str]:
    """pip-install what is missing, at its floor or newer, never TensorFlow or Keras (an error); returns it."""
    needed = missing()
    if refused := [p for p in needed if p in NEVER_INSTALLED]:
        raise RuntimeError(f"{', '.join(refused)} not found: choose a Colab runtime that has them "
                           "(Runtime > Change runtime type); these notebooks do not install them")
    if needed:
        run([sys.executable, "-m", "pip", "install", "-q", *(f"{p}>={FLOORS[p]}" for p in needed)])
    return needed


def too_old() -> list[str]:
    """``name version < floor`` for each package older than :data:`FLOORS`."""
    return [f"{p} {v} < {f}" for p, f in FLOORS.items() if Version(v := importlib.metadata.version(p)) < Version(f)]


def start() -> None:
    """Install what Colab lacks, check floors, import TensorFlow quietly, make it deterministic, print versions."""
    colab = "google.colab" in sys.modules
    if colab:
        install_missing()
    if old := too_old():
        raise RuntimeError(f"too old for these notebooks: {'; '.join(old)} (pip install -e . in the repository)")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # TensorFlow's C++ start-up lines (on file descriptor 2, before its logging is set up) go nowhere while it
    # is imported; everything after, a crash message included, is shown
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import tensorflow as tf
    finally:
        os.dup2(saved, 2)
        os.close(null)
        os.close(saved)
    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # "retracing" warnings are about speed
    tf.config.experimental.enable_op_determinism()
    import keras
    import pandas as pd

    from utils import plots
    plots.mpl.rcParams.update(plots.STYLE)  # every later figure in the course's style
    pd.set_option("display.width", 120)
    gpus = tf.config.list_physical_devices("GPU")
    versions = ", ".join(f"{p} {importlib.metadata.version(p)}" for p in FLOORS)
    print(f"Python {sys.version.split()[0]}, {versions}; Keras backend {keras.backend.backend()}; "
          f"{len(gpus)} GPU(s), {os.cpu_count()} CPU core(s)")
    if colab and not gpus:
        print(GPU_ADVICE)
