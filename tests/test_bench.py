"""`make bench`: the notebooks' own models, their FLOPs checked against Keras's parameter counts."""

import csv
import subprocess
import sys

import keras
import numpy as np
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def biases(layer: keras.layers.Layer) -> int:
    return sum(int(np.prod(w.shape)) for w in layer.weights if "bias" in w.path)


@pytest.mark.parametrize("name", list(bench.MODELS))
def test_flops_are_two_per_weight_per_use(name: str) -> None:
    """Each weight (not bias) is one multiply-add, i.e. 2 FLOPs, every time it is applied: once per
    step in an LSTM, per output position in a Conv1D, once in a Dense layer."""
    model = bench.MODELS[name][0]()
    steps = {"cnn_lstm": bench.N_SUB, "lstm": bench.LENGTH_SEQ}.get(name, bench.DT_PAST)
    for layer in model.layers:
        inner = layer.layer if isinstance(layer, keras.layers.TimeDistributed) else layer
        weights = layer.count_params() - biases(layer)
        if isinstance(inner, keras.layers.LSTM | keras.layers.Bidirectional):
            assert bench.layer_flops(layer, steps) == 2 * weights * steps
        elif isinstance(inner, keras.layers.Conv1D):
            assert bench.layer_flops(layer, steps) == 2 * weights * (bench.DT_PAST - 2) * bench.N_SUB
        else:
            assert bench.layer_flops(layer, steps) == 2 * weights


def test_bench_models_are_the_slides() -> None:
    bench.check_slide_counts()  # exits with a message if a count differs


def test_bench_smoke_run_writes_tables(tmp_path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--models", "vanilla", "cnn_lstm",
                           "--batch-sizes", "32", "--windows", "64", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "matmul peak" in proc.stdout
    rows = list(csv.DictReader((tmp_path / "bench-tensorflow.csv").open()))
    assert [r["model"] for r in rows] == ["vanilla", "cnn_lstm"]
    assert all(float(r["samples_per_s"]) > 0 and float(r["pct_of_peak"]) > 0 for r in rows)
    assert "% of matmul peak" in (tmp_path / "bench-tensorflow.md").read_text()


def test_bench_times_the_barcode_lstm_alone_and_side_by_side(tmp_path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--models", "lstm", "--sequences",
                           "16", "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = list(csv.DictReader((tmp_path / "bench-tensorflow.csv").open()))
    assert [(r["model"], r["batch_size"]) for r in rows] == [
        (m, b) for m in ("lstm", "lstm x3 side by side") for b in ("32", "64", "128")]
    assert all(float(r["pct_of_peak"]) > 0 for r in rows)


def test_barcode_recipes_smoke_run(tmp_path) -> None:
    """scripts/barcode_recipes.py: how 01's recipe was chosen, at a tiny size."""
    out = tmp_path / "recipes.md"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "barcode_recipes.py"), "--recipes", "slides",
                           "cosine5e-3", "--max-per-class", "10", "--epochs-scale", "0.02", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = out.read_text().splitlines()
    assert lines[0].startswith("| recipe | seed | batch | epochs | best validation accuracy | test accuracy")
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| slides", "| cosine5e-3"]
