"""Live progress while a model trains: one line updated in place (in a kernel a display with an
id, at most every ``MIN_INTERVAL`` seconds, so a few messages per training), then kept as a
summary; outside a kernel only the summary is printed. Its own time is measured.
"""

from __future__ import annotations

import time

import keras

MIN_INTERVAL = 0.5  # seconds between two updates of the line


def _kernel_display():
    """IPython's ``display`` when running in a Jupyter kernel, else None."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    return display if shell is not None and hasattr(shell, "kernel") else None


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


class Progress(keras.callbacks.Callback):
    """Shows ``label · epoch k/N · loss · val_loss (or val accuracy) · elapsed, time left`` in
    one line (``text``). One instance may serve several ``fit`` calls (e.g. a run and its
    refit) through :meth:`phase`; ``seconds`` accumulates the time spent in the callback."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label, self.text, self.seconds = label, "", 0.0
        self._display, self._handle = _kernel_display(), None
        self.phase("", 0)

    def show(self, text: str) -> None:
        """Show ``text`` as the line (in a kernel: a display updated in place)."""
        self.text = text
        if self._display is None:
            return
        if self._handle is None:
            self._handle = self._display({"text/plain": text}, raw=True, display_id=True)
        else:
            self._handle.update({"text/plain": text}, raw=True)

    def phase(self, name: str, epochs: int) -> Progress:
        """Start a new ``fit`` of ``epochs`` epochs, shown as ``name`` (e.g. "refit")."""
        self.name, self.epochs, self.start, self.last = name, epochs, time.perf_counter(), 0.0
        return self

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        begin = time.perf_counter()
        elapsed = begin - self.start
        if begin - self.last >= MIN_INTERVAL or epoch + 1 == self.epochs:
            logs = logs or {}
            scores = [f"{k.replace('_', ' ')} {v:.4g}" for k, v in logs.items()
                      if k in ("loss", "val_loss", "accuracy", "val_accuracy")]
            left = elapsed / (epoch + 1) * (self.epochs - epoch - 1)
            parts = [self.label, self.name, f"epoch {epoch + 1}/{self.epochs}", *scores,
                     f"{_duration(elapsed)}, ~{_duration(left)} left"]
            self.show(" · ".join(p for p in parts if p))
            self.last = time.perf_counter()
        self.seconds += time.perf_counter() - begin

    def done(self, summary: str) -> None:
        """Replace the live line with its one-line summary (printed when not in a kernel)."""
        if self._display is None:
            print(f"{self.label}: {summary}", flush=True)
        self.show(f"{self.label}: {summary}")
