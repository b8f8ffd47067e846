"""Barcode classifiers over seeds: tables, verdicts, records and back, the sentences about them,
and the one-call notebook set-up."""

from __future__ import annotations

import json
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.conftest import ROOT  # noqa: E402
from utils import classification, plots, sentences  # noqa: E402
from utils.barcodes import load_barcode_data  # noqa: E402
from utils.classification import Classification  # noqa: E402
from utils.forecast import Forecast  # noqa: E402
from utils.results import _plain  # noqa: E402
from utils.series import load_series  # noqa: E402
from utils.windows import scaled_both_ways  # noqa: E402


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
            + [classification.baseline("kmer", {"accuracy": 0.965, "balanced_accuracy": 0.96,
                                                "confusion": [[96, 4, 0], [0, 0, 0], [0, 0, 0]]}, k=5)])


def test_table_spread_verdicts_and_headline(runs) -> None:
    table = classification.table(runs)
    assert list(table.index) == [plots.label(m) for m in ("kmer", "lstm", "conv_lstm_pooled")]
    row = table.loc[plots.label("lstm")]
    assert row["seeds"] == 3 and row["test accuracy"] == pytest.approx(0.86) and (row["min"], row["max"]) == (0.85,
                                                                                                              0.87)
    groups = classification.by_model(runs)
    assert classification.spread(runs) == pytest.approx(0.02)
    assert classification.verdict(groups["lstm"], groups["kmer"], 0.02) == "lower"
    assert classification.verdict(groups["conv_lstm_pooled"], groups["kmer"], 0.02) == "within the seed spread"
    assert classification.headline(runs)["barcodes.lstm.accuracy"] == pytest.approx(0.86)
    fig = classification.plot_accuracy(runs)
    assert len(fig.axes[0].patches) == 3 and fig.axes[0].get_xlabel().startswith("test accuracy")
    plt.close("all")


def test_records_round_trip(runs) -> None:
    block = json.loads(json.dumps(_plain(classification.records(runs))))
    assert [r["seed"] for r in block["lstm"]] == [0, 1, 2] and block["kmer"][0]["k"] == 5
    back = classification.from_records(block | {"not_a_list": {"params": 1}})
    assert classification.table(back).equals(classification.table(runs))


def test_barcode_sentences_and_takeaways(runs) -> None:
    text = sentences.barcode_findings(runs)
    assert "LSTM(100) 0.860 (0.850-0.870, 3 seeds)" in text and "100 held-out sequences" in text
    assert "has a lower accuracy than the k-mer logistic regression" in text
    assert "are within the seed spread of each other" in text  # pooled against k-mers
    assert "validation accuracy is highest at epoch 2 of 2" in sentences.classifier_curve_findings(runs[0])
    assert "more epochs might still help" in sentences.classifier_curve_findings(runs[0])  # best epoch: the last
    low = sentences.classifier_curve_findings(runs[0], majority_share=0.5)  # val accuracy 0.4, then 0.7
    assert "at or below 0.500, the largest class's share" in low and "at 1 epoch (epoch 1)" in low
    assert sentences.classifier_curve_findings(runs[0], majority_share=0.3).endswith(
        "Validation accuracy was never at or below 0.300, the largest class's share (always guessing it).")
    assert "mistake: 15 a sequences called b." in sentences.confusion_findings(runs[0], ["a", "b", "c"])
    tied = run("lstm", 0, 0.9)
    tied.test["confusion"] = [[8, 2, 0], [2, 8, 0], [0, 0, 10]]
    assert "mistakes, tied: 2 a sequences called b, 2 b sequences called a." in sentences.confusion_findings(
        tied, ["a", "b", "c"])
    assert "(one standard error" in sentences.classifier_findings(runs[:3], 50)
    s = load_series("synthetic")
    d = scaled_both_ways(s.y, 20, 8)["relative"]
    start, truth = d.target_start["test"], d.Y_true["test"]
    forecasts = [Forecast("persistence", s, start, truth, truth + 1.0),
                 Forecast("linear", s, start, truth, truth + 0.5, params=168, seed=0, training={"x": 1}),
                 Forecast("vanilla", s, start, truth, truth + 0.2, params=646_408, seed=0, training={"x": 1})]
    bullets = sentences.takeaways(forecasts, runs)
    assert "of the trained models, the vanilla LSTM (646,408 weights) has the lowest mean test MAE, 0.200" in bullets
    assert "the vanilla LSTM and the linear model ran once each" in bullets  # no seeds, no verdict
    assert ("**Barcodes**: the highest test accuracy of all is the k-mer logistic regression's, 0.965, a baseline; "
            "of the trained models, the (d) pooled Conv1D+LSTM has the highest mean test accuracy, "
            "0.960 (0.950-0.970, 3 seeds)") in bullets
    assert "has a higher accuracy than the LSTM(100)" in bullets  # gap 0.10 beyond both ranges (0.02)
    assert "are within the seed spread of each other" in bullets  # against k-mers, 0.005 apart


def test_course_recipe_findings_count_the_updates() -> None:
    data = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, None, 500, 0)
    course_idx = np.sort(np.concatenate([data.train, data.val]))
    course = [run("course_recipe_lstm", s, a) for s, a in ((0, 0.5), (1, 0.6))]
    course[1].test["confusion"] = [[40, 0, 0], [30, 0, 0], [29, 1, 0]]  # 99 of 100 called the first class
    lstm = [run("lstm", 0, 0.85), run("lstm", 1, 0.87)]
    majority = classification.baseline("majority", {"accuracy": 0.433, "confusion": [[1]]})
    text = sentences.course_recipe_findings(course, course + lstm + [majority], data, course_idx, 400, 40,
                                            {"batch_size": 32, "epochs": 80, "learning_rate": 3e-3})
    assert "notebook 01's recipe 0.860, the course's 0.550, a gap of +0.310: beyond" in text
    assert "over the 545 sequences it fits is 2 weight updates per epoch, 80 in 40 epochs" in text
    assert "up to 1520 (batch 32, 80 epochs, learning rate 0.003)" in text and "on the last 137 sequences" in text
    assert f"seed 1 put at least 90 % of the test sequences in {data.class_names[0]}" in text
    assert "seed 0 put" not in text and "the majority class alone scores 0.433" in text
    assert "the course's recipe 0.950 and 0.550 (a gap of +0.400)" in text


def test_start_and_finish_in_a_fresh_process() -> None:
    code = "from utils.notebook import start, finish; start(); finish()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines[0].startswith("Keras 3") and "native log: " in lines[0]
    assert lines[1].startswith("This run took ") and " min on " in lines[1] and "Keras" in lines[1]


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
    assert plots.legend_share(fig) <= 0.25 and not fig.axes[0].get_legend()
    legend = fig.legends[0].get_window_extent()
    assert legend.y1 <= fig.axes[0].get_window_extent().y0  # under the axes, not over the curves
    assert legend.x0 >= 0 and legend.x1 <= fig.bbox.width  # and whole
    plt.close("all")


def test_accuracy_bars_name_each_model_above_its_bar(runs) -> None:
    fig = classification.plot_accuracy(runs)
    ax = fig.axes[0]
    assert plots.legend_share(fig) == 0 and ax.get_window_extent().width >= 0.85 * fig.bbox.width
    names = [t for t in ax.texts if t.get_text() in {plots.label(m) for m in ("kmer", "lstm", "conv_lstm_pooled")}]
    assert len(names) == 3 and all(t.get_position()[0] < 0.05 for t in names)  # at the left, above the bars
    assert max(ax.get_xticks()) == 1.0  # no accuracy beyond 1 on the axis
    plt.close("all")
