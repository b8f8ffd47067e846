"""Reduced sizes for CI and quick checks: the one place they are defined.

CI runs every notebook with these values, either injected by papermill as
parameters or, for nbval, applied by the cell after the ``parameters`` cell when
the environment variable ``LSTM12_QUICK=1`` is set. They shrink samples and epochs,
never the architecture, so parameter counts stay those of the slides.
"""

from __future__ import annotations

import os

ENV_VAR = "LSTM12_QUICK"

QUICK_SIZES: dict[str, dict[str, object]] = {
    "01_lstm_classification": {"epochs": 2, "max_per_class": 30, "seeds": [0, 1]},
    # 02-04 also forecast a real monthly CSV, as a student's own series would come
    "02_bidirectional": {"epochs": 1, "last_points": 200, "seeds": [0, 1], "series_names": ["synthetic", "co2", "csv"],
                         "csv_path": "tests/data/co2_monthly_means.csv", "season": 12},
    "03_stacked": {"epochs": 1, "last_points": 200, "timing_epochs": 1, "series_names": ["synthetic", "csv"],
                   "csv_path": "data/co2_mauna_loa_weekly.csv", "resample": "MS"},
    "04_cnn_lstm": {"epochs": 1, "last_points": 300, "barcode_epochs": 1, "max_per_class": 30, "seeds": [0, 1],
                    "series_names": ["synthetic", "csv"], "csv_path": "tests/data/co2_monthly_means.csv"},
    "05_comparison": {"course_epochs": 2, "course_seeds": [0, 1]},
}


def quick_mode() -> bool:
    """True when ``LSTM12_QUICK`` is set to a non-empty value other than 0."""
    return os.environ.get(ENV_VAR, "0") not in ("", "0")


def apply_quick_sizes(namespace: dict, notebook: str) -> dict[str, object]:
    """In quick mode, overwrite the notebook's parameters in ``namespace`` with the reduced
    sizes and return what changed; otherwise change nothing and return ``{}``."""
    if notebook not in QUICK_SIZES:
        raise KeyError(f"no quick sizes for notebook {notebook!r}; known: {sorted(QUICK_SIZES)}")
    if not quick_mode():
        return {}
    sizes = QUICK_SIZES[notebook]
    unknown = [k for k in sizes if k not in namespace]
    if unknown:
        raise KeyError(f"quick sizes {unknown} are not parameters of {notebook}")
    namespace.update(sizes)
    return dict(sizes)
