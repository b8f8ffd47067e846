"""Every figure of the course, in one style readable on a projector, with one colour per model
(Okabe-Ito and Paul Tol's colour-blind-safe palettes; baselines in greys and black, dashed)."""

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

STYLE = {"figure.figsize": (10, 4.8), "figure.dpi": 110, "font.size": 15, "axes.titlesize": 16,
         "axes.labelsize": 15, "legend.fontsize": 13, "xtick.labelsize": 13, "ytick.labelsize": 13,
         "lines.linewidth": 2.0, "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
         "grid.alpha": 0.3, "legend.framealpha": 0.9}
# id: (label, colour); the order is the legends' and the tables'.
MODELS = {
    "persistence": ("persistence", "0.55"), "seasonal_naive": ("seasonal naive", "#8C564B"),
    "least_squares": ("least squares", "#000000"), "least_squares_80": ("least squares, 80 past steps", "#56B4E9"),
    "noise_floor": ("noise floor", "0.35"), "vanilla": ("vanilla LSTM", "#0072B2"),
    "bidirectional": ("bidirectional LSTM", "#009E73"), "stacked": ("stacked LSTM", "#CC79A7"),
    "cnn_lstm_a": ("(a) CNN+LSTM, 1 sub-sequence", "#E69F00"),
    "cnn_lstm_b": ("(b) CNN+LSTM, 4 sub-sequences", "#882255"), "majority": ("majority class", "0.55"),
    "kmer": ("k-mer logistic regression", "#999933"), "nearest": ("nearest neighbour", "#000000"),
    "lstm": ("LSTM(100)", "#332288"), "bilstm": ("Bidirectional(LSTM(100))", "#44AA99"),
    "lstm_pooled": ("LSTM(100), pooled over time", "#117733"), "conv_lstm": ("(c) Conv1D+LSTM", "#AA4499"),
    "conv_lstm_pooled": ("(d) Conv1D+LSTM, pooled", "#D55E00"),
    "course_recipe": ("LSTM(100), the course's recipe", "#CC6677"),
}
BASELINES = {"persistence", "seasonal_naive", "least_squares", "least_squares_80", "noise_floor", "majority",
             "kmer", "nearest"}
VERDICT_COLOURS = {"better": "#009E73", "worse": "#D55E00", "within": "0.45"}


def label(model: str) -> str:
    """The model's name in tables and legends."""
    return MODELS.get(model, (model.replace("_", " "), ""))[0]


def colour(model: str) -> str:
    """The model's colour, the same in every notebook (dark grey for a model the course does not have)."""
    return MODELS.get(model, ("", "0.25"))[1]


def ordered(models) -> list[str]:
    """``models`` in the course's order (unknown ones last)."""
    order = list(MODELS)
    return sorted(dict.fromkeys(models), key=lambda m: order.index(m) if m in order else len(order))


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with model names for ids, 3 decimals, and a verdict table's interval only as written out."""
    out = table.drop(columns=[c for c in ("low", "high") if "95% interval" in table], errors="ignore")
    for column in ("model", "compared with"):
        if column in out:
            out[column] = out[column].map(label)
    return out.round(3)


def class_overview(labels: Sequence[str], lengths: Sequence[int], LengthSeq: int) -> plt.Figure:
    """Sequences per class after the cut, beside a histogram of all lengths before it (the cut marked)."""
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
    ax1.bar(names, counts, color="0.45")
    for i, n in enumerate(counts):
        ax1.text(i, n, str(n), ha="center", va="bottom")
    ax1.set(title="sequences per class, after the cut", ylabel="sequences", ylim=(0, counts.max() * 1.15))
    lengths = np.asarray(lengths)
    edges = np.arange(LengthSeq - 10 * int(np.ceil(max(LengthSeq - lengths.min(), 0) / 10)),
                      np.percentile(lengths, 99) + 20, 10)  # 10-base bins from the cut; the longest few in the last
    ax2.hist(np.minimum(lengths, edges[-1] - 1), bins=edges, color="0.45")
    ax2.axvline(LengthSeq, color="#D55E00", lw=3)
    ax2.set(title=f"lengths of all {len(lengths)} records, before the cut", ylabel="records",
            xlabel=f"length (bases); vertical line: the cut at {LengthSeq}")
    return fig


