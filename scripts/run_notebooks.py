"""Execute notebooks headlessly at the sizes in their parameters cell, then print a summary.

    python scripts/run_notebooks.py --out build/run notebooks/0*.ipynb   # make run
    python scripts/run_notebooks.py --in-place notebooks/0*.ipynb        # make notebooks
    python scripts/run_notebooks.py --out build/run-norefit --param refit=False notebooks/0*.ipynb

``--out`` leaves your notebooks untouched; ``--in-place`` refreshes the committed
outputs (one fresh kernel per notebook, so execution counts run 1..n). ``--param NAME=VALUE``
(with ``--out`` only) overrides a value of the ``parameters`` cell in every notebook that has
it, as papermill does; the value is a Python literal.

The notebooks of one run share a model cache (``utils.cache``) that starts empty: a model
that several notebooks train with the same data and settings (the vanilla LSTM of 02, 03
and 04) is trained once, by the first, and loaded by the others. Nothing from an earlier
run is reused, so the run times are those of a cold start.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.cache import ENV_VAR as CACHE_ENV  # noqa: E402
from utils.results import RESULTS_DIR, assigned_names  # noqa: E402

RUN_CACHE = ROOT / "build" / f"run-model-cache-{os.environ.get('KERAS_BACKEND', 'tensorflow')}"


def parse_param(text: str) -> tuple[str, object]:
    """``"refit=False"`` -> ``("refit", False)``; the value must be a Python literal."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"--param needs NAME=VALUE, got {text!r}")
    try:
        return name.strip(), ast.literal_eval(value.strip())
    except (ValueError, SyntaxError):
        raise argparse.ArgumentTypeError(f"--param {name.strip()}: {value!r} is not a Python literal "
                                         "(strings need quotes: name='\"text\"')") from None


def parameter_names(nb: nbformat.NotebookNode) -> set[str]:
    """Names assigned in the cell tagged ``parameters`` (empty if there is none)."""
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    return set(assigned_names(cells[0].source)) if cells else set()


def execute(path: Path, dest: Path, params: dict[str, object] | None = None) -> float:
    nb = nbformat.read(path, as_version=4)
    mine = {k: v for k, v in (params or {}).items() if k in parameter_names(nb)}
    if mine:  # papermill's own reader adds the metadata its parameterize step expects
        nb = parameterize_notebook(load_notebook_node(str(path)), mine, kernel_name="python3", language="python")
    start = time.perf_counter()
    NotebookClient(nb, timeout=None, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    tmp = dest.with_suffix(".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(dest)  # an interrupted run never leaves a half-written notebook
    return seconds


def summary(names: list[str], seconds: dict[str, float]) -> str:
    lines = [f"Results ({RESULTS_DIR}):"]
    for name in names:
        path = RESULTS_DIR / f"{name}.json"
        lines.append(f"\n{name}  ({seconds.get(name, float('nan')):.0f} s)")
        if not path.is_file():
            lines.append("  no results file written")
            continue
        for key, value in json.loads(path.read_text()).get("headline", {}).items():
            lines.append(f"  {key:<48} {value:.4g}" if isinstance(value, float) else f"  {key:<48} {value}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="folder for the executed copies")
    where.add_argument("--in-place", action="store_true", help="overwrite the notebooks with fresh outputs")
    parser.add_argument("--param", type=parse_param, action="append", default=[], metavar="NAME=VALUE",
                        help="override a parameter where a notebook's parameters cell has it (with --out)")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args()
    params = dict(args.param)
    if params and args.in_place:
        parser.error("--param only with --out: committed notebooks keep their own parameters")
    known = set().union(*(parameter_names(nbformat.read(p, as_version=4)) for p in args.notebooks))
    if unknown := sorted(set(params) - known):
        parser.error(f"no parameters cell of these notebooks defines {', '.join(unknown)}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(RUN_CACHE, ignore_errors=True)
    os.environ[CACHE_ENV] = str(RUN_CACHE)  # inherited by every kernel this run starts
    print(f"model cache for this run (emptied first): {RUN_CACHE}")
    seconds = {}
    for path in args.notebooks:
        dest = path if args.in_place else args.out / path.name
        print(f"running {path} -> {dest}", flush=True)
        seconds[path.stem] = execute(path, dest, params)
        print(f"  done in {seconds[path.stem]:.0f} s", flush=True)
    print(summary([p.stem for p in args.notebooks], seconds))
    print(f"\ntotal {sum(seconds.values()) / 60:.1f} min on {os.cpu_count()} CPU core(s)"
          + (f" with {', '.join(f'{k}={v!r}' for k, v in params.items())}" if params else ""))


if __name__ == "__main__":
    main()
