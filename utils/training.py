"""One training path for every model: seeding, fitting with live progress and timing, the
two-phase training of the forecasters, timed prediction."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import keras
import numpy as np

from utils.barcodes import BarcodeData
from utils.cache import fit_or_load
from utils.forecast import Forecast, from_windows
from utils.metrics import classification_scores
from utils.progress import Progress
from utils.series import Series
from utils.windows import SPLITS, ForecastData

LOADED_FROM_CACHE: list[str] = []  # labels of the models this process loaded instead of training them

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
    progress_seconds: float = 0.0  # spent updating the progress line

    @property
    def total_seconds(self) -> float:
        return self.seconds + self.refit_seconds

    @property
    def seconds_per_epoch(self) -> float:
        return self.seconds / max(self.epochs_run, 1)

    def summary(self, monitor: str = "val_loss") -> str:
        """``40 epochs in 11 s (0.27 s/epoch); weights of epoch 37 kept (val loss 0.0224)``."""
        best = self.history[monitor][self.best_epoch - 1]
        text = (f"{self.epochs_run} epochs in {self.seconds:.0f} s ({self.seconds_per_epoch:.2f} s/epoch); "
                f"weights of epoch {self.best_epoch} kept ({monitor.replace('_', ' ')} {best:.4g})")
        if self.refit_epochs:
            text += f"; refit for {self.refit_epochs} epochs on train + validation ({self.refit_seconds:.0f} s)"
        return text


def fit(model: keras.Model, X_train: np.ndarray, Y_train: np.ndarray, X_val: np.ndarray,
        Y_val: np.ndarray, epochs: int, batch_size: int, patience: int | None = None,
        monitor: str = "val_loss", shuffle: bool = True, label: str = "training",
        progress: Progress | None = None) -> FitResult:
    """Train with a held-out validation set, keeping the weights of the best validation epoch.

    ``patience`` stops early after that many epochs without improvement (None: run all
    ``epochs``). Arrays are ``(N, ...)``, as the model expects them. A live line labelled
    ``label`` shows the progress and stays as a summary (pass ``progress`` to continue one).
    """
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise TypeError(f"{name} must be a positive int, got {value!r}")
    mode = "max" if "acc" in monitor else "min"
    stop = keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience or epochs,
                                         restore_best_weights=True)
    shown = progress or Progress(label)
    start = time.perf_counter()
    hist = model.fit(X_train, Y_train, validation_data=(X_val, Y_val), epochs=epochs, batch_size=batch_size,
                     shuffle=shuffle, callbacks=[stop, shown.phase("", epochs)], verbose=0)
    seconds = time.perf_counter() - start
    scores = hist.history[monitor]
    best = int(np.argmax(scores) if mode == "max" else np.argmin(scores))
    run = FitResult(hist.history, seconds, len(scores), best + 1, progress_seconds=shown.seconds)
    if progress is None:
        shown.done(run.summary(monitor))
    return run


def time_epochs(model: keras.Model, X: np.ndarray, Y: np.ndarray, batch_size: int, epochs: int) -> float:
    """Seconds per training epoch on ``X``, ``Y``, after one untimed warm-up epoch (which
    includes the one-off tracing and compilation). The model's weights change: time a copy."""
    model.fit(X, Y, batch_size=batch_size, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(X, Y, batch_size=batch_size, epochs=epochs, verbose=0)
    return (time.perf_counter() - start) / epochs


def compare_epoch_times(models: Mapping[str, keras.Model], X: np.ndarray, Y: np.ndarray, batch_size: int,
                        epochs: int, rounds: int = 3) -> dict[str, list[float]]:
    """Seconds per training epoch of each model on the same ``X``, ``Y``, one value per round:
    each model warmed up once, then timed for ``epochs`` epochs per round, in turn, the order
    reversed every other round (so going first or a busy moment of the machine does not decide
    the comparison; the rounds' range shows how much the timing moves). The models' weights
    change: time copies."""
    for model in models.values():
        model.fit(X, Y, batch_size=batch_size, epochs=1, verbose=0)
    seconds: dict[str, list[float]] = {name: [] for name in models}
    for r in range(rounds):
        for name in (list(models) if r % 2 == 0 else list(models)[::-1]):
            start = time.perf_counter()
            models[name].fit(X, Y, batch_size=batch_size, epochs=epochs, verbose=0)
            seconds[name].append((time.perf_counter() - start) / epochs)
    return seconds


def timed_predict(model: keras.Model, X: np.ndarray, batch_size: int = 256) -> tuple[np.ndarray, float]:
    """Predictions for ``X`` and the seconds per sample (after one warm-up call)."""
    model.predict(X[:1], verbose=0)
    start = time.perf_counter()
    pred = model.predict(X, batch_size=batch_size, verbose=0)
    return pred, (time.perf_counter() - start) / len(X)


@dataclass(frozen=True)
class TrainSettings:
    """How every forecaster of a notebook is trained (its ``parameters`` cell)."""

    epochs: int
    batch_size: int
    patience: int | None = None
    refit: bool = True
    model_cache: str | Path | None = None


def train_forecaster(model_id: str, build: Callable[[], keras.Model], series: Series,
                     windows: Mapping[str, ForecastData], settings: TrainSettings, seed: int,
                     reshape: Callable[[np.ndarray], np.ndarray] | None = None) -> Forecast:
    """Seed, build with ``build()``, train on the windows of ``series``, forecast its test windows.

    ``windows`` maps a scaling to its windows (``utils.windows.scaled_both_ways``). For each,
    the model trains on the training windows while the validation windows pick the best
    epoch; the scaling with the lower validation loss is kept (the others' test forecasts
    are recorded, for illustration only). With ``settings.refit`` a fresh model (same seed)
    then trains for the best number of epochs on training + validation windows: in a
    trending series the most recent windows are the most informative, and the test windows
    are never used for any choice. ``reshape`` turns ``X`` ``(N, dt_past, 1)`` into what the
    model expects (e.g. sub-sequences for ``TimeDistributed``). With a model cache
    (``settings.model_cache`` or ``$LSTM12_MODEL_CACHE``) a model trained before with the
    same architecture, data and settings is loaded instead (``utils.cache``).
    """
    shape = reshape or (lambda X: X)
    X = {scaling: {split: shape(d.X[split]) for split in SPLITS} for scaling, d in windows.items()}
    progress = Progress(f"{model_id} on {series.name}")

    def train(model: keras.Model) -> tuple[keras.Model, dict]:
        runs, models, selection = {}, {}, {}
        for i, (scaling, d) in enumerate(windows.items()):
            if i:
                set_seed(seed)
                model = build()
            name = f"{scaling} windows" if len(windows) > 1 else ""
            runs[scaling] = fit(model, X[scaling]["train"], d.Y["train"], X[scaling]["val"], d.Y["val"],
                                epochs=settings.epochs, batch_size=settings.batch_size, patience=settings.patience,
                                progress=progress.phase(name, settings.epochs))
            models[scaling] = model
            phase1 = d.to_series_units("test", model.predict(X[scaling]["test"], verbose=0))
            selection[scaling] = {"val_loss": min(runs[scaling].history["val_loss"]),
                                  "best_epoch": runs[scaling].best_epoch, "test_forecast_before_refit":
                                  np.round(phase1, 5).tolist()}
        chosen = min(selection, key=lambda k: selection[k]["val_loss"])
        run, model, d = runs[chosen], models[chosen], windows[chosen]
        if settings.refit:
            set_seed(seed)
            model = build()
            start = time.perf_counter()
            model.fit(np.concatenate([X[chosen]["train"], X[chosen]["val"]]),
                      np.concatenate([d.Y["train"], d.Y["val"]]), epochs=run.best_epoch,
                      batch_size=settings.batch_size, verbose=0,
                      callbacks=[progress.phase("refit on train + validation", run.best_epoch)])
            run.refit_seconds, run.refit_epochs = time.perf_counter() - start, run.best_epoch
        run.progress_seconds = progress.seconds
        total = sum(r.seconds for r in runs.values()) + run.refit_seconds  # what the choice cost, all of it
        return model, {"run": asdict(run), "scaling": chosen, "selection": selection, "train_seconds": total}

    set_seed(seed)
    arrays = [a for scaling, d in windows.items() for a in (X[scaling]["train"], d.Y["train"], X[scaling]["val"],
                                                               d.Y["val"])]
    model, info, cached = fit_or_load(build(), train, settings.model_cache, arrays, epochs=settings.epochs,
                                      batch_size=settings.batch_size, seed=seed, patience=settings.patience,
                                      refit=settings.refit)
    run, chosen, selection = FitResult(**info["run"]), info["scaling"], info["selection"]
    if cached:
        LOADED_FROM_CACHE.append(f"{model_id} on {series.name}")
    others = {k: v["val_loss"] for k, v in selection.items() if k != chosen}
    choice = (f"{chosen} windows (validation loss {selection[chosen]['val_loss']:.3g}"
              + "".join(f" vs {v:.3g} {k}" for k, v in others.items()) + "); " if others
              else f"{chosen} windows only; ")
    refit = f"; refit for {run.refit_epochs} epochs on train + validation" if run.refit_epochs else ""
    progress.done(("loaded from the model cache; " if cached else "") + choice
                  + f"best epoch {run.best_epoch} of {run.epochs_run}{refit}; {info['train_seconds']:.0f} s in all"
                  + (" (in the run that trained it)" if cached else ""))
    d = windows[chosen]
    pred, predict_seconds = timed_predict(model, X[chosen]["test"])
    training = {"history": run.history, "train_seconds": info["train_seconds"],
                "seconds_per_epoch": run.seconds_per_epoch, "epochs_run": run.epochs_run,
                "best_epoch": run.best_epoch, "refit_epochs": run.refit_epochs,
                "predict_seconds_per_window": predict_seconds, "cached": cached,
                "progress_seconds": run.progress_seconds, "windows": {k: len(v) for k, v in d.X.items()},
                "train_range": [d.info["train_min"], d.info["train_max"]]}
    return from_windows(model_id, series, d.target_start["test"], d.to_series_units("test", pred),
                        params=model.count_params(), seed=seed, scaling=chosen, training=training,
                        selection=selection)


@dataclass
class Classification:
    """A trained classifier scored on held-out data: ``proba`` ``(N_test, N_classes)``, ``test``
    the scores of ``utils.metrics.classification_scores``, ``train_accuracy`` on its own
    training sequences (what the course reported), ``training`` the fit's record."""

    model_id: str
    seed: int | None
    params: int | None
    proba: np.ndarray | None  # None when read back from a results file
    test: dict
    train_accuracy: float | None
    training: dict

    RECORD_KEYS = ("model_id", "seed", "params", "test", "train_accuracy")

    def record(self) -> dict[str, object]:
        """JSON-ready (README, "Results files")."""
        return {"model_id": self.model_id, "seed": self.seed, "params": self.params, "test": self.test,
                "train_accuracy": self.train_accuracy, **self.training}


def train_classifier(model_id: str, build: Callable[[], keras.Model], data: BarcodeData, epochs: int,
                     batch_size: int, seed: int, patience: int | None = None, model_cache: str | Path | None = None,
                     label: str | None = None) -> Classification:
    """Seed, build, train on ``data``'s training sequences keeping the epoch of best validation
    accuracy (stopping after ``patience`` epochs without a better one), score the test
    sequences. With a model cache a model trained before on the same data is loaded."""

    def train(model: keras.Model) -> tuple[keras.Model, dict]:
        run = fit(model, data.X[data.train], data.Y[data.train], data.X[data.val], data.Y[data.val], epochs=epochs,
                  batch_size=batch_size, patience=patience, monitor="val_accuracy",
                  label=label or f"{model_id}, seed {seed}")
        return model, asdict(run)

    set_seed(seed)
    arrays = [data.X[data.train], data.Y[data.train], data.X[data.val], data.Y[data.val]]
    model, info, cached = fit_or_load(build(), train, model_cache, arrays, epochs=epochs, batch_size=batch_size,
                                      seed=seed, patience=patience)
    run = FitResult(**info)
    if cached:
        LOADED_FROM_CACHE.append(label or f"{model_id}, seed {seed}")
        print(f"{label or model_id}: loaded from the model cache; {run.summary('val_accuracy')}")
    proba = model.predict(data.X[data.test], verbose=0)
    train_accuracy = classification_scores(data.y[data.train], model.predict(data.X[data.train], verbose=0))
    training = {"history": run.history, "train_seconds": run.seconds, "seconds_per_epoch": run.seconds_per_epoch,
                "epochs_run": run.epochs_run, "best_epoch": run.best_epoch, "cached": cached,
                "progress_seconds": run.progress_seconds}
    return Classification(model_id, seed, model.count_params(), proba,
                          classification_scores(data.y[data.test], proba), train_accuracy["accuracy"], training)
