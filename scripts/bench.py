"""Training throughput of the lecture's models, against this machine's matmul peak.

    python scripts/bench.py                      # make bench (TensorFlow backend)
    KERAS_BACKEND=jax python scripts/bench.py    # make bench-jax

For each model (the notebooks' own, from ``utils/models.py``, checked against the slides'
parameter counts first) and batch size: one warm-up epoch (compilation), then timed epochs on
``--windows`` random windows; samples per second; training FLOPs from the layers' weight
matrices (forward multiply-adds x 2, x 3 for forward + backward); GFLOP/s; and that as a
fraction of the float32 matmul peak measured with the same backend in the same run. Writes
``build/bench/bench-<backend>.csv`` and ``.md``.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.native_logs import send_native_logs_to_file  # noqa: E402

if __name__ == "__main__":  # not when a test imports this file
    send_native_logs_to_file()
import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import models  # noqa: E402  (the notebooks' own models, checked against the slides below)
from utils.training import side_by_side, time_epochs  # noqa: E402

DT_PAST, DT_FUTU, N_NEURONS, N_SUB = 20, 8, 400, 1
LENGTH_SEQ, N_TRAIN_BARCODES, SEEDS = 500, 596, 3  # notebook 01: 596 training sequences of 500 bases, 3 seeds
MODELS = {  # name: (builder from utils.models, input shape of one sample)
    "vanilla": (lambda: models.vanilla(DT_PAST, 1, N_NEURONS, DT_FUTU), (DT_PAST, 1)),
    "bidirectional": (lambda: models.bidirectional(DT_PAST, 1, N_NEURONS, DT_FUTU), (DT_PAST, 1)),
    "stacked": (lambda: models.stacked(DT_PAST, 1, N_NEURONS, DT_FUTU), (DT_PAST, 1)),
    "cnn_lstm": (lambda: models.cnn_lstm(DT_PAST, 1, N_NEURONS, DT_FUTU), (N_SUB, DT_PAST, 1)),
    "lstm": (lambda: models.lstm_classifier(LENGTH_SEQ, 4, 100, 3, 3e-3, 1.0), (LENGTH_SEQ, 4)),
}
BARCODE_MODELS = ("lstm",)  # trained as in notebook 01: one-hot bases, 3 classes, seeds side by side
BATCHES = {"lstm": [32, 64, 128]}  # the notebooks' batch (32) and larger ones; forecasters: --batch-sizes


def layer_flops(layer: keras.layers.Layer, steps: int) -> float:
    """Forward FLOPs of one layer for one sample: 2 per multiply-add of each weight matrix,
    applied once per time step (recurrent layers) or per output position (Conv1D)."""
    if isinstance(layer, keras.layers.Bidirectional):
        return layer_flops(layer.forward_layer, steps) + layer_flops(layer.backward_layer, steps)
    if isinstance(layer, keras.layers.TimeDistributed):
        return layer_flops(layer.layer, steps)
    if isinstance(layer, keras.layers.LSTM):
        cell = layer.cell
        return steps * 2 * (int(np.prod(cell.kernel.shape)) + int(np.prod(cell.recurrent_kernel.shape)))
    if isinstance(layer, keras.layers.Conv1D):  # valid padding: one output position per kernel placement
        positions = DT_PAST - layer.kernel_size[0] + 1
        return N_SUB * positions * 2 * int(np.prod(layer.kernel.shape))
    if isinstance(layer, keras.layers.Dense):
        return 2 * int(np.prod(layer.kernel.shape))
    return 0.0  # pooling, flattening: no multiply-adds


def model_flops(model: keras.Model) -> float:
    """Forward FLOPs per sample: an LSTM sees one step per row of its input (``DT_PAST`` for a
    forecaster, ``LENGTH_SEQ`` bases for the barcode LSTM), the CNN+LSTM's one step per sub-sequence."""
    if any(isinstance(x, keras.layers.TimeDistributed) for x in model.layers):
        steps = N_SUB
    else:
        steps = model.inputs[0].shape[1]
    return sum(layer_flops(layer, steps) for layer in model.layers)


