"""`scripts/run_notebooks.py` (make run / make notebooks): parameter overrides."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import run_notebooks  # noqa: E402


def test_parse_param_reads_python_literals() -> None:
    assert run_notebooks.parse_param("refit=False") == ("refit", False)
    assert run_notebooks.parse_param(" epochs = 10 ") == ("epochs", 10)
    assert run_notebooks.parse_param("csv_path='my.csv'") == ("csv_path", "my.csv")


@pytest.mark.parametrize("text", ["refit", "=1", "2x=1", "csv_path=my.csv"])
def test_parse_param_rejects_bad_input_naming_it(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="--param"):
        run_notebooks.parse_param(text)


def test_parameter_names_of_the_notebooks() -> None:
    names = {p.stem: run_notebooks.parameter_names(nbformat.read(p, as_version=4))
             for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))}
    assert {"refit", "epochs", "seed", "seeds"} <= names["02_bidirectional"]
    assert "refit" in names["03_stacked"] and "refit" in names["04_cnn_lstm"]
    assert "refit" not in names["01_lstm_classification"] and "seeds" in names["01_lstm_classification"]
    assert run_notebooks.parameter_names(nbformat.v4.new_notebook()) == set()


TINY_CELLS = [
    "# Tiny\n\n**Run time**: RUNTIME",
    "x = 1",
    "import os\nos.write(2, b'I0000 port.cc:1] a native line\\n')\nprint(x, 'y' in globals())",
    "from IPython.display import display\nh = display({'text/plain': 'epoch 1'}, raw=True, display_id=True)\n"
    "h.update({'text/plain': 'epoch 2'}, raw=True)",
    "print('This run took 0.1 min (6.0 s) on Some CPU (2 cores), Keras 3 on tensorflow.')",
]


def tiny_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_markdown_cell(TINY_CELLS[0])]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in TINY_CELLS[1:]]
    nb.cells[1].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def test_execute_overrides_only_names_the_notebook_defines(tmp_path: Path) -> None:
    src = tiny_notebook(tmp_path / "tiny.ipynb")
    run_notebooks.execute(src, tmp_path / "out.ipynb", {"x": 2, "y": 3})
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = next(c for c in out.cells if "print(x," in c.source)  # papermill inserts a cell before it
    assert [o["text"] for o in printed.outputs if o.get("name") == "stdout"] == ["2 False\n"]
    assert nbformat.read(src, as_version=4).cells[1].source == "x = 1"  # the source notebook is untouched


def test_execute_keeps_the_last_display_writes_the_run_time_and_logs_the_kernel(tmp_path: Path) -> None:
    seconds = run_notebooks.execute(tiny_notebook(tmp_path / "tiny.ipynb"), tmp_path / "out.ipynb")
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert [o["data"]["text/plain"] for o in out.cells[3].outputs] == ["epoch 2"]  # the live line's final text
    header = out.cells[0].source  # the time and machine the last cell printed, not a number of the runner's own
    assert "**Run time**: 0.1 min on Some CPU (2 cores), Keras 3 on tensorflow (this run," in header
    assert seconds == 6.0  # what the last cell printed: run_times.json keeps the header's number
    log = (tmp_path / "tiny.kernel.log").read_text()
    assert "Kernel is running over TCP" in log or log == "" or "port.cc" in log  # the kernel's own stderr, not ours


def test_progress_line_shows_cell_and_the_kernels_live_text(tmp_path: Path) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    nb = nbformat.read(tiny_notebook(tmp_path / "tiny.ipynb"), as_version=4)
    client = run_notebooks.ProgressClient(nb, "tiny", stream=term, kernel_name="python3", timeout=60)
    client.execute()
    shown = term.getvalue()
    assert "tiny: cell 3/4" in shown and "| epoch 2" in shown and "\r" in shown


@pytest.mark.parametrize("argv, message", [
    (["--in-place", "--param", "x=2"], "only with --out"),
    (["--out", "OUT", "--param", "z=2"], "defines z"),
])
def test_main_refuses_in_place_overrides_and_unknown_names(tmp_path: Path, monkeypatch, capsys, argv, message) -> None:
    src = tiny_notebook(tmp_path / "tiny.ipynb")
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    monkeypatch.setattr(sys, "argv", ["run_notebooks.py", *argv, str(src)])
    with pytest.raises(SystemExit):
        run_notebooks.main()
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_finish_times_from_the_runners_start_of_the_kernel() -> None:
    """The runner sets LSTM12_RUN_STARTED before it starts a kernel; finish() counts from there,
    so the header's number (copied from finish()) includes the kernel's start, as run_times.json."""
    import subprocess

    code = "from utils.notebook import start, finish; start(); finish()"
    env = os.environ | {run_notebooks.RUN_STARTED: str(time.time() - 600)}  # started ten minutes ago
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    minutes = float(run_notebooks.FINISH.search(done.stdout)["minutes"])
    assert 10.0 <= minutes <= 11.0, done.stdout
