"""Execute notebooks headlessly at the sizes in their parameters cell, then print a summary.

    python scripts/run_notebooks.py --out build/run notebooks/0*.ipynb   # make run
    python scripts/run_notebooks.py --in-place notebooks/0*.ipynb        # make notebooks
    python scripts/run_notebooks.py --out build/run-quick --param seeds=[0] notebooks/0*.ipynb

``--out`` leaves your notebooks untouched; ``--in-place`` refreshes the committed outputs
(one fresh kernel per notebook, so execution counts run 1..n), copies the results files to
``results/reference/`` (what notebook 05 reads on a fresh clone) and writes each notebook's
measured run time into its header. ``--param NAME=VALUE`` (with ``--out`` only) overrides a
value of the ``parameters`` cell in every notebook that has it, as papermill does; the value
is a Python literal.

The terminal shows, per notebook, the cell running, the time so far and the kernel's live
progress line (the model training now). The kernel's own stderr (TensorFlow's start-up lines,
Jupyter's warnings, a crash message if it dies) goes to ``<out>/<notebook>.kernel.log``.

The notebooks of one run share a model cache (``utils.cache``) that starts empty, so the
run times are those of a cold start; with ``--out`` and ``$LSTM12_MODEL_CACHE`` set, that
folder is used as it is instead (an instructor's warm cache: models trained before load).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.results import REFERENCE_DIR, RESULTS_DIR, assigned_names  # noqa: E402  (no Keras imported)

CACHE_ENV = "LSTM12_MODEL_CACHE"  # utils.cache.ENV_VAR, without importing Keras here
RUN_STARTED = "LSTM12_RUN_STARTED"  # utils.notebook.RUN_STARTED
RUN_CACHE = ROOT / "build" / f"run-model-cache-{os.environ.get('KERAS_BACKEND', 'tensorflow')}"
RUNTIME = re.compile(r"^\*\*Run time\*\*:.*$", re.M)
SLOW_CELL = 10  # seconds: without a terminal, cells that take longer get a line of their own
FINISH = re.compile(r"This run took (?P<minutes>[\d.]+) min \((?P<seconds>[\d.]+) s\) on (?P<machine>.+)\.")


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


class ProgressClient(NotebookClient):
    """A NotebookClient that keeps one terminal line up to date: notebook, cell i of n,
    elapsed time, and the last line the kernel displayed (a model's training progress)."""

    def __init__(self, nb: nbformat.NotebookNode, name: str, stream=sys.stdout, **kw) -> None:
        super().__init__(nb, **kw)
        self.name, self.stream, self.live = name, stream, stream.isatty()
        self.n_code = sum(c.cell_type == "code" for c in nb.cells)
        self.started, self.cell_no, self.status, self.cell_started = time.perf_counter(), 0, "", 0.0
        self.on_cell_start = self._cell_started
        self.on_cell_executed = self._cell_done

    def _cell_started(self, cell: nbformat.NotebookNode, cell_index: int) -> None:
        if cell.cell_type == "code":
            self.cell_no += 1
            self.status, self.cell_started = "", time.perf_counter()
            self._show()

    def _cell_done(self, cell: nbformat.NotebookNode, cell_index: int, execute_reply: dict) -> None:
        took = time.perf_counter() - self.cell_started
        if not self.live and took >= SLOW_CELL:  # a log file gets one line per slow cell instead
            self.stream.write(f"{self.name}: cell {self.cell_no}/{self.n_code} took {took:.0f} s"
                              + (f" | {self.status}" if self.status else "") + "\n")
            self.stream.flush()

    def process_message(self, msg: dict, cell: nbformat.NotebookNode, cell_index: int):
        if msg["msg_type"] in ("display_data", "update_display_data"):
            text = msg["content"].get("data", {}).get("text/plain", "")
            if text and "\n" not in text.strip():
                self.status = text.strip()
                self._show()
        return super().process_message(msg, cell, cell_index)

    def _show(self) -> None:
        elapsed = time.perf_counter() - self.started
        line = f"{self.name}: cell {self.cell_no}/{self.n_code}, {elapsed // 60:.0f}:{elapsed % 60:02.0f}"
        if self.status:
            line += f" | {self.status}"
        if self.live:  # one line, rewritten in place
            width = shutil.get_terminal_size().columns - 1
            self.stream.write("\r" + line[:width].ljust(width))
            self.stream.flush()


def set_runtime_header(nb: nbformat.NotebookNode) -> float | None:
    """Copy the run time and machine that the last cell printed (``utils.notebook.finish``,
    timed from the kernel's start) into the header's ``**Run time**:`` line, and return its
    seconds, the number ``results/reference/run_times.json`` keeps: one number for the run."""
    printed = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    found = FINISH.search(printed)
    if not found:
        return None
    line = f"**Run time**: {found['minutes']} min on {found['machine']} (this run, from a cold start; no GPU)."
    nb.cells[0].source = RUNTIME.sub(line, nb.cells[0].source)
    return float(found["seconds"])


def execute(path: Path, dest: Path, params: dict[str, object] | None = None, log_dir: Path | None = None) -> float:
    """Run ``path`` in a fresh kernel into ``dest``; return the seconds it took (those its last
    cell printed, if it prints them, else the runner's own count)."""
    nb = nbformat.read(path, as_version=4)
    mine = {k: v for k, v in (params or {}).items() if k in parameter_names(nb)}
    if mine:  # papermill's own reader adds the metadata its parameterize step expects
        nb = parameterize_notebook(load_notebook_node(str(path)), mine, kernel_name="python3", language="python")
    log = (log_dir or dest.parent) / f"{path.stem}.kernel.log"
    client = ProgressClient(nb, path.stem, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    os.environ[RUN_STARTED] = str(time.time())  # inherited by the kernel: utils.notebook.finish times from here
    with log.open("w") as kernel_stderr:
        try:
            client.execute(stderr=kernel_stderr, stdout=kernel_stderr)
        except CellExecutionError:
            print(f"\n{path.name} failed; the kernel's own log is {log}", file=sys.stderr)
            raise
    seconds = time.perf_counter() - start
    if client.live:
        print()
    seconds = set_runtime_header(nb) or seconds
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


def keep_as_reference(names: list[str], seconds: dict[str, float]) -> None:
    """Copy this run's results to ``results/reference/`` with the run times: what notebook 05
    reads on a fresh clone, and what the README's generated tables come from."""
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(RESULTS_DIR / f"{name}.json", REFERENCE_DIR / f"{name}.json")
    (REFERENCE_DIR / "run_times.json").write_text(json.dumps({k: round(v, 1) for k, v in seconds.items()}, indent=1)
                                                 + "\n")


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
    logs = args.out or ROOT / "build" / "run-in-place"
    logs.mkdir(parents=True, exist_ok=True)
    if os.environ.get(CACHE_ENV) and not args.in_place:  # an instructor's warm cache (README, "For instructors")
        print(f"model cache: {os.environ[CACHE_ENV]} (kept: models trained before load); kernel logs in {logs}")
    else:  # a committed run starts cold
        shutil.rmtree(RUN_CACHE, ignore_errors=True)
        os.environ[CACHE_ENV] = str(RUN_CACHE)  # inherited by every kernel this run starts
        print(f"model cache for this run (emptied first): {RUN_CACHE}; kernel logs in {logs}")
    seconds = {}
    for path in args.notebooks:
        dest = path if args.in_place else args.out / path.name
        seconds[path.stem] = execute(path, dest, params, logs)
        print(f"{path.stem}: done in {seconds[path.stem]:.0f} s -> {dest}", flush=True)
    names = [p.stem for p in args.notebooks]
    print(summary(names, seconds))
    if args.in_place:
        keep_as_reference(names, seconds)
        print(f"results copied to {REFERENCE_DIR}")
    else:  # e.g. the times of a re-run with a warm cache (README, "For instructors")
        (args.out / "run_times.json").write_text(json.dumps({k: round(v, 1) for k, v in seconds.items()}, indent=1)
                                                 + "\n")
    print(f"\ntotal {sum(seconds.values()) / 60:.1f} min on {os.cpu_count()} CPU core(s)"
          + (f" with {', '.join(f'{k}={v!r}' for k, v in params.items())}" if params else ""))


if __name__ == "__main__":
    main()
