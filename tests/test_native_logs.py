"""TensorFlow's native log lines go to a file; Python's own stderr stays in the notebook."""

import logging

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT

CELL = """
import os, sys
sys.path.insert(0, {root!r})
from utils.native_logs import send_native_logs_to_file
path = send_native_logs_to_file({log!r})
assert send_native_logs_to_file() == path  # idempotent
os.write(2, b"I0000 00:00:1.0 123 port.cc:153] native line\\n")
print("python stderr still shows", file=sys.stderr)
import logging
print(logging.getLogger("tensorflow").level)
"""


def test_native_stderr_goes_to_the_file_and_python_stderr_to_the_notebook(tmp_path):
    log = tmp_path / "native.log"
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(CELL.format(root=str(ROOT), log=str(log)))]
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    outputs = nb.cells[0].outputs
    stderr = "".join(o["text"] for o in outputs if o.get("name") == "stderr")
    stdout = "".join(o["text"] for o in outputs if o.get("name") == "stdout")
    written = log.read_text()
    assert "port.cc:153] native line" in written and "python stderr" not in written
    assert "python stderr still shows" in stderr and "native line" not in stderr
    assert stdout.strip() == str(logging.ERROR)
