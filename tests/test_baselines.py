"""Baselines: each computed by hand on a small case."""

import numpy as np
import pytest

from utils.baselines import (
    kmer_classifier,
    kmers,
    least_squares,
    nearest_neighbour,
    noise_floor,
    persistence,
    seasonal_naive,
)
from utils.series import synthetic_series
from utils.windows import prepare_windows


def test_persistence_repeats_the_last_observed_value():
    y = np.arange(100.0) ** 1.5
    d = prepare_windows(y, 20, 8)
    f = persistence(d)
    assert f.shape == d.Y_true["test"].shape
    np.testing.assert_allclose(f[:, 3], y[d.target_start["test"] - 1])


def test_seasonal_naive_by_hand():
    y = np.sin(np.arange(120) * 2 * np.pi / 12) + 0.1 * np.arange(120)
    d = prepare_windows(y, 20, 8)
    f = seasonal_naive(y, d, 12)
    t = d.target_start["test"][0] - 1  # last observed point of the first test window
    for h in range(1, 9):
        assert f[0, h - 1] == pytest.approx(y[t + h - 12] + (y[t] - y[t - 12]))
    np.testing.assert_allclose(seasonal_naive(y, d, 12), d.Y_true["test"], atol=1e-9)  # a pure trend + season
    with pytest.raises(ValueError, match="less than one season"):
        seasonal_naive(y, d, 120)


def test_least_squares_is_exact_and_scaling_invariant_on_min_max_windows():
    rng = np.random.default_rng(0)
    y = np.cumsum(rng.normal(size=300))
    d = prepare_windows(y, 20, 8)
    forecast, val_mse, weights = least_squares(d)
    assert weights == 21 * 8
    raw = np.c_[d.X["train"][..., 0], np.ones(len(d.X["train"]))] * 1.0
    coef, *_ = np.linalg.lstsq(raw, d.Y["train"], rcond=None)
    np.testing.assert_allclose(d.to_series_units("test", np.c_[d.X["test"][..., 0], np.ones(len(d.X["test"]))] @ coef),
                               forecast, rtol=1e-6)
    shifted = least_squares(prepare_windows(3 * y + 7, 20, 8))[0]  # an affine change of units changes nothing
    np.testing.assert_allclose(shifted, 3 * forecast + 7, rtol=1e-6, atol=1e-6)
    assert val_mse > 0


def test_noise_floor_is_the_noiseless_function():
    t, y, y_clean = synthetic_series()
    d = prepare_windows(y, 20, 8)
    f = noise_floor(y_clean, d)
    np.testing.assert_allclose(f[:, 0], y_clean[d.target_start["test"]])


def test_kmers_and_the_barcode_baselines():
    assert kmers(2).fit(["ACGT"]).get_feature_names_out().tolist() == ["AC", "CG", "GT"]
    with pytest.raises(ValueError, match="k must be a positive integer"):
        kmers(0)
    a, b = "ACGTACGTAAGG" * 5, "TTGACCAGTTCA" * 5
    train = [a, a[1:] + "A", b, b[1:] + "T"]
    labels = [0, 0, 1, 1]
    near = nearest_neighbour(3).fit(train, labels)
    assert near.predict([a[2:] + "AC", b[2:] + "TT"]).tolist() == [0, 1]
    assert kmer_classifier(3).fit(train, labels).predict([a, b]).tolist() == [0, 1]
