"""Which model is better, by one rule (stated in notebook 02, section 6): the statistics behind
every verdict table, for forecasts (test MAE, lower is better) and classifiers (test accuracy,
higher is better) alike.

Model A is **better** than B where A's mean score over seeds beats B's by more than the
**noise**, the larger of the two models' ranges (max - min) over seeds. A baseline has no
noise; a network trained once borrows the series' **reference noise** (:func:`reference_noise`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from utils import plots
from utils.outcomes import Classification, Forecast, Run, groups, score, trained

REFERENCE_MODELS = ("linear", "vanilla")  # notebook 02's models trained over seeds on every series


def spread(runs: Sequence[Run]) -> float | None:
    """Range of the score over seeds; 0 for a baseline; None for a network trained once."""
    if not trained(runs[0]):
        return 0.0
    scores = [score(r) for r in runs]
    return max(scores) - min(scores) if len(scores) > 1 else None


def reference_noise(runs: Sequence[Run], models: Sequence[str] = REFERENCE_MODELS) -> dict[str, float]:
    """Per series, the largest range over seeds of ``models`` (notebook 02's): the noise a
    network trained once borrows."""
    out: dict[str, float] = {}
    for (name, model_id), rs in sorted(groups(runs).items(), key=lambda kv: kv[0][0]):
        s = spread(rs)
        if model_id in models and len(rs) > 1 and s is not None:
            out[name] = max(out.get(name, 0.0), s)
    return out


def verdict(a: Sequence[Run], b: Sequence[Run], reference: float | None = None) -> tuple[float, float | None, str]:
    """``(gap, noise, word)``: the gap of the mean scores (a - b), the noise it must exceed
    (module docstring) and ``"better"``, ``"worse"``, ``"within noise"`` or ``"not measured"``
    (a network trained once, with no reference noise to borrow)."""
    sa, sb = spread(a), spread(b)
    ranges = [reference if s is None else s for s in (sa, sb)]
    gap = float(np.mean([score(r) for r in a]) - np.mean([score(r) for r in b]))
    if any(r is None for r in ranges):
        return gap, None, "not measured"
    noise = float(max(ranges))
    lower_better = isinstance(a[0], Forecast)
    if abs(gap) <= noise:
        return gap, noise, "within noise"
    return gap, noise, "better" if (gap < 0) == lower_better else "worse"


def verdict_table(runs: Sequence[Run], pairs: Sequence[tuple[str, str]],
                  reference: Mapping[str, float] | None = None) -> pd.DataFrame:
    """One row per series and pair ``(model, compared with)`` of model ids present in ``runs``:
    the two mean scores, the gap, the noise and the verdict of :func:`verdict`. ``reference``:
    :func:`reference_noise` per series (for networks trained once)."""
    grouped, rows = groups(runs), []
    for name in sorted(dict.fromkeys(n for n, _ in grouped)):
        for a, b in pairs:
            if (name, a) in grouped and (name, b) in grouped:
                ra, rb = grouped[name, a], grouped[name, b]
                gap, noise, word = verdict(ra, rb, (reference or {}).get(name))
                rows.append({"series": name, "model": plots.label(a), "compared with": plots.label(b),
                             "score": np.mean([score(r) for r in ra]), "other": np.mean([score(r) for r in rb]),
                             "gap": gap, "noise": noise, "verdict": word})
    measure = "accuracy" if runs and isinstance(runs[0], Classification) else "MAE"
    table = pd.DataFrame(rows, columns=["series", "model", "compared with", "score", "other", "gap", "noise",
                                        "verdict"])
    return table.rename(columns={"score": measure, "other": f"its {measure}"}).round(3)


def claim(table: pd.DataFrame, model: str, other: str, expected: str, series: str | None = None) -> str:
    """Check a sentence against the verdict table: ``model`` (an id) is ``expected``
    (``"better"``, ``"worse"``, ``"within noise"``) than ``other`` on ``series`` (every series
    in the table if None). Returns ``""`` when the table agrees, else a visible note (which the
    notebook shows): the sentence does not hold for this run's data."""
    rows = table[(table["model"] == plots.label(model)) & (table["compared with"] == plots.label(other))]
    if series is not None:
        rows = rows[rows["series"] == series]
    wrong = [f"{r.series}: {r.verdict}" for r in rows.itertuples() if r.verdict != expected]
    if rows.empty or wrong:
        found = "; ".join(wrong) or "no such row"
        said = {"better": "better than", "worse": "worse than"}.get(expected, f"{expected} of")
        return (f"**Note:** the sentence above says the {plots.label(model)} is *{said}* the "
                f"{plots.label(other)}, but this run's verdict table says otherwise ({found}).")
    return ""
