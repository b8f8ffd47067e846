"""What a model or baseline produced on held-out data, free of Keras: :class:`Forecast` (test
windows of a series) and :class:`Classification` (barcode test sequences), their score and
their grouping by series and model, as every table, verdict and figure reads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from utils.metrics import forecast_errors
from utils.plots import ordered
from utils.series import Series

BARCODES = "barcodes"  # the "series" of every classifier


@dataclass
class Forecast:
    """``values`` and ``truth`` ``(N_test, dt_futu)`` in series units; ``target_start``
    ``(N_test,)`` the index in ``series.y`` of each test window's first target."""

    model_id: str
    series: Series
    target_start: np.ndarray
    truth: np.ndarray
    values: np.ndarray
    params: int | None = None  # trained weights (None for baselines)
    seed: int | None = None
    scaling: str | None = None  # how the windows were scaled ("min-max", "relative"), None if it does not matter
    training: dict = field(default_factory=dict)  # history, seconds, epochs (utils.training.FitResult)
    selection: dict = field(default_factory=dict)  # per scaling: validation loss (and what it gave)

    @property
    def errors(self) -> dict[str, object]:
        """MAE and RMSE, overall and per horizon step (``utils.metrics.forecast_errors``)."""
        return forecast_errors(self.truth, self.values)

    @property
    def mae(self) -> float:
        return self.errors["mae"]

    def record(self) -> dict[str, object]:
        """JSON-ready: the errors, the forecasts and the training record (README, "Results files")."""
        return {"model_id": self.model_id, "params": self.params, "seed": self.seed, "scaling": self.scaling,
                **self.errors, "forecast": np.round(self.values, 5).tolist(), "selection": self.selection,
                **self.training}

    @classmethod
    def from_record(cls, record: dict, series: Series, target_start: np.ndarray) -> Forecast:
        """The forecast a results file recorded (no model: what the tables and plots need)."""
        training = {k: v for k, v in record.items() if k in TRAINING_KEYS}
        return from_windows(record["model_id"], series, target_start, record["forecast"], params=record["params"],
                            seed=record["seed"], scaling=record["scaling"], training=training,
                            selection=record["selection"])


TRAINING_KEYS = ("history", "train_seconds", "seconds_per_epoch", "epochs_run", "best_epoch", "refit_epochs",
                 "predict_seconds_per_window", "cached", "progress_seconds", "windows", "train_range")


def from_windows(model_id: str, series: Series, target_start: np.ndarray, values: np.ndarray,
                 **meta: object) -> Forecast:
    """A forecast ``values`` ``(N, dt_futu)`` of the windows whose first targets are at
    ``target_start`` ``(N,)``; the truth is read from ``series.y``."""
    values = np.asarray(values, dtype=float)
    truth = np.stack([series.y[s:s + values.shape[1]] for s in target_start])
    return Forecast(model_id, series, np.asarray(target_start), truth, values, **meta)


@dataclass
class Classification:
    """A classifier scored on held-out data: ``proba`` ``(N_test, N_classes)`` (None when read
    back from a results file), ``test`` the scores of ``utils.metrics.classification_scores``,
    ``train_accuracy`` on its own training sequences, ``training`` the fit's record."""

    model_id: str
    seed: int | None
    params: int | None
    proba: np.ndarray | None
    test: dict
    train_accuracy: float | None
    training: dict

    RECORD_KEYS = ("model_id", "seed", "params", "test", "train_accuracy")

    def record(self) -> dict[str, object]:
        """JSON-ready (README, "Results files")."""
        return {"model_id": self.model_id, "seed": self.seed, "params": self.params, "test": self.test,
                "train_accuracy": self.train_accuracy, **self.training}

    @classmethod
    def from_record(cls, r: dict) -> Classification:
        return cls(r["model_id"], r["seed"], r["params"], None, r["test"], r["train_accuracy"],
                   {k: v for k, v in r.items() if k not in cls.RECORD_KEYS})

    @classmethod
    def baseline(cls, model_id: str, test: dict, **extra: object) -> Classification:
        """A classifier not trained by Keras (k-mers, majority class), for the same tables."""
        return cls(model_id, None, None, None, test, None, dict(extra))


Run = Forecast | Classification


def score(run: Run) -> float:
    """Test MAE of a forecast (lower is better), test accuracy of a classifier (higher is better)."""
    return run.mae if isinstance(run, Forecast) else float(run.test["accuracy"])


def series_of(run: Run) -> str:
    return run.series.name if isinstance(run, Forecast) else BARCODES


def trained(run: Run) -> bool:
    """A network (with seeds), not a baseline."""
    return bool(run.training) if isinstance(run, Forecast) else run.params is not None


def groups(runs: Sequence[Run]) -> dict[tuple[str, str], list[Run]]:
    """``{(series, model id): [runs, by seed]}``: series in the order they come, models in the
    course's order within each."""
    out: dict[tuple[str, str], list[Run]] = {}
    for r in runs:
        out.setdefault((series_of(r), r.model_id), []).append(r)
    names, order = list(dict.fromkeys(n for n, _ in out)), ordered(m for _, m in out)
    return {k: sorted(out[k], key=lambda r: r.seed or 0)
            for k in sorted(out, key=lambda k: (names.index(k[0]), order.index(k[1])))}
