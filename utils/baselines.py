"""Baselines every model is shown beside: persistence, seasonal naive, the linear model solved
by least squares, the noise floor; k-mer counts for barcodes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

from utils.outcomes import Forecast, from_windows
from utils.series import Series
from utils.windows import ForecastData


def persistence(series: Series, data: ForecastData) -> Forecast:
    """"Tomorrow = today": every test window's last observed value, repeated ``dt_futu`` times."""
    dt_futu = data.Y_true["test"].shape[1]
    values = np.repeat(np.asarray(data.last["test"], dtype=float)[:, None], dt_futu, axis=1)
    return from_windows("persistence", series, data.target_start["test"], values)


def seasonal_naive(series: Series, data: ForecastData) -> Forecast | None:
    """"Like last season, plus the year's drift": ``y[t + h - m] + (y[t] - y[t - m])`` for a
    series of period ``m = series.season`` steps (last observed point ``t``, ``h`` steps ahead;
    beyond one period the drift is added once per period). None where no period is known."""
    m = series.season
    if m is None:
        return None
    dt_futu = data.Y_true["test"].shape[1]
    last = np.asarray(data.target_start["test"]) - 1
    if (last - m < 0).any():
        raise ValueError(f"{series.name}: a test window starts less than one season ({m} steps) into the series")
    h = np.arange(1, dt_futu + 1)
    periods = np.ceil(h / m).astype(int)
    y = series.y
    drift = (y[last] - y[last - m])[:, None]
    values = y[last[:, None] + h - periods * m] + periods * drift
    return from_windows("seasonal_naive", series, data.target_start["test"], values)


def _least_squares_fit(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Weights ``(dt_past + 1, dt_futu)`` (bias last) of the least-squares fit of ``Y`` on ``X``."""
    X = X.reshape(len(X), -1)
    weights, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], Y, rcond=None)
    return weights


def _least_squares_predict(weights: np.ndarray, X: np.ndarray) -> np.ndarray:
    X = X.reshape(len(X), -1)
    return np.c_[X, np.ones(len(X))] @ weights


def least_squares(series: Series, windows: Mapping[str, ForecastData]) -> Forecast:
    """The linear model solved exactly with the networks' protocol: per scaling, fit on training
    windows and score validation windows; with the best scaling, fit on training + validation
    and forecast the test windows. Every scaling's test MAE is recorded in ``selection``."""
    selection, values = {}, {}
    for scaling, d in windows.items():
        pred = _least_squares_predict(_least_squares_fit(d.X["train"], d.Y["train"]), d.X["val"])
        weights = _least_squares_fit(np.concatenate([d.X["train"], d.X["val"]]),
                                     np.concatenate([d.Y["train"], d.Y["val"]]))
        values[scaling] = d.to_series_units("test", _least_squares_predict(weights, d.X["test"]))
        selection[scaling] = {"val_loss": float(((pred - d.Y["val"]) ** 2).mean()),  # what chooses
                              "test_mae": float(np.abs(values[scaling] - d.Y_true["test"]).mean())}  # for the record
    chosen = min(selection, key=lambda k: selection[k]["val_loss"])
    d = windows[chosen]
    return from_windows("least_squares", series, d.target_start["test"], values[chosen], params=int(weights.size),
                        scaling=chosen, selection=selection)


def noise_floor(series: Series, data: ForecastData) -> Forecast | None:
    """The true, noiseless function as a forecast: the error no forecaster beats on average.
    None where it is unknown (real data)."""
    if series.y_clean is None:
        return None
    dt_futu = data.Y_true["test"].shape[1]
    values = np.stack([series.y_clean[s:s + dt_futu] for s in data.target_start["test"]])
    return from_windows("noise_floor", series, data.target_start["test"], values)


def for_series(series: Series, windows: Mapping[str, ForecastData]) -> list[Forecast]:
    """Every baseline that applies to ``series``, on the test windows of ``windows`` (a scaling
    each, as :func:`utils.windows.scaled_both_ways` makes them): persistence, seasonal naive
    (where the period is known), least squares, the noise floor (where known)."""
    data = next(iter(windows.values()))  # the test windows are the same whatever the scaling
    found = (persistence(series, data), seasonal_naive(series, data), least_squares(series, windows),
             noise_floor(series, data))
    return [f for f in found if f is not None]


def kmer_classifier(k: int = 5, C: float = 10.0):
    """k-mer counts of a DNA string, L2-normalised, into a logistic regression (a scikit-learn
    pipeline fitted on strings and integer labels): which short words occur, not where."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return make_pipeline(
        CountVectorizer(analyzer="char", ngram_range=(k, k), lowercase=False),
        Normalizer(),
        LogisticRegression(C=C, max_iter=2000),
    )
