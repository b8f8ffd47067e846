import logging
import os
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import os, sys
sys.path.insert(0, {root!r})
from utils.native_logs import send_native_logs_to_file
path = send_native_logs_to_file({log!r})
assert send_native_logs_to_file() == path
os.write(2, b"I0000 00:00:1.0 123 port.cc:153] native line\\n")
print("python stderr still works", file=sys.stderr)
import logging
print(logging.getLogger("tensorflow").level)
"""


def test_native_stderr_goes_to_file_and_python_output_does_not(tmp_path):
    log = tmp_path / "native.log"
    # the subprocess's sys.stderr is fd 2 too, so only the os.write line is the "native" one;
    # in a Jupyter kernel sys.stderr is a separate stream and stays visible
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT), log=str(log))],
                          capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert "port.cc:153] native line" in log.read_text()
    assert "native line" not in proc.stderr
    assert proc.stdout.strip() == str(logging.ERROR)
