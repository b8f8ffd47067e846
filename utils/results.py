"""Headline numbers of each notebook, written to ``results/<notebook name>.json``.

Keys are documented in the README ("Results files"). ``results/`` is git-ignored
output; notebook 05 reads what 01-04 wrote.
"""

from __future__ import annotations

import ast
import json
import math
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

# Tests point this elsewhere (LSTM12_RESULTS_DIR) so a test run never overwrites your results.
RESULTS_DIR = Path(os.environ.get("LSTM12_RESULTS_DIR") or Path(__file__).resolve().parents[1] / "results").resolve()
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def assigned_names(source: str) -> list[str]:
    """Names assigned at the top level of ``source``, e.g. a ``parameters`` cell."""
    return [t.id for node in ast.parse(source).body if isinstance(node, ast.Assign) for t in node.targets]


def parameter_names(notebook: str) -> list[str]:
    """Names assigned in the cell tagged ``parameters`` of ``notebooks/<notebook>.ipynb``."""
    cells = json.loads((NOTEBOOKS_DIR / f"{notebook}.ipynb").read_text())["cells"]
    return assigned_names(next("".join(c["source"]) for c in cells
                               if "parameters" in c.get("metadata", {}).get("tags", [])))


def write_results(notebook: str, results: dict, namespace: dict) -> Path:
    """Write ``results``, the values of the notebook's parameters (looked up in ``namespace``,
    normally ``globals()``) and run metadata as JSON; return the path."""
    import keras  # here, so reading results (make run's summary) does not start TensorFlow

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    payload = {
        "notebook": notebook,
        "parameters": _plain({name: namespace[name] for name in parameter_names(notebook)}),
        "environment": {"keras": keras.__version__, "backend": keras.backend.backend(),
                        "python": platform.python_version(), "machine": platform.machine(),
                        "written": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        **_plain(results),
    }
    path = RESULTS_DIR / f"{notebook}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
    tmp.replace(path)  # atomic: a crash never leaves half a file for notebook 05
    return path


def read_results(notebook: str) -> dict:
    """Read a notebook's results; a clear error says which notebook to run first."""
    path = RESULTS_DIR / f"{notebook}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run notebooks/{notebook}.ipynb first (or `make run`)")
    return json.loads(path.read_text())
