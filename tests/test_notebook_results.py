"""What the notebooks wrote when CI ran each of them once at reduced size (``make test``: nbval
executes them with ``LSTM12_QUICK=1`` and results in ``$LSTM12_RESULTS_DIR``; 02-04 with
``scripts/ci_copies.py``'s CI_PARAMETERS injected). Run after that step; a missing file fails."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT
from utils.models import SLIDE_PARAMS
from utils.quick import QUICK_SIZES
from utils.results import SCHEMA

sys.path.insert(0, str(ROOT / "scripts"))
from ci_copies import CI_PARAMETERS  # noqa: E402

NAMES = list(QUICK_SIZES)
TRAINED_IN = {"lstm": "01_lstm_classification", "kmer": "01_lstm_classification", "linear": "02_bidirectional",
              "vanilla": "02_bidirectional", "bidirectional": "02_bidirectional", "stacked": "03_stacked",
              "cnn_lstm_a": "04_cnn_lstm", "cnn_lstm_b": "04_cnn_lstm", "conv_lstm": "04_cnn_lstm",
              "conv_lstm_pooled": "04_cnn_lstm"}
RESULTS = Path(os.environ.get("LSTM12_RESULTS_DIR", ROOT / "build" / "test-results"))


def results(name: str, where: Path = RESULTS) -> dict:
    path = where / f"{name}.json"
    assert path.is_file(), f"{path} missing: run `make test` (the notebooks write it)"
    return json.loads(path.read_text())


@pytest.mark.parametrize("name", NAMES)
def test_each_notebook_ran_at_reduced_size_and_wrote_its_results(name: str) -> None:
    res = results(name)
    assert res["schema"] == SCHEMA and res["notebook"] == name
    assert {k: res["parameters"][k] for k in QUICK_SIZES[name]} == QUICK_SIZES[name]
    assert res["environment"]["backend"] == "tensorflow" and res["environment"]["cpu"]
    assert res["headline"]
    for key, value in res["headline"].items():  # each headline is the mean of the records it summarises
        where, model_id, measure = key.rsplit(".", 2)
        if name == "05_comparison":  # one number per model: that of the notebook that trained it
            if model_id in TRAINED_IN:
                assert value == pytest.approx(results(TRAINED_IN[model_id])["headline"][key]), key
            continue
        if where == "barcodes":
            runs = res["models"][model_id]
            scores = [r["test"]["accuracy"] for r in (runs if isinstance(runs, list) else [runs])]
        else:
            entry = res["series"][where]
            runs = entry["models"].get(model_id) or [entry["baselines"][model_id]]
            scores = [r["mae"] for r in runs]
        assert measure in ("mae", "accuracy") and value == pytest.approx(np.mean(scores)), (name, key)


def test_every_slide_model_has_the_slides_parameter_count() -> None:
    seen = {}
    for name in NAMES:
        for model_id, entry in results(name).get("models", {}).items():
            runs = entry if isinstance(entry, list) else [entry]
            counts = {r["params"] for r in runs if r.get("params")}
            if model_id in SLIDE_PARAMS:
                seen[model_id] = counts
    assert seen == {m: {p} for m, p in SLIDE_PARAMS.items()}


@pytest.mark.parametrize("name", ["02_bidirectional", "03_stacked", "04_cnn_lstm"])
def test_forecasts_beside_every_baseline_and_on_a_students_csv(name: str) -> None:
    res = results(name)
    series = res["series"]
    assert set(series) == set(CI_PARAMETERS[name]["series_names"]) and "csv" in series
    csv = series["csv"]
    assert csv["n_points"] == len(csv["y"]) == len(csv["t"])
    assert "co2" in csv["source"] and "monthly (MS)" in csv["source"]
    both = {"min-max", "relative"}
    for entry in series.values():
        assert {"persistence", "least_squares"} <= set(entry["baselines"])
        assert ("seasonal_naive" in entry["baselines"]) == (entry["season"] is not None)
        # 02's models choose between both scalings; later models train on the ones 02's kept
        kept = {run["scaling"] for m in ("linear", "vanilla") for run in entry["models"].get(m, [])}
        for model_id, runs in entry["models"].items():
            recipe = runs[0]["scaling"], runs[0]["best_epoch"]
            for run in runs[1:]:  # the other seeds repeat the first seed's choice (notebook 02, section 5)
                assert (run["scaling"], run["epochs_run"]) == recipe and run["selection"] == {}
            for run in runs[:1]:
                offered = set(run["selection"])
                assert run["scaling"] in offered
                if model_id in ("linear", "vanilla") or name == "02_bidirectional":
                    assert offered == both
                else:  # both where 02 ran on other data (quick sizes differ per notebook)
                    assert offered in (both, kept)
                assert len(run["forecast"]) == len(entry["test_target_start"])
                assert len(run["mae_per_step"]) == res["parameters"]["dt_futu"]
    floor = series["synthetic"]["baselines"]["noise_floor"]  # the noise itself: RMSE above MAE, neither 0
    assert floor["rmse"] > floor["mae"] > 0


def test_seeds_where_the_notebooks_train_them() -> None:
    seeds_02 = results("02_bidirectional")["parameters"]["seeds"]
    for model_id in ("linear", "vanilla"):
        assert [r["seed"] for r in results("02_bidirectional")["series"]["synthetic"]["models"][model_id]] == seeds_02
    nb04 = results("04_cnn_lstm")
    assert [r["seed"] for r in nb04["series"]["synthetic"]["models"]["cnn_lstm_b"]] == nb04["parameters"]["seeds"]
    for model_id in ("conv_lstm", "conv_lstm_pooled"):
        assert [r["seed"] for r in nb04["models"][model_id]] == nb04["parameters"]["seeds"]
    nb01 = results("01_lstm_classification")
    assert [r["seed"] for r in nb01["models"]["lstm"]] == nb01["parameters"]["seeds"]
    assert {r["model_id"] for r in results("05_comparison")["models"]["course_recipe_lstm"]} == {"course_recipe_lstm"}


def test_05_read_the_results_of_this_run() -> None:
    sources = results("05_comparison")["sources"]
    assert set(sources) == set(NAMES[:-1]) and all("this machine's run" in s for s in sources.values())
