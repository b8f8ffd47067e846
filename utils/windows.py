"""Sliding windows for forecasting: ``dt_past`` steps in, ``dt_futu`` out. Splits are chronological on the *targets*
(no training target in the validation period, and so on); scaling is fitted on the training period only."""

from dataclasses import dataclass

import numpy as np

SCALINGS = ("min-max", "relative")


def _check_int(name: str, value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r} ({type(value).__name__})")
    return int(value)


def make_windows(y: np.ndarray, dt_past: int, dt_futu: int) -> tuple[np.ndarray, np.ndarray]:
    """A series ``(T,)`` as ``X`` ``(N, dt_past, 1)`` and ``Y`` ``(N, dt_futu)``, ``N = T - dt_past - dt_futu + 1``:
    window ``i`` sees ``y[i : i + dt_past]`` and forecasts the ``dt_futu`` points after."""
    dt_past, dt_futu = _check_int("dt_past", dt_past), _check_int("dt_futu", dt_futu)
    y = np.asarray(y, dtype=float)
    if y.ndim != 1:
        raise ValueError(f"series must be one-dimensional, got shape {y.shape}")
    if np.isnan(y).any():
        raise ValueError(f"series has {int(np.isnan(y).sum())} NaN value(s) (first at index "
                         f"{int(np.flatnonzero(np.isnan(y))[0])}); fill them first")
    n = len(y) - dt_past - dt_futu + 1
    if n < 1:
        raise ValueError(f"series of length {len(y)} is too short for one window of "
                         f"dt_past={dt_past} + dt_futu={dt_futu} steps")
    idx = np.arange(n)[:, None]
    return y[idx + np.arange(dt_past)][..., None], y[idx + dt_past + np.arange(dt_futu)]


def split_windows(n_points: int, dt_past: int, dt_futu: int, val_frac: float = 0.15,
                  test_frac: float = 0.2) -> dict[str, np.ndarray]:
    """Window indices per split: the last ``test_frac`` of the points is the test period, the ``val_frac`` before it
    validation; a window is in the split whose period holds all its targets (straddling ones dropped)."""
    c2 = n_points - int(round(test_frac * n_points))
    c1 = c2 - int(round(val_frac * n_points))
    first = np.arange(n_points - dt_past - dt_futu + 1) + dt_past
    last = first + dt_futu - 1
    split = {"train": np.flatnonzero(last < c1), "val": np.flatnonzero((first >= c1) & (last < c2)),
             "test": np.flatnonzero(first >= c2)}
    for name, idx in split.items():
        if len(idx) == 0:
            raise ValueError(f"no {name} windows: a series of {n_points} points is too short for "
                             f"dt_past={dt_past}, dt_futu={dt_futu} with val_frac={val_frac}, test_frac={test_frac}")
    return split


def course_split_leak(n_points: int, dt_past: int, dt_futu: int, train_frac: float = 0.7) -> dict[str, int]:
    """The course's split cut ``train_frac`` of the *points* but counted *windows*: ``test_start``,
    ``last_train_target``, ``first_scored``, ``leaked`` (test points used as targets) and ``leaked_and_scored``."""
    n_train = int(train_frac * n_points)
    last_train_target = min((n_train - 1) + dt_past + dt_futu - 1, n_points - 1)
    first_scored = n_train + dt_past  # the course's test windows are the windows after the training ones
    return {"test_start": n_train, "last_train_target": last_train_target, "first_scored": first_scored,
            "leaked": max(0, last_train_target - n_train + 1),
            "leaked_and_scored": max(0, last_train_target - first_scored + 1)}


@dataclass
class ForecastData:
    """``X[split]`` ``(N, dt_past, 1)``, ``Y[split]`` ``(N, dt_futu)`` in model units; ``Y_true``, ``last`` ``(N,)``
    in series units; ``target_start`` each first target's index; ``train_range`` the scaling's (min, max)."""
    X: dict[str, np.ndarray]
    Y: dict[str, np.ndarray]
    Y_true: dict[str, np.ndarray]
    last: dict[str, np.ndarray]
    target_start: dict[str, np.ndarray]
    train_range: tuple[float, float]
    scaling: str

    def to_series_units(self, split: str, pred: np.ndarray) -> np.ndarray:
        """Model outputs ``(..., N, dt_futu)`` for ``split`` back in the series' units."""
        lo, hi = self.train_range
        pred = np.asarray(pred, dtype=float) * ((hi - lo) or 1.0)
        return pred + (self.last[split][:, None] if self.scaling == "relative" else lo)


def prepare_windows(y: np.ndarray, dt_past: int, dt_futu: int, scaling: str = "min-max",
                    val_frac: float = 0.15, test_frac: float = 0.2) -> ForecastData:
    """Window, split and scale ``(T,)``: ``"min-max"`` to [0, 1] on the training period; ``"relative"`` minus each
    window's last value too (the model forecasts changes, so a trend beyond the training range stays in range)."""
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}, got {scaling!r}")
    X, Y = make_windows(y, dt_past, dt_futu)
    split = split_windows(len(y), dt_past, dt_futu, val_frac, test_frac)
    train_points = np.asarray(y, dtype=float)[: split["train"][-1] + dt_past + dt_futu]
    lo, hi = float(train_points.min()), float(train_points.max())
    out = ForecastData({}, {}, {}, {}, {}, (lo, hi), scaling)
    for name, idx in split.items():
        last = X[idx, -1, 0]
        shift = last[:, None] if scaling == "relative" else lo
        out.X[name] = ((X[idx, :, 0] - shift) / ((hi - lo) or 1.0))[..., None].astype(np.float32)
        out.Y[name] = ((Y[idx] - shift) / ((hi - lo) or 1.0)).astype(np.float32)
        out.Y_true[name], out.last[name], out.target_start[name] = Y[idx], last, idx + dt_past
    return out


def to_subsequences(X: np.ndarray, n_sub: int) -> np.ndarray:
    """``(N, n_sub * dt_past, n_features)`` as ``(N, n_sub, dt_past, n_features)``, for ``TimeDistributed``."""
    n_sub = _check_int("n_sub", n_sub)
    N, steps, n_features = X.shape
    if steps % n_sub:
        raise ValueError(f"{steps} time steps cannot be split into {n_sub} equal sub-sequences")
    return X.reshape((N, n_sub, steps // n_sub, n_features))
