"""One training path for every model: seeding, fitting with live progress and timing, the
two-phase protocol of the forecasters, classifiers side by side over seeds, timed prediction."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import keras
import numpy as np

from utils.barcodes import BarcodeData
from utils.cache import fit_or_load
from utils.metrics import classification_scores
from utils.outcomes import Classification, Forecast, from_windows
from utils.progress import Progress
from utils.series import Series
from utils.windows import SPLITS, ForecastData

LOADED_FROM_CACHE: list[str] = []  # labels of the models this process loaded instead of training them

# TensorFlow sets its Python logger to INFO in interactive sessions when it is imported; its
# "tf.function retracing" warnings (about speed, not correctness) would then fill the outputs
# of every notebook that trains several models. Raised again here, after the import.
logging.getLogger("tensorflow").setLevel(logging.ERROR)


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and the backend and make TensorFlow ops deterministic: the same run on
    the same machine gives the same numbers (JAX on CPU is deterministic with the seed alone)."""
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
    """Train on ``(N, ...)`` arrays as the model expects them, keeping the weights of the best
    validation epoch (``patience``: stop after that many epochs without a better one). A live
    line labelled ``label`` (or ``progress``, to continue one) shows progress, then a summary."""
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
    each warmed up once, then timed for ``epochs`` in turn, the order reversed every other round
    (so neither going first nor a busy moment decides). The weights change: time copies."""
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


def two_phase(build, data, seed, epochs, batch_size, patience, refit, progress=None):
    """Notebook 02's training protocol (taught in its section 5), for one seed. ``data`` maps
    each scaling of the windows to ``{"train": (X, Y), "val": (X, Y)}``. Returns the model, the
    scaling kept and, per scaling, the first phase's model and run (``FitResult``)."""
    phase1 = {}
    for scaling, d in data.items():  # phase 1: each scaling, the epoch of lowest validation loss
        set_seed(seed)
        model = build()
        run = fit(model, *d["train"], *d["val"], epochs, batch_size, patience,
                  progress=progress and progress.phase(f"{scaling} windows", epochs))
        phase1[scaling] = (model, run)
    kept = min(phase1, key=lambda k: min(phase1[k][1].history["val_loss"]))
    model, run = phase1[kept]
    if refit:  # phase 2: a fresh model, that many epochs on training + validation windows
        set_seed(seed)
        model = build()
        train, val = data[kept]["train"], data[kept]["val"]
        X, Y = (np.concatenate(pair) for pair in zip(train, val, strict=True))
        shown = [progress.phase("refit on train + validation", run.best_epoch)] if progress else []
        model.fit(X, Y, epochs=run.best_epoch, batch_size=batch_size, verbose=0, callbacks=shown)
    return model, kept, phase1


@dataclass(frozen=True)
class TrainSettings:
    """How every forecaster of a notebook is trained (its ``parameters`` cell); ``refit``: whether
    the models are refitted on training + validation windows (phase 2 of :func:`two_phase`)."""

    epochs: int
    batch_size: int
    patience: int | None = None
    refit: bool = True
    model_cache: str | Path | None = None


def _done(progress: Progress, cached: bool, text: str) -> None:
    """End ``progress`` with ``text``, saying (and counting) a model loaded from the cache."""
    if cached:
        LOADED_FROM_CACHE.append(progress.label)
        text = f"loaded from the model cache; {text} (in the run that trained it)"
    progress.done(text)