def check_slide_counts() -> None:
    """The benchmarked models are the notebooks' models: the slides' parameter counts."""
    for name, (build, _) in MODELS.items():
        found = build().count_params()
        if found != models.SLIDE_PARAMS[name]:
            sys.exit(f"{name}: {found:,} parameters, the slides say {models.SLIDE_PARAMS[name]:,}")


def matmul_peak(n: int = 2048, repeats: int = 10) -> float:
    """Best float32 GFLOP/s of an n x n matmul with the active backend."""
    a = keras.ops.convert_to_tensor(np.random.default_rng(0).random((n, n), dtype=np.float32))
    keras.ops.convert_to_numpy(keras.ops.matmul(a, a))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        keras.ops.convert_to_numpy(keras.ops.matmul(a, a))
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def throughput(name: str, batch_size: int, windows: int, epochs: int, seeds: int = 1) -> float:
    """Training samples per second (per network: with ``seeds`` networks side by side, as the
    notebooks train their barcode classifiers, each sample is learnt ``seeds`` times), timed
    after one warm-up epoch (``utils.training.time_epochs``). Barcodes: random one-hot bases."""
    build, shape = MODELS[name]
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    if name in BARCODE_MODELS:
        X = np.eye(shape[1], dtype=np.float32)[rng.integers(0, shape[1], (windows, shape[0]))]
        Y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, windows)]
    else:
        X = rng.random((windows, *shape), dtype=np.float32)
        Y = rng.random((windows, DT_FUTU), dtype=np.float32)
    model = side_by_side(build, range(seeds))[0] if seeds > 1 else build()
    return seeds * windows / time_epochs(model, X, [Y] * seeds if seeds > 1 else Y, batch_size, epochs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[32, 128, 400])
    parser.add_argument("--windows", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=1, help="timed epochs after the warm-up")
    parser.add_argument("--sequences", type=int, default=N_TRAIN_BARCODES, help="barcodes per epoch")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    check_slide_counts()
    backend = keras.backend.backend()
    peak = matmul_peak()
    machine = f"{platform.machine()}, {os.cpu_count()} CPU core(s), Keras {keras.__version__} on {backend}"
    print(f"{machine}; float32 matmul peak {peak:.1f} GFLOP/s", flush=True)
    rows = []
    runs = [(name, 1) for name in args.models] + [(name, SEEDS) for name in args.models if name in BARCODE_MODELS]
    for name, seeds in runs:
        barcodes = name in BARCODE_MODELS
        for batch in BATCHES.get(name, args.batch_sizes):
            n = args.sequences if barcodes else args.windows
            sps = throughput(name, batch, n, args.epochs, seeds)
            gflops = sps * 3 * model_flops(MODELS[name][0]()) / 1e9
            label = f"{name} x{seeds} side by side" if seeds > 1 else name
            # seconds per epoch of notebook 01 (all its seeds) for the barcodes, per 1000 windows otherwise
            per = SEEDS * args.sequences / sps if barcodes else 1000 / sps
            rows.append({"backend": backend, "model": label, "batch_size": batch, "samples_per_s": round(sps, 1),
                         "seconds": round(per, 2), "gflop_per_s": round(gflops, 2),
                         "pct_of_peak": round(100 * gflops / peak, 1)})
            unit = f"s per epoch of {SEEDS} seeds" if barcodes else "s per 1000 windows"
            print(f"{label:>22} batch {batch:>4}: {sps:8.1f} samples/s, {per:6.2f} {unit}, "
                  f"{gflops:6.1f} GFLOP/s = {100 * gflops / peak:5.1f} % of peak", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / f"bench-{backend}.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    header = ("| model | batch | samples/s | seconds (barcodes: per epoch of 3 seeds; else per 1000 windows) "
              "| GFLOP/s | % of matmul peak |\n"
              "|---|---:|---:|---:|---:|---:|\n")
    body = "".join(f"| {r['model']} | {r['batch_size']} | {r['samples_per_s']} | {r['seconds']} | "
                   f"{r['gflop_per_s']} | {r['pct_of_peak']} |\n" for r in rows)
    (args.out / f"bench-{backend}.md").write_text(f"{machine}; float32 matmul peak {peak:.1f} GFLOP/s\n\n"
                                                  + header + body)
    print(f"wrote {args.out / f'bench-{backend}.csv'} and .md")


if __name__ == "__main__":
    main()
