"""The course's figure style, and one colour, line style and label per model id.

Every figure of every notebook draws a model with ``colour(model_id)`` and names it with
``label(model_id)``, in the order of ``ORDER``: "the orange line" means the same model in
the whole course. Colours are the Okabe-Ito colour-blind-safe palette; baselines are grey
or black. Figures are saved at 120 dpi with 13-point text, readable on a projector.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
             "purple": "#CC79A7", "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000"}
STYLE = {
    "figure.figsize": (10, 4.8), "figure.dpi": 120, "savefig.dpi": 120, "font.size": 15, "axes.titlesize": 16,
    "axes.labelsize": 15, "legend.fontsize": 13, "lines.linewidth": 2.0, "xtick.labelsize": 13,
    "ytick.labelsize": 13, "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.alpha": 0.3, "legend.framealpha": 0.9, "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO.values())),
}

# id: (label, colour, line style). Barcode models share the colour of their forecasting kin:
# blue is a plain LSTM, orange and vermillion a convolution before the LSTM, sky blue a linear model.
MODELS: dict[str, tuple[str, str, str]] = {
    "persistence": ("persistence", "0.55", "--"),
    "seasonal_naive": ("seasonal naive", "0.3", ":"),
    "least_squares": ("least squares (linear)", OKABE_ITO["sky"], "--"),
    "linear": ("linear model", OKABE_ITO["sky"], "-"),
    "vanilla": ("vanilla LSTM", OKABE_ITO["blue"], "-"),
    "bidirectional": ("bidirectional LSTM", OKABE_ITO["green"], "-"),
    "stacked": ("stacked LSTM", OKABE_ITO["purple"], "-"),
    "cnn_lstm_a": ("(a) CNN+LSTM", OKABE_ITO["orange"], "-"),
    "cnn_lstm_b": ("(b) CNN+LSTM", OKABE_ITO["vermillion"], "-"),
    "noise_floor": ("noise floor", OKABE_ITO["black"], "-."),
    "majority": ("majority class", "0.55", "--"),
    "kmer": ("k-mer logistic regression", OKABE_ITO["sky"], "-"),
    "course_recipe_lstm": ("LSTM, course's recipe", "0.3", "-"),
    "lstm": ("LSTM(100)", OKABE_ITO["blue"], "-"),
    "conv_lstm": ("Conv1D+LSTM", OKABE_ITO["orange"], "-"),
    "conv_lstm_pooled": ("(d) Conv1D+LSTM, pooled", OKABE_ITO["vermillion"], "-"),
}
ORDER = list(MODELS)
BASELINES = ("persistence", "seasonal_naive", "least_squares", "noise_floor", "majority", "kmer")


def _base(model_id: str) -> str:
    """The id whose colour a variant uses: ``vanilla_other`` -> ``vanilla``."""
    return next((m for m in sorted(MODELS, key=len, reverse=True) if model_id.startswith(m)), model_id)


def label(model_id: str) -> str:
    return MODELS[model_id][0] if model_id in MODELS else model_id.replace("_", " ")


def colour(model_id: str) -> str:
    """The model's colour; a variant of a model (e.g. ``vanilla_other``) gets a lighter shade of it."""
    base = MODELS.get(_base(model_id), (None, "0.4", "-"))[1]
    if model_id in MODELS or _base(model_id) == model_id:
        return base
    return mpl.colors.to_hex([0.45 + 0.55 * c for c in mpl.colors.to_rgb(base)])


def line_style(model_id: str) -> str:
    """The model's own style; a variant of a model (e.g. ``vanilla_other``) is dotted."""
    return MODELS[model_id][2] if model_id in MODELS else ":"


def ordered(model_ids: Iterable[str]) -> list[str]:
    """``model_ids`` in the course's legend order (unknown ids last, as given)."""
    ids = list(dict.fromkeys(model_ids))
    return sorted(ids, key=lambda m: (ORDER.index(_base(m)) if _base(m) in ORDER else len(ORDER), ids.index(m)))


def use_style() -> None:
    """Apply the course style to every later figure."""
    mpl.rcParams.update(STYLE)


def legend_below(fig: plt.Figure, ncol: int = 3) -> None:
    """One legend for the whole figure (every label of every panel, once), under the panels."""
    seen: dict[str, object] = {}
    for ax in fig.axes:
        for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(text, handle)
    fig.legend(seen.values(), seen.keys(), loc="outside lower center", ncol=min(ncol, len(seen)), frameon=False)


