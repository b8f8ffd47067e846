"""The first cell: on Colab it installs only what is missing and never TensorFlow; everywhere it
checks the floors and prints the versions found."""

import subprocess
import sys
import types

import pytest

from utils import setup


@pytest.fixture
def on_colab(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))


def test_colab_installs_only_what_is_missing_at_its_floor(on_colab, monkeypatch):
    calls = []
    monkeypatch.setattr(setup, "missing", lambda packages=setup.MODULES: ["scipy"])
    assert setup.install_missing(run=calls.append) == ["scipy"]
    assert calls == [[sys.executable, "-m", "pip", "install", "-q", "scipy>=1.11"]]


def test_colab_never_installs_tensorflow_or_keras(on_colab, monkeypatch):
    calls = []
    monkeypatch.setattr(setup, "missing", lambda packages=setup.MODULES: ["tensorflow", "pandas"])
    with pytest.raises(RuntimeError, match="tensorflow not found: choose a Colab runtime"):
        setup.install_missing(run=calls.append)
    assert calls == []


def test_nothing_is_installed_where_nothing_is_missing(monkeypatch):
    calls = []
    assert setup.missing() == []  # this environment has every package the notebooks import
    assert setup.install_missing(run=calls.append) == [] and calls == []


def test_a_package_below_its_floor_is_named(monkeypatch):
    monkeypatch.setattr(setup.importlib.metadata, "version", lambda name: "1.0" if name == "pandas" else "99")
    assert setup.too_old() == ["pandas 1.0 < 2.2"]


def test_start_outside_colab_prints_one_line_of_versions_and_no_gpu_advice():
    code = "import sys; sys.path.insert(0, '.'); from utils.setup import start; start()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    lines = out.stdout.splitlines()
    assert len(lines) == 1 and "tensorflow 2." in lines[0] and "keras 3." in lines[0] and "GPU(s)" in lines[0]
    assert "cudart_stub" not in out.stderr and "absl" not in out.stderr  # TensorFlow's start-up lines went nowhere


def test_start_on_a_cpu_only_colab_says_how_to_get_a_gpu():
    code = ("import sys, types; sys.path.insert(0, '.'); sys.modules['google.colab'] = types.ModuleType('colab'); "
            "from utils.setup import start; start()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.splitlines()[-1] == setup.GPU_ADVICE
