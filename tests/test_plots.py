"""Each figure draws what its caption says: one colour per model everywhere, the kept epoch where the
validation loss is lowest, one interval per verdict in the verdict's colour, baselines apart from models."""

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from utils import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plots.plt.close("all")


def test_every_model_has_its_own_colour_and_a_name():
    models = [m for m in plots.MODELS if m not in plots.BASELINES]
    colours = [mcolors.to_hex(plots.colour(m)) for m in models]
    assert len(set(colours)) == len(colours)
    assert plots.label("vanilla") == "vanilla LSTM" and plots.label("my_model") == "my model"
    assert plots.ordered(["my_model", "stacked", "vanilla"]) == ["vanilla", "stacked", "my_model"]


def test_readable_shows_names_and_the_interval_once():
    table = pd.DataFrame({"model": ["stacked"], "compared with": ["vanilla"], "gap": [-0.06812],
                          "95% interval": ["[-0.127, -0.027]"], "low": [-0.127], "high": [-0.027]})
    shown = plots.readable(table)
    assert shown.loc[0, "model"] == "stacked LSTM" and shown.loc[0, "compared with"] == "vanilla LSTM"
    assert "low" not in shown and shown.loc[0, "gap"] == -0.068


def test_training_curves_mark_the_epoch_of_the_lowest_validation_loss():
    history = {"loss": [1.0, 0.5, 0.3, 0.2], "val_loss": [1.0, 0.4, 0.6, 0.7]}
    fig = plots.training_curves({"vanilla": history}, "t")
    dots = [line for line in fig.axes[0].lines if line.get_marker() == "o" and len(line.get_xdata()) == 1]
    assert [(float(d.get_xdata()[0]), float(d.get_ydata()[0])) for d in dots] == [(2.0, 0.4)]
    assert mcolors.to_hex(dots[0].get_color()) == mcolors.to_hex(plots.colour("vanilla"))


def test_intervals_draw_one_segment_per_verdict_in_its_colour():
    verdicts = pd.DataFrame({"model": ["stacked", "bidirectional"], "compared with": ["vanilla", "vanilla"],
                             "gap": [-0.07, 0.01], "low": [-0.12, -0.04], "high": [-0.03, 0.05],
                             "verdict": ["better", "within"], "data": ["co2", "co2"]})
    ax = plots.intervals(verdicts, "t", "x").axes[0]
    segments = [line for line in ax.lines if len(line.get_xdata()) == 2 and line.get_linewidth() == 4]
    drawn = {(tuple(map(float, s.get_xdata())), mcolors.to_hex(s.get_color())) for s in segments}
    assert drawn == {((-0.12, -0.03), mcolors.to_hex(plots.VERDICT_COLOURS["better"])),
                     ((-0.04, 0.05), mcolors.to_hex(plots.VERDICT_COLOURS["within"]))}
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "stacked LSTM - vanilla LSTM (co2)"


def test_scores_draw_a_bar_per_model_at_its_seeds_mean():
    table = pd.DataFrame({"model": ["lstm"] * 3 + ["kmer"], "seed": [0, 1, 2, 0],
                          "test accuracy": [0.6, 0.7, 0.8, 0.97]})
    ax = plots.scores(table, "test accuracy", "t").axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.7, 0.97]


def test_weights_and_error_put_models_at_their_weights_and_baselines_as_lines():
    rng = np.random.default_rng(0)
    mae = {("co2", "vanilla"): rng.uniform(0.4, 0.6, (3, 10)), ("co2", "least_squares"): rng.uniform(0.4, 0.6, (1, 10)),
           ("co2", "seasonal_naive"): rng.uniform(0.4, 0.6, (1, 10)), ("co2", "persistence"): np.full((1, 10), 3.0)}
    ax = plots.weights_and_error(mae, {"vanilla": 646_408, "least_squares": 168}, "t").axes[0]
    points = sorted(float(c.lines[0].get_xdata()[0]) for c in ax.containers)
    assert points == [168.0, 646_408.0]
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and dashed[0].get_ydata()[0] == pytest.approx(mae["co2", "seasonal_naive"].mean())
