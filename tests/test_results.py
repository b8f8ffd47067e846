import json

import keras
import numpy as np
import pytest

from utils import quick, results


def test_tensorflow_python_logger_is_quiet():
    import logging

    import utils.training  # noqa: F401  (raises the level when imported)

    assert logging.getLogger("tensorflow").level == logging.ERROR


def test_results_round_trip_and_the_reference_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    monkeypatch.setattr(results, "NOTEBOOKS_DIR", tmp_path)
    monkeypatch.setattr(results, "REFERENCE_DIR", tmp_path / "reference")
    cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["epochs = 3\n", "seed = 0"]}
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": [cell]}))
    path = results.write_results("nb", {"mae": np.float32(0.5), "per_step": np.arange(2), "bad": float("nan")},
                                 {"epochs": 3, "seed": 0, "other": 1})
    data = json.loads(path.read_text())
    assert data["mae"] == 0.5 and data["per_step"] == [0, 1] and data["bad"] is None
    assert data["parameters"] == {"epochs": 3, "seed": 0} and data["environment"]["backend"] == keras.backend.backend()
    assert data["schema"] == results.SCHEMA and data["environment"]["cpu"]
    read = results.read_results("nb")
    assert read["mae"] == 0.5 and "this machine's run" in read["source"]
    with pytest.raises(FileNotFoundError, match="run notebooks/other.ipynb first"):
        results.read_results("other")
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "other.json").write_text(path.read_text())
    assert "the committed run (results/reference/other.json" in results.read_results("other")["source"]
    stale = json.loads(path.read_text()) | {"schema": 1}
    (tmp_path / "other.json").write_text(json.dumps(stale))
    assert results.read_results("other")["source"].startswith(f"{tmp_path / 'other.json'} is from an older version")


def test_quick_sizes_only_in_quick_mode(monkeypatch):
    ns = {"epochs": 80, "max_per_class": None, "seeds": [0, 1, 2]}
    monkeypatch.delenv(quick.ENV_VAR, raising=False)
    assert quick.apply_quick_sizes(ns, "01_lstm_classification") == {} and ns["epochs"] == 80
    monkeypatch.setenv(quick.ENV_VAR, "1")
    assert quick.apply_quick_sizes(ns, "01_lstm_classification")["epochs"] == 2 and ns["epochs"] == 2
    with pytest.raises(KeyError, match="not parameters"):
        quick.apply_quick_sizes({}, "01_lstm_classification")
    with pytest.raises(KeyError, match="no quick sizes"):
        quick.apply_quick_sizes(ns, "99_nothing")
