"""Univariate time series: the lecture's synthetic series, Mauna Loa CO2, or any CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from utils.checksums import verify_file


def synthetic_series(seed: int = 0, noise_std: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The course's series: ``t = arange(-50, 20, 0.25)``, ``y = sin(t) + noise + exp(0.05 (t + 20))``.

    The course wrote ``0.5 * noise`` with standard-normal noise, i.e. ``noise_std = 0.5``.
    Returns ``(t, y, y_clean)``, each of shape ``(280,)``; ``y_clean`` is the noiseless
    function, which sets the best error any forecaster can reach on average.
    """
    t = np.arange(-50, 20, 0.25)
    y_clean = np.sin(t) + np.exp(0.05 * (t + 20))
    rng = np.random.default_rng(seed)
    y = y_clean + noise_std * rng.standard_normal(t.shape)
    return t, y, y_clean


def load_series_csv(path: str | Path, value_column: str | None = None,
                    time_column: str | None = None) -> tuple[pd.Series, int]:
    """Read a univariate series from a CSV with a time (date or index) column and a value column.

    Defaults: the first column is time, the last is the value. Dates are put on a
    regular grid (the most common step) and missing points, whether absent rows or
    empty cells, are filled by linear interpolation. Returns ``(series, n_filled)``;
    raises ValueError naming the file and column when values are not numeric or all missing.
    """
    path = Path(path)
    verify_file(path)
    table = pd.read_csv(path)
    if table.shape[1] < 2:
        raise ValueError(f"{path}: need a time column and a value column, found {list(table.columns)}")
    time_column = time_column or table.columns[0]
    value_column = value_column or table.columns[-1]
    for col in (time_column, value_column):
        if col not in table.columns:
            raise ValueError(f"{path}: no column {col!r}; columns are {list(table.columns)}")
    values = pd.to_numeric(table[value_column], errors="coerce")
    bad = values.isna() & table[value_column].notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{path}: column {value_column!r} is not numeric "
                         f"(row {row + 2} holds {table[value_column].iloc[row]!r})")
    if values.isna().all():
        raise ValueError(f"{path}: column {value_column!r} has no values (all missing)")
    series = pd.Series(values.to_numpy(dtype=float), index=_time_index(table[time_column]), name=value_column)
    return _fill_gaps(series)


def _time_index(column: pd.Series) -> pd.Index:
    if pd.api.types.is_numeric_dtype(column):
        return pd.Index(column.to_numpy())
    return pd.DatetimeIndex(pd.to_datetime(column, errors="raise"))


def _fill_gaps(series: pd.Series) -> tuple[pd.Series, int]:
    series = series[~series.index.duplicated()].sort_index()
    if isinstance(series.index, pd.DatetimeIndex) and len(series) > 2:
        step = pd.Series(series.index).diff().mode().iloc[0]
        series = series.reindex(pd.date_range(series.index[0], series.index[-1], freq=step))
    n_filled = int(series.isna().sum())
    series = series.interpolate(method="linear", limit_direction="both")
    return series, n_filled
