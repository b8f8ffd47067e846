"""The notebooks ``make test`` checks: copies with CI's own data injected by papermill.

CI also forecasts a real monthly CSV in 02-04, as a student's own series would come. That is
not quick mode's business (``utils.quick`` shrinks sizes only): ``make test`` writes the
notebooks it checks to ``build/nbval/`` with the values of :data:`CI_PARAMETERS` injected by
papermill after each ``parameters`` cell, as ``make run RUN_ARGS="--param ..."`` or a student's
own edit would set them; the injected cell is visible in those copies, and quick mode then
shrinks their sizes like any other run.

    python scripts/ci_copies.py OUT_DIR NOTEBOOK.ipynb...
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

# Data CI runs 02-04 on besides their own series: a monthly CSV with a seasonal baseline, and
# a weekly CSV averaged per month.
CI_PARAMETERS: dict[str, dict[str, object]] = {
    "02_bidirectional": {"series_names": ["synthetic", "co2", "csv"], "csv_path": "tests/data/co2_monthly_means.csv",
                         "season": 12},
    "03_stacked": {"series_names": ["synthetic", "csv"], "csv_path": "data/co2_mauna_loa_weekly.csv", "resample": "MS"},
    "04_cnn_lstm": {"series_names": ["synthetic", "csv"], "csv_path": "tests/data/co2_monthly_means.csv"},
}


def ci_copies(notebooks: list[Path], out: Path) -> list[Path]:
    """Write each notebook to ``out`` with its :data:`CI_PARAMETERS` injected by papermill after
    its ``parameters`` cell (outputs kept, for nbval); notebooks without any are copied as
    they are. Returns the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = load_notebook_node(str(path))
        if path.stem in CI_PARAMETERS:
            nb = parameterize_notebook(nb, CI_PARAMETERS[path.stem], kernel_name="python3", language="python")
        dest = out / path.name
        nbformat.write(nb, dest)
        written.append(dest)
    return written


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit("usage: python scripts/ci_copies.py OUT_DIR NOTEBOOK.ipynb...")
    for written in ci_copies([Path(p) for p in sys.argv[2:]], Path(sys.argv[1])):
        print(written)
