"""Tables, figures and results records of barcode classifiers over seeds (notebooks 01, 04, 05).

A classifier's runs are :class:`Classification` objects, one per seed; baselines
(k-mer counts, the majority class) are the same objects without weights or history.
Notebook 05 gets them back from the results files with :func:`from_records`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from utils import plots


@dataclass
class Classification:
    """A trained classifier scored on held-out data: ``proba`` ``(N_test, N_classes)``, ``test``
    the scores of ``utils.metrics.classification_scores``, ``train_accuracy`` on its own
    training sequences (what the course reported), ``training`` the fit's record."""

    model_id: str
    seed: int | None
    params: int | None
    proba: np.ndarray | None  # None when read back from a results file
    test: dict
    train_accuracy: float | None
    training: dict

    RECORD_KEYS = ("model_id", "seed", "params", "test", "train_accuracy")

    def record(self) -> dict[str, object]:
        """JSON-ready (README, "Results files")."""
        return {"model_id": self.model_id, "seed": self.seed, "params": self.params, "test": self.test,
                "train_accuracy": self.train_accuracy, **self.training}


def baseline(model_id: str, test: dict, **extra: object) -> Classification:
    """A classifier that is not trained by Keras (k-mers, majority class), for the same tables."""
    return Classification(model_id, None, None, None, test, None, dict(extra))


def by_model(classifiers: list[Classification]) -> dict[str, list[Classification]]:
    """``{model id: [runs, one per seed]}`` in the course's order."""
    grouped: dict[str, list[Classification]] = defaultdict(list)
    for c in classifiers:
        grouped[c.model_id].append(c)
    return {m: grouped[m] for m in plots.ordered(grouped)}


def accuracies(runs: list[Classification]) -> list[float]:
    return [c.test["accuracy"] for c in runs]


def table(classifiers: list[Classification]) -> pd.DataFrame:
    """Test accuracy (mean, min, max over seeds), balanced accuracy, accuracy on the training
    sequences and seconds per epoch (means over seeds), per model. A baseline's parameters are
    the ``weights`` it was recorded with, if any (the k-mer model's)."""
    rows = []
    for model_id, runs in by_model(classifiers).items():
        acc = accuracies(runs)
        train = [c.train_accuracy for c in runs if c.train_accuracy is not None]
        per_epoch = [c.training["seconds_per_epoch"] for c in runs if "seconds_per_epoch" in c.training]
        params = runs[0].params or runs[0].training.get("weights")
        rows.append({"model": plots.label(model_id), "parameters": params, "seeds": len(runs),
                     "test accuracy": np.mean(acc), "min": min(acc), "max": max(acc),
                     "balanced accuracy": np.mean([c.test["balanced_accuracy"] for c in runs]),
                     "accuracy on training data": np.mean(train) if train else np.nan,
                     "s / epoch": np.mean(per_epoch) if per_epoch else np.nan})
    out = pd.DataFrame(rows).set_index("model")
    out["parameters"] = out["parameters"].astype("Int64")
    return out


def plot_accuracy(classifiers: list[Classification], title: str = "barcodes: test accuracy") -> plt.Figure:
    """Mean test accuracy per model, the range over seeds as an error bar; each model's name
    above its bar (no legend, no column of names)."""
    groups = by_model(classifiers)
    mean = {m: float(np.mean(accuracies(r))) for m, r in groups.items()}
    spread = {m: (min(accuracies(r)), max(accuracies(r))) for m, r in groups.items() if len(r) > 1}
    fig = plots.bars(mean, title, "test accuracy (mean over seeds; error bars: min to max)", spread=spread or None)
    ax = fig.axes[0]
    ax.set_xlim(0, 1.25)  # 1.0 in view, room for the values written at the ends, no empty quarter
    ax.set_xticks(np.linspace(0, 1, 6))  # no tick beyond an accuracy of 1
    return fig






def headline(classifiers: list[Classification]) -> dict[str, float]:
    """``{"barcodes.<model id>.accuracy": mean test accuracy over seeds}``."""
    return {f"barcodes.{m}.accuracy": float(np.mean(accuracies(r))) for m, r in by_model(classifiers).items()}


def records(classifiers: list[Classification]) -> dict[str, list[dict]]:
    """The ``models`` block of a results file: per model id, one record per seed."""
    return {m: [c.record() for c in runs] for m, runs in by_model(classifiers).items()}


def from_records(models: dict) -> list[Classification]:
    """The classifiers a results file's ``models`` block holds (lists of records only)."""
    out = []
    for runs in models.values():
        if isinstance(runs, list):
            out += [Classification(r["model_id"], r["seed"], r["params"], None, r["test"], r["train_accuracy"],
                                   {k: v for k, v in r.items() if k not in Classification.RECORD_KEYS})
                    for r in runs]
    return out
