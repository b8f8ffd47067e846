"""Naive baselines that every model is shown beside."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer


def persistence(last: np.ndarray, dt_futu: int) -> np.ndarray:
    """"Tomorrow = today": repeat the last observed values ``(N,)`` for ``dt_futu`` steps -> ``(N, dt_futu)``."""
    return np.repeat(np.asarray(last, dtype=float)[:, None], dt_futu, axis=1)


def kmer_classifier(k: int = 5, C: float = 10.0):
    """k-mer counts of a DNA string, L2-normalised, into a logistic regression (scikit-learn pipeline).

    Fit with a list of sequences (strings) and integer labels. It sees which short
    words occur, not where: what the LSTM has to learn from the one-hot bases.
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return make_pipeline(
        CountVectorizer(analyzer="char", ngram_range=(k, k), lowercase=False),
        Normalizer(),
        LogisticRegression(C=C, max_iter=2000),
    )
