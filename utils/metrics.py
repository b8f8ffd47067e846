"""Error and accuracy measures, in the units a student can read."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import balanced_accuracy_score, confusion_matrix


def forecast_errors(Y_true: np.ndarray, Y_pred: np.ndarray) -> dict[str, object]:
    """MAE and RMSE of forecasts ``(N, dt_futu)``: overall and per horizon step (lists of ``dt_futu``)."""
    Y_true, Y_pred = np.asarray(Y_true, dtype=float), np.asarray(Y_pred, dtype=float)
    if Y_true.shape != Y_pred.shape:
        raise ValueError(f"shapes differ: true {Y_true.shape}, predicted {Y_pred.shape}")
    err = Y_pred - Y_true
    return {
        "mae": float(np.abs(err).mean()),
        "rmse": float(np.sqrt((err**2).mean())),
        "mae_per_step": np.abs(err).mean(axis=0).round(6).tolist(),
        "rmse_per_step": np.sqrt((err**2).mean(axis=0)).round(6).tolist(),
    }


def classification_scores(y_true: np.ndarray, proba: np.ndarray) -> dict[str, object]:
    """Accuracy, balanced accuracy and confusion matrix from integer labels ``(N,)``
    and predicted class probabilities ``(N, N_classes)``."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(proba).argmax(axis=1)
    n_classes = np.asarray(proba).shape[1]
    return {
        "accuracy": float((y_pred == y_true).mean()),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
        "confusion": confusion_matrix(y_true, y_pred, labels=range(n_classes)).tolist(),
    }

