"""Training throughput of the lecture's models, against this machine's matmul peak.

    python scripts/bench.py                      # make bench (TensorFlow backend)
    KERAS_BACKEND=jax python scripts/bench.py    # make bench-jax

For each model and batch size: one warm-up epoch (compilation), then timed epochs on
``--windows`` random windows; samples per second; training FLOPs estimated from the layer
sizes (forward matmul FLOPs x 3 for forward + backward); GFLOP/s; and that as a fraction
of the float32 matmul peak measured with the same backend in the same run. Writes
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
from keras import layers  # noqa: E402

DT_PAST, DT_FUTU, N_NEURONS = 20, 8, 400


def lstm_flops(d: int, u: int, steps: int) -> float:
    """Forward FLOPs of one LSTM layer for one sample: 4 gates, input and recurrent matmuls."""
    return steps * 2 * 4 * u * (d + u)


MODELS = {
    # name: (builder, input shape per sample, forward FLOPs per sample)
    "vanilla": (lambda: [layers.Input((DT_PAST, 1)), layers.LSTM(N_NEURONS), layers.Dense(DT_FUTU)],
                (DT_PAST, 1), lstm_flops(1, N_NEURONS, DT_PAST) + 2 * N_NEURONS * DT_FUTU),
    "bidirectional": (lambda: [layers.Input((DT_PAST, 1)), layers.Bidirectional(layers.LSTM(N_NEURONS)),
                               layers.Dense(DT_FUTU)],
                      (DT_PAST, 1), 2 * lstm_flops(1, N_NEURONS, DT_PAST) + 2 * 2 * N_NEURONS * DT_FUTU),
    "stacked": (lambda: [layers.Input((DT_PAST, 1)), layers.LSTM(N_NEURONS, return_sequences=True),
                         layers.LSTM(2 * N_NEURONS, activation="relu", return_sequences=True),
                         layers.LSTM(N_NEURONS, activation="relu"), layers.Dense(DT_FUTU)],
                (DT_PAST, 1), lstm_flops(1, N_NEURONS, DT_PAST) + lstm_flops(N_NEURONS, 2 * N_NEURONS, DT_PAST)
                + lstm_flops(2 * N_NEURONS, N_NEURONS, DT_PAST) + 2 * N_NEURONS * DT_FUTU),
    "cnn_lstm": (lambda: [layers.Input((1, DT_PAST, 1)),
                          layers.TimeDistributed(layers.Conv1D(64, 3, activation="relu")),
                          layers.TimeDistributed(layers.MaxPooling1D(2)), layers.TimeDistributed(layers.Flatten()),
                          layers.LSTM(N_NEURONS), layers.Dense(DT_FUTU)],
                 (1, DT_PAST, 1), 2 * 3 * 64 * 18 + lstm_flops(576, N_NEURONS, 1) + 2 * N_NEURONS * DT_FUTU),
}


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


def throughput(name: str, batch_size: int, windows: int, epochs: int) -> float:
    """Training samples per second after one warm-up epoch."""
    build, shape, _ = MODELS[name]
    keras.utils.set_random_seed(0)
    model = keras.Sequential(build())
    model.compile(loss="mean_squared_error", optimizer="adam")
    rng = np.random.default_rng(0)
    X = rng.random((windows, *shape), dtype=np.float32)
    Y = rng.random((windows, DT_FUTU), dtype=np.float32)
    model.fit(X, Y, batch_size=batch_size, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(X, Y, batch_size=batch_size, epochs=epochs, verbose=0)
    return windows * epochs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[32, 128, 400])
    parser.add_argument("--windows", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=1, help="timed epochs after the warm-up")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    backend = keras.backend.backend()
    peak = matmul_peak()
    machine = f"{platform.machine()}, {os.cpu_count()} CPU core(s), Keras {keras.__version__} on {backend}"
    print(f"{machine}; float32 matmul peak {peak:.1f} GFLOP/s", flush=True)
    rows = []
    for name in args.models:
        for batch in args.batch_sizes:
            sps = throughput(name, batch, args.windows, args.epochs)
            gflops = sps * 3 * MODELS[name][2] / 1e9
            rows.append({"backend": backend, "model": name, "batch_size": batch, "samples_per_s": round(sps, 1),
                         "s_per_1000_windows": round(1000 / sps, 2), "gflop_per_s": round(gflops, 2),
                         "pct_of_peak": round(100 * gflops / peak, 1)})
            print(f"{name:>14} batch {batch:>4}: {sps:8.1f} samples/s, {1000 / sps:6.2f} s per 1000 windows, "
                  f"{gflops:6.1f} GFLOP/s = {100 * gflops / peak:5.1f} % of peak", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / f"bench-{backend}.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    header = ("| model | batch | samples/s | s per 1000 windows | GFLOP/s | % of matmul peak |\n"
              "|---|---:|---:|---:|---:|---:|\n")
    body = "".join(f"| {r['model']} | {r['batch_size']} | {r['samples_per_s']} | {r['s_per_1000_windows']} | "
                   f"{r['gflop_per_s']} | {r['pct_of_peak']} |\n" for r in rows)
    (args.out / f"bench-{backend}.md").write_text(f"{machine}; float32 matmul peak {peak:.1f} GFLOP/s\n\n"
                                                  + header + body)
    print(f"wrote {args.out / f'bench-{backend}.csv'} and .md")


if __name__ == "__main__":
    main()
