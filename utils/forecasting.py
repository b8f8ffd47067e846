"""The one path every forecaster goes through (notebooks 02-05): train a model built in the
notebook, score it in the series' units beside the baselines.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from utils import plots
from utils.baselines import persistence
from utils.cache import fit_or_load
from utils.metrics import forecast_errors
from utils.series import Series
from utils.training import FitResult, fit, set_seed, timed_predict
from utils.windows import ForecastData

CO2_PATH = "data/co2_mauna_loa_weekly.csv"


def noise_floor(series: Series, data: ForecastData) -> float | None:
    """Test MAE of the true noiseless function: the error no forecaster beats on average."""
    if series.y_clean is None:
        return None
    dt_futu = data.Y_true["test"].shape[1]
    clean = np.stack([series.y_clean[s:s + dt_futu] for s in data.target_start["test"]])
    return forecast_errors(data.Y_true["test"], clean)["mae"]


def persistence_scores(data: ForecastData) -> dict[str, object]:
    """Test errors of "tomorrow = today" in series units."""
    dt_futu = data.Y_true["test"].shape[1]
    return forecast_errors(data.Y_true["test"], persistence(data.last["test"], dt_futu))


@dataclass
class Trained:
    """A trained forecaster with its test forecasts ``(N_test, dt_futu)`` in series units."""

    model: keras.Model
    run: FitResult
    forecast: np.ndarray
    errors: dict[str, object]
    predict_seconds: float
    cached: bool = False  # loaded from the model cache: the timings are those of the original training

    def record(self) -> dict[str, object]:
        """The JSON-ready summary written to ``results/`` (documented in the README)."""
        return {"params": self.model.count_params(), "train_seconds": self.run.total_seconds,
                "seconds_per_epoch": self.run.seconds_per_epoch, "epochs_run": self.run.epochs_run,
                "best_epoch": self.run.best_epoch, "refit_epochs": self.run.refit_epochs,
                "predict_seconds_per_window": self.predict_seconds, "cached": self.cached,
                **self.errors, "history": self.run.history,
                "forecast_last_step": self.forecast[:, -1].round(5).tolist()}


def train_forecaster(build: Callable[[], keras.Model], data: ForecastData, epochs: int, batch_size: int,
                     seed: int, patience: int | None = None, refit: bool = True,
                     reshape: Callable[[np.ndarray], np.ndarray] | None = None,
                     model_cache: str | Path | None = None) -> Trained:
    """Seed, build with ``build()``, train on ``data``, forecast the test windows.

    First the model trains on the training windows while the validation windows pick the
    best epoch. With ``refit`` a fresh model (same seed) then trains for that many epochs
    on training + validation windows: in a trending series the most recent windows are the
    most informative, and the test windows are never used for any choice.
    ``reshape`` turns ``X`` of shape ``(N, dt_past, 1)`` into what the model expects (e.g.
    sub-sequences for ``TimeDistributed``). With ``model_cache`` (a folder, or the
    ``LSTM12_MODEL_CACHE`` environment variable) a model trained before with the same
    architecture, data and settings is loaded instead of trained (``utils.cache``).
    """
    shape = reshape or (lambda X: X)
    X = {split: shape(data.X[split]) for split in ("train", "val", "test")}

    def train(model: keras.Model) -> tuple[keras.Model, dict]:
        run = fit(model, X["train"], data.Y["train"], X["val"], data.Y["val"],
                  epochs=epochs, batch_size=batch_size, patience=patience)
        if refit:
            set_seed(seed)
            model = build()
            start = time.perf_counter()
            model.fit(np.concatenate([X["train"], X["val"]]), np.concatenate([data.Y["train"], data.Y["val"]]),
                      epochs=run.best_epoch, batch_size=batch_size, verbose=0)
            run.refit_seconds, run.refit_epochs = time.perf_counter() - start, run.best_epoch
        return model, asdict(run)

    set_seed(seed)
    arrays = [X["train"], data.Y["train"], X["val"], data.Y["val"]]
    model, info, cached = fit_or_load(build(), train, model_cache, arrays, epochs=epochs, batch_size=batch_size,
                                      seed=seed, patience=patience, refit=refit)
    pred, seconds = timed_predict(model, X["test"])
    forecast = data.to_series_units("test", pred)
    return Trained(model, FitResult(**info), forecast, forecast_errors(data.Y_true["test"], forecast), seconds, cached)


def comparison_table(series: dict[str, Series], data: dict[str, ForecastData],
                     trained: dict[tuple[str, str], Trained]) -> pd.DataFrame:
    """Test MAE and RMSE per series and model, persistence first, the noise floor last where
    known; ``MAE / persistence`` below 1 means the model beats the naive forecast."""
    rows = []
    for name in series:
        pers = persistence_scores(data[name])
        rows.append({"series": name, "model": "persistence", "MAE": pers["mae"], "RMSE": pers["rmse"]})
        rows += [{"series": name, "model": m, "MAE": tr.errors["mae"], "RMSE": tr.errors["rmse"]}
                 for (m, s), tr in trained.items() if s == name]
        floor = noise_floor(series[name], data[name])
        if floor is not None:
            rows.append({"series": name, "model": "noise floor (true function)", "MAE": floor, "RMSE": np.nan})
    table = pd.DataFrame(rows).set_index(["series", "model"])
    table["MAE / persistence"] = table["MAE"] / table.groupby(level="series")["MAE"].transform("first")
    return table


def plot_report(series: dict[str, Series], data: dict[str, ForecastData],
                trained: dict[tuple[str, str], Trained], dt_past: int) -> None:
    """Per series: test MAE bars (noise floor drawn where known), MAE per horizon step, the
    lecture's forecast plot of the last horizon step, and full forecasts for three test windows."""
    for name, s in series.items():
        d = data[name]
        fits = {m: tr for (m, sname), tr in trained.items() if sname == name}
        pers = persistence_scores(d)
        mae = {"persistence": pers["mae"], **{m: tr.errors["mae"] for m, tr in fits.items()}}
        plots.error_bars(mae, f"{name}: test MAE ({s.units})", "MAE", floor=noise_floor(s, d))
        plots.per_step_errors({"persistence": pers["mae_per_step"], **{m: tr.errors["mae_per_step"]
                                                                         for m, tr in fits.items()}},
                              f"{name}: test MAE per horizon step ({s.units})")
        starts = d.target_start["test"]
        dt_futu = d.Y_true["test"].shape[1]
        plots.forecast_overview(s.t, s.y, starts[0], {m: (starts + dt_futu - 1, tr.forecast[:, -1])
                                                      for m, tr in fits.items()},
                                f"{name}: forecast {dt_futu} steps ahead (last step)", s.units)
        pick = [0, len(starts) // 2, len(starts) - 1]
        plots.forecast_windows(s.t, s.y, dt_past, starts[pick], {m: tr.forecast[pick] for m, tr in fits.items()},
                               f"{name}: three test windows")
        plt.show()


def series_records(series: dict[str, Series], data: dict[str, ForecastData],
                   trained: dict[tuple[str, str], Trained]) -> dict[str, dict]:
    """The ``series`` block of a forecasting notebook's results file (keys in the README)."""
    return {name: {"units": s.units, "n_points": len(s.y), "n_filled": s.source.n_filled if s.source else 0,
                   "windows": {k: len(v) for k, v in data[name].X.items()},
                   "test_target_start": data[name].target_start["test"],
                   "persistence": persistence_scores(data[name]), "noise_floor_mae": noise_floor(s, data[name]),
                   "models": {m: tr.record() for (m, sname), tr in trained.items() if sname == name}}
            for name, s in series.items()}