def train_forecaster(model_id: str, build: Callable[[], keras.Model], series: Series,
                     windows: Mapping[str, ForecastData], settings: TrainSettings, seed: int,
                     reshape: Callable[[np.ndarray], np.ndarray] | None = None,
                     recipe: tuple[str, int] | None = None) -> Forecast:
    """Seed, build with ``build()``, train on the windows of ``series`` (``windows``: a scaling
    each, ``utils.windows.scaled_both_ways``) by :func:`two_phase` and forecast its test
    windows; the first phase's test forecasts go into ``selection``, for illustration only.
    ``recipe`` ``(scaling, epochs)``, another seed's choice, skips the choosing: a fresh model
    trains that many epochs (on training + validation windows with ``settings.refit``).
    ``reshape`` turns ``X`` ``(N, dt_past, 1)`` into the model's input (e.g. sub-sequences).
    With a model cache (``utils.cache``) a model trained before on the same terms is loaded."""
    shape = reshape or (lambda X: X)
    if recipe is not None:
        windows = {recipe[0]: windows[recipe[0]]}
    X = {scaling: {split: shape(d.X[split]) for split in SPLITS} for scaling, d in windows.items()}
    refit = settings.refit
    progress = Progress(f"{model_id} on {series.name}" + (f", seed {seed}" if recipe else ""))

    def train(model: keras.Model) -> tuple[keras.Model, dict]:
        data = {k: {split: (X[k][split], d.Y[split]) for split in ("train", "val")} for k, d in windows.items()}
        start = time.perf_counter()
        model, chosen, phase1 = two_phase(build, data, seed, settings.epochs, settings.batch_size,
                                          settings.patience, refit, progress)
        total = time.perf_counter() - start  # what the choice cost, all of it
        selection = {}
        for scaling, (m, r) in phase1.items():
            before = windows[scaling].to_series_units("test", m.predict(X[scaling]["test"], verbose=0))
            selection[scaling] = {"val_loss": min(r.history["val_loss"]), "best_epoch": r.best_epoch,
                                  "test_forecast_before_refit": np.round(before, 5).tolist()}
        run = phase1[chosen][1]
        if refit:
            run.refit_epochs = run.best_epoch
            run.refit_seconds = total - sum(r.seconds for _, r in phase1.values())
        run.progress_seconds = progress.seconds
        return model, {"run": asdict(run), "scaling": chosen, "selection": selection, "train_seconds": total}

    def repeat(model: keras.Model) -> tuple[keras.Model, dict]:
        scaling, epochs = recipe
        d, splits = windows[scaling], ("train", "val") if refit else ("train",)
        start = time.perf_counter()
        hist = model.fit(np.concatenate([X[scaling][k] for k in splits]), np.concatenate([d.Y[k] for k in splits]),
                         epochs=epochs, batch_size=settings.batch_size, verbose=0,
                         callbacks=[progress.phase("+".join(splits), epochs)])
        seconds = time.perf_counter() - start
        run = FitResult(hist.history, seconds, epochs, epochs, progress_seconds=progress.seconds)
        return model, {"run": asdict(run), "scaling": scaling, "selection": {}, "train_seconds": seconds,
                       "recipe": list(recipe), "on": list(splits)}

    set_seed(seed)
    arrays = [a for scaling, d in windows.items() for a in (X[scaling]["train"], d.Y["train"], X[scaling]["val"],
                                                               d.Y["val"])]
    model, info, cached = fit_or_load(build(), repeat if recipe else train, settings.model_cache, arrays,
                                      epochs=settings.epochs, batch_size=settings.batch_size, seed=seed,
                                      patience=settings.patience, refit=refit, recipe=recipe)
    run, chosen, selection = FitResult(**info["run"]), info["scaling"], info["selection"]
    others = {k: v["val_loss"] for k, v in selection.items() if k != chosen}
    if recipe:  # one short line each, so that a slide holds a notebook's training cell
        choice = f"the first seed's recipe, {chosen} windows, {run.epochs_run} epochs on {' + '.join(info['on'])}; "
    else:  # the validation losses of each scaling: report.scaling_table
        choice = f"{chosen} windows {'kept' if others else 'only'}, best epoch {run.best_epoch} of {run.epochs_run}"
        choice += f", refit {run.refit_epochs} epochs; " if run.refit_epochs else "; "
    _done(progress, cached, choice + f"{info['train_seconds']:.0f} s")
    d = windows[chosen]
    pred, predict_seconds = timed_predict(model, X[chosen]["test"])
    training = {"history": run.history, "train_seconds": info["train_seconds"],
                "seconds_per_epoch": run.seconds_per_epoch, "epochs_run": run.epochs_run,
                "best_epoch": run.best_epoch, "refit_epochs": run.refit_epochs,
                "predict_seconds_per_window": predict_seconds, "cached": cached,
                "progress_seconds": run.progress_seconds, "windows": {k: len(v) for k, v in d.X.items()},
                "train_range": [d.info["train_min"], d.info["train_max"]], "recipe": info.get("recipe")}
    return from_windows(model_id, series, d.target_start["test"], d.to_series_units("test", pred),
                        params=model.count_params(), seed=seed, scaling=chosen, training=training,
                        selection=selection)


