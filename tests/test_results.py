"""Results files: what a notebook writes comes back, and results of other parameters are refused."""

import json
import types

import numpy as np
import pandas as pd
import pytest

from utils import results
from utils.windows import prepare_windows


def test_written_tables_come_back_and_other_parameters_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "parameters_of", lambda notebook, namespace: {"dt_past": 20, "seeds": [0, 1]})
    table = pd.DataFrame({"model": ["a", "b"], "MAE": [0.5, 0.25]})
    results.write_results("02_x", str(tmp_path), {}, scores=table)
    folder = tmp_path / "02_x"
    assert json.loads((folder / "parameters.json").read_text()) == {"dt_past": 20, "seeds": [0, 1]}
    back = results.read_results("02_x", str(tmp_path), dt_past=20, seeds=[0, 1])
    pd.testing.assert_frame_equal(back["scores"], table)
    with pytest.raises(ValueError, match=r"02_x ran with other parameters \(dt_past: 20 there, 40 here\)"):
        results.read_results("02_x", str(tmp_path), dt_past=40)
    with pytest.raises(FileNotFoundError, match="no results of notebook 03_y"):
        results.read_results("03_y", str(tmp_path))


def test_parameters_are_those_of_the_notebooks_parameters_cell():
    class Everything(dict):
        def __missing__(self, name):
            return f"value of {name}"

    found = results.parameters_of("03_stacked", Everything(unrelated=0))
    assert {"dt_past", "dt_futu", "seeds", "results_dir", "compare_with"} <= set(found) and "unrelated" not in found
    assert found["dt_past"] == "value of dt_past"


def test_window_mae_recomputes_each_seeds_error_from_the_outputs():
    y = np.linspace(0, 10, 120) + np.sin(np.arange(120))
    d = prepare_windows(y, 20, 8)
    forecast = np.stack([d.Y_true["test"] + 0.5, d.Y_true["test"] - 1.0])
    outputs = pd.concat([results.forecast_outputs("s", "truth", d, d.Y_true["test"][None]),
                         results.forecast_outputs("s", "m", d, forecast, seeds=(0, 1))])
    n = len(forecast[0])
    np.testing.assert_allclose(results.window_mae(outputs, "s", "m"), [[0.5] * n, [1.0] * n])


def test_test_correct_reads_the_test_part_of_a_split():
    data = types.SimpleNamespace(
        y=np.array([0, 1, 1, 0]), class_names=["a", "b"],
        table=pd.DataFrame({"processid": list("pqrs"), "group": list("ggh h".replace(" ", ""))}),
        split={"grouped": (np.array([0]), np.array([1]), np.array([2, 3]))})
    proba = np.array([[[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6]]])
    outputs = results.barcode_outputs(data, "m", "grouped", proba)
    assert outputs["part"].tolist() == ["train", "val", "test", "test"]
    assert results.test_correct(outputs, "m").tolist() == [[True, False]]


def test_budget_counts_the_kept_epoch_and_its_updates():
    history = types.SimpleNamespace(history={"val_loss": [3.0, 2.0, 2.5, 2.1]})
    assert results.budget(history, 100, 32, 50) == {"epochs allowed": 50, "epochs run": 4, "kept epoch": 2,
                                                   "updates": 8}
