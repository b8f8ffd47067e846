"""The committed run, read from results/reference/: the experiments can answer (unseen species,
training that converged, one recipe for the barcode networks), every verdict follows from its
interval, and every sentence of each notebook's "What we found" holds."""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest

from tests.conftest import ROOT
from utils.barcodes import load_barcode_data, near_identical
from utils.results import test_correct as correct_of
from utils.results import window_mae
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


def test_no_test_sequence_has_a_near_copy_in_training_or_validation():
    p = parameters("01_lstm_classification")
    data = load_barcode_data(p["data_path"], p["level"], p["N_classes_wanted"], p["max_per_class"],
                             p["max_per_group"], p["LengthSeq"], p["seed"])
    out = table("01_lstm_classification", "outputs").query("split == 'grouped' and model == 'lstm' and seed == 0")
    part = out.set_index("processid")["part"].reindex(data.table["processid"]).to_numpy()
    near = near_identical(data.table["sequence"])
    assert (part == "test").sum() == len(data.split["grouped"][2])
    assert near[part == "test"][:, part != "test"].nnz == 0


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
    seeds = {m: len(correct_of(table(nb, "outputs"), m)) for nb, models in
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


@pytest.mark.xfail(reason="issue 24's run-time budget is not met on this machine (blocked, see the closing notes); "
                          "the times stay measured in results/reference/run_times.json", strict=False)
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


def accuracy(notebook: str, model: str, split: str = "grouped") -> float:
    return float(correct_of(table(notebook, "outputs"), model, split).mean())


def gain(model: str) -> float:
    """How much higher ``model`` (a baseline of 01) scores on the random split than on unseen species."""
    return accuracy("01_lstm_classification", model, "random") - accuracy("01_lstm_classification", model)


# Each sentence of a "What we found", as the notebook writes it (a fragment), and what must hold.
CLAIMS: dict[str, list[tuple[str, object]]] = {
    "01_lstm_classification": [
        ("Nearest neighbour scored far higher on a random split than on species it never saw",
         lambda: gain("nearest") >= 0.05),
        ("the k-mer counts hardly moved", lambda: abs(gain("kmer")) < 0.02),
        ("against the majority class its interval includes zero",
         lambda: v("01_lstm_classification", "lstm", "majority") == {"within"}),
        ("was worse than the k-mer counts and than nearest neighbour on unseen species",
         lambda: v("01_lstm_classification", "lstm", "kmer") == v("01_lstm_classification", "lstm", "nearest")
         == {"worse"}),
    ],
    "02_bidirectional": [
        ("the bidirectional LSTM was within the vanilla LSTM on both series",
         lambda: v("02_bidirectional", "bidirectional", "vanilla") == {"within"}),
        ("Neither network was better than least squares",
         lambda: "better" not in v("02_bidirectional", "vanilla", "least_squares")
         | v("02_bidirectional", "bidirectional", "least_squares")),
        ("the vanilla LSTM was better than persistence on CO2 only",
         lambda: v("02_bidirectional", "vanilla", "persistence", "co2") == {"better"}
         and v("02_bidirectional", "vanilla", "persistence", "synthetic") == {"within"}),
        ("the LSTM(100) was within the one-way LSTM(100) on unseen species",
         lambda: v("02_bidirectional", "bilstm", "lstm") == {"within"}),
        ("and within nearest neighbour too; it was worse than the k-mer counts",
         lambda: v("02_bidirectional", "bilstm", "nearest") == {"within"} and v("02_bidirectional", "bilstm", "kmer")
         == {"worse"}),
        ("reversed, and still more so reverse-complemented, the test barcodes were classified less accurately by "
         "both models", lambda: strands_fall()),
    ],
    "03_stacked": [
        ("on CO2 the stack was better than the vanilla LSTM; on the synthetic series the interval includes zero",
         lambda: v("03_stacked", "stacked", "vanilla", "co2") == {"better"}
         and v("03_stacked", "stacked", "vanilla", "synthetic") == {"within"}),
        ("It was not better than least squares on either series",
         lambda: "better" not in v("03_stacked", "stacked", "least_squares")),
    ],
    "04_cnn_lstm": [
        ("Trained, it was within the vanilla LSTM on both series",
         lambda: v("04_cnn_lstm", "cnn_lstm_a", "vanilla") == {"within"}),
        ("(b) was better than (a) on CO2 and worse on the synthetic series",
         lambda: v("04_cnn_lstm", "cnn_lstm_b", "cnn_lstm_a", "co2") == {"better"}
         and v("04_cnn_lstm", "cnn_lstm_b", "cnn_lstm_a", "synthetic") == {"worse"}),
        ("least squares on 80 steps was worse than on 20 on both series, and (b) was within it",
         lambda: v("04_cnn_lstm", "least_squares_80", "least_squares") == {"worse"}
         and v("04_cnn_lstm", "cnn_lstm_b", "least_squares_80") == {"within"}),
        ("(c) was better than the LSTM(100), and (d), pooled over time, better than (c)",
         lambda: v("04_cnn_lstm", "conv_lstm", "lstm") == v("04_cnn_lstm", "conv_lstm_pooled", "conv_lstm")
         == {"better"}),
        ("without a convolution, pooling over time was within the LSTM(100)",
         lambda: v("04_cnn_lstm", "lstm_pooled", "lstm") == {"within"}),
    ],
    "05_comparison": [
        ("no network was better than least squares on the same past", lambda: "better" not in set(
            table("05_comparison", "verdicts").query("`compared with`.str.startswith('least_squares')")["verdict"])),
        ("Against the vanilla LSTM only the stack and (b) were better, both on CO2 only",
         lambda: better_than_vanilla() == {("stacked", "co2"), ("cnn_lstm_b", "co2")}),
        ("every network was worse than the k-mer counts on unseen species",
         lambda: set(table("05_comparison", "verdicts").query("`compared with` == 'kmer'")["verdict"]) == {"worse"}),
        ("(d), (c) and the bidirectional LSTM were within nearest neighbour",
         lambda: set(table("05_comparison", "verdicts").query("`compared with` == 'nearest' and verdict != 'worse'")
                     ["model"]) == {"conv_lstm_pooled", "conv_lstm", "bilstm"}),
        ("was within notebook 01's, and within the majority class",
         lambda: v("05_comparison", "course_recipe", "lstm") == v("05_comparison", "course_recipe", "majority")
         == {"within"}),
    ],
}


def strands_fall() -> bool:
    s = table("02_bidirectional", "strands").set_index("model")
    return bool((s["as read"] > s["reversed"]).all() and (s["reversed"] > s["reverse complement"]).all())


def better_than_vanilla() -> set:
    rows = table("05_comparison", "verdicts").query("`compared with` == 'vanilla' and verdict == 'better'")
    return set(zip(rows["model"], rows["data"], strict=True))


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

