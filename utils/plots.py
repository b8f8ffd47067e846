"""The course's figure style, and one colour, line style and label per model id, in the order of
``ORDER`` ("the orange line" is the same model in the whole course; Okabe-Ito colour-blind-safe
colours, baselines grey or black); the drawing primitives (bars, legends, training curves) and
notebook 01's barcode figures. Figures of results from lists of runs are in ``utils.figures``.
"""

from __future__ import annotations

import re
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

# id: (label, colour, line style). Every model has a colour of its own in the whole course, the
# forecasters from the Okabe-Ito palette, the barcode models from Paul Tol's muted one; baselines
# are drawn dashed or dotted, trained models solid.
TOL = {"indigo": "#332288", "teal": "#44AA99", "olive": "#999933", "wine": "#882255", "dark green": "#117733",
       "rose": "#CC6677", "brown": "#8C564B", "sand": "#DDCC77"}
MODELS: dict[str, tuple[str, str, str]] = {
    "persistence": ("persistence", "0.6", "--"),
    "seasonal_naive": ("seasonal naive", TOL["brown"], ":"),
    "least_squares": ("least-squares linear fit", OKABE_ITO["black"], "--"),
    "linear": ("linear model", TOL["olive"], "-"),
    "vanilla": ("vanilla LSTM", OKABE_ITO["blue"], "-"),
    "bidirectional": ("bidirectional LSTM", OKABE_ITO["green"], "-"),
    "stacked": ("stacked LSTM", OKABE_ITO["purple"], "-"),
    "cnn_lstm_a": ("(a) CNN+LSTM", OKABE_ITO["orange"], "-"),
    "cnn_lstm_b": ("(b) CNN+LSTM", TOL["wine"], "-"),
    "noise_floor": ("noise floor", "0.4", "-."),
    "majority": ("majority class", "0.6", "--"),
    "kmer": ("k-mer logistic regression", TOL["sand"], "--"),
    "course_recipe_lstm": ("LSTM(100) as in the course", TOL["rose"], "-"),
    "lstm": ("LSTM(100)", TOL["indigo"], "-"),
    "conv_lstm": ("(c) Conv1D+LSTM", TOL["dark green"], "-"),
    "conv_lstm_pooled": ("(d) pooled Conv1D+LSTM", OKABE_ITO["vermillion"], "-"),
}
ORDER = list(MODELS)
BASELINES = ("persistence", "seasonal_naive", "least_squares", "noise_floor", "majority", "kmer")
SERIES_COLOUR = "0.78"  # the series itself, behind every forecast


def _base(model_id: str) -> str:
    """The id whose colour a variant uses: ``vanilla_other`` -> ``vanilla``."""
    return next((m for m in sorted(MODELS, key=len, reverse=True) if model_id.startswith(m)), model_id)


def label(model_id: str) -> str:
    """The model's name in tables and legends (``least_squares_80``: the fit on 80 past steps)."""
    if model_id in MODELS:
        return MODELS[model_id][0]
    steps = re.fullmatch(r"least_squares_(\d+)", model_id)
    return f"least squares, {steps[1]} past steps" if steps else model_id.replace("_", " ")


def colour(model_id: str) -> str:
    """The model's colour; least squares on a longer past (``least_squares_80``) is sky blue, any
    other variant of a model (e.g. ``vanilla_other``, drawn beside it in an exercise) dark grey,
    so that the two cannot be mistaken for each other."""
    if model_id in MODELS:
        return MODELS[model_id][1]
    return OKABE_ITO["sky"] if re.fullmatch(r"least_squares_\d+", model_id) else "0.25"


def colour_name(model_id: str) -> str:
    """The model's colour in a word, for a title or caption ("olive", "grey")."""
    c = colour(model_id)
    named = {v: k for k, v in {**OKABE_ITO, **TOL}.items()}
    return named.get(c, "grey" if c.replace(".", "", 1).isdigit() else c)


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


def renderer_of(fig: plt.Figure):
    """The renderer that measures text and legends (Agg's, as in notebooks and tests; else the figure's own)."""
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get else fig._get_renderer()


