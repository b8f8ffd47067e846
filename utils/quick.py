"""Quick mode (``LSTM12_QUICK=1``, for CI and quick checks): the reduced sizes, defined once.

The cell after each notebook's ``parameters`` cell calls :func:`apply_quick_sizes`, which only
shrinks sizes (epochs, samples, seeds, points of a series), never raises one, never touches
your data, model sizes or training settings, and returns what it changed for the notebook to
print. CI's own data (a CSV in 02-04) is injected by ``scripts/ci_copies.py`` instead.
"""

from __future__ import annotations

import os

ENV_VAR = "LSTM12_QUICK"

# Upper bounds under quick mode: a whole number caps a size (None, "no limit", becomes the
# cap); a list keeps at most that many of the notebook's own values (seeds [0, 1, 2] -> [0, 1]).
QUICK_SIZES: dict[str, dict[str, object]] = {
    "01_lstm_classification": {"epochs": 2, "max_per_class": 30, "seeds": [0, 1]},
    "02_bidirectional": {"epochs": 1, "last_points": 200, "seeds": [0, 1]},
    "03_stacked": {"epochs": 1, "last_points": 200, "timing_epochs": 1, "seeds": [0, 1]},
    "04_cnn_lstm": {"epochs": 1, "last_points": 300, "barcode_epochs": 1, "max_per_class": 30, "seeds": [0, 1]},
    "05_comparison": {"course_epochs": 2, "course_seeds": [0, 1]},
}

def quick_mode() -> bool:
    """True when ``LSTM12_QUICK`` is set to a non-empty value other than 0."""
    return os.environ.get(ENV_VAR, "0") not in ("", "0")


def shrunk(value: object, cap: object) -> object:
    """``value`` made no larger than ``cap``: ``None`` (no limit) becomes ``cap``, a number the
    smaller of the two, a list its first ``len(cap)`` items; anything else stays as it is."""
    if isinstance(cap, list):
        return list(value[:len(cap)]) if isinstance(value, (list, tuple)) else value
    if value is None:
        return cap
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return min(value, cap)
    return value


def apply_quick_sizes(namespace: dict, notebook: str) -> dict[str, object]:
    """In quick mode, shrink the notebook's size parameters in ``namespace`` to at most the
    values of :data:`QUICK_SIZES` and return what changed, ``{name: new value}`` (empty when
    every size was already that small); otherwise change nothing and return ``{}``."""
    if notebook not in QUICK_SIZES:
        raise KeyError(f"no quick sizes for notebook {notebook!r}; known: {sorted(QUICK_SIZES)}")
    if not quick_mode():
        return {}
    sizes = QUICK_SIZES[notebook]
    unknown = [k for k in sizes if k not in namespace]
    if unknown:
        raise KeyError(f"quick sizes {unknown} are not parameters of {notebook}")
    changed = {}
    for name, cap in sizes.items():
        new = shrunk(namespace[name], cap)
        if new != namespace[name]:
            namespace[name] = changed[name] = new
    return changed
