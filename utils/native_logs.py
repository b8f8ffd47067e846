"""Keep TensorFlow's log lines out of notebook outputs without losing them.

TensorFlow 2.21 writes start-up and data-pipeline messages (``I0000 ... port.cc``,
``E0000 ... cuda_platform.cc``) from C++ straight to the process's stderr, and
``TF_CPP_MIN_LOG_LEVEL`` does not silence those written before absl logging is set
up. In a Jupyter kernel, that file descriptor is forwarded into the cell outputs.
Python warnings and tracebacks do not use it (they go through ``sys.stderr``), so
pointing descriptor 2 at a log file moves only the C++ lines.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

_redirected: Path | None = None


def send_native_logs_to_file(path: str | Path | None = None) -> Path:
    """Point the process's stderr descriptor at ``path`` (default: a file in the temp folder).

    Call before ``import keras``. Idempotent: later calls return the first path. Returns
    the log file's path so it can be read when something goes wrong. Also raises the
    Python ``tensorflow`` logger to ERROR (its "tf.function retracing" warnings are about
    speed, not correctness). That holds for scripts; in an interactive kernel TensorFlow
    resets the level when it is imported, so ``utils.training`` raises it again afterwards.
    """
    global _redirected
    if _redirected is not None:
        return _redirected
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    target = Path(path) if path else Path(tempfile.gettempdir()) / f"lstm12-native-{os.getpid()}.log"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    _redirected = target
    return target
