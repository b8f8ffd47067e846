"""A forecast of a series' test windows, by a trained model or a baseline, with its own windows.

Everything the tables, plots and results files need travels with it: the model's stable id,
the series, the index of each test window's first target, the targets and the forecasts in
the series' units, and (for trained models) the training record. Reporting therefore takes
a plain list of forecasts, and notebook 05 rebuilds the same objects from the results files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from utils.metrics import forecast_errors
from utils.series import Series


@dataclass
class Forecast:
    """``values`` and ``truth`` are ``(N_test, dt_futu)`` in series units; ``target_start``
    ``(N_test,)`` is the index in ``series.y`` of each test window's first target."""

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
                 "predict_seconds_per_window", "cached", "progress_seconds", "windows",
                 "train_range")


def from_windows(model_id: str, series: Series, target_start: np.ndarray, values: np.ndarray,
                 **meta: object) -> Forecast:
    """A forecast of the windows whose first targets are at ``target_start``; the truth is
    read from ``series.y``."""
    values = np.asarray(values, dtype=float)
    dt_futu = values.shape[1]
    truth = np.stack([series.y[s:s + dt_futu] for s in target_start])
    return Forecast(model_id, series, np.asarray(target_start), truth, values, **meta)
