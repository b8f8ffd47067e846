"""The trained-model cache: a hit, a miss on any changed input, refusal of a modified file."""

from __future__ import annotations

import numpy as np
import pytest
from keras import Input, optimizers
from keras.layers import Dense
from keras.models import Sequential

from utils import cache
from utils.training import fit, set_seed

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 3)).astype("float32")
Y = RNG.normal(size=(64, 2)).astype("float32")


def build(units: int = 4, lr: float = 1e-3) -> Sequential:
    model = Sequential([Input(shape=(3,)), Dense(units, activation="tanh"), Dense(2)])
    model.compile(loss="mean_squared_error", optimizer=optimizers.Adam(lr))
    return model


class Counter:
    """A ``train`` callable that counts how often it really trains."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, model: Sequential) -> tuple[Sequential, dict]:
        self.calls += 1
        run = fit(model, X, Y, X[:8], Y[:8], epochs=2, batch_size=16)
        return model, {"epochs_run": run.epochs_run, "history": run.history}


def run(folder, counter: Counter, x: np.ndarray = X, units: int = 4, lr: float = 1e-3, **settings):
    set_seed(0)
    return cache.fit_or_load(build(units, lr), counter, folder, [x, Y], **({"seed": 0, "epochs": 2} | settings))


def test_off_without_a_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    counter = Counter()
    for _ in range(2):
        _, info, loaded = run(None, counter)
        assert not loaded and info["epochs_run"] == 2
    assert counter.calls == 2


def test_hit_loads_the_same_model(tmp_path) -> None:
    counter = Counter()
    first, info1, loaded1 = run(tmp_path, counter)
    second, info2, loaded2 = run(tmp_path, counter)
    assert (loaded1, loaded2, counter.calls) == (False, True, 1)
    assert info1 == info2
    np.testing.assert_array_equal(first.predict(X, verbose=0), second.predict(X, verbose=0))
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json", ".keras"]  # no temporary files left


def test_key_ignores_layer_names() -> None:
    # Keras names layers by creation order (dense, dense_1, ...): the same model built twice must match
    assert cache.model_key(build(), [X]) == cache.model_key(build(), [X])


@pytest.mark.parametrize("change", [
    {"units": 5}, {"lr": 3e-3}, {"seed": 1}, {"epochs": 3}, {"batch_size": 64}, {"x": X + np.float32(1e-3)},
], ids=lambda c: next(iter(c)))
def test_any_changed_input_misses(tmp_path, change: dict) -> None:
    counter = Counter()
    run(tmp_path, counter)
    _, _, loaded = run(tmp_path, counter, **change)
    assert not loaded and counter.calls == 2


def test_modified_file_is_refused_and_kept(tmp_path) -> None:
    counter = Counter()
    run(tmp_path, counter)
    saved = next(tmp_path.glob("*.keras"))
    saved.write_bytes(saved.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(cache.CacheIntegrityError, match="does not match the checksum"):
        run(tmp_path, counter)
    assert saved.is_file() and counter.calls == 1  # nothing deleted, nothing retrained silently


def test_unreadable_record_is_refused(tmp_path) -> None:
    counter = Counter()
    run(tmp_path, counter)
    next(tmp_path.glob("*.json")).write_text("{not json")
    with pytest.raises(cache.CacheIntegrityError, match="unreadable"):
        run(tmp_path, counter)


def test_environment_variable_turns_it_on(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    counter = Counter()
    run(None, counter)
    assert run(None, counter)[2] and counter.calls == 1
    assert cache.cache_dir(None) == tmp_path


def test_wrong_folder_type() -> None:
    with pytest.raises(TypeError, match="model_cache"):
        cache.cache_dir(3)
