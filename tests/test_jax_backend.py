"""Every model of ``utils/models.py`` gives the same predictions on JAX as on TensorFlow with the
same weights, and trains on JAX.

Keras fixes its backend when it is first imported, so each backend runs in a process of its
own: this file run as a script with ``KERAS_BACKEND`` set. The TensorFlow process builds every
model at a small size (each layer type of the lecture is used), saves its weights (as
arrays, in the order of ``model.get_weights()``) and predicts; the JAX process sets those
weights in the same model built on JAX, predicts, and takes one training step, whose loss
(computed before the update) must be the model's loss on TensorFlow's predictions. The
notebooks themselves call nothing backend-specific, so this replaces running them a second
time on JAX (``make run-jax`` still runs them all there).
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
ATOL = 1e-4  # predictions of the same weights on the two backends (float32 outputs of order 1)
N = 16  # samples per batch
# Small sizes: the slides' shapes with fewer units, so each model builds and runs in a second.
BARCODES = {"LengthSeq": 30, "N_features": 4, "n_neurons": 8, "N_classes": 3, "Nclass": 3,
            "learning_rate": 3e-3, "clipnorm": 1.0}
FORECAST = {"dt_past": 20, "n_features": 1, "n_neurons": 8, "dt_futu": 8}
# case: (builder in utils.models, its arguments, input shape, target: "classes" (one-hot) or "steps")
CASES: dict[str, tuple[str, dict, tuple[int, ...], str]] = {
    "lstm_classifier": ("lstm_classifier", BARCODES, (N, 30, 4), "classes"),
    "linear": ("linear", FORECAST, (N, 20, 1), "steps"),
    "vanilla": ("vanilla", FORECAST, (N, 20, 1), "steps"),
    "bidirectional": ("bidirectional", FORECAST, (N, 20, 1), "steps"),
    "stacked": ("stacked", FORECAST, (N, 20, 1), "steps"),  # relu in the upper layers, as on the slide
    "stacked_tanh": ("stacked", FORECAST | {"activation": "tanh"}, (N, 20, 1), "steps"),
    "cnn_lstm": ("cnn_lstm", FORECAST, (N, 3, 20, 1), "steps"),  # 3 sub-sequences of dt_past steps
    "conv_lstm": ("conv_lstm", BARCODES, (N, 30, 4), "classes"),
    "conv_lstm_pooled": ("conv_lstm", BARCODES | {"pool_over_time": True}, (N, 30, 4), "classes"),
}


def inputs() -> dict[str, np.ndarray]:
    """The same inputs and targets for both backends: ``{case}.x`` and ``{case}.y``."""
    rng = np.random.default_rng(0)
    arrays = {}
    for case, (_, _, shape, target) in CASES.items():
        arrays[f"{case}.x"] = rng.normal(size=shape).astype("float32")
        if target == "classes":
            arrays[f"{case}.y"] = np.eye(3, dtype="float32")[rng.integers(0, 3, N)]
        else:
            arrays[f"{case}.y"] = rng.normal(size=(N, FORECAST["dt_futu"])).astype("float32")
    return arrays


def loss(target: str, y: np.ndarray, predicted: np.ndarray) -> float:
    """The compiled loss of the models, in numpy: categorical cross-entropy (probabilities
    clipped as Keras does) for classes, mean squared error for forecast steps."""
    if target == "classes":
        return float(np.mean(-np.sum(y * np.log(np.clip(predicted, 1e-7, 1 - 1e-7)), axis=-1)))
    return float(np.mean((y - predicted) ** 2))


def layer_names(layer) -> list[str]:
    """Class names of ``layer`` and of the layers it wraps (Bidirectional, TimeDistributed)."""
    inner = [getattr(layer, "layer", None), getattr(layer, "forward_layer", None)]
    return [type(layer).__name__] + [n for sub in inner if sub is not None for n in layer_names(sub)]


def run_backend(work: Path) -> None:
    """In a process whose ``KERAS_BACKEND`` is set: build every case, on TensorFlow save its
    weights and predict, on JAX set them, predict, train one step and predict again; write
    ``<backend>.npz`` and ``<backend>.json`` (layer types, seconds) to ``work``."""
    started = time.perf_counter()
    import keras

    from utils import models

    backend = keras.backend.backend()
    data = np.load(work / "inputs.npz")
    out, layers = {}, set()
    for case, (builder, sizes, _, _) in CASES.items():
        func = getattr(models, builder)
        keras.utils.set_random_seed(0)
        model = func(**{k: v for k, v in sizes.items() if k in inspect.signature(func).parameters})
        weights = work / f"{case}.weights.npz"
        if backend == "tensorflow":
            np.savez(weights, *model.get_weights())
        else:
            with np.load(weights) as saved:
                model.set_weights([saved[f"arr_{i}"] for i in range(len(saved.files))])
        x, y = data[f"{case}.x"], data[f"{case}.y"]
        out[f"{case}.predict"] = np.asarray(model.predict(x, batch_size=N, verbose=0))
        if backend != "tensorflow":  # TensorFlow's training is what every other test runs
            out[f"{case}.loss"] = np.float64(model.train_on_batch(x, y, return_dict=True)["loss"])
            out[f"{case}.trained"] = np.asarray(model.predict(x, batch_size=N, verbose=0))
        layers |= {name for layer in model.layers for name in layer_names(layer)}
    np.savez(work / f"{backend}.npz", **out)
    info = {"layers": sorted(layers), "seconds": time.perf_counter() - started}
    (work / f"{backend}.json").write_text(json.dumps(info))


def in_process(backend: str, work: Path) -> dict:
    env = os.environ | {"KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_PLATFORMS": "cpu"}
    proc = subprocess.run([sys.executable, __file__, str(work)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, f"the {backend} process failed:\n{proc.stderr[-3000:]}"
    return dict(np.load(work / f"{backend}.npz")) | {"info": json.loads((work / f"{backend}.json").read_text())}


def test_every_model_predicts_the_same_on_jax_and_trains_there(tmp_path: Path) -> None:
    """One test, so that the two processes run once even when pytest-xdist spreads tests."""
    np.savez(tmp_path / "inputs.npz", **inputs())
    tf = in_process("tensorflow", tmp_path)  # first: it writes the weights the JAX process sets
    jax = in_process("jax", tmp_path)
    far = {}
    for case in CASES:
        gap = float(np.max(np.abs(jax[f"{case}.predict"] - tf[f"{case}.predict"])))
        if not gap <= ATOL:
            far[case] = gap
    assert not far, f"largest |JAX - TensorFlow| prediction above {ATOL} with the same weights: {far}"
    data = inputs()
    for case, (_, _, _, target) in CASES.items():
        # one training step on JAX: a finite loss, the model's loss on TensorFlow's predictions
        # for the same weights and batch (it is computed before the update), and weights that moved
        expected = loss(target, data[f"{case}.y"], tf[f"{case}.predict"])
        assert np.isfinite(jax[f"{case}.loss"]), case
        assert jax[f"{case}.loss"] == pytest.approx(expected, rel=1e-4, abs=1e-6), case
        assert np.all(np.isfinite(jax[f"{case}.trained"])), case
        assert np.max(np.abs(jax[f"{case}.trained"] - jax[f"{case}.predict"])) > 0, f"{case}: training changed nothing"
    # every layer type the lecture's models import ran on both backends
    tree = ast.parse((ROOT / "utils" / "models.py").read_text())
    imported = {a.asname or a.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "keras.layers" for a in node.names}
    assert imported
    for name, run in (("tensorflow", tf), ("jax", jax)):
        assert imported <= set(run["info"]["layers"]), f"{name} did not run {imported - set(run['info']['layers'])}"


def test_the_numpy_loss_is_the_models() -> None:
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    p = np.array([[0.5, 0.25, 0.25], [0.0, 0.0, 1.0]])
    assert loss("classes", y, p) == pytest.approx(-(np.log(0.5) + np.log(1 - 1e-7)) / 2)
    assert loss("steps", np.zeros((2, 2)), np.array([[1.0, 1.0], [3.0, 1.0]])) == pytest.approx(3.0)


def test_every_builder_is_a_case() -> None:
    tree = ast.parse((ROOT / "utils" / "models.py").read_text())
    builders = {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    assert builders == {builder for builder, _, _, _ in CASES.values()}, "add the new builder to CASES"


if __name__ == "__main__":  # the child process: python tests/test_jax_backend.py WORK_DIR
    sys.path.insert(0, str(ROOT))
    run_backend(Path(sys.argv[1]))
