"""The rule for "better": a paired 95 % interval that carries the test set's noise and the seeds'."""

import numpy as np
import pytest

from utils.rule import paired_interval, verdict, verdict_table


def test_seeds_that_agree_on_a_test_set_too_small_to_tell_are_within():
    rng = np.random.default_rng(1)
    base = rng.exponential(1.0, 12)  # 12 test windows, errors that vary a lot from window to window
    a = np.tile(base + rng.normal(0.05, 1.0, 12), (3, 1))  # A slightly worse on average, every seed the same
    b = np.tile(base, (3, 1))
    gap, low, high = paired_interval(a, b, block=4)
    assert np.ptp(a, axis=0).max() == 0  # the seeds agree exactly: a range rule would see no noise at all
    assert low < 0 < high and verdict(low, high, lower_is_better=True) == "within"


def test_a_consistent_difference_on_many_items_is_better_or_worse():
    rng = np.random.default_rng(2)
    b = rng.exponential(1.0, (3, 400))
    a = b - 0.2 + rng.normal(0, 0.05, (3, 400))
    gap, low, high = paired_interval(a, b, block=8)
    assert gap == pytest.approx(-0.2, abs=0.02) and high < 0
    assert verdict(low, high, lower_is_better=True) == "better"
    assert verdict(-high, -low, lower_is_better=True) == "worse"
    assert verdict(low, high, lower_is_better=False) == "worse"  # for accuracies, a negative gap is worse


def test_the_seeds_own_noise_widens_the_interval():
    rng = np.random.default_rng(3)
    b = np.tile(rng.normal(0, 0.01, 200), (3, 1))
    steady = b - 0.1
    scattered = steady + np.array([[-1.0], [0.0], [1.0]])  # one seed far better, one far worse: same mean
    narrow = paired_interval(steady, b, block=1)
    wide = paired_interval(scattered, b, block=1)
    assert narrow[0] == pytest.approx(wide[0])
    assert (wide[2] - wide[1]) > 10 * (narrow[2] - narrow[1])


def test_clusters_are_redrawn_whole():
    """Within a cluster items are copies: 60 items in 3 clusters carry the evidence of 3, not of 60."""
    per_cluster = np.array([1.0, -0.5, 0.4])
    groups = np.repeat([0, 1, 2], 20)
    a, b = per_cluster[groups][None], np.zeros((1, 60))
    assert paired_interval(a, b)[1] > 0  # treated as 60 independent items: "better"
    low, high = paired_interval(a, b, groups=groups)[1:]
    assert low < 0 < high


def test_a_baseline_is_one_row_and_the_table_reads_both_directions():
    rng = np.random.default_rng(4)
    scores = {"model": rng.normal(0.5, 0.1, (3, 300)), "baseline": np.full((1, 300), 1.0)}
    table = verdict_table(scores, [("model", "baseline"), ("baseline", "model")], "MAE", lower_is_better=True)
    assert table["verdict"].tolist() == ["better", "worse"]
    assert table.loc[0, "gap"] == pytest.approx(-table.loc[1, "gap"])
    assert table.loc[0, "MAE"] == pytest.approx(scores["model"].mean())
