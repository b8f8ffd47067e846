"""The rule for "better" (notebook 02): A beats B only where the 95 % interval of their paired difference excludes
zero. The bootstrap redraws test items and seeds together (both noises); overlapping windows share targets, so runs
of ``block`` are redrawn together, and so are barcodes of one group (a BIN, about a species)."""

import numpy as np
import pandas as pd


def paired_interval(score_a: np.ndarray, score_b: np.ndarray, groups: np.ndarray | None = None,
                    block: int = 1, n_boot: int = 4000, seed: int = 0) -> tuple[float, float, float]:
    """``(gap, low, high)``: mean ``score_a - score_b`` and its 95 % bootstrap interval; scores ``(seeds, N)`` (a
    baseline: one row), ``groups`` ``(N,)`` items redrawn together, else runs of ``block`` consecutive items."""
    a, b = np.atleast_2d(score_a).astype(float), np.atleast_2d(score_b).astype(float)
    n, rng = a.shape[1], np.random.default_rng(seed)
    if groups is not None:  # how often each item is drawn: its group's count
        _, group = np.unique(groups, return_inverse=True)
        k = group.max() + 1
        counts = np.apply_along_axis(np.bincount, 1, rng.integers(0, k, (n_boot, k)), minlength=k)
        weight = counts[:, group]
    else:
        block = min(block, n)
        starts = rng.integers(0, n - block + 1, (n_boot, -(-n // block)))
        weight = np.zeros((n_boot, n))
        for step in range(block):
            np.add.at(weight, (np.arange(n_boot)[:, None], starts + step), 1)
    mean_a = a[rng.integers(0, len(a), (n_boot, len(a)))].mean(axis=1)  # redrawn seeds, (n_boot, N)
    mean_b = b[rng.integers(0, len(b), (n_boot, len(b)))].mean(axis=1)
    gaps = ((mean_a - mean_b) * weight).sum(axis=1) / weight.sum(axis=1)
    low, high = np.quantile(gaps, [0.025, 0.975])
    return float(a.mean() - b.mean()), float(low), float(high)


def verdict(low: float, high: float, lower_is_better: bool) -> str:
    """"better" or "worse" where the interval excludes zero, else "within" (no evidence either way)."""
    if low <= 0 <= high:
        return "within"
    return "better" if (high < 0) == lower_is_better else "worse"


def verdict_table(scores: dict[str, np.ndarray], pairs: list[tuple[str, str]], measure: str,
                  lower_is_better: bool, groups: np.ndarray | None = None, block: int = 1) -> pd.DataFrame:
    """A row per pair of keys of ``scores`` (each ``(seeds, N)``): both means, the gap, its interval, the verdict."""
    rows = []
    for a, b in pairs:
        gap, low, high = paired_interval(scores[a], scores[b], groups, block)
        rows.append({"model": a, "compared with": b, measure: scores[a].mean(), f"its {measure}": scores[b].mean(),
                     "gap": gap, "95% interval": f"[{low:+.3f}, {high:+.3f}]", "low": low, "high": high,
                     "verdict": verdict(low, high, lower_is_better)})
    return pd.DataFrame(rows)
