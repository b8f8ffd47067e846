"""Run notebooks with papermill, in order (later notebooks read earlier ones' results).

    python scripts/run_notebooks.py --in-place 02        # make notebook NB=02: refresh one notebook
    python scripts/run_notebooks.py --in-place           # make notebooks: the committed run, all five
    python scripts/run_notebooks.py --out build/run      # make run: full size, nothing committed changes
    python scripts/run_notebooks.py --quick --out build/quick   # make quick: notebooks/quick/*.yaml sizes

``--in-place`` writes the executed notebook over its source and copies its results folder into
``results/reference/``, where the later notebooks read it, and records the wall time of each
notebook (kernel start included) in ``results/reference/run_times.json``; a notebook run alone
replaces only its own entry. Elsewhere, results go to ``<out>/results`` and are read from there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
from pathlib import Path

import nbformat
import papermill
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
REFERENCE = ROOT / "results" / "reference"


def cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def run(path: Path, out: Path, parameters: dict) -> float:
    """Execute ``path`` into ``out`` with ``parameters``; the seconds it took. Papermill's own
    timing metadata is left out of the written notebook."""
    start = time.perf_counter()
    papermill.execute_notebook(str(path), str(out), parameters=parameters, kernel_name="python3", cwd=str(NOTEBOOKS),
                               progress_bar=False)
    seconds = time.perf_counter() - start
    nb = nbformat.read(out, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, out)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all, in order)")
    parser.add_argument("--in-place", action="store_true")
    parser.add_argument("--quick", action="store_true", help="the reduced sizes of notebooks/quick/<name>.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "run")
    args = parser.parse_args()
    paths = sorted(p for p in NOTEBOOKS.glob("0*.ipynb") if not args.notebooks or any(
        p.stem.startswith(n) for n in args.notebooks))
    times = json.loads((REFERENCE / "run_times.json").read_text()) if (REFERENCE / "run_times.json").exists() else {}
    for path in paths:
        if args.in_place:
            seconds = run(path, path, {})
            shutil.rmtree(REFERENCE / path.stem, ignore_errors=True)
            shutil.copytree(ROOT / "results" / path.stem, REFERENCE / path.stem)
            times[path.stem] = round(seconds, 1)
            times["machine"] = f"{cpu()} ({os.cpu_count()} cores)"
            (REFERENCE / "run_times.json").write_text(json.dumps(times, indent=1, sort_keys=True) + "\n")
        else:
            quick = yaml.safe_load((NOTEBOOKS / "quick" / f"{path.stem}.yaml").read_text()) if args.quick else {}
            results = str(args.out.resolve() / "results")
            args.out.mkdir(parents=True, exist_ok=True)
            known = papermill.inspect_notebook(str(path))  # the names of its parameters cell
            given = {**quick, "results_dir": results, "compare_with": results}
            seconds = run(path, args.out / path.name, {k: v for k, v in given.items() if k in known})
        print(f"{path.stem}: {seconds:.0f} s", flush=True)


if __name__ == "__main__":
    main()
