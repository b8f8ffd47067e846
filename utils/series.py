"""Univariate time series: the lecture's synthetic one, Mauna Loa CO2, or your own CSV, read as exactly what the file
holds on its regular grid (empty grid points filled, counted); what needs a guess is an error naming file and line."""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from utils.datafiles import project_path, read_table

MAX_FILLED = 0.2  # refuse a series whose grid would be more than this share interpolated
AGGREGATIONS = ("mean", "median", "first", "last", "min", "max", "sum")


@dataclass
class LoadedSeries:
    """A CSV's series on its grid: ``values`` (float, by time), ``filled`` the interpolated times, what was done."""
    values: pd.Series
    path: Path
    time_column: str
    value_column: str
    freq: str
    n_rows: int
    filled: pd.Index
    sorted_rows: bool = False
    n_aggregated: int = 0
    n_trimmed: int = 0
    resampled_from: str | None = None  # the file's own grid and empty cells, when resampled
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was read and what was done to it, in one short paragraph."""
        index = self.values.index
        with_time = isinstance(index, pd.DatetimeIndex) and bool((index != index.normalize()).any())
        first, last = _stamp(index[0], with_time), _stamp(index[-1], with_time)
        rows = f"{self.n_rows:,} rows" + (f" ({self.resampled_from})" if self.resampled_from else "")
        text = (f"{self.path.name}: columns {self.time_column!r} -> {self.value_column!r}, {rows}; "
                f"{len(self.values):,} points, {self.freq}, {first} to {last}, "
                f"{len(self.filled)} filled by linear interpolation")
        return "; ".join([text, *self.notes])


def _stamp(value: object, with_time: bool = False) -> str:
    fmt = "%Y-%m-%d %H:%M:%S" if with_time else "%Y-%m-%d"
    return value.strftime(fmt) if isinstance(value, pd.Timestamp) else f"{value:g}"


def _pick_columns(table: pd.DataFrame, path: Path, time_column: str | None,
                  value_column: str | None) -> tuple[str, str]:
    columns = [str(c) for c in table.columns]
    if len(columns) < 2:
        hint = " Is it separated by ';' or tabs? Save it with commas." if any(s in columns[0] for s in ";\t") else ""
        raise ValueError(f"{path}: need a time column and a value column, found {columns}.{hint}")
    for name, col in (("time_column", time_column), ("value_column", value_column)):
        if col is not None and col not in columns:
            raise ValueError(f"{path}: no column {col!r} (set by {name}); columns are {columns}")
    time_column = time_column or columns[0]
    if value_column is None:
        others = [c for c in columns if c != time_column]
        if len(others) > 1:
            raise ValueError(f"{path}: {len(columns)} columns {columns}; say which one holds the values "
                             "with value_column (and time_column, if it is not the first)")
        value_column = others[0]
    return time_column, value_column


def _parse_values(column: pd.Series, lines: np.ndarray, path: Path, name: str) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce")
    if (bad := values.isna() & column.notna()).any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{path}, line {lines[pos]}: column {name!r} is not numeric "
                         f"(it holds {column.iloc[pos]!r}); fix or empty that cell")
    if (infinite := np.isinf(values.to_numpy(dtype=float))).any():
        pos = int(np.flatnonzero(infinite)[0])
        raise ValueError(f"{path}, line {lines[pos]}: column {name!r} holds {column.iloc[pos]!r}, not a finite "
                         "number; fix it, or leave the cell empty to mark a missing value")
    return values.astype(float)


def _parse_times(column: pd.Series, lines: np.ndarray, path: Path, name: str) -> pd.Index:
    if (missing := column.isna()).any():
        pos = int(np.flatnonzero(missing.to_numpy())[0])
        raise ValueError(f"{path}, line {lines[pos]}: no time in column {name!r}; every row needs one")
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().all():
        if not (finite := np.isfinite(numbers.to_numpy(dtype=float))).all():
            pos = int(np.flatnonzero(~finite)[0])
            raise ValueError(f"{path}, line {lines[pos]}: time {column.iloc[pos]!r} in column {name!r} is not finite")
        return pd.Index(numbers.to_numpy())
    parsed = pd.to_datetime(column, errors="coerce")
    if (bad := parsed.isna()).any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{path}, line {lines[pos]}: {column.iloc[pos]!r} in column {name!r} is not a date "
                         f"(or not in the format of line {lines[0]}, {column.iloc[0]!r})")
    return pd.DatetimeIndex(parsed)


def _merge_duplicates(series: pd.Series, lines: np.ndarray, path: Path, aggregate: str | None) -> tuple[pd.Series, int]:
    dup = series.index.duplicated(keep=False)
    if not dup.any():
        return series, 0
    if aggregate is None:
        first = series.index[np.flatnonzero(dup)[0]]
        lines = sorted(int(line) for line in lines[series.index == first])
        n_times = series.index[dup].nunique()
        raise ValueError(f"{path}: {n_times} time(s) occur more than once, e.g. {_stamp(first)} on lines "
                         f"{', '.join(map(str, lines))}; remove the duplicates, or set aggregate='mean' "
                         f"(or one of {AGGREGATIONS[1:]}) to combine them")
    merged = series.groupby(level=0, sort=False).agg(aggregate)
    return merged, len(series) - len(merged)


def _refuse(path: Path, n_obs: int, n_grid: int, step: str, max_filled: float) -> ValueError:
    return ValueError(f"{path}: on its regular grid ({step}, the largest step that holds every time in the "
                      f"file) this series has {n_grid:,} points, {n_grid - n_obs:,} of them ({1 - n_obs / n_grid:.0%}) "
                      f"without a value, more than max_filled = {max_filled:.0%} to invent. Resample it to a "
                      "coarser step (e.g. resample='MS' for monthly means) or fill the gaps yourself")


def _calendar_grid(times: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, str] | None:
    """``(grid, name)`` of whole months (starts, ends or one day; quarters and years too) the times lie on, or None."""
    time_of_day = times - times.normalize()
    if len(times) < 2 or time_of_day.nunique() != 1:
        return None
    months = np.asarray(times.year * 12 + times.month - 1)
    if ((steps := np.diff(months)) <= 0).any():
        return None
    step = int(np.gcd.reduce(steps))
    n = (months[-1] - months[0]) // step + 1
    start = pd.Timestamp(year=int(months[0] // 12), month=int(months[0] % 12 + 1), day=1)
    if times.is_month_end.all():
        grid, anchor = pd.date_range(start, periods=n, freq=f"{step}MS") + pd.offsets.MonthEnd(0), "E"
    elif times.day.nunique() == 1 and times[0].day <= 28:
        grid = pd.date_range(start, periods=n, freq=f"{step}MS") + pd.Timedelta(days=int(times[0].day) - 1)
        anchor = "S" if times[0].day == 1 else f"S, on day {times[0].day}"
    else:
        return None
    name = {1: "monthly (M", 3: "quarterly (Q", 12: "yearly (Y"}.get(step, f"every {step} months (M")
    return pd.DatetimeIndex(grid + time_of_day[0]), f"{name}{anchor})"


def _fixed_grid(times: pd.DatetimeIndex, path: Path, max_filled: float) -> tuple[pd.DatetimeIndex, str]:
    ns = times.as_unit("ns").asi8
    step = int(np.gcd.reduce(np.diff(ns))) if len(ns) > 1 else 1
    n_grid = (int(ns[-1]) - int(ns[0])) // step + 1
    delta = pd.Timedelta(step, unit="ns")
    days, rest = divmod(delta, pd.Timedelta(days=1))
    code = (f"{days}D" if days > 1 else "D") if not rest else pd.tseries.frequencies.to_offset(delta).freqstr
    if 1 - len(ns) / n_grid > max_filled:
        raise _refuse(path, len(ns), n_grid, code, max_filled)
    grid = pd.date_range(times[0], periods=n_grid, freq=delta)
    if delta == pd.Timedelta(days=7):
        return grid, f"weekly (W-{times[0].day_name()[:3].upper()})"
    names = {"D": "daily", "h": "hourly", "min": "every minute", "s": "every second"}
    return grid, f"{names.get(code, 'every ' + code)} ({code})"


def _numeric_grid(index: pd.Index, path: Path, max_filled: float) -> tuple[pd.Index, str]:
    values = index.to_numpy()
    if len(values) < 2:
        return index, "one point"
    diffs = np.diff(values)
    if np.issubdtype(values.dtype, np.integer):
        step = int(np.gcd.reduce(diffs))
        positions = (values - values[0]) // step
    else:
        step = float(diffs.min())
        ratio = (values - values[0]) / step
        positions = np.rint(ratio).astype(np.int64)
        if not np.allclose(ratio, positions, rtol=0, atol=1e-6):
            raise ValueError(f"{path}: the time column has no constant step (its smallest step, {step:g}, "
                             "does not divide the others); put the values on a regular index first")
    n_grid = int(positions[-1]) + 1
    if 1 - len(values) / n_grid > max_filled:
        raise _refuse(path, len(values), n_grid, f"step {step:g}", max_filled)
    grid = values[0] + step * np.arange(n_grid, dtype=values.dtype)
    grid[positions] = values  # the file's own index values, exactly, where it has them
    return pd.Index(grid, name=index.name), f"step {step:g}"


def _regular_grid(index: pd.Index, path: Path, max_filled: float) -> tuple[pd.Index, str]:
    if not isinstance(index, pd.DatetimeIndex):
        return _numeric_grid(index, path, max_filled)
    return _calendar_grid(index) or _fixed_grid(index, path, max_filled)


def load_series_csv(path: str | Path, *, time_column: str | None = None, value_column: str | None = None,
                    aggregate: str | None = None, resample: str | None = None,
                    max_filled: float = MAX_FILLED) -> LoadedSeries:
    """A CSV's time column (dates or numbers; default the first) and value column (default the other), sorted;
    repeated times need ``aggregate``; ``resample`` averages per period; gaps interpolated up to ``max_filled``."""
    if aggregate is not None and aggregate not in AGGREGATIONS:
        raise ValueError(f"aggregate must be None or one of {AGGREGATIONS}, got {aggregate!r}")
    path = Path(path)
    table = read_table(path)  # all text, so that messages quote the file
    table, lines = table.replace("", np.nan), np.asarray(table.attrs["lines"])
    time_column, value_column = _pick_columns(table, path, time_column, value_column)
    if table.empty:
        raise ValueError(f"{path}: a header but no data rows")
    values = _parse_values(table[value_column], lines, path, value_column)
    if values.isna().all():
        raise ValueError(f"{path}: column {value_column!r} has no values (all missing)")
    times = _parse_times(table[time_column], lines, path, time_column)
    series = pd.Series(values.to_numpy(), index=times, name=value_column)
    sorted_rows = not series.index.is_monotonic_increasing
    order = np.argsort(series.index.to_numpy(), kind="stable")
    series, lines = series.iloc[order], lines[order]
    series, n_aggregated = _merge_duplicates(series, lines, path, aggregate)
    notes = ["the rows were not in time order and have been sorted"] if sorted_rows else []
    if n_aggregated:
        notes.append(f"{n_aggregated} rows with a repeated time combined by their {aggregate}")
    raw = None
    if resample is not None:
        if not isinstance(series.index, pd.DatetimeIndex):
            raise ValueError(f"{path}: resample={resample!r} needs dates in column {time_column!r}")
        try:
            raw = _regular_grid(series.dropna().index, path, 1.0)[1]
        except ValueError:
            raw = "irregular"
        raw = f"{raw}, {int(series.isna().sum())} empty; means per period ({resample}) of the values present"
        series = series.resample(resample).mean()
    values, freq, filled, n_trimmed = _on_grid(series, path, max_filled)
    if n_trimmed:
        notes.append(f"{n_trimmed} empty rows before the first or after the last value left out")
    return LoadedSeries(values, path, time_column, value_column, freq, len(table), filled, sorted_rows,
                        n_aggregated, n_trimmed, raw, notes)


def _on_grid(series: pd.Series, path: Path, max_filled: float) -> tuple[pd.Series, str, pd.Index, int]:
    """``series`` (sorted, unique times) on its grid, gaps filled; the grid's name, filled times, empty ends dropped."""
    present = series.notna().to_numpy()
    n_trimmed = int(present.argmax() + present[::-1].argmax())
    observed = series.dropna()
    # the grid comes from every row's time (an empty cell still says where a point belongs) ...
    grid, freq = _regular_grid(series.index, path, max_filled)
    # ... and spans the first to the last value: nothing is extrapolated
    grid = grid[(grid >= observed.index[0]) & (grid <= observed.index[-1])]
    filled = grid.difference(observed.index)
    if len(filled) > max_filled * len(grid):
        raise _refuse(path, len(observed), len(grid), freq, max_filled)
    on_grid = observed.reindex(grid)
    if on_grid.notna().sum() != len(observed):  # every observation must sit on the grid, unchanged
        raise ValueError(f"{path}: the values do not all lie on the {freq} grid; resample the series first")
    return on_grid.interpolate(method="linear"), freq, filled, n_trimmed


