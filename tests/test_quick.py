"""Quick mode (``LSTM12_QUICK=1``) shrinks sizes only and never overrides what the user set;
CI's own-CSV runs come from parameters papermill injects into copies (``scripts/ci_copies.py``)."""

from __future__ import annotations

import ast
import re
import sys

import nbformat
import pytest

from tests.conftest import ROOT
from utils import quick
from utils.paths import project_path

sys.path.insert(0, str(ROOT / "scripts"))
from ci_copies import CI_PARAMETERS, ci_copies  # noqa: E402

NOTEBOOKS = {p.stem: p for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))}
SIZE_NAME = re.compile(r"(\w+_)?(epochs|seeds)|max_per_class|last_points")
# what a student sets to forecast their own series: quick mode must leave every one alone
STUDENT = {"csv_path": "my_data/river_levels.csv", "series_names": ["synthetic", "csv"], "season": 7,
           "resample": "W-SUN", "time_column": "date", "value_column": "level"}


def parameters(name: str) -> dict[str, object]:
    """The values of the notebook's ``parameters`` cell, as its kernel would have them."""
    cell = next(c for c in nbformat.read(NOTEBOOKS[name], as_version=4).cells
                if "parameters" in c.metadata.get("tags", []))
    return {t.id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body for t in node.targets}


@pytest.fixture
def quick_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(quick.ENV_VAR, "1")


def test_quick_sizes_are_sizes_only() -> None:
    assert sorted(quick.QUICK_SIZES) == sorted(NOTEBOOKS)
    for name, sizes in quick.QUICK_SIZES.items():
        for key, cap in sizes.items():
            assert SIZE_NAME.fullmatch(key), f"{name}: {key} is not a size; quick mode may only shrink sizes"
            assert (isinstance(cap, int) and not isinstance(cap, bool) and cap > 0) or \
                (isinstance(cap, list) and cap), (name, key, cap)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_defaults_shrink_to_the_quick_sizes_and_nothing_else_changes(quick_on, name: str) -> None:
    ns = parameters(name)
    before = dict(ns)
    changed = quick.apply_quick_sizes(ns, name)
    sizes = quick.QUICK_SIZES[name]
    assert {k: ns[k] for k in sizes} == sizes, "a quick size above the notebook's default is not a reduction"
    assert changed == {k: v for k, v in sizes.items() if before[k] != v}
    assert changed, "quick mode changes nothing in this notebook"
    assert {k: v for k, v in ns.items() if k not in changed} == {k: v for k, v in before.items() if k not in changed}


@pytest.mark.parametrize("name", ["02_bidirectional", "03_stacked", "04_cnn_lstm"])
def test_a_students_own_csv_is_kept_in_quick_mode(quick_on, name: str) -> None:
    ns = parameters(name) | STUDENT
    changed = quick.apply_quick_sizes(ns, name)
    assert {k: ns[k] for k in STUDENT} == STUDENT
    assert not set(changed) & set(STUDENT)


def test_sizes_the_user_set_smaller_are_kept_and_seeds_are_the_users_own(quick_on) -> None:
    ns = parameters("01_lstm_classification") | {"epochs": 1, "max_per_class": 10, "seeds": [7, 8, 9]}
    assert quick.apply_quick_sizes(ns, "01_lstm_classification") == {"seeds": [7, 8]}
    assert (ns["epochs"], ns["max_per_class"], ns["seeds"]) == (1, 10, [7, 8])
    ns |= {"epochs": 500, "seeds": [4]}
    assert quick.apply_quick_sizes(ns, "01_lstm_classification") == {"epochs": 2}
    assert ns["seeds"] == [4]
    ns |= {"epochs": 1, "max_per_class": 5}
    assert quick.apply_quick_sizes(ns, "01_lstm_classification") == {}  # the notebook prints "full lecture size"


def test_shrunk() -> None:
    assert quick.shrunk(None, 30) == 30 and quick.shrunk(80, 2) == 2 and quick.shrunk(1, 2) == 1
    assert quick.shrunk([3, 4, 5], [0, 1]) == [3, 4] and quick.shrunk((3,), [0, 1]) == [3]
    assert quick.shrunk(True, 2) is True and quick.shrunk("all", 2) == "all" and quick.shrunk(7, [0]) == 7


def test_off_unless_the_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("", "0"):
        monkeypatch.setenv(quick.ENV_VAR, value)
        ns = parameters("02_bidirectional")
        assert quick.apply_quick_sizes(ns, "02_bidirectional") == {} and ns == parameters("02_bidirectional")
    monkeypatch.delenv(quick.ENV_VAR)
    assert not quick.quick_mode()


def test_ci_parameters_are_the_notebooks_own_and_their_files_exist() -> None:
    for name, values in CI_PARAMETERS.items():
        own = parameters(name)
        assert set(values) <= set(own), f"{name} has no parameters {set(values) - set(own)}"
        assert "csv" in values["series_names"] and project_path(values["csv_path"]).is_file()
        assert not set(values) & set(quick.QUICK_SIZES[name]), "CI data and quick sizes are separate"


def test_ci_copies_inject_the_parameters_after_the_parameters_cell(tmp_path) -> None:
    written = ci_copies(list(NOTEBOOKS.values()), tmp_path)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS.values()]
    for path in written:
        copy, original = nbformat.read(path, as_version=4), nbformat.read(NOTEBOOKS[path.stem], as_version=4)
        tags = [c.metadata.get("tags", []) for c in copy.cells]
        at = next(i for i, t in enumerate(tags) if "parameters" in t)
        injected = [c for c, t in zip(copy.cells, tags, strict=True) if "injected-parameters" in t]
        if path.stem in CI_PARAMETERS:
            assert len(injected) == 1 and "injected-parameters" in tags[at + 1]
            ns: dict = {}
            exec(injected[0].source, ns)  # noqa: S102  (papermill's own cell of literals)
            assert {k: ns[k] for k in CI_PARAMETERS[path.stem]} == CI_PARAMETERS[path.stem]
        else:
            assert not injected
        others = [c for c, t in zip(copy.cells, tags, strict=True) if "injected-parameters" not in t]
        assert [(c.source, c.get("outputs")) for c in others] == \
            [(c.source, c.get("outputs")) for c in original.cells], "nbval compares the committed outputs"
