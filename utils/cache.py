"""A trained-model cache, so a live demo re-runs in seconds instead of retraining.

A model is saved as ``.keras`` (never pickle) under a key made from everything that decides
its weights: architecture and compile settings (layer names left out), the training data's
bytes, seed and training settings, Keras version and backend, so a stale model is never
loaded. Loading checks the sha256 recorded at saving and uses ``safe_mode=True``. Off unless
a folder is given (``model_cache``) or ``$LSTM12_MODEL_CACHE`` names one.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import keras
import numpy as np

from utils.datafiles import sha256_of
from utils.paths import project_path

ENV_VAR = "LSTM12_MODEL_CACHE"


class CacheIntegrityError(ValueError):
    """A cached model file is not the file the cache saved."""


def cache_dir(folder: str | Path | None) -> Path | None:
    """The cache folder: ``folder`` if given, else ``$LSTM12_MODEL_CACHE``, else None (off)."""
    folder = folder if folder is not None else os.environ.get(ENV_VAR) or None
    if folder is None:
        return None
    if not isinstance(folder, str | Path):
        raise TypeError(f"model_cache must be a folder path or None, got {folder!r}")
    return project_path(folder)


def _without_names(config: object) -> object:
    """The config with every ``name`` entry dropped (Keras names layers by creation order)."""
    if isinstance(config, dict):
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list):
        return [_without_names(v) for v in config]
    return config


def model_key(model: keras.Model, arrays: Sequence[np.ndarray], **settings: object) -> str:
    """Hex key of a model's config, its compile settings, the data ``arrays`` and ``settings``."""
    described = {"model": _without_names(json.loads(model.to_json())),
                 "compile": _without_names(model.get_compile_config()),
                 "settings": settings, "keras": keras.__version__, "backend": keras.backend.backend()}
    digest = hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode())
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:32]


def fit_or_load(model: keras.Model, train: Callable[[keras.Model], tuple[keras.Model, dict]],
                folder: str | Path | None, arrays: Sequence[np.ndarray],
                **settings: object) -> tuple[keras.Model, dict, bool]:
    """``(model, info, loaded)``: the cached model and its saved ``info``, or ``train(model)``'s
    (a trained model, maybe a new one, and JSON-ready ``info``), then saved if the cache is on.
    ``arrays`` (the training data) and ``settings`` (seed, epochs, ...) go into the key."""
    where = cache_dir(folder)
    if where is None:
        return *train(model), False
    key = model_key(model, arrays, **settings)
    weights, meta = where / f"{key}.keras", where / f"{key}.json"
    if weights.is_file() and meta.is_file():
        try:
            record = json.loads(meta.read_text())
            expected = record["sha256"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise CacheIntegrityError(f"cache record {meta} is unreadable ({err!r}); delete it and "
                                      f"{weights.name} to retrain.") from err
        if sha256_of(weights) != expected:
            raise CacheIntegrityError(f"cached model {weights} does not match the checksum saved with it; "
                                      "it was modified or truncated. Delete it (and its .json) to retrain.")
        with warnings.catch_warnings():  # side-by-side models hold compiled networks whose optimizers
            warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")  # are unused
            model = keras.saving.load_model(weights, compile=False, safe_mode=True)
        return model, record["info"], True
    model, info = train(model)
    where.mkdir(parents=True, exist_ok=True)
    tmp = where / f".{key}.tmp.keras"
    model.save(tmp)
    record = {"sha256": sha256_of(tmp), "info": info, "settings": settings}
    meta_tmp = where / f".{key}.tmp.json"
    meta_tmp.write_text(json.dumps(record, default=str))
    tmp.replace(weights)  # complete files only: an interrupted save leaves nothing half-written
    meta_tmp.replace(meta)
    return model, info, False
