"""Series loading: every observation of the file comes back unchanged, gaps are filled and
counted (only the gaps), and every input that cannot be read without guessing is a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from utils.series import load_series, load_series_csv, synthetic_series

FREQS = ["MS", "ME", "QS", "YS", "W-SUN", "W-WED", "D", "h", "15min", "int", "float"]
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def grid_for(freq: str, start: int, n: int) -> pd.Index:
    """A regular time grid of ``n`` points of kind ``freq``; ``start`` picks where it begins."""
    if freq == "int":
        return pd.Index(start + 3 * np.arange(n))
    if freq == "float":
        return pd.Index(start / 7 + 0.25 * np.arange(n))
    first = pd.Timestamp("1950-01-01") + pd.Timedelta(hours=start * 37)
    if freq in ("MS", "ME", "QS", "YS"):
        first = first.normalize()
    return pd.date_range(first, periods=n, freq=freq)


@st.composite
def regular_series(draw: st.DrawFn, max_missing: float = 0.2) -> dict:
    """A regular series with some rows absent, some values empty and the rows shuffled.
    The first two rows and the last stay observed, so the file itself pins its step and span."""
    freq = draw(st.sampled_from(FREQS))
    n = draw(st.integers(5, 60))
    grid = grid_for(freq, draw(st.integers(0, 5000)), n)
    values = draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=n, max_size=n))
    interior = list(range(2, n - 1))
    k = draw(st.integers(0, min(int(max_missing * n), len(interior))))
    missing = draw(st.lists(st.sampled_from(interior), min_size=k, max_size=k, unique=True)) if interior else []
    absent = set(draw(st.lists(st.sampled_from(missing), unique=True))) if missing else set()
    order = draw(st.permutations(range(n)))
    rows = [(grid[i], None if i in missing else values[i]) for i in order if i not in absent]
    return {"freq": freq, "grid": grid, "values": values, "missing": set(missing), "rows": rows}


def write_csv(path, rows, header="time,value") -> None:
    def cell(t):
        return t.isoformat() if isinstance(t, pd.Timestamp) else repr(t.item() if hasattr(t, "item") else t)

    path.write_text(header + "\n" + "".join(f"{cell(t)},{'' if v is None else repr(v)}\n" for t, v in rows))


@PROPERTY
@given(case=regular_series())
def test_every_observation_comes_back_unchanged_and_only_gaps_are_filled(tmp_path, case) -> None:
    path = tmp_path / "series.csv"
    write_csv(path, case["rows"])
    loaded = load_series_csv(path)
    grid, values = case["grid"], case["values"]
    assert len(loaded.values) == len(grid)
    if isinstance(grid, pd.DatetimeIndex):
        assert (loaded.values.index == grid).all()
    else:
        np.testing.assert_allclose(loaded.values.index.to_numpy(dtype=float), grid.to_numpy(dtype=float), atol=1e-9)
    observed = [i for i in range(len(grid)) if i not in case["missing"]]
    for i in observed:  # the file's value, bit for bit, at the file's time
        assert loaded.values.iloc[i] == values[i]
        if not isinstance(grid, pd.DatetimeIndex):
            assert loaded.values.index[i] == grid[i]
    assert loaded.filled.size == len(case["missing"])
    assert sorted(loaded.values.index.get_indexer(loaded.filled)) == sorted(case["missing"])
    assert np.isfinite(loaded.values.to_numpy()).all()
    times = [t for t, _ in case["rows"]]
    assert loaded.sorted_rows == (times != sorted(times))


@PROPERTY
@given(case=regular_series(max_missing=0.6))
def test_a_mostly_invented_series_is_refused(tmp_path, case) -> None:
    n = len(case["grid"])
    path = tmp_path / "gappy.csv"
    write_csv(path, case["rows"])
    if len(case["missing"]) <= 0.2 * n:
        assert len(load_series_csv(path).filled) == len(case["missing"])
    else:
        with pytest.raises(ValueError, match="gappy.csv.*more than max_filled"):
            load_series_csv(path)


@PROPERTY
@given(case=regular_series(max_missing=0.0), data=st.data())
def test_duplicated_times_are_an_error_unless_aggregated(tmp_path, case, data) -> None:
    rows = case["rows"]
    twin = data.draw(st.sampled_from(rows))
    path = tmp_path / "dup.csv"
    write_csv(path, [*rows, (twin[0], 12345.0)])
    with pytest.raises(ValueError, match=r"dup.csv: 1 time\(s\) occur more than once.*aggregate"):
        load_series_csv(path)
    merged = load_series_csv(path, aggregate="max")
    assert merged.values.loc[twin[0]] == max(twin[1], 12345.0) and merged.n_aggregated == 1


def test_monthly_dates_stay_on_their_days(tmp_path) -> None:
    """The bug that started it: calendar months are not a fixed number of days."""
    dates = pd.date_range("1990-01-01", periods=40, freq="MS")
    path = tmp_path / "monthly.csv"
    path.write_text("date,value\n" + "".join(f"{d.date()},{i}\n" for i, d in enumerate(dates)))
    loaded = load_series_csv(path)
    assert loaded.freq == "monthly (MS)" and loaded.filled.size == 0
    assert (loaded.values.index == dates).all() and loaded.values.tolist() == list(range(40))
    path.write_text("date,value\n1990-03-01,3\n1990-01-01,1\n1990-02-01,2\n")
    shuffled = load_series_csv(path)
    assert shuffled.values.tolist() == [1, 2, 3] and shuffled.sorted_rows
    assert "not in time order" in shuffled.summary()


def test_co2_weekly_and_as_monthly_means() -> None:
    weekly = load_series_csv(ROOT / "data" / "co2_mauna_loa_weekly.csv")
    assert weekly.freq == "weekly (W-SAT)" and weekly.filled.size == 59 and len(weekly.values) == 2284
    assert 310 < weekly.values.iloc[0] < 320
    co2 = load_series("co2")
    assert co2.season == 12 and co2.units == "ppm" and len(co2.y) == 526
    assert co2.source.freq == "monthly (MS)" and "59 empty" in co2.describe()
    raw = pd.read_csv(ROOT / "data" / "co2_mauna_loa_weekly.csv", parse_dates=["date"]).set_index("date")["co2"]
    first_month = raw["1958-03"].dropna().mean()
    assert co2.y[0] == pytest.approx(first_month)  # the mean of the weeks that have a value
    assert 1958 < co2.t[0] < 1959 and np.all(np.diff(co2.t) > 0)


def test_synthetic_series_matches_course_formula() -> None:
    t, y, y_clean = synthetic_series(seed=0)
    assert t.shape == y.shape == (280,) and t[0] == -50 and t[-1] == 19.75
    np.testing.assert_allclose(y_clean, np.sin(t) + np.exp(0.05 * (t + 20)))
    assert 0.4 < np.std(y - y_clean) < 0.6
    np.testing.assert_array_equal(y, synthetic_series(seed=0)[1])


def test_load_series_kinds_and_last_points(tmp_path) -> None:
    t, y, y_clean = synthetic_series(seed=0)
    synthetic = load_series("synthetic")
    assert synthetic.season is None and (synthetic.y == y).all() and (synthetic.y_clean == y_clean).all()
    short = load_series("co2", last_points=100)
    assert len(short.y) == 100 and short.y[-1] == load_series("co2").y[-1] and "last 100 points" in short.describe()
    path = tmp_path / "mine.csv"
    path.write_text("day,level,other\n" + "".join(f"{i},{i * 0.5},{-i}\n" for i in range(40)))
    mine = load_series("csv", csv_path=str(path), value_column="level", season=7)
    assert mine.units == "level" and mine.y[-1] == 19.5 and mine.season == 7
    with pytest.raises(ValueError, match="needs csv_path"):
        load_series("csv")
    with pytest.raises(ValueError, match="unknown series"):
        load_series("sunspots")
    with pytest.raises(ValueError, match="season must be"):
        load_series("csv", csv_path=str(path), value_column="level", season=1)
    with pytest.raises(ValueError, match="resample='MS' needs dates"):
        load_series("csv", csv_path=str(path), value_column="level", resample="MS")


def test_resample_averages_what_is_there_and_fills_empty_periods(tmp_path) -> None:
    days = pd.date_range("2020-01-01", "2020-12-31", freq="D")
    values = {d: float(d.month) for d in days if d.month != 5}  # May has no value at all
    path = tmp_path / "daily.csv"
    path.write_text("date,v\n" + "".join(f"{d.date()},{v}\n" for d, v in values.items()))
    loaded = load_series_csv(path, resample="MS")
    assert len(loaded.values) == 12 and loaded.filled.size == 1 and loaded.values.iloc[4] == 5.0
    assert "daily (D)" in loaded.summary() and "means per period (MS)" in loaded.summary()


def test_empty_rows_at_either_end_are_left_out_and_counted(tmp_path) -> None:
    path = tmp_path / "edges.csv"
    path.write_text("t,v\n0,\n1,1\n2,2\n3,3\n4,4\n5,5\n6,\n")
    loaded = load_series_csv(path)
    assert loaded.values.tolist() == [1, 2, 3, 4, 5] and loaded.n_trimmed == 2 and loaded.filled.size == 0
    assert "2 empty rows" in loaded.summary()


@pytest.mark.parametrize("text, kwargs, message", [
    ("date,value\n2020-01-01,1\n2020-01-02,abc\n", {}, r"line 3: column 'value' is not numeric \(it holds 'abc'\)"),
    ("date,value\n2020-01-01,1\n2020-01-02,inf\n", {}, r"line 3: column 'value' holds 'inf', not a finite number"),
    ("date,value\n2020-01-01,\n2020-01-02,\n", {}, "has no values"),
    ("date,value\n", {}, "a header but no data rows"),
    ("value\n1\n2\n", {}, "need a time column and a value column"),
    ("date;value\n2020-01-01;1\n", {}, "separated by ';'"),
    ("date,a,b\n2020-01-01,1,2\n", {}, r"3 columns \['date', 'a', 'b'\]; say which one holds the values"),
    ("date,a,b\n2020-01-01,1,2\n", {"value_column": "c"}, "no column 'c' \\(set by value_column\\)"),
    ("date,value\n2020-01-01,1\nnot a date,2\n", {}, "line 3: 'not a date' in column 'date' is not a date"),
    ("date,value\n2020-01-01,1\n,2\n", {}, "line 3: no time in column 'date'"),
    ("date,value\n2020-01-01,1\n2020-01-01,2\n", {}, r"occur more than once, e.g. 2020-01-01 on lines 2, 3"),
    ("date,value\n2020-01-01,1\n2020-01-05,2\n2020-01-06,2\n2020-03-01,4\n", {}, "more than max_filled"),
    ("t,v\n0,1\n0.3,2\n0.7,3\n", {}, "no constant step"),
    ("date,value\n2020-01-01,1\n\n2020-01-02,2,9\n", {}, "line 4: 3 fields where the header has 2"),
])
def test_bad_csv_is_a_clear_error_naming_the_file(tmp_path, text, kwargs, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=message) as err:
        load_series_csv(path, **kwargs)
    assert "bad.csv" in str(err.value)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (b"date,value\n2020-01-01,\xff\xfe\n", r"line 2: not UTF-8 text"),
    (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n", "Git LFS pointer"),
])
def test_files_that_are_not_csv_text_say_so(tmp_path, content, message) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        load_series_csv(path)


def test_crlf_and_a_missing_file(tmp_path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"date,value\r\n" + b"".join(f"2020-01-{d:02d},{d}\r\n".encode() for d in range(1, 11)))
    assert load_series_csv(path).values.tolist() == list(range(1, 11))
    with pytest.raises(FileNotFoundError, match="gone.csv"):
        load_series_csv(tmp_path / "gone.csv")
    with pytest.raises(ValueError, match="aggregate must be None or one of"):
        load_series_csv(path, aggregate="mode")


def test_csv_columns_are_named_never_positional() -> None:
    """``load_series`` takes ``time_column, value_column`` in that order; the CSV reader takes
    them by name only, so the two cannot be swapped by position."""
    with pytest.raises(TypeError):
        load_series_csv(ROOT / "data" / "co2_mauna_loa_weekly.csv", "co2")
    path = ROOT / "data" / "co2_mauna_loa_weekly.csv"
    named = load_series_csv(path, time_column="date", value_column="co2")
    np.testing.assert_array_equal(named.values, load_series_csv(path).values)
