"""Each notebook's results file, ``results/<notebook name>.json`` (keys in the README, "Results
files"): written by :func:`write_results`, read by :func:`read_results`, which falls back to
``results/reference/`` (the committed run) where a notebook has not run here.
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

ROOT = Path(__file__).resolve().parents[1]
# Tests point this elsewhere (LSTM12_RESULTS_DIR) so a test run never overwrites your results.
RESULTS_DIR = Path(os.environ.get("LSTM12_RESULTS_DIR") or ROOT / "results").resolve()
REFERENCE_DIR = ROOT / "results" / "reference"
NOTEBOOKS_DIR = ROOT / "notebooks"
SCHEMA = 2  # raised whenever the keys change, so that 05 never reads a file of another layout


def cpu_model() -> str:
    """The CPU's model name (results differ between CPUs: the barcode models' accuracies did)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


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
        "schema": SCHEMA,
        "parameters": _plain({name: namespace[name] for name in parameter_names(notebook)}),
        "environment": {"keras": keras.__version__, "backend": keras.backend.backend(),
                        "python": platform.python_version(), "machine": platform.machine(), "cpu": cpu_model(),
                        "cpu_count": os.cpu_count(),
                        "written": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        **_plain(results),
    }
    path = RESULTS_DIR / f"{notebook}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
    tmp.replace(path)  # atomic: a crash never leaves half a file for notebook 05
    return path


def read_results(notebook: str) -> dict:
    """A notebook's results: this machine's (``RESULTS_DIR``) if they are there and of this
    version, else those of the committed run (``results/reference/``). The returned dict's
    ``"source"`` says which, in words; a clear error names what to run if neither exists."""
    fresh, reference = RESULTS_DIR / f"{notebook}.json", REFERENCE_DIR / f"{notebook}.json"
    note = ""
    if fresh.is_file():
        results = json.loads(fresh.read_text())
        if results.get("schema") == SCHEMA:
            written = results["environment"]["written"]
            return {**results, "source": f"this machine's run ({fresh.name}, written {written})"}
        note = f"{fresh} is from an older version of the notebooks; "
    if not reference.is_file():
        raise FileNotFoundError(f"{note}no results of {notebook}: run notebooks/{notebook}.ipynb first (or `make run`)")
    results = json.loads(reference.read_text())
    return {**results, "source": f"{note}the committed run (results/reference/{reference.name}, "
                                 f"written {results['environment']['written']})"}
