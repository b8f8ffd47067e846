"""The one training path: fit with live progress, forecasters per scaling chosen by validation
loss with a refit, classifiers over seeds, the model cache behind both."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from utils import training
from utils.barcodes import load_barcode_data
from utils.metrics import classification_scores
from utils.series import load_series
from utils.training import (
    TrainSettings,
    _BestPerBranch,
    fit,
    reuse_or_train,
    set_seed,
    side_by_side,
    time_epochs,
    timed_predict,
    train_classifiers,
    train_forecaster,
    train_forecasters,
)
from utils.windows import scaled_both_ways


def tiny_forecaster() -> keras.Model:
    model = keras.Sequential([keras.Input((20, 1)), keras.layers.LSTM(3), keras.layers.Dense(8)])
    model.compile(loss="mean_squared_error", optimizer="adam")
    return model


@pytest.fixture(scope="module")
def synthetic():
    s = load_series("synthetic")
    return s, scaled_both_ways(s.y, 20, 8)


SETTINGS = TrainSettings(epochs=3, batch_size=64)


def test_forecaster_keeps_the_scaling_with_the_lower_validation_loss(synthetic) -> None:
    s, windows = synthetic
    f = train_forecaster("tiny", tiny_forecaster, s, windows, SETTINGS, seed=0)
    losses = {k: v["val_loss"] for k, v in f.selection.items()}
    assert set(losses) == {"min-max", "relative"} and f.scaling == min(losses, key=losses.get)
    assert f.values.shape == f.truth.shape == (49, 8) and f.params == tiny_forecaster().count_params()
    np.testing.assert_allclose(f.truth, windows["relative"].Y_true["test"])
    assert f.training["refit_epochs"] == f.training["best_epoch"] and f.training["windows"]["test"] == 49
    for v in f.selection.values():  # the other scaling's test forecasts are kept, for illustration
        assert np.asarray(v["test_forecast_before_refit"]).shape == (49, 8)


def test_forecaster_is_reproducible_and_each_scaling_trains_as_if_alone(synthetic) -> None:
    s, windows = synthetic
    both = train_forecaster("tiny", tiny_forecaster, s, windows, SETTINGS, seed=0)
    again = train_forecaster("tiny", tiny_forecaster, s, windows, SETTINGS, seed=0)
    alone = train_forecaster("tiny", tiny_forecaster, s, {both.scaling: windows[both.scaling]}, SETTINGS, seed=0)
    np.testing.assert_array_equal(both.values, again.values)
    np.testing.assert_array_equal(both.values, alone.values)  # training the other scaling first changes nothing
    assert alone.selection.keys() == {both.scaling}
    other = train_forecaster("tiny", tiny_forecaster, s, windows, SETTINGS, seed=1)
    assert not np.array_equal(both.values, other.values)


def test_refit_off_keeps_the_first_phase_model(synthetic) -> None:
    s, windows = synthetic
    f = train_forecaster("tiny", tiny_forecaster, s, {"relative": windows["relative"]},
                         TrainSettings(epochs=3, batch_size=64, refit=False), seed=0)
    assert f.training["refit_epochs"] == 0 and SETTINGS.refit is True  # refitted unless told otherwise
    np.testing.assert_allclose(f.values, f.selection["relative"]["test_forecast_before_refit"], atol=1e-4)


def test_forecaster_uses_the_model_cache(synthetic, tmp_path) -> None:
    s, windows = synthetic
    cached = TrainSettings(epochs=2, batch_size=64, model_cache=tmp_path)
    trained = train_forecaster("tiny", tiny_forecaster, s, windows, cached, seed=0)
    loaded = train_forecaster("tiny", tiny_forecaster, s, windows, cached, seed=0)
    assert (trained.training["cached"], loaded.training["cached"]) == (False, True)
    np.testing.assert_array_equal(trained.values, loaded.values)
    assert loaded.selection == trained.selection and loaded.scaling == trained.scaling
    other = train_forecaster("tiny", tiny_forecaster, s, windows, TrainSettings(2, 64, refit=False,
                                                                                 model_cache=tmp_path), seed=0)
    assert not other.training["cached"]  # a changed setting never loads the other model


def test_fit_is_reproducible_keeps_the_best_epoch_and_reports() -> None:
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(32, 5, 1)).astype("float32"), rng.normal(size=(32, 2)).astype("float32")

    def once():
        set_seed(3)
        model = keras.Sequential([keras.Input((5, 1)), keras.layers.LSTM(4), keras.layers.Dense(2)])
        model.compile(loss="mean_squared_error", optimizer="adam")
        return model, fit(model, X[:24], Y[:24], X[24:], Y[24:], epochs=3, batch_size=8, label="tiny")

    (m1, r1), (_, r2) = once(), once()
    assert r1.history == r2.history and r1.epochs_run == 3
    assert r1.best_epoch == int(np.argmin(r1.history["val_loss"])) + 1
    assert r1.seconds_per_epoch == pytest.approx(r1.seconds / 3) and 0 <= r1.progress_seconds < r1.seconds
    pred, _ = timed_predict(m1, X)
    np.testing.assert_allclose(pred, m1.predict(X, verbose=0), atol=1e-6)
    with pytest.raises(TypeError, match="epochs must be a positive int"):
        fit(m1, X, Y, X, Y, epochs=2.5, batch_size=8)
    with pytest.raises(TypeError, match="seed must be an int"):
        set_seed("0")


def test_classifier_over_seeds_on_the_barcodes(tmp_path) -> None:
    data = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, 12, 60, 0)

    def build() -> keras.Model:
        model = keras.Sequential([keras.Input((60, 4)), keras.layers.LSTM(2),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        return model

    runs = [train_classifiers("tiny", build, data, 2, 8, [seed], model_cache=tmp_path)[0] for seed in (0, 1, 0)]
    assert [r.seed for r in runs] == [0, 1, 0] and runs[2].training["cached"] and not runs[0].training["cached"]
    assert runs[0].test == runs[2].test and runs[0].proba.shape == (len(data.test), 3)
    assert runs[0].test == classification_scores(data.y[data.test], runs[0].proba)  # scored on the test sequences
    assert sum(map(sum, runs[0].test["confusion"])) == len(data.test)
    right = runs[0].train_accuracy * len(data.train)  # a share of the training sequences, not of another set
    assert right == pytest.approx(round(right)) and 0 <= round(right) <= len(data.train)
    record = runs[0].record()
    assert record["model_id"] == "tiny" and record["params"] == build().count_params() and "history" in record


class FakeClock:
    """``perf_counter`` of a test: a model's ``fit`` or ``predict`` moves it on by a set time."""

    def __init__(self, monkeypatch) -> None:
        self.now, self.calls = 0.0, []
        monkeypatch.setattr(training.time, "perf_counter", lambda: self.now)