def train_forecasters(model_id: str, build: Callable[[], keras.Model], series: Series,
                      windows: Mapping[str, ForecastData], settings: TrainSettings, seeds: Sequence[int],
                      reshape: Callable[[np.ndarray], np.ndarray] | None = None) -> list[Forecast]:
    """:func:`train_forecaster` once per seed: the first seed chooses the scaling and the number
    of epochs on validation windows; the other seeds repeat that recipe (their spread is then
    the spread of the recipe, what chance alone does to it)."""
    first = train_forecaster(model_id, build, series, windows, settings, seeds[0], reshape)
    recipe = (first.scaling, first.training["best_epoch"])
    return [first] + [train_forecaster(model_id, build, series, windows, settings, sd, reshape, recipe)
                      for sd in seeds[1:]]


def _log_key(key: str, branch: str, n_branches: int) -> str:
    """Keras's name for ``key`` (``val_accuracy``) of one output: ``val_seed1_accuracy`` when
    the model has several outputs, ``val_accuracy`` when it has one."""
    if n_branches == 1:
        return key
    prefix, _, measure = key.rpartition("_") if key.startswith("val_") else ("", "", key)
    return f"{prefix}_{branch}_{measure}" if prefix else f"{branch}_{measure}"


class _BestPerBranch(keras.callbacks.Callback):
    """Keeps, for each branch of a side-by-side model, the weights of its best epoch by
    ``val_<branch>_<measure>``, and stops when every branch has gone ``patience`` epochs
    without a better one, or (with ``patience``) when every branch has reached accuracy 1."""

    def __init__(self, nets: Mapping[str, keras.Model], measure: str, patience: int | None,
                 keep_best: bool = True) -> None:
        super().__init__()
        self.nets, self.measure, self.patience, self.keep_best = nets, measure, patience, keep_best
        self.best = {name: -np.inf for name in nets}
        self.best_epoch = {name: 0 for name in nets}
        self.weights: dict[str, list[np.ndarray]] = {}

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for name, net in self.nets.items():
            score = (logs or {})[_log_key(f"val_{self.measure}", name, len(self.nets))]
            if score > self.best[name] or not self.keep_best:
                self.best[name], self.best_epoch[name] = score, epoch + 1
                self.weights[name] = [np.array(w) for w in net.get_weights()]
        if not self.patience:
            return
        waited = all(epoch + 1 - b >= self.patience for b in self.best_epoch.values())
        perfect = self.keep_best and self.measure == "accuracy" and all(b >= 1.0 for b in self.best.values())
        if waited or perfect:  # perfect: no later epoch can be better
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        for name, net in self.nets.items():
            net.set_weights(self.weights[name])


def side_by_side(build: Callable[[], keras.Model], seeds: Sequence[int]) -> tuple[keras.Model, dict[str, keras.Model]]:
    """One Keras model with one network per seed as parallel branches (each built by ``build()``
    right after ``set_seed(seed)``), compiled as the first: no shared weights, a loss each, so
    each learns as alone while the two cores work on several at once. Outputs a list, one per seed."""
    nets = {}
    for seed in seeds:
        set_seed(seed)
        nets[f"seed{seed}"] = build()
        nets[f"seed{seed}"].name = f"net_seed{seed}"  # names that do not depend on what was built before
    first = next(iter(nets.values()))
    inputs = keras.Input(first.inputs[0].shape[1:], name="inputs")
    outputs = [keras.layers.Identity(name=name)(net(inputs)) for name, net in nets.items()]
    model = keras.Model(inputs, outputs)
    compiled = first.get_compile_config()
    optimizer = first.optimizer.__class__.from_config(first.optimizer.get_config())
    model.compile(optimizer=optimizer, loss=[compiled["loss"]] * len(nets),
                  metrics=[compiled["metrics"]] * len(nets))
    return model, nets


