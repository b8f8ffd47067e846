"""Figures of results, forecasters and classifiers alike: the lecture's error bars, error-by-horizon,
forecast and training-curve panels, drawn from the same lists of runs as ``utils.report``'s
tables (one panel per series, each model in its colour of ``utils.plots``)."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from utils import plots
from utils.outcomes import Classification, Forecast, score
from utils.report import by_series, main_runs

NOT_IN_FORECAST_PLOT = ("noise_floor", "persistence", "seasonal_naive")  # in the tables and the error plots
CONTEXT = 40  # points of the series shown before the test period


def _test_period(ax: plt.Axes, s, start: int, lw: float) -> None:
    """The series from ``CONTEXT`` points before the test period (from index ``start``), shaded."""
    lo = max(0, start - CONTEXT)
    ax.plot(s.t[lo:], s.y[lo:], color=plots.SERIES_COLOUR, lw=lw, label="series")
    ax.axvspan(s.t[start], s.t[-1], color=plots.OKABE_ITO["yellow"], alpha=0.25, lw=0, label="test period")


def _panels(n: int, width: float = 6.0, height: float = 4.4):
    """One panel per series, two to a row: figures no wider than 12 inches stay readable on a slide."""
    cols = min(n, 2)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False, layout="constrained")
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return fig, axes.ravel()[:n]


def plot_errors(forecasts: list[Forecast]) -> plt.Figure:
    """Test MAE per model, one panel per series; the noise floor (where known) as a vertical
    line in its own colour and style, named with its value in the panel's title."""
    groups = by_series(forecasts)
    rows = max(len([m for m in models if m != "noise_floor"]) for models in groups.values())
    fig, axes = _panels(len(groups), height=plots.ROW_INCHES * rows + 2.0)
    for ax, (name, models) in zip(axes, groups.items(), strict=True):
        floor = models.pop("noise_floor", None)
        mae = {m: float(np.mean([f.mae for f in runs])) for m, runs in models.items()}
        spread = {m: (min(f.mae for f in runs), max(f.mae for f in runs))
                  for m, runs in models.items() if len(runs) > 1}
        units = next(iter(models.values()))[0].series.units
        others = sorted(v for m, v in mae.items() if m != "persistence")
        limit = 2.5 * others[len(others) // 2] if others else None  # persistence may run far off the axis
        xlabel = f"test MAE{f' ({units})' if units else ''}" + ("\nin parentheses: range over seeds" if spread else
                                                                 ", one run each")
        title = f"{name}: test MAE" + (f"\n({_style_name('noise_floor')} line: noise floor {floor[0].mae:.3f})"
                                         if floor else "")
        plots.bars(mae, title, xlabel, ax=ax, spread=spread or None, limit=limit)
        if floor:
            ax.axvline(floor[0].mae, color=plots.colour("noise_floor"), ls=plots.line_style("noise_floor"), lw=2.2)
    return fig


def _style_name(model_id: str) -> str:
    """How a model's line is drawn, in words: "olive dash-dot"."""
    styles = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}
    return f"{plots.colour_name(model_id)} {styles.get(plots.line_style(model_id), '')}".strip()


def plot_per_step(forecasts: list[Forecast]) -> plt.Figure:
    """Test MAE against the horizon step, a panel per series (first seed), each model in its
    colour and line style; persistence far above the rest is cut off, its largest MAE written."""
    groups = by_series(main_runs(forecasts))
    fig, axes = _panels(len(groups))
    for ax, (name, models) in zip(axes, groups.items(), strict=True):
        for model_id, (f, *_) in models.items():
            steps = np.arange(1, f.values.shape[1] + 1)
            ax.plot(steps, f.errors["mae_per_step"], marker="o", ms=4, color=plots.colour(model_id),
                    ls=plots.line_style(model_id))
            ax.plot([], [], color=plots.colour(model_id), ls=plots.line_style(model_id), lw=2.4,
                    label=plots.label(model_id))  # the legend's sample: its line style, no dot hiding it
        others = [max(runs[0].errors["mae_per_step"]) for m, runs in models.items() if m != "persistence"]
        worst = max(models["persistence"][0].errors["mae_per_step"]) if "persistence" in models else 0.0
        if others and worst > 2 * max(others):
            ax.set_ylim(0, 1.25 * max(others))
            ax.text(0.02, 0.97, f"persistence runs off the top (up to {worst:.3f})", transform=ax.transAxes,
                    va="top", fontsize=12, color=plots.colour("persistence"))
        units = f.series.units
        ax.set_ylim(bottom=0)  # every panel from zero, so gaps compare across panels
        ax.set(title=f"{name}: error by horizon (first seed)", xlabel="steps ahead",
               ylabel=f"MAE ({units})" if units else "MAE")
        ax.xaxis.set_major_locator(plt.MultipleLocator(1))
    plots.legend_below(fig, ncol=4)
    return fig


