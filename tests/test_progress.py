"""Live progress: one line updated in place in Jupyter that ends as a summary; a plain print elsewhere."""

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT
from utils import progress
from utils.progress import Progress

CELL = """
import sys
sys.path.insert(0, {root!r})
from utils.progress import Progress
p = Progress("vanilla on co2")
p.phase("relative windows", 3)
for epoch in range(3):
    p.on_epoch_end(epoch, {{"loss": 0.5 / (epoch + 1), "val_loss": 0.6 / (epoch + 1)}})
p.phase("refit on train + validation", 2)
p.on_epoch_end(0, {{"loss": 0.1}})
p.on_epoch_end(1, {{"loss": 0.05}})
p.done("best epoch 3 of 3; 4 s in all")
"""


def test_one_line_in_a_kernel_ends_as_the_summary(tmp_path) -> None:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(CELL.format(root=str(ROOT)))]
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1 and outputs[0]["output_type"] == "display_data"
    assert outputs[0]["data"]["text/plain"] == "vanilla on co2: best epoch 3 of 3; 4 s in all"


def test_the_live_text_and_a_plain_print_outside_a_kernel(capsys, monkeypatch) -> None:
    clock = iter([0.0, 0.0, 10.0, 10.5, 11.0])  # phase starts; the callback: its start, the shown line, its end
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    p = Progress("m").phase("relative windows", 4)
    p.on_epoch_end(0, {"loss": 0.123456, "val_loss": 0.2, "lr": 1.0})
    assert p.text == "m · relative windows · epoch 1/4 · loss 0.1235 · val loss 0.2 · 10 s, ~30 s left"
    assert p.seconds == 1.0  # the time spent in the callback itself, from its start to its end
    p.done("finished")
    assert capsys.readouterr().out == "m: finished\n"
