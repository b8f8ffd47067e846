"""Barcode classifiers over seeds through the one reporting path: tables, headlines, records and
back (``utils.report``), the accuracy figure (``utils.figures``), and the one-call notebook set-up."""

from __future__ import annotations

import json
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.conftest import ROOT, legend_share  # noqa: E402
from utils import figures, plots, report  # noqa: E402
from utils.outcomes import Classification  # noqa: E402
from utils.results import _plain  # noqa: E402


def run(model_id: str, seed: int | None, accuracy: float, params: int | None = 1000) -> Classification:
    n = 100
    right = int(round(accuracy * n))
    test = {"accuracy": accuracy, "balanced_accuracy": accuracy - 0.01,
            "confusion": [[right, n - right, 0], [0, 0, 0], [0, 0, 0]]}
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}
    training = {"history": history, "seconds_per_epoch": 1.5, "train_seconds": 3.0} if params else {}
    return Classification(model_id, seed, params, None, test, 0.95 if params else None, training)


@pytest.fixture
def runs() -> list[Classification]:
    return ([run("lstm", s, a, 42_303) for s, a in enumerate((0.85, 0.86, 0.87))]
            + [run("conv_lstm_pooled", s, a, 67_135) for s, a in enumerate((0.95, 0.96, 0.97))]
            + [Classification.baseline("kmer", {"accuracy": 0.965, "balanced_accuracy": 0.96,
                                                "confusion": [[96, 4, 0], [0, 0, 0], [0, 0, 0]]}, k=5)])


def test_table_and_headline(runs) -> None:
    table = report.table(runs)
    assert list(table.index) == [plots.label(m) for m in ("kmer", "lstm", "conv_lstm_pooled")]
    row = table.loc[plots.label("lstm")]
    assert row["seeds"] == 3 and row["test accuracy"] == pytest.approx(0.86) and (row["min"], row["max"]) == (0.85,
                                                                                                              0.87)
    assert report.headline(runs)["barcodes.lstm.accuracy"] == pytest.approx(0.86)
    fig = figures.plot_accuracy(runs)
    assert len(fig.axes[0].patches) == 3 and fig.axes[0].get_xlabel().startswith("test accuracy")
    plt.close("all")


def test_records_round_trip(runs) -> None:
    block = json.loads(json.dumps(_plain(report.records(runs))))
    assert [r["seed"] for r in block["lstm"]] == [0, 1, 2] and block["kmer"][0]["k"] == 5
    back = report.from_records(block | {"not_a_list": {"params": 1}})
    assert report.table(back).equals(report.table(runs))




def test_start_and_finish_in_a_fresh_process() -> None:
    code = "from utils.notebook import start, finish; start(); finish()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines[0].startswith("Keras 3") and "native log: " in lines[0]
    assert lines[1].startswith("This run took ") and " s) on " in lines[1] and "Keras" in lines[1]


def test_training_curves_mark_the_epoch_kept_by_the_chosen_measure() -> None:
    history = {"loss": [1.0, 0.8, 0.7], "val_loss": [0.9, 0.6, 0.8], "accuracy": [0.5, 0.6, 0.7],
               "val_accuracy": [0.5, 0.6, 0.8]}  # lowest validation loss at epoch 2, best accuracy at 3
    for kept_by, epoch, words in ((None, 2, "lowest validation loss"), ("accuracy", 3, "best validation accuracy")):
        fig = plots.training_curves({"lstm": history}, "loss", kept_by=kept_by)
        ax = fig.axes[0]
        dots = [ln for ln in ax.lines if ln.get_marker() == "o" and len(ln.get_xdata())]
        assert [d.get_xdata()[0] for d in dots] == [epoch]
        assert dots[0].get_ydata()[0] == history["val_loss"][epoch - 1]  # on the validation loss curve
        texts = [t.get_text() for t in fig.legends[0].get_texts()]
        assert f"dot: epoch kept ({words})" in texts  # the legend says what the dot marks
        assert ax.get_xlabel() == "epoch"
    plt.close("all")


def test_training_curves_draw_no_validation_line_or_dot_for_a_history_without_one() -> None:
    full = {"loss": [1.0, 0.8, 0.7], "val_loss": [0.9, 0.6, 0.8]}
    fig = plots.training_curves({"lstm": full, "conv_lstm": {"loss": [1.2, 0.9, 0.6]}}, "loss")
    ax = fig.axes[0]
    drawn = [ln for ln in ax.lines if len(ln.get_xdata())]
    theirs = [ln for ln in drawn if ln.get_color() == plots.colour("conv_lstm")]
    assert [ln.get_linestyle() for ln in theirs] == ["--"]  # training only: no validation, no dot
    assert [ln.get_color() for ln in drawn if ln.get_marker() == "o"] == [plots.colour("lstm")]
    alone = plots.training_curves({"conv_lstm": {"loss": [1.2, 0.9, 0.6]}}, "loss")
    texts = [t.get_text() for t in alone.legends[0].get_texts()]
    assert "solid: validation" not in texts and not any(t.startswith("dot") for t in texts)
    plt.close("all")


def test_training_curve_legends_stay_under_a_quarter_of_the_figure_and_off_the_data() -> None:
    history = {k: list(np.linspace(0.4, 0.9, 80)) for k in ("accuracy", "val_accuracy")}
    fig = plots.training_curves({"lstm_adam": history, "lstm": history}, "accuracy",
                                labels={"lstm_adam": "Adam() (the slides)", "lstm": "Adam(0.003, clipnorm=1.0)"},
                                marked=["lstm_adam"])
    assert legend_share(fig) <= 0.25 and not fig.axes[0].get_legend()
    legend = fig.legends[0].get_window_extent()
    assert legend.y1 <= fig.axes[0].get_window_extent().y0  # under the axes, not over the curves
    assert legend.x0 >= 0 and legend.x1 <= fig.bbox.width  # and whole
    plt.close("all")


def test_accuracy_bars_name_each_model_above_its_bar(runs) -> None:
    fig = figures.plot_accuracy(runs)
    ax = fig.axes[0]
    assert legend_share(fig) == 0 and ax.get_window_extent().width >= 0.85 * fig.bbox.width
    names = [t for t in ax.texts if t.get_text() in {plots.label(m) for m in ("kmer", "lstm", "conv_lstm_pooled")}]
    assert len(names) == 3 and all(t.get_position()[0] < 0.05 for t in names)  # at the left, above the bars
    assert max(ax.get_xticks()) == 1.0  # no accuracy beyond 1 on the axis
    plt.close("all")