def plot_forecasts(forecasts: list[Forecast]) -> plt.Figure:
    """The lecture's forecast plot, a row per series (first seed): the series with the test period
    shaded, then a panel per model (trained ones and the exact linear fit) with its error
    (forecast minus truth) at the last horizon step in every test window, one y scale per row,
    titles giving that step's MAE (a ranking by one step may differ from the verdicts')."""
    groups = by_series(main_runs(forecasts))
    shown = {name: [m for m in models if m not in NOT_IN_FORECAST_PLOT] for name, models in groups.items()}
    n = max(map(len, shown.values()))
    fig, axes = plt.subplots(len(groups), n + 1, figsize=(12, 3.9 * len(groups)), squeeze=False,
                             width_ratios=[1.5] + [1] * n, layout="constrained")
    for row, (name, models) in zip(axes, groups.items(), strict=True):
        context, panels = row[0], row[1:]
        first = next(iter(models.values()))[0]
        s, start, step = first.series, int(first.target_start[0]), first.values.shape[1]
        context.plot(s.t, s.y, color=plots.SERIES_COLOUR, lw=1.6)
        context.axvspan(s.t[start], s.t[-1], color=plots.OKABE_ITO["yellow"], alpha=0.35, lw=0)
        context.set(title=f"{name}\n(shaded: test period)", xlabel=s.time_label, ylabel=s.units or "y")
        plots.few_ticks(context, 3, whole=s.time_label == "year")
        ids = shown[name]
        error = {m: models[m][0].values[:, -1] - models[m][0].truth[:, -1] for m in ids}
        mae = {m: models[m][0].errors["mae_per_step"][-1] for m in ids}
        reach = 1.08 * max([np.abs(e).max() for e in error.values()], default=0.0) or 1.0
        for i, (ax, model_id) in enumerate(zip(panels, [*ids, *[None] * (n - len(ids))], strict=True)):
            if model_id is None:
                ax.set_visible(False)
                continue
            f = models[model_id][0]
            ax.axhline(0, color="black", lw=1)
            ax.plot(s.t[f.target_start + step - 1], error[model_id], color=plots.colour(model_id), lw=1.6)
            ax.set_ylim(-reach, reach)
            ax.set_title(f"{textwrap.fill(plots.label(model_id), 18)}\nMAE {mae[model_id]:.3f}", fontsize=12)
            ax.set_xlabel(s.time_label)
            plots.few_ticks(ax, 2, whole=s.time_label == "year")
            if i == 0:
                ax.set_ylabel(f"error at step {step}" + (f" ({s.units})" if s.units else ""))
            else:
                ax.tick_params(labelleft=False)
    fig.suptitle(f"each test window's forecast of step {step} minus the truth (first seed); "
                 f"title: MAE at step {step} (the verdicts use all {step} steps)", fontsize=14)
    return fig


def plot_windows(forecasts: list[Forecast], n: int = 3) -> plt.Figure:
    """Full forecasts for ``n`` test windows (first, middle, last) per series: the past the
    model saw, the truth and each model's forecast."""
    groups = by_series(main_runs(forecasts))
    fig, axes = plt.subplots(len(groups), n, figsize=(3.9 * n, 3.4 * len(groups)), squeeze=False,
                             layout="constrained")
    for row, (name, models) in zip(axes, groups.items(), strict=True):
        first = next(iter(models.values()))[0]
        s, starts, dt_futu = first.series, first.target_start, first.values.shape[1]
        picks = np.linspace(0, len(starts) - 1, n).round().astype(int)
        for ax, k in zip(row, picks, strict=True):
            t0 = int(starts[k])
            past = slice(max(0, t0 - 20), t0)
            ax.plot(s.t[past], s.y[past], color=plots.SERIES_COLOUR, lw=1.6, label="last 20 past steps")
            ax.plot(s.t[t0:t0 + dt_futu], s.y[t0:t0 + dt_futu], "o", color="black", ms=4, label="truth")
            for model_id, (f, *_) in models.items():
                if model_id not in ("noise_floor", "seasonal_naive"):
                    ax.plot(s.t[t0:t0 + dt_futu], f.values[k], color=plots.colour(model_id),
                            ls=plots.line_style(model_id), lw=1.6, label=plots.label(model_id))
            ax.set_title(f"{name}, window {k + 1} of {len(starts)} (first seed)", fontsize=12)
            ax.set_xlabel(s.time_label)
            plots.few_ticks(ax, 3)
        row[0].set_ylabel(s.units or "y")
    plots.legend_below(fig, ncol=4)
    return fig


