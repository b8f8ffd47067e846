"""The models: the slides' parameter counts, as the committed notebooks print them, and the
functions notebook 01 teaches, letter for letter as the later notebooks import them."""

import ast
import inspect
import json

import pytest

from tests.conftest import ROOT
from utils import models

# model: (notebook, the slides' count). The vanilla LSTM and the pooled models are not on the
# slides: 4 x 400 x (1 + 400 + 1) + 400 x 8 + 8, and pooling adds no weights.
SLIDES = {"LSTM(100) classifier": ("01_lstm_classification", "42,303"),
          "bidirectional": ("02_bidirectional", "1,292,808"), "vanilla": ("02_bidirectional", "646,408"),
          "stacked": ("03_stacked", "6,411,208"), "CNN+LSTM forecaster": ("04_cnn_lstm", "1,566,664"),
          "Conv1D+LSTM classifier": ("04_cnn_lstm", "67,135")}


def checked_outputs(notebook: str) -> str:
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text())["cells"]
    return "\n".join("".join(o.get("text", "")) for c in cells if "# NBVAL_CHECK_OUTPUT" in "".join(c["source"])
                     for o in c.get("outputs", []))


@pytest.mark.parametrize("model", SLIDES)
def test_the_committed_run_prints_the_slides_parameter_count(model):
    notebook, count = SLIDES[model]
    assert count in checked_outputs(notebook), f"{notebook} does not print {model}'s {count} in a checked output"


def bare(tree: ast.AST) -> str:
    """The code without docstrings and annotations: what runs."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.returns = None
            for arg in node.args.args:
                arg.annotation = None
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                node.body = node.body[1:]
    return ast.dump(tree)


@pytest.mark.parametrize("function", [models.lstm_classifier, models.side_by_side])
def test_a_reused_function_is_the_one_its_notebook_teaches(function):
    notebook = "01_lstm_classification"
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text())["cells"]
    taught = [node for c in cells if c["cell_type"] == "code"
              for node in ast.parse("\n".join(line for line in "".join(c["source"]).splitlines()
                                              if not line.startswith(("%", "!")))).body
              if isinstance(node, ast.FunctionDef) and node.name == function.__name__]
    assert len(taught) == 1, f"{notebook} defines {function.__name__} {len(taught)} times"
    assert bare(taught[0]) == bare(ast.parse(inspect.getsource(function)).body[0])
