"""Each notebook's results as CSV tables and ``parameters.json`` in a folder (``docs/results.md``: the columns);
later notebooks read ``results/reference`` unless told otherwise, and refuse results of other parameters."""

import ast
import json

import numpy as np
import pandas as pd

from utils.datafiles import ROOT, project_path


def parameters_of(notebook: str, namespace: dict) -> dict:
    """The values in ``namespace`` of the names assigned in ``notebook``'s cell tagged ``parameters``."""
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text())["cells"]
    source = next("".join(c["source"]) for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))
    names = [t.id for node in ast.parse(source).body if isinstance(node, ast.Assign) for t in node.targets]
    return {name: namespace[name] for name in names}


def write_results(notebook: str, results_dir: str, namespace: dict, **tables: pd.DataFrame) -> None:
    """Write ``tables`` as ``<results_dir>/<notebook>/<name>.csv`` and ``parameters.json``, and say where."""
    folder = project_path(results_dir) / notebook
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False, float_format="%.6g")
    (folder / "parameters.json").write_text(json.dumps(parameters_of(notebook, namespace), indent=1) + "\n")
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder.name
    print(f"{shown}/: {', '.join(f'{name}.csv' for name in tables)}, parameters.json")


def read_results(notebook: str, compare_with: str, **expected: object) -> dict[str, pd.DataFrame]:
    """``{"scores": ..., ...}`` from ``<compare_with>/<notebook>/``, if it ran with the ``expected`` parameters."""
    folder = project_path(compare_with) / notebook
    if not (folder / "parameters.json").is_file():
        raise FileNotFoundError(f"{folder}: no results of notebook {notebook} here; run it with results_dir="
                                f"{compare_with!r}, or set compare_with='results/reference' (the committed run)")
    ran = json.loads((folder / "parameters.json").read_text())
    if differ := {k: (ran.get(k), v) for k, v in expected.items() if json.loads(json.dumps(v)) != ran.get(k)}:
        said = "; ".join(f"{k}: {old!r} there, {new!r} here" for k, (old, new) in differ.items())
        raise ValueError(f"{folder}: notebook {notebook} ran with other parameters ({said}). Run it with these "
                         f"values and results_dir={compare_with!r}, or change them here")
    return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sorted(folder.glob("*.csv"))}


def barcode_outputs(data, model: str, split: str, proba: np.ndarray, seeds=(0,)) -> pd.DataFrame:
    """A row per seed and sequence of ``data``: split, part, ids, true class and ``proba`` ``(seeds, N, N_classes)``."""
    part = np.empty(len(data.y), dtype=object)
    for name, idx in zip(("train", "val", "test"), data.split[split], strict=True):
        part[idx] = name
    return pd.concat([pd.DataFrame({"data": "barcodes", "split": split, "model": model, "seed": s,
                                    "processid": data.table["processid"], "group": data.table["group"], "part": part,
                                    "label": data.y,
                                    **{c: p[:, i] for i, c in enumerate(data.class_names)}})
                      for s, p in zip(seeds, proba, strict=True)])


def test_correct(outputs: pd.DataFrame, model: str, split: str = "grouped") -> np.ndarray:
    """``(seeds, N_test)`` bool from an ``outputs`` table: whether each seed of ``model`` got each test sequence."""
    rows = outputs[(outputs["data"] == "barcodes") & (outputs["model"] == model) & (outputs["split"] == split)
                   & (outputs["part"] == "test")]
    classes = [c for c in outputs.columns if c not in ("data", "split", "model", "seed", "processid", "group", "part",
                                                       "label", "window") and not c.startswith("step_")]
    return np.stack([g[classes].to_numpy().argmax(axis=1) == g["label"].to_numpy() for _, g in rows.groupby("seed")])


def forecast_outputs(series: str, model: str, d, forecast: np.ndarray, seeds=(0,)) -> pd.DataFrame:
    """A row per seed and test window of ``d``: ``window``, ``forecast`` ``(seeds, N_test, dt_futu)`` as ``step_h``."""
    steps = [f"step_{h + 1}" for h in range(forecast.shape[-1])]
    return pd.concat([pd.DataFrame({"data": series, "model": model, "seed": s, "window": d.target_start["test"],
                                    **dict(zip(steps, f.T, strict=True))})
                      for s, f in zip(seeds, forecast, strict=True)])


def window_mae(outputs: pd.DataFrame, series: str, model: str) -> np.ndarray:
    """``(seeds, N_test)``: each seed's MAE over the steps of each test window, from an ``outputs`` table."""
    steps = [c for c in outputs.columns if c.startswith("step_")]
    truth = outputs[(outputs["data"] == series) & (outputs["model"] == "truth")].set_index("window")[steps]
    rows = outputs[(outputs["data"] == series) & (outputs["model"] == model)]
    return np.stack([np.abs(g.set_index("window")[steps] - truth.loc[g["window"]]).to_numpy().mean(axis=1)
                     for _, g in rows.groupby("seed")])


def budget(history, n_train: int, batch_size: int, epochs: int) -> dict[str, int]:
    """Epochs allowed and run, the epoch kept (early stopping on ``val_loss``) and weight updates up to it."""
    kept = int(np.argmin(history.history["val_loss"])) + 1
    return {"epochs allowed": epochs, "epochs run": len(history.history["val_loss"]), "kept epoch": kept,
            "updates": kept * -(-n_train // batch_size)}
