"""Dependencies are declared once, in pyproject.toml: requirements.txt and environment.yml repeat
[project].dependencies with the same ranges, and every package imported anywhere is declared
(what the notebooks, utils/ and scripts/ import in [project].dependencies; what the tests
import there or in the ``dev`` extra)."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (the dev extra installs tomli there)
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
EXTRAS = PROJECT["optional-dependencies"]
TEST_ONLY = {"pytest", "pytest-xdist", "nbval", "hypothesis", "ruff", "pyyaml"}
LOCAL = {"utils", "tests"} | {p.stem for p in (ROOT / "scripts").glob("*.py")}


def requirements(lines: list[str]) -> dict[str, str]:
    """``{canonical name with extras: specifier}`` of requirement strings (comments, ``pip``,
    ``-e .`` and ``python=`` left out)."""
    out = {}
    for line in lines:
        spec = line.split("#", 1)[0].strip()
        if not spec or spec in ("pip", "-e .") or spec.startswith("python="):
            continue
        req = Requirement(spec)
        name = canonicalize_name(req.name) + (f"[{','.join(sorted(req.extras))}]" if req.extras else "")
        out[name] = f"{req.specifier}{'; ' + str(req.marker) if req.marker else ''}"
    return out


def names(reqs: dict[str, str]) -> set[str]:
    return {key.split("[")[0] for key in reqs}


def environment_pip() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))


def test_requirements_txt_is_the_projects_dependencies() -> None:
    reqs = requirements((ROOT / "requirements.txt").read_text().splitlines())
    assert reqs == requirements(PROJECT["dependencies"])
    assert reqs["tensorflow"] == "<2.22,>=2.21" and reqs["keras"] == "<4,>=3.15"


def test_environment_yml_is_the_projects_dependencies_and_the_project() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert requirements(environment_pip()) == requirements(PROJECT["dependencies"])
    assert "-e ." in environment_pip()


def test_notebook_dependencies_hold_nothing_for_the_tests() -> None:
    runtime = names(requirements(PROJECT["dependencies"]))
    assert not runtime & TEST_ONLY
    assert TEST_ONLY <= names(requirements(EXTRAS["dev"]))


def test_dev_extra_holds_the_other_extras() -> None:
    dev = requirements(EXTRAS["dev"])
    for extra in ("jax", "slides"):
        assert requirements(EXTRAS[extra]).items() <= dev.items(), f"the dev extra lacks [{extra}] as declared there"


def test_make_env_installs_the_dev_extra_from_pyproject() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*-e \"?\.\[dev\]", makefile)
    assert "-r requirements.txt" not in makefile


def imported_modules(source: str) -> set[str]:
    """Top-level names of every absolute import in ``source`` (relative imports left out)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def notebook_source(path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def undeclared(sources: dict[str, str], declared: set[str]) -> dict[str, list[str]]:
    """``{module: files}`` for modules that neither the standard library, this project, nor a
    declared distribution provides (a module not installed here counts as its own distribution:
    ``tomli``, needed on Python 3.10 only)."""
    providers = packages_distributions()
    missing: dict[str, list[str]] = {}
    for where, source in sources.items():
        for module in imported_modules(source):
            if module in sys.stdlib_module_names or module in LOCAL:
                continue
            if not {canonicalize_name(d) for d in providers.get(module, [module])} & declared:
                missing.setdefault(module, []).append(where)
    return missing


def test_every_package_the_notebooks_utils_and_scripts_import_is_a_dependency() -> None:
    sources = {str(p.relative_to(ROOT)): p.read_text() for d in ("utils", "scripts") for p in (ROOT / d).rglob("*.py")}
    sources |= {str(p.relative_to(ROOT)): notebook_source(p) for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert len(sources) > 20
    missing = undeclared(sources, names(requirements(PROJECT["dependencies"])))
    assert not missing, f"imported but not in [project].dependencies of pyproject.toml: {missing}"


def test_every_package_the_tests_import_is_declared() -> None:
    sources = {str(p.relative_to(ROOT)): p.read_text() for p in (ROOT / "tests").rglob("*.py")}
    declared = names(requirements(PROJECT["dependencies"])) | names(requirements(EXTRAS["dev"]))
    missing = undeclared(sources, declared)
    assert not missing, f"imported by the tests but in neither the dependencies nor the dev extra: {missing}"


@pytest.mark.parametrize("module, expected", [("import yaml\nfrom a.b import c\nfrom . import d", {"yaml", "a"}),
                                              ("def f():\n    import numpy.linalg", {"numpy"})])
def test_imported_modules(module: str, expected: set[str]) -> None:
    assert imported_modules(module) == expected


def test_an_undeclared_import_is_found() -> None:
    assert undeclared({"x.py": "import yaml\nimport os\nimport utils"}, {"numpy"}) == {"yaml": ["x.py"]}
    assert undeclared({"x.py": "import yaml"}, {"pyyaml"}) == {}