def one_hot_image(x: np.ndarray, title: str, n_bases: int = 80) -> plt.Figure:
    """The slide's 4 x L picture of one one-hot sequence ``(LengthSeq, 4)`` (its first ``n_bases``)."""
    fig, ax = plt.subplots(figsize=(12, 2.4), layout="constrained")
    ax.imshow(x[:n_bases].T, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks(range(4), list("ACGT"))
    ax.set(xlabel="position in the sequence (base)", ylabel="base", title=title)
    ax.grid(False)
    return fig


def training_curves(histories: Mapping[str, Mapping[str, list[float]]], title: str,
                    ylabel: str = "loss (log scale)") -> plt.Figure:
    """Training (dashed) and validation loss per epoch of each model, a dot at the epoch kept (least ``val_loss``)."""
    fig, ax = plt.subplots(figsize=(10, 4.6), layout="constrained")
    for model in ordered(histories):
        h, c = histories[model], colour(model)
        epochs = np.arange(1, len(h["loss"]) + 1)
        ax.plot(epochs, h["loss"], ls="--", lw=1.5, color=c)
        ax.plot(epochs, h["val_loss"], color=c, label=label(model))
        best = int(np.argmin(h["val_loss"]))
        ax.plot(epochs[best], h["val_loss"][best], "o", color=c, ms=9, mec="black", zorder=3)
    ax.plot([], [], "k-", label="solid: validation")
    ax.plot([], [], "k--", lw=1.5, label="dashed: training")
    ax.plot([], [], "o", color="0.7", mec="black", label="dot: epoch kept")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    few = np.divide(*ax.get_ylim()[::-1]) < 10  # less than a decade shown: write every minor tick, else 2 and 5
    ax.yaxis.set_minor_formatter(mpl.ticker.FuncFormatter(
        lambda v, _: f"{v:.2g}" if v > 0 and (few or round(v / 10 ** np.floor(np.log10(v))) in (2, 5)) else ""))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set(xlabel="epoch", ylabel=ylabel, title=title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=12)
    return fig


def confusion(cm: np.ndarray, class_names: Sequence[str], title: str) -> plt.Figure:
    """Confusion-matrix heat map (rows: true class, columns: predicted) with counts written in."""
    cm = np.asarray(cm)
    share = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.6, 5.0), layout="constrained")
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (i, j), n in np.ndenumerate(cm):
        ax.text(j, i, f"{n}\n{share[i, j]:.0%}", ha="center", va="center", color="white" if share[i, j] > 0.5 else "k")
    ax.set_xticks(range(len(class_names)), class_names, rotation=20, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set(xlabel="predicted class", ylabel="true class (colour: share of its row)", title=title)
    ax.grid(False)
    return fig


def true_class_probability(proba: np.ndarray, y_true: np.ndarray, class_names: Sequence[str], title: str) -> plt.Figure:
    """The course's per-class histograms of the probability given to the true class."""
    fig, axes = plt.subplots(1, len(class_names), figsize=(4 * len(class_names), 3.8), layout="constrained",
                             sharey=True)
    fig.suptitle(title)
    for k, (ax, name) in enumerate(zip(axes, class_names, strict=True)):
        ax.hist(proba[y_true == k, k], bins=np.linspace(0, 1, 21), color="#332288")
        ax.set(title=name, xlabel="P(true class)")
    axes[0].set_ylabel("test sequences")
    return fig


def scores(table: pd.DataFrame, measure: str, title: str, by: str | None = None) -> plt.Figure:
    """A bar per model (``table``: ``model``, ``seed``, ``measure``): the seeds' mean, each seed; panels by ``by``."""
    panels = [None] if by is None else list(dict.fromkeys(table[by]))
    n = table.groupby(by)["model"].nunique().max() if by else table["model"].nunique()
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels) + 2, 0.55 * n + 1.6),
                             layout="constrained", squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        part = table if panel is None else table[table[by] == panel]
        models = ordered(part["model"])[::-1]
        for i, m in enumerate(models):
            values = part.loc[part["model"] == m, measure].to_numpy(dtype=float)
            ax.barh(i, values.mean(), color=colour(m), height=0.6, alpha=0.55 if m in BASELINES else 0.9)
            if len(values) > 1:
                ax.plot(values, [i] * len(values), "o", color="black", ms=5)
            ax.text(max(values.max(), values.mean()), i, f"  {values.mean():.3f}", va="center", fontsize=12)
        ax.set_yticks(range(len(models)), [label(m) for m in models])
        ax.set_xlim(0, 1.22 * part[measure].max())
        ax.set(xlabel=measure + ("; dots: seeds" if part.groupby("model").size().max() > 1 else ""),
               title=title if panel is None else f"{panel}: {title}")
        ax.grid(axis="y", visible=False)
    return fig


