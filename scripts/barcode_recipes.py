"""Choose the barcode models' training recipe on validation data (never the test set).

    python scripts/barcode_recipes.py                 # the candidates below, on notebook 01's data
    python scripts/barcode_recipes.py 64:5e-3:20 128:1e-2:10

For each ``batch:learning_rate:patience`` the slides' LSTM(100) trains as in notebook 01 (3 seeds
side by side, ``EarlyStopping(patience)``) on the grouped split's training sequences; printed:
the validation accuracy of each seed at the kept epoch, the epochs run and the seconds. The
recipe with the best mean validation accuracy is the one notebooks 01, 02, 04 and 05 use.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils.barcodes import load_barcode_data  # noqa: E402
from utils.models import lstm_classifier, side_by_side  # noqa: E402

CANDIDATES = ["64:5e-3:20", "64:2e-3:20", "128:5e-3:20", "128:5e-3:10"]
SEEDS, EPOCHS = [0, 1, 2], 200


def validation_accuracy(data, batch_size: int, learning_rate: float, patience: int) -> tuple[list[float], int, float]:
    """Each seed's validation accuracy at the kept epoch, the epochs run and the seconds taken."""
    train, val, _ = data.split["grouped"]
    X, Y = data.X, data.Y
    model = side_by_side(lambda: lstm_classifier(X.shape[1], X.shape[2], 100, Y.shape[1], learning_rate, 1.0), SEEDS)
    stop = keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True)
    start = time.perf_counter()
    history = model.fit(X[train], [Y[train]] * len(SEEDS), validation_data=(X[val], [Y[val]] * len(SEEDS)),
                        epochs=EPOCHS, batch_size=batch_size, callbacks=[stop], verbose=0)
    seconds = time.perf_counter() - start
    accuracy = [float((p.argmax(1) == data.y[val]).mean()) for p in model.predict(X[val], verbose=0)]
    return accuracy, len(history.history["loss"]), seconds


def main(candidates: list[str]) -> None:
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    data = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, None, 10, 500, 0)
    for candidate in candidates:
        batch, rate, patience = candidate.split(":")
        accuracy, epochs, seconds = validation_accuracy(data, int(batch), float(rate), int(patience))
        print(f"batch {batch}, learning rate {rate}, patience {patience}: "
              f"validation accuracy {np.round(accuracy, 3).tolist()} "
              f"(mean {np.mean(accuracy):.3f}), {epochs} epochs, {seconds:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or CANDIDATES)
