import keras
import numpy as np
import pytest

from utils.forecasting import (
    comparison_table,
    noise_floor,
    persistence_scores,
    series_records,
    train_forecaster,
)
from utils.series import load_series
from utils.windows import prepare_forecast_data


def tiny():
    model = keras.Sequential([keras.Input((20, 1)), keras.layers.LSTM(3), keras.layers.Dense(8)])
    model.compile(loss="mean_squared_error", optimizer="adam")
    return model


@pytest.fixture(scope="module")
def synthetic():
    s = load_series("synthetic")
    return s, prepare_forecast_data(s.y, 20, 8)


def test_noise_floor_and_persistence(synthetic):
    s, d = synthetic
    floor = noise_floor(s, d)
    assert 0.3 < floor < 0.6  # 0.5 * sqrt(2 / pi) = 0.40 in expectation
    assert persistence_scores(d)["mae"] > floor
    assert noise_floor(load_series("co2"), d) is None


def test_train_forecaster_refits_and_reports(synthetic):
    s, d = synthetic
    tr = train_forecaster(tiny, d, epochs=3, batch_size=64, seed=0)
    assert tr.forecast.shape == d.Y_true["test"].shape
    assert tr.run.refit_epochs == tr.run.best_epoch and tr.run.total_seconds > tr.run.seconds
    again = train_forecaster(tiny, d, epochs=3, batch_size=64, seed=0)
    np.testing.assert_array_equal(tr.forecast, again.forecast)
    no_refit = train_forecaster(tiny, d, epochs=3, batch_size=64, seed=0, refit=False)
    assert no_refit.run.refit_epochs == 0
    record = tr.record()
    assert record["params"] == tiny().count_params() and len(record["forecast_last_step"]) == len(d.X["test"])
    trained = {("tiny", "synthetic"): tr}
    table = comparison_table({"synthetic": s}, {"synthetic": d}, trained)
    assert list(table.loc["synthetic"].index) == ["persistence", "tiny", "noise floor (true function)"]
    assert table.loc[("synthetic", "persistence"), "MAE / persistence"] == 1.0
    rec = series_records({"synthetic": s}, {"synthetic": d}, trained)["synthetic"]
    assert rec["windows"] == {"train": 155, "val": 35, "test": 49} and "tiny" in rec["models"]


def test_train_forecaster_uses_the_model_cache(synthetic, tmp_path):
    _, d = synthetic
    trained = train_forecaster(tiny, d, epochs=2, batch_size=64, seed=0, model_cache=tmp_path)
    loaded = train_forecaster(tiny, d, epochs=2, batch_size=64, seed=0, model_cache=tmp_path)
    assert (trained.cached, loaded.cached) == (False, True)
    np.testing.assert_array_equal(trained.forecast, loaded.forecast)
    assert loaded.run == trained.run and loaded.record()["cached"] is True
    other = train_forecaster(tiny, d, epochs=2, batch_size=64, seed=0, refit=False, model_cache=tmp_path)
    assert not other.cached  # a changed setting never loads the other model
