"""Dependencies are declared once, in pyproject.toml, and every package imported anywhere is declared
(the notebooks', utils/' and scripts' in [project].dependencies, the tests' there or in ``dev``)."""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions

import nbformat
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCAL = {"utils", "tests"} | {p.stem for p in (ROOT / "scripts").glob("*.py")}


def declared(*lists: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(spec).name) for specs in lists for spec in specs}


def imported(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def undeclared(sources: dict[str, str], names: set[str]) -> dict[str, list[str]]:
    providers, missing = packages_distributions(), {}
    for where, source in sources.items():
        for module in imported(source) - LOCAL - set(sys.stdlib_module_names):
            if not {canonicalize_name(d) for d in providers.get(module, [module])} & names:
                missing.setdefault(module, []).append(where)
    return missing


def code_of(path) -> str:
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def test_every_package_the_notebooks_utils_and_scripts_import_is_a_dependency() -> None:
    sources = {str(p): p.read_text() for d in ("utils", "scripts") for p in (ROOT / d).glob("*.py")}
    sources |= {str(p): code_of(p) for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert not undeclared(sources, declared(PROJECT["dependencies"]))


def test_every_package_the_tests_import_is_declared() -> None:
    sources = {str(p): p.read_text() for p in (ROOT / "tests").glob("*.py")}
    assert not undeclared(sources, declared(PROJECT["dependencies"], PROJECT["optional-dependencies"]["dev"]))


def test_the_floors_admit_colabs_versions_and_exclude_no_newer_tensorflow() -> None:
    specs = {canonicalize_name(Requirement(s).name): Requirement(s).specifier for s in PROJECT["dependencies"]}
    colab = {"tensorflow": "2.20.0", "keras": "3.13.2", "numpy": "2.1.3", "matplotlib": "3.10.0",
             "scikit-learn": "1.6.1", "pandas": "2.2.2"}
    assert all(specs[name].contains(version) for name, version in colab.items())
    assert specs["tensorflow"].contains("2.25.0")