def test_time_epochs_leaves_out_the_warm_up_and_divides_by_the_epochs(monkeypatch) -> None:
    clock = FakeClock(monkeypatch)

    class Fake:
        def fit(self, X, Y, batch_size, epochs, verbose):
            clock.calls.append(epochs)
            clock.now += 100.0 if len(clock.calls) == 1 else 3.0 * epochs  # the warm-up traces: slow

    assert time_epochs(Fake(), np.zeros((4, 1)), np.zeros((4, 1)), batch_size=2, epochs=4) == pytest.approx(3.0)
    assert clock.calls == [1, 4]  # one untimed warm-up epoch, then the timed ones


def test_timed_predict_times_the_whole_batch_per_sample_after_a_warm_up(monkeypatch) -> None:
    clock = FakeClock(monkeypatch)

    class Fake:
        def predict(self, X, batch_size=None, verbose=0):
            clock.calls.append(len(X))
            clock.now += 50.0 if len(clock.calls) == 1 else 2.0
            return X * 2

    X = np.arange(8.0).reshape(8, 1)
    pred, per_sample = timed_predict(Fake(), X)
    np.testing.assert_array_equal(pred, X * 2)
    assert per_sample == pytest.approx(2.0 / 8) and clock.calls == [1, 8]


def test_compare_epoch_times_alternates_the_order_every_round(monkeypatch) -> None:
    clock, calls = [0.0], []
    # round-by-round durations of one timed call: "a" is slow the first time it runs
    durations = {"a": iter([0.0, 9.0, 2.0]), "b": iter([0.0, 4.0, 6.0])}

    class Fake:
        def __init__(self, name: str) -> None:
            self.name = name

        def fit(self, X, Y, batch_size, epochs, verbose):
            calls.append(self.name)
            clock[0] += next(durations[self.name])

    monkeypatch.setattr(training.time, "perf_counter", lambda: clock[0])
    X = Y = np.zeros((4, 1))
    out = training.compare_epoch_times({"a": Fake("a"), "b": Fake("b")}, X, Y, 2, epochs=2, rounds=2)
    assert calls == ["a", "b", "a", "b", "b", "a"]  # warm-ups, then a-b, then b-a
    assert out == {"a": [4.5, 1.0], "b": [2.0, 3.0]}  # per epoch, round by round