def legend_below(fig: plt.Figure, ncol: int = 3) -> None:
    """One legend for the whole figure (every label of every panel, once), under the panels, in
    at most ``ncol`` columns (fewer where its row would be wider than the figure), read row by
    row: trained models first, then the baselines."""
    seen: dict[str, object] = {}
    for ax in fig.axes:
        for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(text, handle)
    baselines = {label(m) for m in BASELINES}
    texts = sorted(seen, key=lambda t: t.split(" (")[0] in baselines)
    renderer = renderer_of(fig)
    for n in range(min(ncol, len(texts)), 0, -1):
        rows = -(-len(texts) // n)
        by_column = [texts[r * n + c] for c in range(n) for r in range(rows) if r * n + c < len(texts)]
        legend = fig.legend([seen[t] for t in by_column], by_column, loc="outside lower center", ncol=n,
                            frameon=False)
        if n == 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
            return
        legend.remove()


def readable_log_axis(ax: plt.Axes) -> None:
    """Log y axis with ticks at 1, 2 and 5 of each decade (at 1, 2, 3, 4, 5, 6 and 8 where the
    data span less than a decade: 7 and 9 would crowd their neighbours), written as plain
    numbers (0.05, not 5e-02)."""
    ax.set_yscale("log")
    low, high = ax.get_ylim()
    narrow = low > 0 and high / low < 10
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0) if narrow
                                          else (1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(mpl.ticker.NullFormatter())


def few_ticks(ax: plt.Axes, n: int = 4, whole: bool = False) -> None:
    """At most ``n`` x ticks, written in full (no "+2e3" offset); ``whole``: whole numbers only (years)."""
    ax.xaxis.set_major_locator(MaxNLocator(n, integer=whole))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def class_overview(labels: Sequence[str], lengths: Sequence[int], LengthSeq: int) -> plt.Figure:
    """Bar chart of class counts beside a histogram of sequence lengths with the cut marked."""
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    lengths = np.asarray(lengths)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
    ax1.bar(names, counts, color="0.45")
    for i, n in enumerate(counts):
        ax1.text(i, n, str(n), ha="center", va="bottom")
    ax1.set(title="sequences per class, after the cut", ylabel="sequences", ylim=(0, counts.max() * 1.15))
    top = np.percentile(lengths, 99)  # a few very long records would squeeze the rest
    first = LengthSeq - 10 * int(np.ceil(max(LengthSeq - lengths.min(), 0) / 10))
    edges = np.arange(first, top + 20, 10)  # bins start at the cut: none straddles it
    ax2.hist(np.minimum(lengths, edges[-1] - 1), bins=edges, color="0.45")
    ax2.axvline(LengthSeq, color=OKABE_ITO["vermillion"], lw=3)
    longer = int((lengths >= edges[-2]).sum())
    ax2.set(title=f"lengths of all {len(lengths)} records, before the cut", ylabel="records",
            xlabel=f"length (bases), 10-base bins from the cut (vertical line, {LengthSeq})\nlast bin: the {longer} "
                   f"records of {edges[-2]:.0f} bases or more")
    return fig


def one_hot_image(x: np.ndarray, title: str, n_bases: int = 80) -> plt.Figure:
    """The slide's 4 x L picture of one one-hot sequence ``(LengthSeq, 4)`` (first ``n_bases``)."""
    fig, ax = plt.subplots(figsize=(12, 2.4), layout="constrained")
    ax.imshow(x[:n_bases].T, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks(range(4), list("ACGT"))
    ax.set(xlabel="position in the sequence (base)", ylabel="base", title=title)
    ax.grid(False)
    return fig


def training_curves(histories: Mapping[str, Mapping[str, list[float]]], metric: str = "loss",
                    title: str | None = None, ax: plt.Axes | None = None, ylabel: str | None = None,
                    labels: Mapping[str, str] | None = None, marked: Sequence[str] | None = None,
                    kept_by: str | None = None) -> plt.Figure:
    """Training (dashed) and validation (solid) ``metric`` per epoch, a colour per model id
    (``labels`` may rename them), a dot at the kept epoch (best validation ``kept_by``, default
    ``metric``) for the ids in ``marked`` (default all); a history without validation values
    gets its training curve only; a loss on a log axis. Short legend under the axes."""
    key = kept_by or metric
    own = ax is None
    fig, ax = (plt.subplots(layout="constrained") if own else (ax.figure, ax))
    has_val = has_dot = False
    for model_id in ordered(histories):
        hist, c = histories[model_id], colour(model_id)
        epochs = np.arange(1, len(hist[metric]) + 1)
        ax.plot(epochs, hist[metric], ls="--", lw=1.5, color=c)
        ax.plot([], [], color=c, lw=5, label=(labels or {}).get(model_id, label(model_id)))  # the model's colour
        if len(hist.get(f"val_{metric}", ())) == 0:
            continue  # e.g. a forecaster's other seeds, trained on the first seed's recipe without validation
        val = np.asarray(hist[f"val_{metric}"], dtype=float)
        ax.plot(epochs[:len(val)], val, color=c)
        has_val = True
        chosen_by = np.asarray(hist.get(f"val_{key}", ()), dtype=float)
        if len(chosen_by) and (marked is None or model_id in marked):
            best = int(np.argmin(chosen_by) if key == "loss" else np.argmax(chosen_by))
            if best < len(val):
                ax.plot(epochs[best], val[best], "o", color=c, ms=8, mec="black", zorder=3)
                has_dot = True
    ax.plot([], [], ls="--", lw=1.5, color="0.35", label="dashed: training")
    if has_val:
        ax.plot([], [], color="0.35", label="solid: validation")
    if has_dot:
        word = "lowest" if key == "loss" else "best"
        ax.plot([], [], "o", color="0.6", ms=8, mec="black", label=f"dot: epoch kept ({word} validation {key})")
    ax.set(xlabel="epoch", ylabel=ylabel or metric, title=title or f"{metric} during training")
    if metric == "loss":
        readable_log_axis(ax)
    if own:
        legend_below(fig, ncol=4)
    else:
        ax.legend(fontsize=11)  # a caller drawing several panels gathers the entries (see legend_below)
    return fig


def confusion(cm: Sequence[Sequence[int]], class_names: Sequence[str], title: str) -> plt.Figure:
    """Confusion-matrix heat map (rows: true class, columns: predicted) with counts written in."""
    cm = np.asarray(cm)
    share = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)  # colour: the share of each true class
    fig, ax = plt.subplots(figsize=(6.4, 5.0), layout="constrained")
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (i, j), n in np.ndenumerate(cm):
        ax.text(j, i, f"{n}\n{share[i, j]:.0%}", ha="center", va="center",
                color="white" if share[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=20, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set(xlabel="predicted class", ylabel="true class (colour: share of its row)", title=title)
    ax.grid(False)
    return fig


def true_class_probability(proba: np.ndarray, y_true: np.ndarray, class_names: Sequence[str],
                           note: str = "") -> plt.Figure:
    """The course's per-class histograms of the predicted probability of the true class."""
    fig, axes = plt.subplots(1, len(class_names), figsize=(4 * len(class_names), 3.8), layout="constrained",
                             sharey=True)
    fig.suptitle("probability given to the true class, test sequences" + (f" ({note})" if note else ""))
    for k, (ax, name) in enumerate(zip(np.atleast_1d(axes), class_names, strict=True)):
        ax.hist(proba[y_true == k, k], bins=np.linspace(0, 1, 21), color=OKABE_ITO["blue"])
        ax.set(title=name, xlabel="P(true class)")
    np.atleast_1d(axes)[0].set_ylabel("test sequences")
    return fig


ROW_INCHES = 0.62  # one bar of :func:`bars` with its name above it


def bars(values: Mapping[str, float], title: str, xlabel: str, ax: plt.Axes | None = None,
         spread: Mapping[str, tuple[float, float]] | None = None, fmt: str = "{:.3f}",
         limit: float | None = None) -> plt.Figure:
    """A horizontal bar per model id in the course's order, its name above it, its value at its
    end (with the range over seeds as an error bar where ``spread`` has one); a bar beyond
    ``limit`` is cut there, its value written inside."""
    fig, ax = (plt.subplots(figsize=(9, ROW_INCHES * len(values) + 1.5), layout="constrained") if ax is None
               else (ax.figure, ax))
    ids = ordered(values)
    y = np.arange(len(ids))
    top = max([*values.values(), *(high for _, high in (spread or {}).values())])
    cap = limit if limit is not None and limit < top else None
    right = cap or top
    edge = right * 1.45  # room for the value labels
    cut = [m for m in ids if cap and values[m] > cap]
    shown = [edge if m in cut else values[m] for m in ids]  # a cut bar runs off the edge of the axis
    height = 0.5
    ax.barh(y, shown, color=[colour(m) for m in ids], height=height)
    for i, m in enumerate(ids):
        ax.text(0.006 * edge, i - height / 2 - 0.04, label(m), va="bottom", ha="left", fontsize=13, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})  # its name, above it
        end, text = shown[i], fmt.format(values[m])
        if m in cut:  # its value inside the bar, and a break where the scale stops being true
            ax.text(edge * 0.98, i, f"{text} \u2192", va="center", ha="right", fontsize=12, color="white",
                    fontweight="bold")
            ax.plot([cap * 0.97, cap * 1.03], [i + 0.27, i - 0.27], color="white", lw=3)
            continue
        if spread and m in spread:
            low, high = spread[m]
            ax.errorbar(values[m], i, xerr=[[values[m] - low], [high - values[m]]], color="black", capsize=4, lw=1.2)
            end = max(end, high)
            text += f" ({fmt.format(low)}-{fmt.format(high)})"
        ax.text(end + 0.01 * right, i, " " + text, va="center", fontsize=12)
    ax.set_yticks(y, [""] * len(ids))
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(ids) - 0.6, -0.95)  # top down in the course's order, room for the first name
    ax.set_xlim(0, edge)
    ax.set(title=title, xlabel=xlabel)
    ax.grid(axis="y", visible=False)
    return fig
