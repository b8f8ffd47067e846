"""Tables, headline numbers and results records of forecasters and classifiers alike: one path
for notebooks 01-05.

Every function takes a plain list of runs (:class:`utils.outcomes.Forecast` or
:class:`utils.outcomes.Classification`: trained models and baselines, any number of series
and seeds), grouped by series and model id (``utils.outcomes.groups``); notebooks 03-05 get
the same lists back from the results files with :func:`from_records`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils import plots
from utils.outcomes import Classification, Forecast, Run, groups, score
from utils.series import Series
from utils.windows import SCALINGS


def by_series(runs: list[Run]) -> dict[str, dict[str, list[Run]]]:
    """``{series name: {model id: [runs, one per seed]}}``, models in the course's order
    (classifiers under the series ``"barcodes"``)."""
    out: dict[str, dict[str, list[Run]]] = {}
    for (name, model_id), rs in groups(runs).items():
        out.setdefault(name, {})[model_id] = rs
    return out


def main_runs(runs: list[Run]) -> list[Run]:
    """One run per series and model: the first seed (the run a notebook trains and plots)."""
    return [rs[0] for rs in groups(runs).values()]


def _columns(rs: list[Run]) -> dict[str, object]:
    """One model's row of :func:`table`."""
    first, scores = rs[0], [score(r) for r in rs]
    params = first.params or first.training.get("weights")  # a k-mer baseline's weights
    if isinstance(first, Forecast):
        return {"parameters": params, "seeds": len(rs) if first.training else None, "MAE": np.mean(scores),
                "MAE min": min(scores), "MAE max": max(scores), "RMSE": np.mean([f.errors["rmse"] for f in rs]),
                "bias": np.mean([(f.values - f.truth).mean() for f in rs])}
    train = [c.train_accuracy for c in rs if c.train_accuracy is not None]
    per_epoch = [c.training["seconds_per_epoch"] for c in rs if "seconds_per_epoch" in c.training]
    return {"parameters": params, "seeds": len(rs), "test accuracy": np.mean(scores), "min": min(scores),
            "max": max(scores), "balanced accuracy": np.mean([c.test["balanced_accuracy"] for c in rs]),
            "accuracy on training data": np.mean(train) if train else np.nan,
            "s / epoch": np.mean(per_epoch) if per_epoch else np.nan}


def table(runs: list[Run]) -> pd.DataFrame:
    """Test scores per series and model, baselines included, in the course's order; with
    several seeds the mean and its range (min, max). Forecasts (index: series, model): MAE,
    RMSE, ``bias`` (mean forecast minus truth: below 0, too low), ``MAE / persistence`` (below
    1: better than repeating the last value) and ``MAE / linear``; ``seeds`` empty for
    baselines, the seed columns left out when every model ran once. Classifiers (index:
    model): test accuracy, balanced accuracy, accuracy on the training sequences, s / epoch."""
    rows = [{"series": name, "model": plots.label(m), **_columns(rs)} for (name, m), rs in groups(runs).items()]
    out = pd.DataFrame(rows).set_index(["series", "model"])
    out["parameters"] = out["parameters"].astype("Int64")
    if isinstance(runs[0], Classification):
        return out.droplevel("series")
    out["seeds"] = out["seeds"].astype("Int64")
    series = out.index.get_level_values("series")
    ids = [m for _, m in groups(runs)]
    for ref in ("persistence", "linear"):
        mae = out[[m == ref for m in ids]]["MAE"].droplevel("model")
        if len(mae):
            out[f"MAE / {ref}"] = out["MAE"] / series.map(mae)
    if (out["seeds"].fillna(1) == 1).all():
        out = out.drop(columns=["seeds", "MAE min", "MAE max"])
    return out


