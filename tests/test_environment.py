import re

import yaml

from tests.conftest import ROOT


def requirement_lines(text):
    out = {}
    for line in text.splitlines():
        spec = line.split("#", 1)[0].strip().lstrip("- ").strip()
        match = re.match(r"^([A-Za-z0-9_.\[\]-]+)\s*([<>=!~].*)?$", spec)
        if match and spec not in ("pip", "-e .") and not spec.startswith("python="):
            out[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return out


def test_environment_yml_matches_requirements():
    reqs = requirement_lines((ROOT / "requirements.txt").read_text())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda = requirement_lines("\n".join(pip_section))
    assert reqs == conda
    assert "tensorflow" in reqs and "keras" in reqs and "nbval" in reqs