@dataclass
class Series:
    """``y`` ``(T,)`` on time axis ``t`` ``(T,)`` (decimal years for dates); ``y_clean`` and ``season`` where known."""
    name: str
    t: np.ndarray
    y: np.ndarray
    y_clean: np.ndarray | None
    units: str
    season: int | None = None
    source: LoadedSeries | None = None
    notes: list[str] = field(default_factory=list)
    time_label: str = "t"  # "year" when t holds decimal years

    def describe(self) -> str:
        """One line a notebook prints where the series is loaded."""
        head = f"{self.name}: {len(self.y):,} points" + (f" ({self.units})" if self.units else "")
        parts = [self.source.summary()] if self.source is not None else []
        return "; ".join([head, *parts, *self.notes])


def synthetic_series(seed: int = 0, noise_std: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The course's ``(t, y, y_clean)``, each ``(280,)``: ``t = arange(-50, 20, 0.25)``, ``y = sin(t) + exp(0.05
    (t + 20)) + 0.5 * noise`` (standard normal); ``y_clean`` without noise, the error floor of any forecaster."""
    t = np.arange(-50, 20, 0.25)
    y_clean = np.sin(t) + np.exp(0.05 * (t + 20))
    rng = np.random.default_rng(seed)
    y = y_clean + noise_std * rng.standard_normal(t.shape)
    return t, y, y_clean


def load_series(name: str, csv_path: str | None = None, time_column: str | None = None,
                value_column: str | None = None, season: int | None = None, resample: str | None = None,
                last_points: int | None = None, seed: int = 0) -> Series:
    """``"synthetic"``, ``"co2"`` (Mauna Loa, monthly means, season 12) or ``"csv"`` (``csv_path``); ``last_points``."""
    if name == "synthetic":
        series = Series(name, *synthetic_series(seed), "")
    elif name in ("co2", "csv"):
        if name == "co2":
            co2 = project_path("data/co2_mauna_loa_weekly.csv")
            loaded, units, season = load_series_csv(co2, resample="MS"), "ppm", 12
        elif csv_path is None:
            raise ValueError("series 'csv' needs csv_path in the parameters cell")
        else:
            loaded = load_series_csv(project_path(csv_path), time_column=time_column, value_column=value_column,
                                     resample=resample)
            units = loaded.value_column
        index = loaded.values.index
        dated = isinstance(index, pd.DatetimeIndex)
        t = index.year + (index.dayofyear - 1) / 365.25 if dated else index  # decimal years for dates
        series = Series(name, t.to_numpy(dtype=float), loaded.values.to_numpy(dtype=float), None, units, season,
                        loaded, time_label="year" if dated else loaded.time_column)
    else:
        raise ValueError(f"unknown series {name!r}: use 'synthetic', 'co2' or 'csv'")
    if season is not None and (isinstance(season, bool) or not isinstance(season, int) or season < 2):
        raise ValueError(f"season must be a whole number of steps >= 2 (or None), got {season!r}")
    if last_points is not None and last_points < len(series.y):
        series.t, series.y = series.t[-last_points:], series.y[-last_points:]
        series.y_clean = None if series.y_clean is None else series.y_clean[-last_points:]
        series.notes.append(f"only the last {last_points:,} points are used (last_points)")
    return series