def training_curves(forecasts: list[Forecast]) -> plt.Figure:
    """Training and validation loss per epoch (first phase), one panel per series, first seed
    only; a history without validation values is drawn as its training curve alone, without a
    dot (``utils.plots.training_curves``)."""
    groups = by_series([f for f in main_runs(forecasts) if f.training.get("history")])
    fig, axes = _panels(len(groups))
    for ax, (name, models) in zip(axes, groups.items(), strict=True):
        plots.training_curves({m: runs[0].training["history"] for m, runs in models.items()}, "loss",
                              title=f"{name}: before the refit (first seed)", ax=ax,
                              ylabel="loss (MSE, scaled; log scale)")
        ax.get_legend().remove()
    plots.legend_below(fig, ncol=4)
    return fig


def plot_scalings(forecasts: list[Forecast], model_id: str) -> plt.Figure:
    """Per series, ``model_id``'s forecasts of the last horizon step as trained on each scaling
    (first phase, first seed) over the test period, and the training period's maximum (dashed)."""
    groups = {name: models[model_id][0] for name, models in by_series(forecasts).items() if model_id in models}
    fig, axes = _panels(len(groups))
    for ax, (name, f) in zip(axes, groups.items(), strict=True):
        s, start, step = f.series, int(f.target_start[0]), f.values.shape[1]
        _test_period(ax, s, start, lw=1.6)
        for scaling, style in (("min-max", ":"), ("relative", "-")):
            values = np.asarray(f.selection[scaling]["test_forecast_before_refit"])[:, -1]
            kept = " (kept)" if scaling == f.scaling else ""
            ax.plot(s.t[f.target_start + step - 1], values, color=plots.colour(model_id), ls=style, lw=1.6,
                    label=f"{scaling} windows{kept}")
        top = f.training["train_range"][1]
        ax.axhline(top, color="black", ls="--", lw=1.2, label="the training period's maximum")
        ax.set_ylim(min(ax.get_ylim()[0], top) - 0.02 * np.ptp(ax.get_ylim()), None)
        ax.set(title=f"{name}: first phase (before the refit), first seed", xlabel=s.time_label,
               ylabel=f"{s.units or 'y'}, {step} steps ahead")
        plots.few_ticks(ax, 5, whole=s.time_label == "year")
    plots.legend_below(fig, ncol=4)
    return fig


def plot_params(forecasts: list[Forecast]) -> plt.Figure:
    """Test MAE against trained weights (log axis), a panel per series: each model a point at its
    weight count with its range over seeds, baselines without weights as lines; models sharing
    a weight count get their own marker and their name beside the point; persistence far above
    the rest is written, not drawn."""
    groups = by_series(forecasts)
    fig, axes = _panels(len(groups), height=5.2)
    markers = ("o", "D", "s", "^")
    for ax, (name, models) in zip(axes, groups.items(), strict=True):
        drawn: list[float] = []
        names: list[plt.Annotation] = []
        points: list[tuple[float, float]] = []
        counts = [runs[0].params for runs in models.values() if runs[0].params]
        same: dict[int, int] = {}
        others = [max(f.mae for f in runs) for m, runs in models.items() if m != "persistence"]
        for model_id, runs in models.items():
            mae = [f.mae for f in runs]
            text = plots.label(model_id) + (" (1 seed)" if runs[0].training and len(runs) == 1 else "")
            if runs[0].params:
                weights, mean = runs[0].params, float(np.mean(mae))
                k = same[weights] = same.get(weights, -1) + 1
                c = plots.colour(model_id)
                ax.errorbar(weights, mean, yerr=[[mean - min(mae)], [max(mae) - mean]], fmt=markers[k % 4], ms=8,
                            capsize=4, color=c, label=text, mfc="white" if model_id == "least_squares" else c,
                            zorder=3 + k)
                if counts.count(weights) > 1:  # a shared x: the name beside the point says whose it is
                    names.append(ax.annotate(plots.label(model_id), (weights, mean), xytext=(10, 0),
                                             textcoords="offset points", va="center", fontsize=11, color=c))
                points.append((weights, mean))
            elif model_id == "persistence" and others and mae[0] > 1.6 * max(others):
                ax.text(0.98, 0.97, f"persistence {mae[0]:.3f}: above this axis", transform=ax.transAxes,
                        ha="right", va="top", fontsize=12, color=plots.colour(model_id))
                continue
            else:
                ax.axhline(mae[0], color=plots.colour(model_id), ls=plots.line_style(model_id), lw=1.4, label=text)
            drawn += mae
        units = next(iter(models.values()))[0].series.units
        ax.set_xscale("log")
        ax.set_xlim(min(counts) / 2.5, max(counts) * 2.5)
        pad = 0.08 * (max(drawn) - min(drawn))
        ax.set_ylim(min(drawn) - pad, max(drawn) + 2 * pad)  # room for the persistence note
        ax.set(title=f"{name}: what the parameters buy", xlabel="trained weights (log scale)",
               ylabel=f"test MAE ({units})" if units else "test MAE")
        _clear_of_points(ax, names, points)
    plots.legend_below(fig, ncol=3)
    return fig