def headline(runs: list[Run]) -> dict[str, float]:
    """``{"<series>.<model id>.mae": mean test MAE}`` or ``{"barcodes.<model id>.accuracy": mean
    test accuracy}`` over seeds: what ``make run`` prints."""
    return {f"{name}.{m}.{'mae' if isinstance(rs[0], Forecast) else 'accuracy'}": float(np.mean([score(r) for r in rs]))
            for (name, m), rs in groups(runs).items()}


def records(runs: list[Run]) -> dict[str, object]:
    """A results file's block (keys in the README). Classifiers: the ``models`` block, per model
    id one record per seed. Forecasts: the ``series`` block, per series its data and, per
    model id, the records of every seed (``models``) or of the baseline (``baselines``)."""
    if not runs or isinstance(runs[0], Classification):
        return {m: [c.record() for c in rs] for (_, m), rs in groups(runs).items()}
    out = {}
    for name, models in by_series(runs).items():
        first = next(iter(models.values()))[0]
        s = first.series
        out[name] = {"units": s.units, "season": s.season, "time_label": s.time_label, "n_points": len(s.y),
                     "n_filled": s.source.n_filled if s.source else 0,
                     "source": s.describe(), "t": s.t, "y": s.y, "y_clean": s.y_clean,
                     "test_target_start": first.target_start,
                     "models": {m: [f.record() for f in rs] for m, rs in models.items() if rs[0].training},
                     "baselines": {m: rs[0].record() for m, rs in models.items() if not rs[0].training}}
    return out


def from_records(block: dict) -> list[Run]:
    """The runs (every seed, baselines too) a results file's block holds: classifiers from a
    ``models`` block (its lists of records; other entries are skipped), forecasts from a
    ``series`` block."""
    out: list[Run] = []
    for name, entry in block.items():
        if isinstance(entry, list):
            out += [Classification.from_record(r) for r in entry]
        elif "test_target_start" in entry:
            y_clean = None if entry["y_clean"] is None else np.asarray(entry["y_clean"], dtype=float)
            s = Series(name, np.asarray(entry["t"], dtype=float), np.asarray(entry["y"], dtype=float), y_clean,
                       entry["units"], entry["season"], time_label=entry["time_label"])
            starts = np.asarray(entry["test_target_start"])
            found = [*entry["baselines"].values(), *(r for rs in entry["models"].values() for r in rs)]
            out += [Forecast.from_record(r, s, starts) for r in found]
    return out


def kept_scalings(forecasts: list[Forecast], series: Series) -> list[str]:
    """The scalings of the windows that the trained models of ``series`` (the same name and the
    same values) kept by validation loss when they had the choice, in the order of
    ``utils.windows.SCALINGS``; all of them if no model had a choice on that data (none trained
    on it, e.g. another notebook ran on other data), so that the next model gets to choose."""
    kept = {f.scaling for f in forecasts if f.series.name == series.name and f.training
            and len(f.selection or {}) > 1 and np.array_equal(f.series.y, series.y)}
    return [k for k in SCALINGS if k in kept] or list(SCALINGS)


def differing_series(forecasts: list[Forecast]) -> list[str]:
    """Names of the series whose forecasts were not all made on the same data (e.g. notebooks
    run with different ``last_points``): comparing them across notebooks would mislead."""
    seen: dict[str, np.ndarray] = {}
    differ = []
    for f in forecasts:
        y = seen.setdefault(f.series.name, f.series.y)
        if f.series.name not in differ and not np.array_equal(y, f.series.y):
            differ.append(f.series.name)
    return differ


def scaling_table(forecasts: list[Forecast]) -> pd.DataFrame:
    """Per series and model: the best validation loss with each scaling of the windows and the
    scaling kept (first seed; the same choice is made for every seed independently)."""
    rows = []
    for name, models in by_series(forecasts).items():
        for model_id, (f, *_) in models.items():
            if f.selection:
                rows.append({"series": name, "model": plots.label(model_id),
                             **{f"validation loss, {k}": f"{v['val_loss']:.3g}" for k, v in f.selection.items()},
                             "kept": f.scaling})
    return pd.DataFrame(rows).set_index(["series", "model"])
