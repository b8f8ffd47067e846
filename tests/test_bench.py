import csv
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_smoke_run_writes_tables(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--models", "vanilla", "cnn_lstm",
                           "--batch-sizes", "32", "--windows", "64", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "matmul peak" in proc.stdout
    rows = list(csv.DictReader((tmp_path / "bench-tensorflow.csv").open()))
    assert [r["model"] for r in rows] == ["vanilla", "cnn_lstm"]
    assert all(float(r["samples_per_s"]) > 0 and float(r["pct_of_peak"]) > 0 for r in rows)
    assert "% of matmul peak" in (tmp_path / "bench-tensorflow.md").read_text()


def test_lstm_flops_match_weight_count():
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    # one step of an LSTM does one multiply-add per input and recurrent weight
    weights = 4 * 400 * (1 + 400)
    assert bench.lstm_flops(1, 400, 1) == 2 * weights
