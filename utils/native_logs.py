"""Keep TensorFlow's C++ log lines out of notebook outputs without losing them: they go to the
process's stderr descriptor (forwarded into cell outputs by Jupyter) before
``TF_CPP_MIN_LOG_LEVEL`` applies; Python warnings use ``sys.stderr`` and are not moved."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

_redirected: Path | None = None


def send_native_logs_to_file(path: str | Path | None = None) -> Path:
    """Point the stderr descriptor at ``path`` (default: a file in the temp folder) and return it;
    call before ``import keras``. Idempotent. Also quiets the ``tensorflow`` Python logger (in a
    kernel TensorFlow resets it on import; ``utils.training`` raises it again)."""
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
