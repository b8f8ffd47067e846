"""Stratified train / validation / test split for classification."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split


def stratified_split(labels: np.ndarray, val_frac: float = 0.1, test_frac: float = 0.2,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices ``(train, val, test)`` of a stratified split of ``labels`` (``(N,)`` classes or
    ``(N, N_classes)`` one-hot); fractions of all samples; each sample in exactly one."""
    labels = np.asarray(labels)
    if labels.ndim == 2:
        labels = labels.argmax(axis=1)
    for name, frac in (("val_frac", val_frac), ("test_frac", test_frac)):
        if not 0 < frac < 1:
            raise ValueError(f"{name} must be between 0 and 1, got {frac!r}")
    if val_frac + test_frac >= 1:
        raise ValueError(f"val_frac + test_frac must be below 1, got {val_frac + test_frac}")
    idx = np.arange(len(labels))
    rest, test = train_test_split(idx, test_size=test_frac, stratify=labels, random_state=seed)
    train, val = train_test_split(rest, test_size=val_frac / (1 - test_frac),
                                  stratify=labels[rest], random_state=seed)
    return np.sort(train), np.sort(val), np.sort(test)
