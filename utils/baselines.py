"""Baselines every model is shown beside, trained (if at all) on the models' training data: for a series'
test windows, forecasts ``(N, dt_futu)`` in series units; for barcodes, scikit-learn pipelines fitted on strings."""

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import Normalizer

from utils.windows import ForecastData


def persistence(d: ForecastData) -> np.ndarray:
    """"Tomorrow = today": every test window's last observed value, repeated ``dt_futu`` times."""
    return np.repeat(d.last["test"][:, None], d.Y_true["test"].shape[1], axis=1).astype(float)


def seasonal_naive(y: np.ndarray, d: ForecastData, season: int) -> np.ndarray:
    """"Like last season, plus the year's drift": ``y[t + h - m] + (y[t] - y[t - m])``, ``m = season`` steps
    (``t`` the last observed point, ``h`` steps ahead; the drift added once per period beyond one)."""
    last = d.target_start["test"] - 1
    if (last - season < 0).any():
        raise ValueError(f"a test window starts less than one season ({season} steps) into the series")
    h = np.arange(1, d.Y_true["test"].shape[1] + 1)
    periods = np.ceil(h / season).astype(int)
    return y[last[:, None] + h - periods * season] + periods * (y[last] - y[last - season])[:, None]


def least_squares(d: ForecastData) -> tuple[np.ndarray, float, int]:
    """``Flatten -> Dense(dt_futu)`` solved exactly on the training windows: its test forecasts (series units),
    validation MSE (model units) and weight count. On min-max windows: the linear autoregression on raw values."""
    def design(X: np.ndarray) -> np.ndarray:
        return np.c_[X.reshape(len(X), -1), np.ones(len(X))]
    weights, *_ = np.linalg.lstsq(design(d.X["train"]), d.Y["train"], rcond=None)
    val_mse = float(((design(d.X["val"]) @ weights - d.Y["val"]) ** 2).mean())
    return d.to_series_units("test", design(d.X["test"]) @ weights), val_mse, int(weights.size)


def noise_floor(y_clean: np.ndarray, d: ForecastData) -> np.ndarray:
    """The noiseless function ``y_clean`` as a forecast: the error no forecaster beats on average."""
    return np.stack([y_clean[s:s + d.Y_true["test"].shape[1]] for s in d.target_start["test"]])


def kmers(k: int) -> CountVectorizer:
    """Counts of every word of ``k`` bases in a DNA string (which short words occur, not where)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return CountVectorizer(analyzer="char", ngram_range=(k, k), lowercase=False)


def kmer_classifier(k: int = 5, C: float = 10.0) -> Pipeline:
    """k-mer counts, L2-normalised, into a logistic regression (fit on strings and integer labels)."""
    return make_pipeline(kmers(k), Normalizer(), LogisticRegression(C=C, max_iter=2000))


def nearest_neighbour(k: int = 5) -> Pipeline:
    """The label of the training sequence with the most similar k-mer profile (cosine): an alignment's stand-in."""
    return make_pipeline(kmers(k), KNeighborsClassifier(n_neighbors=1, metric="cosine"))