NAME_PLACES = ((10, 0, "left"), (-10, 0, "right"), (10, 13, "left"), (10, -13, "left"), (-10, 13, "right"),
               (-10, -13, "right"))  # offsets in points from a point, and how its name is aligned there


def _clear_of_points(ax: plt.Axes, names: list[plt.Annotation], points: list[tuple[float, float]]) -> None:
    """Keep each point's name clear of the other points, of the names already placed and of the
    axes' edges: right of its point, else left, else a little above or below (only the name
    moves: the point stays at its weight count). Where no place is free, the names of that
    weight count are left out (marker shape and legend still tell those points apart)."""
    renderer = plots.renderer_of(ax.figure)
    xy = ax.transData.transform(points) if points else np.empty((0, 2))
    placed: list = []
    dropped: set[float] = set()

    def clear(note: plt.Annotation) -> bool:
        box = note.get_window_extent(renderer)
        near = box.padded(8 * ax.figure.dpi / 72)  # a marker's radius and a little air
        own = ax.transData.transform([note.xy])[0]
        inside = ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1 and ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1
        return inside and not any(near.contains(*p) for p in xy if not np.allclose(p, own)) and not any(
            box.padded(2).overlaps(other) for other in placed)

    for note in names:
        for dx, dy, align in NAME_PLACES:
            note.xyann = (dx, dy)
            note.set_ha(align)
            if clear(note):
                placed.append(note.get_window_extent(renderer))
                break
        else:
            dropped.add(note.xy[0])
    for note in names:
        if note.xy[0] in dropped:
            note.remove()


def plot_grid(forecasts: list[Forecast], model_ids: list[str], reference: str | None = None) -> plt.Figure:
    """The lecture's panels of forecasts, one per model (columns) and series (rows): the test
    period, the series and the model's forecast of the last horizon step (first seed), with
    ``reference``'s forecast dashed for comparison."""
    groups = by_series(main_runs(forecasts))
    fig, axes = plt.subplots(len(groups), len(model_ids), figsize=(3.0 * len(model_ids) + 0.6, 3.3 * len(groups)),
                             squeeze=False, sharey="row", layout="constrained")
    for row, (name, models) in zip(axes, groups.items(), strict=True):
        for ax, model_id in zip(row, model_ids, strict=True):
            if model_id not in models:
                ax.set_visible(False)
                continue
            f = models[model_id][0]
            s, start, step = f.series, int(f.target_start[0]), f.values.shape[1]
            _test_period(ax, s, start, lw=1.4)
            if reference in models:
                r = models[reference][0]
                ax.plot(s.t[r.target_start + step - 1], r.values[:, -1], color=plots.colour(reference), ls="--",
                        lw=1.2, label=plots.label(reference))
            ax.plot(s.t[f.target_start + step - 1], f.values[:, -1], color=plots.colour(model_id), lw=1.6,
                    label=f"the panel's model, {step} steps ahead (in its colour)")
            ax.set_title(f"{plots.label(model_id)}\nMAE at step {step}: {f.errors['mae_per_step'][-1]:.3f}"
                         f" (seed {f.seed})", fontsize=12)
            ax.set_xlabel(s.time_label)
            plots.few_ticks(ax, 3)
        row[0].set_ylabel(f"{name} ({s.units})" if s.units else name)
    plots.legend_below(fig, ncol=4)
    return fig


def plot_accuracy(classifiers: list[Classification], title: str = "barcodes: test accuracy") -> plt.Figure:
    """Mean test accuracy per model, the range over seeds as an error bar; each model's name
    above its bar (no legend, no column of names)."""
    groups = by_series(classifiers)["barcodes"]
    mean = {m: float(np.mean([score(c) for c in rs])) for m, rs in groups.items()}
    spread = {m: (min(map(score, rs)), max(map(score, rs))) for m, rs in groups.items() if len(rs) > 1}
    fig = plots.bars(mean, title, "test accuracy (mean over seeds; error bars: min to max)", spread=spread or None)
    ax = fig.axes[0]
    ax.set_xlim(0, 1.25)  # 1.0 in view, room for the values written at the ends, no empty quarter
    ax.set_xticks(np.linspace(0, 1, 6))  # no tick beyond an accuracy of 1
    return fig
