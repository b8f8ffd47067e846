import numpy as np
import pytest

from utils.series import synthetic_series
from utils.windows import course_split_leak, make_windows, prepare_windows, split_windows, to_subsequences


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
    leak = course_split_leak(280, 20, 8, 0.7)
    assert leak == {"test_start": 196, "last_train_target": 222, "first_scored": 216, "leaked": 27,
                    "leaked_and_scored": 7}
    # check by brute force on the course's own windows: training windows 0..195, test windows 196..
    train_targets = {i + 20 + h for i in range(196) for h in range(8)}
    test_targets = {i + 20 + h for i in range(196, 280 - 27) for h in range(8)}
    assert len({p for p in train_targets if p >= 196}) == 27 and len(train_targets & test_targets) == 7
    assert course_split_leak(280, 1, 1, 0.7)["leaked"] == 1


def test_scaling_fitted_on_training_period_only():
    y = np.concatenate([np.linspace(0, 1, 200), np.linspace(1, 10, 80)])
    d = prepare_windows(y, 20, 8)
    assert d.train_range[1] <= 1.0 + 1e-9
    assert d.X["test"].max() > 1.5  # the test trend leaves the training range
    np.testing.assert_allclose(d.to_series_units("test", d.Y["test"]), d.Y_true["test"], atol=1e-5)
    rel = prepare_windows(y, 20, 8, "relative")
    np.testing.assert_allclose(rel.X["test"][:, -1, 0], 0.0)
    np.testing.assert_allclose(rel.to_series_units("test", rel.Y["test"]), rel.Y_true["test"], atol=1e-5)


def test_target_start_identifies_windows():
    t, y, _ = synthetic_series()
    d = prepare_windows(y, 20, 8)
    s = d.target_start["test"]
    np.testing.assert_allclose(d.Y_true["test"][:, 0], y[s])
    np.testing.assert_allclose(d.last["test"], y[s - 1])


def test_to_subsequences():
    X = np.arange(2 * 60).reshape(2, 60, 1)
    sub = to_subsequences(X, 3)
    assert sub.shape == (2, 3, 20, 1) and sub[1, 2, 0, 0] == 60 + 40
    with pytest.raises(ValueError, match="cannot be split"):
        to_subsequences(X, 7)


def test_both_scalings_share_windows_and_split_and_an_unknown_one_is_refused():
    y = np.linspace(1.0, 3.0, 100)
    mm, rel = prepare_windows(y, 20, 8), prepare_windows(y, 20, 8, "relative")
    for split in ("train", "val", "test"):
        np.testing.assert_array_equal(mm.target_start[split], rel.target_start[split])
        np.testing.assert_allclose(mm.Y_true[split], rel.Y_true[split])
    with pytest.raises(ValueError, match="scaling must be one of"):
        prepare_windows(y, 20, 8, "log")


def test_forecasts_of_several_seeds_go_back_to_series_units_together():
    y = np.linspace(5.0, 9.0, 120)
    d = prepare_windows(y, 20, 8, "relative")
    stacked = np.stack([d.Y["test"], d.Y["test"]])  # (seeds, windows, dt_futu)
    np.testing.assert_allclose(d.to_series_units("test", stacked)[1], d.Y_true["test"], atol=1e-5)
