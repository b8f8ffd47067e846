"""The one rule for "better": gaps against the noise, for forecasters and classifiers alike."""

from __future__ import annotations

import numpy as np
import pytest

from utils import verdicts
from utils.outcomes import Classification, from_windows
from utils.series import Series

SERIES = Series("toy", np.arange(30.0), np.zeros(30), None, "", None)
OTHER = Series("other", np.arange(30.0), np.zeros(30), None, "", None)
STARTS = np.array([20, 21])


def forecast(model_id: str, mae: float, seed: int | None = 0, trained: bool = True, series: Series = SERIES):
    """A forecast of zeros whose every error is ``mae``."""
    return from_windows(model_id, series, STARTS, np.full((2, 2), mae), seed=seed,
                        training={"history": {}} if trained else {}, params=10 if trained else None)


def classifier(model_id: str, accuracy: float, seed: int | None = 0, trained: bool = True) -> Classification:
    return Classification(model_id, seed, 10 if trained else None, None, {"accuracy": accuracy}, None, {})


def test_gap_beyond_the_larger_range_is_a_verdict() -> None:
    a = [forecast("vanilla", m, s) for s, m in enumerate((0.70, 0.72, 0.71))]  # range 0.02
    b = [forecast("linear", m, s) for s, m in enumerate((0.80, 0.85, 0.81))]  # range 0.05
    gap, noise, word = verdicts.verdict(a, b)
    assert (round(gap, 3), round(noise, 3), word) == (-0.11, 0.05, "better")
    assert verdicts.verdict(b, a)[2] == "worse"
    close = [forecast("linear", m, s) for s, m in enumerate((0.69, 0.74, 0.72))]
    assert verdicts.verdict(a, close)[2] == "within noise"


def test_one_run_borrows_the_reference_noise_and_baselines_have_none() -> None:
    once = [forecast("stacked", 0.75)]
    base = [forecast("persistence", 0.80, None, trained=False)]
    assert verdicts.verdict(once, base) == (pytest.approx(-0.05), None, "not measured")
    assert verdicts.verdict(once, base, reference=0.06)[1:] == (0.06, "within noise")
    assert verdicts.verdict(once, base, reference=0.02)[1:] == (0.02, "better")
    lsq = [forecast("least_squares", 0.81, None, trained=False)]
    assert verdicts.verdict(base, lsq)[1:] == (0.0, "better")  # two baselines: exact


def test_reference_noise_is_the_largest_range_of_the_reference_models_per_series() -> None:
    runs = ([forecast("vanilla", m, s) for s, m in enumerate((0.70, 0.73))]
            + [forecast("linear", m, s) for s, m in enumerate((0.80, 0.81))]
            + [forecast("cnn_lstm_b", m, s) for s, m in enumerate((0.5, 0.9))]  # not a reference model
            + [forecast("vanilla", m, s, series=OTHER) for s, m in enumerate((0.1, 0.15))])
    assert verdicts.reference_noise(runs) == pytest.approx({"toy": 0.03, "other": 0.05})


def test_classifiers_higher_is_better() -> None:
    lstm = [classifier("lstm", a, s) for s, a in enumerate((0.85, 0.86, 0.87))]
    kmer = [classifier("kmer", 0.96, None, trained=False)]
    gap, noise, word = verdicts.verdict(lstm, kmer)
    assert (round(gap, 3), round(noise, 3), word) == (-0.1, 0.02, "worse")
    assert verdicts.verdict(kmer, lstm)[2] == "better"


def test_verdict_table_and_claims() -> None:
    runs = ([forecast("vanilla", m, s) for s, m in enumerate((0.70, 0.72))]
            + [forecast("linear", m, s) for s, m in enumerate((0.80, 0.81))]
            + [forecast("bidirectional", 0.71)])
    ref = verdicts.reference_noise(runs)
    table = verdicts.verdict_table(runs, [("bidirectional", "vanilla"), ("vanilla", "linear"), ("stacked", "linear")])
    table_ref = verdicts.verdict_table(runs, [("bidirectional", "vanilla"), ("vanilla", "linear")], ref)
    assert list(table.columns) == ["series", "model", "compared with", "MAE", "its MAE", "gap", "noise", "verdict"]
    assert list(table["verdict"]) == ["not measured", "better"]  # no stacked row: not in runs
    assert list(table_ref["verdict"]) == ["within noise", "better"]
    assert verdicts.claim(table_ref, "vanilla", "linear", "better") == ""
    assert verdicts.claim(table_ref, "bidirectional", "vanilla", "within noise", series="toy") == ""
    note = verdicts.claim(table_ref, "bidirectional", "vanilla", "better")
    assert note.startswith("**Note:**") and "toy: within noise" in note
    assert "no such row" in verdicts.claim(table_ref, "stacked", "linear", "better")
    barcodes = verdicts.verdict_table([classifier("lstm", 0.8, 0), classifier("lstm", 0.82, 1),
                                       classifier("kmer", 0.95, None, trained=False)], [("lstm", "kmer")])
    assert barcodes.loc[0, "series"] == "barcodes" and "accuracy" in barcodes.columns
    assert barcodes.loc[0, "verdict"] == "worse"
