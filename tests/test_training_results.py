import json

import keras
import numpy as np
import pytest

from utils import quick, results
from utils.training import fit, set_seed, timed_predict


def tiny_model():
    model = keras.Sequential([keras.Input((5, 1)), keras.layers.LSTM(4), keras.layers.Dense(2)])
    model.compile(loss="mean_squared_error", optimizer="adam")
    return model


def train_once():
    set_seed(3)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(32, 5, 1)).astype("float32"), rng.normal(size=(32, 2)).astype("float32")
    model = tiny_model()
    res = fit(model, X[:24], Y[:24], X[24:], Y[24:], epochs=3, batch_size=8)
    return model, res, X


def test_fit_is_reproducible_and_reports_time():
    m1, r1, X = train_once()
    m2, r2, _ = train_once()
    assert r1.history == r2.history and r1.epochs_run == 3 and 1 <= r1.best_epoch <= 3
    assert r1.seconds > 0 and r1.seconds_per_epoch == pytest.approx(r1.seconds / 3)
    pred, per_sample = timed_predict(m1, X)
    assert pred.shape == (32, 2) and per_sample > 0


def test_tensorflow_python_logger_is_quiet():
    import logging

    assert logging.getLogger("tensorflow").level == logging.ERROR


def test_fit_rejects_wrong_types():
    with pytest.raises(TypeError, match="epochs must be a positive int"):
        fit(tiny_model(), None, None, None, None, epochs=2.5, batch_size=8)
    with pytest.raises(TypeError, match="seed must be an int"):
        set_seed("0")


def test_results_round_trip(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    monkeypatch.setattr(results, "NOTEBOOKS_DIR", tmp_path)
    cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["epochs = 3\n", "seed = 0"]}
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": [cell]}))
    path = results.write_results("nb", {"mae": np.float32(0.5), "per_step": np.arange(2), "bad": float("nan")},
                                 {"epochs": 3, "seed": 0, "other": 1})
    data = json.loads(path.read_text())
    assert data["mae"] == 0.5 and data["per_step"] == [0, 1] and data["bad"] is None
    assert data["parameters"] == {"epochs": 3, "seed": 0} and data["environment"]["backend"] == keras.backend.backend()
    assert results.read_results("nb")["mae"] == 0.5
    with pytest.raises(FileNotFoundError, match="run notebooks/other.ipynb first"):
        results.read_results("other")


def test_quick_sizes_only_in_quick_mode(monkeypatch):
    ns = {"epochs": 80, "max_per_class": None}
    monkeypatch.delenv(quick.ENV_VAR, raising=False)
    assert quick.apply_quick_sizes(ns, "01_lstm_classification") == {} and ns["epochs"] == 80
    monkeypatch.setenv(quick.ENV_VAR, "1")
    assert quick.apply_quick_sizes(ns, "01_lstm_classification")["epochs"] == 2 and ns["epochs"] == 2
    with pytest.raises(KeyError, match="not parameters"):
        quick.apply_quick_sizes({}, "01_lstm_classification")
    with pytest.raises(KeyError, match="no quick sizes"):
        quick.apply_quick_sizes(ns, "99_nothing")
