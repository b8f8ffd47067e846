import numpy as np
import pytest

from tests.conftest import ROOT
from utils.barcodes import cut_and_deduplicate, encode_labels, load_barcodes
from utils.baselines import kmer_classifier
from utils.metrics import classification_scores, forecast_errors
from utils.splits import stratified_split


def test_forecast_errors_overall_and_per_step():
    true = np.zeros((2, 3))
    pred = np.array([[1.0, -2.0, 0.0], [1.0, 2.0, 0.0]])
    e = forecast_errors(true, pred)
    assert e["mae"] == pytest.approx(1.0) and e["rmse"] == pytest.approx(np.sqrt(10 / 6))
    assert e["mae_per_step"] == [1.0, 2.0, 0.0] and e["rmse_per_step"] == [1.0, 2.0, 0.0]
    with pytest.raises(ValueError, match="shapes differ"):
        forecast_errors(true, pred[:, :2])


def test_classification_scores():
    proba = np.array([[0.9, 0.1, 0], [0.2, 0.8, 0], [0.6, 0.4, 0], [0, 0, 1]])
    s = classification_scores(np.array([0, 1, 1, 2]), proba)
    assert s["accuracy"] == 0.75 and s["balanced_accuracy"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert s["confusion"] == [[1, 0, 0], [1, 1, 0], [0, 0, 1]]


def test_stratified_split_is_disjoint_complete_and_stratified():
    labels = np.repeat([0, 1, 2], [50, 30, 20])
    tr, va, te = stratified_split(labels, val_frac=0.1, test_frac=0.2, seed=0)
    assert len(set(tr) | set(va) | set(te)) == 100 and len(tr) + len(va) + len(te) == 100
    assert np.bincount(labels[te]).tolist() == [10, 6, 4]
    again = stratified_split(np.eye(3)[labels], val_frac=0.1, test_frac=0.2, seed=0)
    assert all((a == b).all() for a, b in zip((tr, va, te), again, strict=True))
    with pytest.raises(ValueError, match="test_frac"):
        stratified_split(labels, test_frac=1.2)


def test_kmer_baseline_learns_the_shipped_barcodes():
    df, _ = cut_and_deduplicate(load_barcodes(ROOT / "data" / "barcodes_coi5p_3families.tsv"), 500)
    Y, _ = encode_labels(df["label"])
    y = Y.argmax(axis=1)
    tr, _, te = stratified_split(y, seed=0)
    seqs = df["sequence"].to_numpy()
    model = kmer_classifier(k=5).fit(seqs[tr], y[tr])
    assert (model.predict(seqs[te]) == y[te]).mean() > 0.9
    with pytest.raises(ValueError, match="k must be"):
        kmer_classifier(k=0)


def test_barcode_pipeline_is_reproducible_and_leak_free():
    """The pipeline taught in 01 gives the same arrays twice, and no test input copies a training one."""
    from utils.barcodes import load_barcode_data

    a = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, None, 500, 0)
    b = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, None, 500, 0)
    assert (a.X == b.X).all() and (a.test == b.test).all() and a.class_names == b.class_names
    assert a.X.shape == (853, 500, 4) and a.dropped == {"too_short": 0, "conflicting_labels": 2, "duplicates": 90}
    seqs = a.table["sequence"]
    assert not set(seqs.iloc[a.test]) & set(seqs.iloc[a.train]) and len(a.train) + len(a.val) + len(a.test) == 853
    assert "945 records" in a.summary() and "train 596, validation 86, test 171" in a.summary()
    genera = load_barcode_data("data/barcodes_coi5p_3families.tsv", "genus", 3, None, 500, 0)
    read, kept = len(genera.lengths), len(genera.table)
    assert read - sum(genera.dropped.values()) == kept  # the summary's numbers add up
    assert genera.summary().startswith(f"{read} records of these classes read (other records left out: ")
