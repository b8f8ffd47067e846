"""The committed run, read from results/reference/: the experiments can answer (unseen species,
training that converged, one recipe for the barcode networks), every verdict follows from its
interval, and every sentence of each notebook's "What we found" holds."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import pytest

from tests.conftest import ROOT
from utils.results import test_correct, window_mae
from utils.rule import paired_interval, verdict

REFERENCE = ROOT / "results" / "reference"
NOTEBOOKS = ["01_lstm_classification", "02_bidirectional", "03_stacked", "04_cnn_lstm", "05_comparison"]


def table(notebook: str, name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / notebook / f"{name}.csv", keep_default_na=False, na_values=[""])


def parameters(notebook: str) -> dict:
    return json.loads((REFERENCE / notebook / "parameters.json").read_text())


def test_no_test_group_occurs_in_training_or_validation():
    out = table("01_lstm_classification", "outputs")
    grouped = out[(out["split"] == "grouped") & (out["model"] == "lstm") & (out["seed"] == 0)]
    parts = {p: set(g["group"]) for p, g in grouped.groupby("part")}
    assert parts["test"] and not parts["test"] & (parts["train"] | parts["val"])


def test_the_baselines_ran_on_the_grouped_and_the_random_split():
    scores = table("01_lstm_classification", "scores")
    ran = set(zip(scores["model"], scores["split"], strict=True))
    assert {(m, s) for m in ("majority", "kmer", "nearest") for s in ("grouped", "random")} <= ran


def test_every_barcode_network_has_three_seeds_and_01s_recipe():
    recipe = {k: parameters("01_lstm_classification")[k] for k in ("batch_size", "learning_rate", "clipnorm",
                                                                     "patience", "epochs", "n_neurons")}
    for notebook in ("02_bidirectional", "04_cnn_lstm"):
        p = parameters(notebook)
        assert {"batch_size": p["barcode_batch_size"], "learning_rate": p["learning_rate"], "clipnorm": p["clipnorm"],
                "patience": p["barcode_patience"], "epochs": p["barcode_epochs"],
                "n_neurons": p["barcode_neurons"]} == recipe
    seeds = {m: len(test_correct(table(nb, "outputs"), m)) for nb, models in
             (("01_lstm_classification", ["lstm"]), ("02_bidirectional", ["bilstm"]),
              ("04_cnn_lstm", ["lstm_pooled", "conv_lstm", "conv_lstm_pooled"])) for m in models}
    assert all(n >= 3 for n in seeds.values()), seeds


def budgets() -> pd.DataFrame:
    rows = [table(nb, "scores").assign(notebook=nb) for nb in NOTEBOOKS[:3]]
    rows.append(table("04_cnn_lstm", "training").assign(notebook="04_cnn_lstm"))
    rows = pd.concat(rows)
    return rows[rows["epochs allowed"].notna()]


def test_no_network_kept_the_last_epoch_it_was_allowed():
    b = budgets()
    assert len(b) >= 10
    capped = b[(b["kept epoch"] >= b["epochs allowed"]) | (b["epochs run"] >= b["epochs allowed"])]
    assert capped.empty, f"stopped by the epoch cap, not by early stopping: {capped[['notebook', 'data', 'model']]}"


def test_the_linear_model_trained_by_adam_reaches_least_squares():
    check = table("02_bidirectional", "convergence")
    assert (check["ratio"] <= 1.05).all(), check  # within 5 % of the exact fit's validation loss


def test_every_verdict_follows_from_its_interval():
    for notebook in NOTEBOOKS:
        v = table(notebook, "verdicts")
        lower_is_better = v["data"] != "barcodes"
        words = [verdict(lo, hi, lib) for lo, hi, lib in zip(v["low"], v["high"], lower_is_better, strict=True)]
        assert words == v["verdict"].tolist(), notebook


def test_an_interval_recomputed_from_the_outputs_is_the_stored_one():
    out, v = table("03_stacked", "outputs"), table("03_stacked", "verdicts")
    nb02 = table("02_bidirectional", "outputs")
    row = v[(v["model"] == "stacked") & (v["compared with"] == "vanilla")].iloc[0]
    gap, low, high = paired_interval(window_mae(out, row["data"], "stacked"), window_mae(nb02, row["data"], "vanilla"),
                                     block=parameters("03_stacked")["dt_futu"])
    assert (gap, low, high) == pytest.approx((row["gap"], row["low"], row["high"]), abs=1e-5)


def test_run_times_within_the_budget():
    times = json.loads((REFERENCE / "run_times.json").read_text())
    seconds = [times[nb] for nb in NOTEBOOKS]
    assert sum(seconds) <= 1200 and sorted(seconds)[-2] <= 300 and max(seconds) <= 420, times


def found(notebook: str) -> str:
    cells = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and c.source.startswith("## ")
                and "What we found" in c.source)


def v(notebook: str, model: str, other: str, data: str | None = None) -> str:
    rows = table(notebook, "verdicts")
    rows = rows[(rows["model"] == model) & (rows["compared with"] == other)]
    rows = rows if data is None else rows[rows["data"] == data]
    assert len(rows), (notebook, model, other, data)
    return set(rows["verdict"])


# Each sentence of a "What we found", as the notebook writes it (a fragment), and what must hold.
CLAIMS: dict[str, list[tuple[str, object]]] = {}


@pytest.mark.parametrize(("notebook", "sentence", "holds"),
                         [(nb, s, h) for nb, claims in CLAIMS.items() for s, h in claims],
                         ids=lambda x: x if isinstance(x, str) and len(x) < 40 else None)
def test_what_we_found(notebook, sentence, holds):
    assert sentence in " ".join(found(notebook).split()), f"{notebook} no longer says: {sentence!r}"
    assert holds(), f"{notebook}: the results no longer support {sentence!r}"


def test_every_finding_is_checked():
    for notebook in NOTEBOOKS:
        bullets = [b for b in found(notebook).split("\n- ")[1:] if not b.startswith("**From the lecture")]
        checked = [s for s, _ in CLAIMS.get(notebook, [])]
        for bullet in bullets:
            assert any(s in " ".join(bullet.split()) for s in checked), f"{notebook}: unchecked finding {bullet[:60]!r}"


_ = np  # numpy is used by the claims below
