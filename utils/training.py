"""One training path for every model: seeding, fitting with timing, timed prediction."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import keras
import numpy as np

# TensorFlow sets its Python logger to INFO in interactive sessions when it is imported; its
# "tf.function retracing" warnings (about speed, not correctness) would then fill the outputs
# of every notebook that trains several models. Raised again here, after the import.
logging.getLogger("tensorflow").setLevel(logging.ERROR)


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and the backend; make TensorFlow ops deterministic.

    With this, the same run on the same machine gives the same numbers (JAX is
    deterministic on CPU with the seed alone).
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf  # only the TF backend needs (and has) this switch

        tf.config.experimental.enable_op_determinism()


def backend_info() -> str:
    """One line naming the Keras version, backend and CPU count, for the notebook header."""
    return f"Keras {keras.__version__}, backend {keras.backend.backend()}, {os.cpu_count()} CPU core(s)"


@dataclass
class FitResult:
    """What a training run returns: the Keras history dict, wall time and epochs actually run."""

    history: dict[str, list[float]]
    seconds: float
    epochs_run: int
    best_epoch: int
    refit_epochs: int = 0  # epochs of a second run on train + validation, if any
    refit_seconds: float = 0.0

    @property
    def total_seconds(self) -> float:
        return self.seconds + self.refit_seconds

    @property
    def seconds_per_epoch(self) -> float:
        return self.seconds / max(self.epochs_run, 1)


def fit(model: keras.Model, X_train: np.ndarray, Y_train: np.ndarray, X_val: np.ndarray,
        Y_val: np.ndarray, epochs: int, batch_size: int, patience: int | None = None,
        monitor: str = "val_loss", shuffle: bool = True) -> FitResult:
    """Train with a held-out validation set, keeping the weights of the best validation epoch.

    ``patience`` stops early after that many epochs without improvement (None: run all
    ``epochs``). Arrays are ``(N, ...)``, as the model expects them.
    """
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise TypeError(f"{name} must be a positive int, got {value!r}")
    mode = "max" if "acc" in monitor else "min"
    stop = keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience or epochs,
                                         restore_best_weights=True)
    start = time.perf_counter()
    hist = model.fit(X_train, Y_train, validation_data=(X_val, Y_val), epochs=epochs,
                     batch_size=batch_size, shuffle=shuffle, callbacks=[stop], verbose=0)
    seconds = time.perf_counter() - start
    scores = hist.history[monitor]
    best = int(np.argmax(scores) if mode == "max" else np.argmin(scores))
    return FitResult(hist.history, seconds, len(scores), best + 1)


def timed_predict(model: keras.Model, X: np.ndarray, batch_size: int = 256) -> tuple[np.ndarray, float]:
    """Predictions for ``X`` and the seconds per sample (after one warm-up call)."""
    model.predict(X[:1], verbose=0)
    start = time.perf_counter()
    pred = model.predict(X, batch_size=batch_size, verbose=0)
    return pred, (time.perf_counter() - start) / len(X)