def readable_log_axis(ax: plt.Axes) -> None:
    """Log y axis with ticks at 1, 2 and 5 of each decade, written as plain numbers (0.05, not 5e-02)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(mpl.ticker.NullFormatter())


def few_ticks(ax: plt.Axes, n: int = 4, whole: bool = False) -> None:
    """At most ``n`` x ticks, written in full (no "+2e3" offset); ``whole``: whole numbers only (years)."""
    ax.xaxis.set_major_locator(MaxNLocator(n, integer=whole))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def class_overview(labels: Sequence[str], lengths: Sequence[int], LengthSeq: int) -> plt.Figure:
    """Bar chart of class counts beside a histogram of sequence lengths with the cut marked."""
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
    ax1.bar(names, counts, color="0.45")
    for i, n in enumerate(counts):
        ax1.text(i, n, str(n), ha="center", va="bottom")
    ax1.set(title="sequences per class", ylabel="sequences", ylim=(0, counts.max() * 1.15))
    ax2.hist(lengths, bins=40, color="0.45")
    ax2.axvline(LengthSeq, color=OKABE_ITO["vermillion"], ls="--", label=f"cut at LengthSeq = {LengthSeq}")
    ax2.set(title="sequence lengths", xlabel="length (bases)", ylabel="sequences")
    ax2.legend(loc="upper right")
    return fig


def one_hot_image(x: np.ndarray, title: str, n_bases: int = 80) -> plt.Figure:
    """The slide's 4 x L picture of one one-hot sequence ``(LengthSeq, 4)`` (first ``n_bases``)."""
    fig, ax = plt.subplots(figsize=(12, 2.4), layout="constrained")
    ax.imshow(x[:n_bases].T, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks(range(4), list("ACGT"))
    ax.set(xlabel="position in the sequence (base)", title=title)
    ax.grid(False)
    return fig


def training_curves(histories: Mapping[str, Mapping[str, list[float]]], metric: str = "loss",
                    title: str | None = None, ax: plt.Axes | None = None, ylabel: str | None = None) -> plt.Figure:
    """Training (dashed) and validation (solid) ``metric`` per epoch, one colour per model id;
    a loss is drawn on a log axis."""
    fig, ax = (plt.subplots(layout="constrained") if ax is None else (ax.figure, ax))
    for model_id in ordered(histories):
        hist, c = histories[model_id], colour(model_id)
        epochs = np.arange(1, len(hist[metric]) + 1)
        ax.plot(epochs, hist[metric], ls="--", lw=1.5, color=c, label=f"{label(model_id)}, training")
        ax.plot(epochs, hist[f"val_{metric}"], color=c, label=f"{label(model_id)}, validation")
    ax.set(xlabel="epoch", ylabel=ylabel or metric, title=title or f"{metric} during training")
    if metric == "loss":
        readable_log_axis(ax)
    ax.legend(loc="best", fontsize=10)
    return fig


def confusion(cm: Sequence[Sequence[int]], class_names: Sequence[str], title: str) -> plt.Figure:
    """Confusion-matrix heat map (rows: true class, columns: predicted) with counts written in."""
    cm = np.asarray(cm)
    fig, ax = plt.subplots(figsize=(5.8, 4.8), layout="constrained")
    ax.imshow(cm, cmap="Blues")
    for (i, j), n in np.ndenumerate(cm):
        ax.text(j, i, str(n), ha="center", va="center", color="white" if n > cm.max() / 2 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=20, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    ax.grid(False)
    return fig


def true_class_probability(proba: np.ndarray, y_true: np.ndarray, class_names: Sequence[str]) -> plt.Figure:
    """The course's per-class histograms of the predicted probability of the true class."""
    fig, axes = plt.subplots(1, len(class_names), figsize=(4 * len(class_names), 3.6), sharey=True,
                             layout="constrained")
    for k, (ax, name) in enumerate(zip(np.atleast_1d(axes), class_names, strict=True)):
        ax.hist(proba[y_true == k, k], bins=np.linspace(0, 1, 21), color=OKABE_ITO["blue"])
        ax.set(title=name, xlabel="P(true class)")
    np.atleast_1d(axes)[0].set_ylabel("test sequences")
    return fig


def bars(values: Mapping[str, float], title: str, xlabel: str, ax: plt.Axes | None = None,
         spread: Mapping[str, tuple[float, float]] | None = None, fmt: str = "{:.3f}") -> plt.Figure:
    """Horizontal bar per model id (e.g. test MAE), value written at its end, optional
    ``spread`` ``(low, high)`` drawn as an error bar; models in the course's order."""
    fig, ax = (plt.subplots(figsize=(9, 0.55 * len(values) + 1.6), layout="constrained") if ax is None
               else (ax.figure, ax))
    ids = ordered(values)
    y = np.arange(len(ids))
    ax.barh(y, [values[m] for m in ids], color=[colour(m) for m in ids], height=0.7,
            hatch=["//" if line_style(m) == "--" and m in BASELINES else "" for m in ids], edgecolor="white")
    top = max(values.values())
    for i, m in enumerate(ids):
        end = values[m]
        if spread and m in spread:
            low, high = spread[m]
            ax.errorbar(values[m], i, xerr=[[values[m] - low], [high - values[m]]], color="black", capsize=4, lw=1.2)
            end = max(end, high)
            top = max(top, high)
        ax.text(end + 0.01 * top, i, " " + fmt.format(values[m]), va="center", fontsize=12)
    ax.set_yticks(y, [label(m) for m in ids])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.25)  # room for the value labels
    ax.set(title=title, xlabel=xlabel)
    ax.grid(axis="y", visible=False)
    return fig
