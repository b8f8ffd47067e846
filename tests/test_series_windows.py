import numpy as np
import pytest

from tests.conftest import ROOT
from utils.series import load_series_csv, synthetic_series
from utils.windows import course_split_leak, make_windows, prepare_forecast_data, split_windows, to_subsequences


def test_synthetic_series_matches_course_formula():
    t, y, y_clean = synthetic_series(seed=0)
    assert t.shape == y.shape == (280,) and t[0] == -50 and t[-1] == 19.75
    np.testing.assert_allclose(y_clean, np.sin(t) + np.exp(0.05 * (t + 20)))
    assert 0.4 < np.std(y - y_clean) < 0.6
    np.testing.assert_array_equal(y, synthetic_series(seed=0)[1])


def test_make_windows_shapes_and_alignment():
    y = np.arange(40.0)
    X, Y = make_windows(y, 20, 8)
    assert X.shape == (40 - 20 - 8 + 1, 20, 1) and Y.shape == (13, 8)
    assert X[3, :, 0].tolist() == list(range(3, 23)) and Y[3].tolist() == list(range(23, 31))


@pytest.mark.parametrize("y,dt_past,dt_futu,err,msg", [
    (np.arange(10.0), 20, 8, ValueError, "too short for one window"),
    (np.array([1.0, np.nan] * 20), 20, 8, ValueError, "NaN value"),
    (np.arange(40.0), 20.0, 8, TypeError, "dt_past must be an integer"),
    (np.arange(40.0), 20, "8", TypeError, "dt_futu must be an integer"),
    (np.ones((40, 2)), 20, 8, ValueError, "one-dimensional"),
])
def test_make_windows_bad_input(y, dt_past, dt_futu, err, msg):
    with pytest.raises(err, match=msg):
        make_windows(y, dt_past, dt_futu)


def test_split_has_no_shared_target_points():
    n, dt_past, dt_futu = 280, 20, 8
    split = split_windows(n, dt_past, dt_futu, val_frac=0.15, test_frac=0.2)
    targets = {k: set((idx[:, None] + dt_past + np.arange(dt_futu)).ravel()) for k, idx in split.items()}
    assert not targets["train"] & targets["val"] and not targets["val"] & targets["test"]
    assert max(targets["train"]) < min(targets["val"]) and max(targets["val"]) < min(targets["test"])
    assert len(split["test"]) == 49 and max(targets["test"]) == n - 1


def test_course_split_leaks_test_points():
    assert course_split_leak(280, 20, 8, 0.7) == 27
    assert course_split_leak(280, 1, 1, 0.7) == 1


def test_scaling_fitted_on_training_period_only():
    y = np.concatenate([np.linspace(0, 1, 200), np.linspace(1, 10, 80)])
    d = prepare_forecast_data(y, 20, 8)
    assert d.info["train_max"] <= 1.0 + 1e-9
    assert d.X["test"].max() > 1.5  # the test trend leaves the training range
    np.testing.assert_allclose(d.to_series_units("test", d.Y["test"]), d.Y_true["test"], atol=1e-5)
    rel = prepare_forecast_data(y, 20, 8, relative=True)
    np.testing.assert_allclose(rel.X["test"][:, -1, 0], 0.0)
    np.testing.assert_allclose(rel.to_series_units("test", rel.Y["test"]), rel.Y_true["test"], atol=1e-5)


def test_target_start_identifies_windows():
    t, y, _ = synthetic_series()
    d = prepare_forecast_data(y, 20, 8)
    s = d.target_start["test"]
    np.testing.assert_allclose(d.Y_true["test"][:, 0], y[s])
    np.testing.assert_allclose(d.last["test"], y[s - 1])


def test_to_subsequences():
    X = np.arange(2 * 60).reshape(2, 60, 1)
    sub = to_subsequences(X, 3)
    assert sub.shape == (2, 3, 20, 1) and sub[1, 2, 0, 0] == 60 + 40
    with pytest.raises(ValueError, match="cannot be split"):
        to_subsequences(X, 7)


def test_co2_loads_and_fills_missing_weeks():
    series, n_filled = load_series_csv(ROOT / "data" / "co2_mauna_loa_weekly.csv")
    assert n_filled == 59 and len(series) == 2284 and not series.isna().any()
    assert 310 < series.iloc[0] < 320


def test_own_csv_with_absent_rows_and_index_column(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-04,4\n2020-01-05,\n2020-01-06,6\n")
    series, n_filled = load_series_csv(p)
    assert n_filled == 2 and series.tolist() == [1, 2, 3, 4, 5, 6]
    q = tmp_path / "i.csv"
    q.write_text("step,y\n0,1.5\n1,2.5\n")
    assert load_series_csv(q)[0].tolist() == [1.5, 2.5]


@pytest.mark.parametrize("text,msg", [
    ("date,value\n2020-01-01,1\n2020-01-02,abc\n", "'value' is not numeric \\(row 3 holds 'abc'\\)"),
    ("date,value\n2020-01-01,\n2020-01-02,\n", "has no values"),
    ("value\n1\n2\n", "need a time column and a value column"),
])
def test_bad_csv_is_a_clear_error(tmp_path, text, msg):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(ValueError, match=msg):
        load_series_csv(p)


def test_missing_csv_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="gone.csv"):
        load_series_csv(tmp_path / "gone.csv")