def train_classifiers(model_id: str, build: Callable[[], keras.Model], data: BarcodeData, epochs: int,
                      batch_size: int, seeds: Sequence[int], patience: int | None = None,
                      model_cache: str | Path | None = None, shuffle: bool = True,
                      keep_best: bool = True) -> list[Classification]:
    """Train one classifier per seed side by side (:func:`side_by_side`) on ``data``'s training
    sequences, each keeping its epoch of best validation accuracy (stopping once every seed has
    gone ``patience`` epochs without a better one) or its last (``keep_best=False``, the
    course's way); score test and training sequences. Cached models are loaded."""
    seeds = list(seeds)
    model, nets = side_by_side(build, seeds)
    X, Y = data.X, data.Y
    train_y = [Y[data.train]] * len(seeds)
    progress = Progress(f"{model_id}, seed{'s' if len(seeds) > 1 else ''} {', '.join(map(str, seeds))}")

    def train(model: keras.Model) -> tuple[keras.Model, dict]:
        best = _BestPerBranch(nets, "accuracy", patience, keep_best)
        set_seed(seeds[0])  # the order of the batches
        start = time.perf_counter()
        hist = model.fit(X[data.train], train_y, validation_data=(X[data.val], [Y[data.val]] * len(seeds)),
                         epochs=epochs, batch_size=batch_size, shuffle=shuffle, verbose=0,
                         callbacks=[best, progress.phase("side by side" if len(seeds) > 1 else "", epochs)])
        seconds = time.perf_counter() - start
        runs = {}
        for name in nets:
            history = {k: hist.history[_log_key(k, name, len(nets))]
                       for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
            runs[name] = asdict(FitResult(history, seconds, len(history["loss"]), best.best_epoch[name],
                                          progress_seconds=progress.seconds))
        return model, {"runs": runs, "side_by_side": seeds}

    set_seed(seeds[0])
    arrays = [X[data.train], Y[data.train], X[data.val], Y[data.val]]
    model, info, cached = fit_or_load(model, train, model_cache, arrays, epochs=epochs, batch_size=batch_size,
                                      seeds=seeds, patience=patience, shuffle=shuffle, keep_best=keep_best)
    first = FitResult(**next(iter(info["runs"].values())))
    kept = ", ".join(f"{FitResult(**r).best_epoch}" for r in info["runs"].values())
    _done(progress, cached, f"{first.epochs_run} epochs in {first.seconds:.0f} s ({first.seconds_per_epoch:.2f} s/epoch"
          + (f" for {len(seeds)} seeds side by side" if len(seeds) > 1 else "")
          + f"); weights of epoch {kept} kept" + (" (best validation accuracy)" if keep_best else ""))
    proba, fitted = model.predict(X[data.test], verbose=0), model.predict(X[data.train], verbose=0)
    if len(seeds) == 1:
        proba, fitted = [proba], [fitted]
    out = []
    for i, (name, r) in enumerate(info["runs"].items()):
        run = FitResult(**r)
        training = {"history": run.history, "train_seconds": run.seconds, "seconds_per_epoch": run.seconds_per_epoch,
                    "epochs_run": run.epochs_run, "best_epoch": run.best_epoch, "cached": cached,
                    "progress_seconds": run.progress_seconds, "side_by_side": info["side_by_side"]}
        out.append(Classification(model_id, seeds[i], nets[name].count_params(), proba[i],
                                  classification_scores(data.y[data.test], proba[i]),
                                  classification_scores(data.y[data.train], fitted[i])["accuracy"], training))
    return out


def reuse_or_train(model_id: str, build: Callable[[], keras.Model], earlier: Sequence[Forecast], series: Series,
                   windows: Mapping[str, ForecastData], settings: TrainSettings,
                   seeds: Sequence[int]) -> list[Forecast]:
    """``earlier``'s forecasts of ``model_id`` (another notebook's, every seed) for exactly this
    series and these test windows, so a model has one set of numbers wherever quoted; trained
    here (:func:`train_forecasters`) when there are none."""
    test = next(iter(windows.values())).target_start["test"]
    found = [f for f in earlier if f.model_id == model_id and np.array_equal(f.series.y, series.y)
             and np.array_equal(f.target_start, test)]
    if found:
        print(f"{model_id} on {series.name}: notebook 02's {len(found)} seed(s), read from its results")
        return found
    return train_forecasters(model_id, build, series, windows, settings, seeds)