def tiny_classifier() -> keras.Model:
    model = keras.Sequential([keras.Input((60, 4)), keras.layers.LSTM(2), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(3e-3, clipnorm=1.0),
                  metrics=["accuracy"])
    return model


def test_side_by_side_branches_start_from_their_own_seeds_weights() -> None:
    model, nets = side_by_side(tiny_classifier, [0, 1])
    X = np.random.default_rng(0).random((5, 60, 4)).astype("float32")
    out = model.predict(X, verbose=0)
    for seed, pred in zip((0, 1), out, strict=True):
        set_seed(seed)
        alone = tiny_classifier()
        np.testing.assert_allclose(pred, alone.predict(X, verbose=0), atol=1e-6)
    assert list(nets) == ["seed0", "seed1"] and model.count_params() == 2 * tiny_classifier().count_params()
    assert model.optimizer.get_config()["clipnorm"] == 1.0  # the first network's optimizer settings


def test_classifiers_side_by_side_keep_each_seeds_best_epoch(tmp_path) -> None:
    data = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, 12, 60, 0)
    runs = train_classifiers("tiny", tiny_classifier, data, 4, 8, [0, 1], model_cache=tmp_path)
    for r in runs:
        h = r.training["history"]
        assert r.training["best_epoch"] == int(np.argmax(h["val_accuracy"])) + 1  # first of the best
        assert set(h) == {"loss", "accuracy", "val_loss", "val_accuracy"} and len(h["loss"]) == 4
    assert [r.seed for r in runs] == [0, 1] and runs[0].training["history"] != runs[1].training["history"]
    again = train_classifiers("tiny", tiny_classifier, data, 4, 8, [0, 1], model_cache=tmp_path)
    assert all(r.training["cached"] for r in again) and [r.test for r in again] == [r.test for r in runs]
    last = train_classifiers("tiny", tiny_classifier, data, 3, 8, [0, 1], shuffle=False, keep_best=False)
    assert all(r.training["best_epoch"] == 3 for r in last)  # the course's way: the last epoch


def test_classifiers_stop_when_every_seed_has_run_out_of_patience() -> None:
    data = load_barcode_data("data/barcodes_coi5p_3families.tsv", "family", 3, 12, 60, 0)
    runs = train_classifiers("tiny", tiny_classifier, data, 30, 8, [0, 1], patience=2)
    epochs = runs[0].training["epochs_run"]
    assert epochs < 30 and epochs == max(r.training["best_epoch"] for r in runs) + 2


def test_other_seeds_repeat_the_first_seeds_recipe(synthetic) -> None:
    s, windows = synthetic
    runs = train_forecasters("tiny", tiny_forecaster, s, windows, SETTINGS, [0, 1])
    first, second = runs
    assert second.scaling == first.scaling
    assert second.training["recipe"] == [first.scaling, first.training["best_epoch"]]
    assert second.training["epochs_run"] == first.training["best_epoch"] and second.selection == {}
    assert second.training["history"]["loss"] and "val_loss" not in second.training["history"]
    assert not np.array_equal(first.values, second.values)


def test_reuse_or_train_reads_only_forecasts_of_the_same_data(synthetic, capsys) -> None:
    s, windows = synthetic
    earlier = train_forecasters("tiny", tiny_forecaster, s, windows, SETTINGS, [0, 1])
    assert reuse_or_train("tiny", tiny_forecaster, earlier, s, windows, SETTINGS, [0, 1]) == earlier
    assert "read from its results" in capsys.readouterr().out
    other = load_series("synthetic", last_points=200)
    mine = reuse_or_train("tiny", tiny_forecaster, earlier, other, scaled_both_ways(other.y, 20, 8), SETTINGS, [0])
    assert len(mine) == 1 and all(mine[0] is not f for f in earlier) and len(mine[0].series.y) == 200


def test_side_by_side_training_stops_when_no_branch_can_improve() -> None:
    """Patience runs out for every branch, or (with patience) every branch is at accuracy 1."""
    class Net:  # what the callback uses of a branch
        def get_weights(self) -> list:
            return [np.zeros(1)]

    def stopped_after(scores: dict[str, list[float]], patience: int | None, keep_best: bool = True) -> int:
        callback = _BestPerBranch({name: Net() for name in scores}, "accuracy", patience, keep_best)
        callback.set_model(type("Model", (), {"stop_training": False})())
        for epoch in range(len(next(iter(scores.values())))):
            callback.on_epoch_end(epoch, {f"val_{name}_accuracy": s[epoch] for name, s in scores.items()})
            if callback.model.stop_training:
                return epoch + 1
        return 0  # never stopped

    both = {"seed0": [0.5, 1.0, 1.0, 1.0, 1.0, 1.0], "seed1": [0.5, 0.9, 1.0, 1.0, 1.0, 1.0]}
    assert stopped_after(both, patience=3) == 3  # both perfect at epoch 3: nothing left to gain
    assert stopped_after(both, patience=None) == 0 and stopped_after(both, 3, keep_best=False) == 0
    one = {"seed0": [0.5, 1.0, 1.0, 1.0, 1.0, 1.0], "seed1": [0.5, 0.9, 0.9, 0.9, 0.9, 0.9]}
    assert stopped_after(one, patience=3) == 5  # seed1's best at epoch 2, three epochs without better
