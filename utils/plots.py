"""Every figure of the notebooks, in one style readable on a projector.

Colours are the Okabe-Ito colour-blind-safe palette. Each function draws into a new
figure and returns it, so notebooks can show it or save it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STYLE = {
    "figure.figsize": (9, 4.5), "figure.dpi": 90, "font.size": 13, "axes.titlesize": 14,
    "axes.labelsize": 13, "legend.fontsize": 11, "lines.linewidth": 2.0,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
}


def use_style() -> None:
    """Apply the course style to every later figure."""
    mpl.rcParams.update(STYLE)


def class_overview(labels: Sequence[str], lengths: Sequence[int], LengthSeq: int) -> plt.Figure:
    """Bar chart of class counts beside a histogram of sequence lengths with the cut marked."""
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
    ax1.bar(names, counts, color=OKABE_ITO[: len(names)])
    ax1.set(title="sequences per class", ylabel="count")
    ax2.hist(lengths, bins=40, color=OKABE_ITO[0])
    ax2.axvline(LengthSeq, color=OKABE_ITO[3], ls="--", label=f"cut at LengthSeq = {LengthSeq}")
    ax2.set(title="sequence lengths", xlabel="bases", ylabel="count")
    ax2.legend()
    fig.tight_layout()
    return fig


def one_hot_image(x: np.ndarray, title: str, n_bases: int = 80) -> plt.Figure:
    """The slide's 4 x L picture of one one-hot sequence ``(LengthSeq, 4)`` (first ``n_bases``)."""
    fig, ax = plt.subplots(figsize=(12, 2.2))
    ax.imshow(x[:n_bases].T, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks(range(4), list("ACGT"))
    ax.set(xlabel="position", title=title)
    ax.grid(False)
    fig.tight_layout()
    return fig


def training_curves(histories: Mapping[str, Mapping[str, list[float]]], metric: str = "loss") -> plt.Figure:
    """Training (dashed) and validation (solid) ``metric`` per epoch for each named run."""
    fig, ax = plt.subplots()
    for i, (name, hist) in enumerate(histories.items()):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.plot(np.arange(1, len(hist[metric]) + 1), hist[metric], ls="--", color=colour, label=f"{name} train")
        ax.plot(np.arange(1, len(hist[f"val_{metric}"]) + 1), hist[f"val_{metric}"], color=colour,
                label=f"{name} validation")
    ax.set(xlabel="epoch", ylabel=metric, title=f"{metric} during training")
    if metric == "loss":
        ax.set_yscale("log")
    ax.legend()
    return fig


def confusion(cm: Sequence[Sequence[int]], class_names: Sequence[str], title: str) -> plt.Figure:
    """Confusion-matrix heat map (rows: true class, columns: predicted) with counts written in."""
    cm = np.asarray(cm)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.imshow(cm, cmap="Blues")
    for (i, j), n in np.ndenumerate(cm):
        ax.text(j, i, str(n), ha="center", va="center", color="white" if n > cm.max() / 2 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=30, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set(xlabel="predicted", ylabel="true", title=title)
    ax.grid(False)
    fig.tight_layout()
    return fig


def true_class_probability(proba: np.ndarray, y_true: np.ndarray, class_names: Sequence[str]) -> plt.Figure:
    """The course's per-class histograms of the predicted probability of the true class."""
    fig, axes = plt.subplots(1, len(class_names), figsize=(4 * len(class_names), 3.5), sharey=True)
    for k, (ax, name) in enumerate(zip(np.atleast_1d(axes), class_names, strict=True)):
        ax.hist(proba[y_true == k, k], bins=np.linspace(0, 1, 21), color=OKABE_ITO[k % len(OKABE_ITO)])
        ax.set(title=name, xlabel="P(true class)")
    np.atleast_1d(axes)[0].set_ylabel("test sequences")
    fig.tight_layout()
    return fig


def forecast_overview(t: np.ndarray, y: np.ndarray, test_start: int, preds: Mapping[str, tuple],
                      title: str, ylabel: str = "y") -> plt.Figure:
    """The lecture's forecast plot: the series, each model's last forecast step, test area shaded.

    ``preds`` maps a name to ``(target_index, values)``: the time index of each predicted
    point and the forecast values there.
    """
    fig, ax = plt.subplots(figsize=(11, 4.5))
    ax.plot(t, y, color="0.55", lw=1.2, label="series")
    ax.axvspan(t[test_start], t[-1], color=OKABE_ITO[6], alpha=0.18, label="test period")
    for i, (name, (index, values)) in enumerate(preds.items()):
        ax.plot(t[index], values, color=OKABE_ITO[i % 6], label=name)
    ax.set(title=title, xlabel="t", ylabel=ylabel)
    ax.legend(loc="upper left")
    return fig


def forecast_windows(t: np.ndarray, y: np.ndarray, dt_past: int, starts: Sequence[int],
                     forecasts: Mapping[str, np.ndarray], title: str) -> plt.Figure:
    """Full ``dt_futu``-step forecasts for a few windows: past, truth and each model's forecast.

    ``starts`` are the indices of each window's first target point; ``forecasts`` maps
    a name to ``(len(starts), dt_futu)`` forecasts in series units.
    """
    fig, axes = plt.subplots(1, len(starts), figsize=(4 * len(starts), 3.6), sharey=False)
    for k, (ax, s) in enumerate(zip(np.atleast_1d(axes), starts, strict=True)):
        dt_futu = next(iter(forecasts.values())).shape[1]
        ax.plot(t[s - dt_past:s], y[s - dt_past:s], color="0.4", label="past (input)")
        ax.plot(t[s:s + dt_futu], y[s:s + dt_futu], "o", color="black", ms=4, label="truth")
        for i, (name, f) in enumerate(forecasts.items()):
            ax.plot(t[s:s + dt_futu], f[k], color=OKABE_ITO[i % 6], label=name)
        ax.set(title=f"window at t = {t[s]:.5g}", xlabel="t")
    np.atleast_1d(axes)[0].legend(fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def error_bars(values: Mapping[str, float], title: str, ylabel: str,
               floor: float | None = None) -> plt.Figure:
    """Horizontal bar per model (e.g. test MAE), optionally with the noise floor drawn in."""
    names = list(values)
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(names) + 1.6))
    ax.barh(names, [values[n] for n in names], color=[OKABE_ITO[i % 6] for i in range(len(names))])
    for i, n in enumerate(names):
        ax.text(values[n], i, f" {values[n]:.3g}", va="center")
    if floor is not None:
        ax.axvline(floor, color="black", ls="--", label=f"noise floor {floor:.3g}")
        ax.legend(loc="lower right")
    ax.invert_yaxis()
    ax.set(title=title, xlabel=ylabel)
    fig.tight_layout()
    return fig


def per_step_errors(errors: Mapping[str, Sequence[float]], title: str, ylabel: str = "MAE") -> plt.Figure:
    """Test error against forecast horizon (1..dt_futu steps ahead), one line per model."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, (name, values) in enumerate(errors.items()):
        ax.plot(np.arange(1, len(values) + 1), values, "o-", color=OKABE_ITO[i % 6], label=name)
    ax.set(title=title, xlabel="steps ahead", ylabel=ylabel)
    ax.legend()
    return fig