def intervals(verdicts: pd.DataFrame, title: str, xlabel: str) -> plt.Figure:
    """Each pair's gap and 95 % interval, coloured by the verdict (``verdicts`` as from ``rule.verdict_table``)."""
    rows = verdicts.iloc[::-1].reset_index(drop=True)
    names = [f"{label(r['model'])} - {label(r['compared with'])}" + (f" ({r['data']})" if "data" in rows else "")
             for _, r in rows.iterrows()]
    fig, ax = plt.subplots(figsize=(11, 0.5 * len(rows) + 1.8), layout="constrained")
    for i, r in rows.iterrows():
        c = VERDICT_COLOURS[r["verdict"]]
        ax.plot([r["low"], r["high"]], [i, i], color=c, lw=4, solid_capstyle="butt")
        ax.plot(r["gap"], i, "o", color=c, ms=9, mec="black")
    ax.axvline(0, color="black", lw=1.2)
    for word in (w for w in VERDICT_COLOURS if w in set(rows["verdict"])):  # only the verdicts drawn
        ax.plot([], [], color=VERDICT_COLOURS[word], lw=4, label=word)
    ax.set_yticks(range(len(rows)), names)
    ax.set(xlabel=xlabel, title=title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), title="verdict")
    ax.grid(axis="y", visible=False)
    return fig


def window_picture(t: np.ndarray, y: np.ndarray, d, i: int, dt_past: int, dt_futu: int, title: str) -> plt.Figure:
    """The series, its split periods shaded, and test window ``i``: ``dt_past`` points seen, ``dt_futu`` forecast."""
    fig, ax = plt.subplots(figsize=(12, 4.2), layout="constrained")
    ax.plot(t, y, color="0.6", lw=1.3)
    first = {"train": 0, "val": int(d.target_start["val"][0]), "test": int(d.target_start["test"][0])}
    ends = {"train": first["val"], "val": first["test"], "test": len(y)}
    for split, shade in (("train", "#0072B2"), ("val", "#E69F00"), ("test", "#D55E00")):
        ax.axvspan(t[first[split]], t[ends[split] - 1], color=shade, alpha=0.12, lw=0, label=f"{split} period")
    start = int(d.target_start["test"][i])
    ax.plot(t[start - dt_past:start], y[start - dt_past:start], "o", color="#0072B2", ms=4,
            label=f"window: {dt_past} steps in (dt_past)")
    ax.plot(t[start:start + dt_futu], y[start:start + dt_futu], "s", color="#D55E00", ms=6,
            label=f"{dt_futu} steps to forecast (dt_futu)")
    ax.set(title=title, xlabel="t", ylabel="y")
    ax.legend(loc="upper left", fontsize=12, ncol=2)
    return fig


def per_step(errors: Mapping[str, np.ndarray], title: str, ylabel: str) -> plt.Figure:
    """MAE against the step ahead, one line per model (``errors``: model -> ``(dt_futu,)``)."""
    fig, ax = plt.subplots(figsize=(9, 4.4), layout="constrained")
    for m in ordered(errors):
        ax.plot(np.arange(1, len(errors[m]) + 1), errors[m], marker="o", color=colour(m),
                ls="--" if m in BASELINES else "-", label=label(m))
    ax.set(xlabel="steps ahead", ylabel=ylabel, title=title, ylim=(0, None))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=12)
    return fig


def weights_and_error(mae: Mapping[tuple[str, str], np.ndarray], weights: Mapping[str, int], title: str) -> plt.Figure:
    """Test MAE against trained weights, a panel per series (``mae``: (series, model) -> ``(seeds, windows)``): a dot
    and the seeds' range per model in ``weights``; the other baselines dashed (persistence: far above, left out)."""
    names = list(dict.fromkeys(s for s, _ in mae))
    fig, axes = plt.subplots(1, len(names), figsize=(6.6 * len(names), 5.0), layout="constrained", squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        seen: dict[int, int] = {}
        for (s, m), e in mae.items():
            per_seed = e.mean(axis=1)
            if s != name or m == "persistence":
                continue
            if m not in weights:
                ax.axhline(per_seed.mean(), color=colour(m), ls="--", lw=1.6, label=label(m))
                continue
            x = weights[m] * 1.25 ** seen.get(weights[m], 0)
            seen[weights[m]] = seen.get(weights[m], 0) + 1
            low, high = per_seed.mean() - per_seed.min(), per_seed.max() - per_seed.mean()
            ax.errorbar(x, per_seed.mean(), yerr=[[low], [high]], fmt="o", ms=10, color=colour(m), mec="black",
                        capsize=4, label=label(m))
        ax.set_xscale("log")
        ax.set(xlabel="trained weights (log scale)", ylabel="test MAE", title=f"{name}: {title}")
    handles = {t: h for ax in axes[0] for h, t in zip(*ax.get_legend_handles_labels(), strict=True)}
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncol=4, fontsize=12)
    return fig
