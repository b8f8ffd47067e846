"""Every model (and the barcode pipeline) is defined once: the notebook that teaches it writes it
out with the same source as ``utils/``, and every later notebook imports it from there."""

from __future__ import annotations

import ast
import inspect
import textwrap

import nbformat
import pytest

from tests.conftest import ROOT
from utils import barcodes, models, training

# function: the notebook that teaches it (and writes it out)
TAUGHT_IN = {
    models.lstm_classifier: "01_lstm_classification",
    barcodes.load_barcode_data: "01_lstm_classification",
    models.linear: "02_bidirectional",
    models.vanilla: "02_bidirectional",
    models.bidirectional: "02_bidirectional",
    training.two_phase: "02_bidirectional",  # the training protocol
    models.stacked: "03_stacked",
    models.cnn_lstm: "04_cnn_lstm",
    models.conv_lstm: "04_cnn_lstm",
}
LECTURE_SIZE = {"dt_past": 20, "n_features": 1, "n_neurons": 400, "dt_futu": 8, "LengthSeq": 500, "N_features": 4,
                "N_classes": 3, "Nclass": 3, "learning_rate": 3e-3, "clipnorm": 1.0}


def notebook_functions(name: str) -> dict[str, ast.FunctionDef]:
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.FunctionDef):
                    found[node.name] = node
    return found


def without_docstring(node: ast.FunctionDef) -> str:
    """The function's AST with its docstring left out (the notebook has none: it is taught there)."""
    first = node.body[0]
    has_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
               and isinstance(first.value.value, str))
    return ast.dump(ast.Module(body=node.body[1:] if has_doc else node.body, type_ignores=[])) + ast.dump(node.args)


@pytest.mark.parametrize("func", list(TAUGHT_IN), ids=lambda f: f.__name__)
def test_notebook_writes_out_the_same_source(func) -> None:
    ours = ast.parse(textwrap.dedent(inspect.getsource(func))).body[0]
    theirs = notebook_functions(TAUGHT_IN[func]).get(func.__name__)
    assert theirs is not None, f"{TAUGHT_IN[func]} no longer writes out {func.__name__}"
    assert without_docstring(theirs) == without_docstring(ours), (
        f"{func.__name__} in notebooks/{TAUGHT_IN[func]}.ipynb and in utils/ differ: change both together")


@pytest.mark.parametrize("name", sorted(set(TAUGHT_IN.values()) | {"05_comparison"}))
def test_later_notebooks_import_what_was_taught_before(name: str) -> None:
    """A notebook defines only what it teaches; models taught earlier come from utils/."""
    defined = set(notebook_functions(name))
    taught_elsewhere = {f.__name__ for f, nb in TAUGHT_IN.items() if nb != name}
    assert not defined & taught_elsewhere, f"{name} redefines {defined & taught_elsewhere}"


def build(func, **extra):
    params = inspect.signature(func).parameters
    return func(**{k: v for k, v in (LECTURE_SIZE | extra).items() if k in params})


@pytest.mark.parametrize("model_id, func, extra", [
    ("lstm", models.lstm_classifier, {}), ("linear", models.linear, {}), ("vanilla", models.vanilla, {}),
    ("bidirectional", models.bidirectional, {}), ("stacked", models.stacked, {}), ("cnn_lstm", models.cnn_lstm, {}),
    ("conv_lstm", models.conv_lstm, {"n_neurons": 100}),
    ("conv_lstm_pooled", models.conv_lstm, {"n_neurons": 100, "pool_over_time": True}),
])
def test_parameter_counts_of_the_slides(model_id, func, extra) -> None:
    if model_id == "lstm":
        extra = {"n_neurons": 100}
    assert build(func, **extra).count_params() == models.SLIDE_PARAMS[model_id]


def test_layer_by_layer_counts_match_the_slides() -> None:
    """The slides print per-layer counts too: 643,200 / 3,843,200 / 1,921,600 / 3,208 for the stack."""
    stack = [layer.count_params() for layer in build(models.stacked).layers]
    assert stack == [643_200, 3_843_200, 1_921_600, 3_208]
    assert [layer.count_params() for layer in build(models.bidirectional).layers] == [1_286_400, 6_408]
    assert [layer.count_params() for layer in build(models.cnn_lstm).layers] == [256, 0, 0, 1_563_200, 3_208]
    assert [layer.count_params() for layer in build(models.conv_lstm, n_neurons=100).layers] == [832, 0, 66_000, 303]


def test_pooling_over_time_changes_shapes_not_weights() -> None:
    pooled = build(models.conv_lstm, n_neurons=100, pool_over_time=True)
    assert [type(layer).__name__ for layer in pooled.layers][-2:] == ["GlobalMaxPooling1D", "Dense"]
    assert tuple(pooled.layers[2].output.shape) == (None, 249, 100)
