"""The notebooks themselves: house rules on the committed files, and a papermill run of
each at reduced size (parameters injected from utils.quick) with its results checked."""

import ast
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from tests.conftest import ROOT
from utils.quick import ENV_VAR, QUICK_SIZES

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
SLIDE_PARAMS = {"lstm": 42_303, "vanilla": 646_408, "bidirectional": 1_292_808,
                "stacked": 6_411_208, "cnn_lstm": 1_566_664, "conv_lstm_barcodes": 67_135}
TF_LOG = re.compile(r"^[IWEF]\d{4} .*\.cc:\d+\]", re.M)


def test_every_section_has_a_notebook():
    assert NAMES == ["01_lstm_classification", "02_bidirectional", "03_stacked", "04_cnn_lstm", "05_comparison"]
    assert sorted(QUICK_SIZES) == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_notebook_house_rules(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ") and "You will learn" in first.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for node in ast.parse(params[0].source).body:  # plain values only, so papermill can override them
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)
    assert set(QUICK_SIZES[path.stem]) <= {t.id for n in ast.parse(params[0].source).body for t in n.targets}
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert 2 <= len(solutions) <= 4, "2-4 exercises, each with a solution cell"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in solutions), "solutions are collapsed"
    assert code.index(solutions[0]) == len(code) - len(solutions), "solutions come last"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "outputs are not from one fresh top-to-bottom run"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:80]
            text = out.get("text", "")
            assert not TF_LOG.search(text), f"TensorFlow log line stored in: {cell.source[:80]}"
            assert out.get("name") != "stderr", f"stderr stored in: {cell.source[:80]}: {text[:200]}"


def papermill(paths, out, results, **env):
    """Execute notebooks at reduced size with the papermill CLI, two at a time (each kernel is
    mostly single-threaded overhead at these sizes, so two share the 2 CI cores well).
    Sizes come in as papermill parameters, not through ``LSTM12_QUICK``."""
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR} | {"LSTM12_RESULTS_DIR": str(results)} | env

    def run(path):
        cmd = [sys.executable, "-m", "papermill", str(path), str(out / path.name), "-k", "python3",
               "--cwd", str(path.parent), "-y", json.dumps(QUICK_SIZES[path.stem]), "--no-progress-bar"]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{path.name} failed:\n{done.stderr[-3000:]}"

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, paths))


@pytest.fixture(scope="module")
def quick_runs(tmp_path_factory):
    """Run every notebook once at reduced size; 05 last, as it reads what 01-04 wrote."""
    out = tmp_path_factory.mktemp("papermill")
    results = out / "results"
    papermill(NOTEBOOKS[:-1], out, results)
    papermill(NOTEBOOKS[-1:], out, results)
    return {name: json.loads((results / f"{name}.json").read_text()) for name in NAMES}, out


def test_papermill_injects_parameters(quick_runs):
    runs, out = quick_runs
    for name in NAMES:
        assert runs[name]["parameters"].items() >= QUICK_SIZES[name].items()
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_results_report_slide_parameter_counts(quick_runs):
    runs, _ = quick_runs
    seen = {}
    for res in runs.values():
        for model, entry in res.get("models", {}).items():
            if model in SLIDE_PARAMS:
                seen[model] = entry["params"]
    assert seen == SLIDE_PARAMS


def test_results_are_sane(quick_runs):
    runs, _ = quick_runs
    for name, res in runs.items():
        assert res["headline"], name
        for key, value in res["headline"].items():
            assert isinstance(value, (int, float)) and value == value and value >= 0, (name, key)
            if "accuracy" in key:
                assert 0 <= value <= 1, (name, key)
    for name in ("02_bidirectional", "03_stacked", "04_cnn_lstm"):
        for series, entry in runs[name]["series"].items():
            assert entry["persistence"]["mae"] > 0, (name, series)
            assert len(entry["persistence"]["mae_per_step"]) == runs[name]["parameters"]["dt_futu"]


def test_same_run_gives_same_numbers(quick_runs, tmp_path):
    runs, _ = quick_runs
    path = NOTEBOOKS[0]
    papermill([path], tmp_path, tmp_path)
    again = json.loads((tmp_path / f"{path.stem}.json").read_text())
    first = runs[path.stem]
    for model in ("lstm", "kmer"):
        assert again["models"][model]["test"] == first["models"][model]["test"]
    assert again["models"]["lstm"]["history"] == first["models"]["lstm"]["history"]  # every loss, every digit


def test_notebooks_01_and_02_run_on_jax(quick_runs, tmp_path):
    """The notebooks are backend-agnostic: 01 and 02 at reduced size on JAX give the slides' counts."""
    runs, _ = quick_runs
    papermill(NOTEBOOKS[:2], tmp_path, tmp_path, KERAS_BACKEND="jax")
    for path in NOTEBOOKS[:2]:
        res = json.loads((tmp_path / f"{path.stem}.json").read_text())
        assert res["environment"]["backend"] == "jax"
        assert res["headline"].keys() == runs[path.stem]["headline"].keys()
        assert {m: e["params"] for m, e in res["models"].items() if m in SLIDE_PARAMS} == \
            {m: e["params"] for m, e in runs[path.stem]["models"].items() if m in SLIDE_PARAMS}
        nb = nbformat.read(tmp_path / path.name, as_version=4)
        assert "backend jax" in "".join(o.get("text", "") for o in nb.cells[1].outputs)
