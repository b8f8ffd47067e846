"""Write the README's numbers from the results of the committed run (``results/reference/``).

    python scripts/readme_tables.py          # rewrite the generated blocks of README.md
    python scripts/readme_tables.py --check  # exit 1 if README.md is not what the results say

Every number the README reports about a run sits between ``<!-- begin: NAME -->`` and
``<!-- end: NAME -->`` and is written here from the results files; ``make notebooks`` calls
this after refreshing them, and ``tests/test_readme.py`` checks that the README agrees.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.plots import label  # noqa: E402  (no Keras imported)

README = ROOT / "README.md"
REFERENCE = ROOT / "results" / "reference"
BLOCK = re.compile(r"(<!-- begin: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S)


def load(name: str, folder: Path = REFERENCE) -> dict:
    return json.loads((folder / f"{name}.json").read_text())


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{np.mean(values):.3f} ({min(values):.3f}-{max(values):.3f})"


def forecast_table(folder: Path = REFERENCE) -> str:
    """Test MAE per model and series (mean and range over seeds), from the notebook that teaches each."""
    taught = {"02_bidirectional": ("persistence", "seasonal_naive", "least_squares", "linear", "vanilla",
                                   "bidirectional", "noise_floor"),
              "03_stacked": ("stacked",), "04_cnn_lstm": ("cnn_lstm_a", "cnn_lstm_b")}
    p04 = load("04_cnn_lstm", folder)["parameters"]
    taught["04_cnn_lstm"] += (f"least_squares_{p04['n_sub'] * p04['dt_past']}",)  # the fit on (b)'s past
    cells: dict[str, dict[str, str]] = {}
    units: dict[str, str] = {}
    order: list[str] = []
    for nb, ids in taught.items():
        for name, entry in load(nb, folder)["series"].items():
            units[name] = entry["units"]
            for model_id in ids:
                runs = entry["models"].get(model_id) or ([entry["baselines"][model_id]]
                                                         if model_id in entry["baselines"] else [])
                if runs:
                    cells.setdefault(model_id, {})[name] = _spread([r["mae"] for r in runs]) + (
                        f" ({len(runs)} seeds)" if len(runs) > 1 else "")
                    order.append(model_id) if model_id not in order else None
    series = list(units)
    head = "| model | " + " | ".join(f"{s} test MAE{' (' + units[s] + ')' if units[s] else ''}" for s in series)
    lines = [head + " |", "|---|" + "---:|" * len(series)]
    lines += [f"| {label(m)} | " + " | ".join(cells[m].get(s, "") for s in series) + " |" for m in order]
    return "\n".join(lines)


def barcode_table(folder: Path = REFERENCE) -> str:
    """Test accuracy per barcode model (mean and range over seeds) on the held-out sequences."""
    models = load("01_lstm_classification", folder)["models"] | {
        m: v for m, v in load("04_cnn_lstm", folder)["models"].items() if m.startswith("conv_lstm")}
    models |= load("05_comparison", folder)["models"]
    lines = ["| model | parameters | test accuracy | seeds |", "|---|---:|---:|---:|"]
    for model_id, runs in models.items():
        if isinstance(runs, list):
            acc = [r["test"]["accuracy"] for r in runs]
            params = f"{runs[0]['params']:,}" if runs[0].get("params") else ""
            lines.append(f"| {label(model_id)} | {params} | {_spread(acc)} | {len(runs)} |")
    return "\n".join(lines)


def run_times(folder: Path = REFERENCE) -> str:
    """Each notebook's time in the committed run (from a cold start), and the machine it ran on;
    beside it the times of ``make demo-times`` (a re-run with that run's model cache), if kept."""
    seconds = json.loads((folder / "run_times.json").read_text())
    warm_file = folder / "run_times_warm_cache.json"
    warm = json.loads(warm_file.read_text()) if warm_file.is_file() else {}
    env = load("01_lstm_classification", folder)["environment"]
    lines = [f"Measured by `make notebooks` on {env['cpu']} ({env['cpu_count']} cores), Python {env['python']}, "
             f"Keras {env['keras']} on {env['backend']}, {env['written'][:10]}"
             + (", and again by `make demo-times` with the models it trained in the cache" if warm else "") + ":", "",
             "| notebook | minutes | with a warm cache |" if warm else "| notebook | minutes |",
             "|---|---:|---:|" if warm else "|---|---:|"]
    for name, s in [*seconds.items(), ("all", sum(seconds.values()))]:
        again = warm.get(name, sum(warm.values()) if name == "all" else None)
        lines.append(f"| {name} | {s / 60:.1f} |" + (f" {again / 60:.1f} |" if warm else ""))
    return "\n".join(lines)


# the models each notebook trains itself (03 and 04 read notebook 02's linear and vanilla seeds)
TRAINED_IN = {"01_lstm_classification": ("lstm",), "02_bidirectional": ("linear", "vanilla", "bidirectional"),
              "03_stacked": ("stacked",), "04_cnn_lstm": ("cnn_lstm_a", "cnn_lstm_b", "conv_lstm", "conv_lstm_pooled"),
              "05_comparison": ("course_recipe_lstm",)}


def progress_cost(folder: Path = REFERENCE) -> str:
    """What the live progress line cost, summed over every training of the committed run, each
    counted once: a model where it is trained, seeds trained side by side as one training."""
    spent = trained = 0.0
    for nb, ids in TRAINED_IN.items():
        res = load(nb, folder)
        runs = [(m, r) for m, v in res.get("models", {}).items() if isinstance(v, list) for r in v]
        runs += [(m, r) for s in res.get("series", {}).values() for m, v in s["models"].items() for r in v]
        for model_id, r in runs:
            first = r["seed"] == (r.get("side_by_side") or [r["seed"]])[0]  # one record per training
            if model_id in ids and first and not r.get("cached"):
                spent += r.get("progress_seconds", 0.0)
                trained += r.get("train_seconds", 0.0)
    return (f"The live progress line took {spent:.2f} s of {trained / 60:.1f} min of training in the committed run "
            f"({100 * spent / trained:.3f} %), measured inside the callback that draws it.")


BLOCKS = {"forecast-table": forecast_table, "barcode-table": barcode_table, "run-times": run_times,
          "progress-cost": progress_cost}


def render(text: str, folder: Path = REFERENCE) -> str:
    """``text`` with every generated block rewritten from the results in ``folder``."""
    return BLOCK.sub(lambda m: m[1] + BLOCKS[m["name"]](folder) + "\n" + m[4], text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if README.md is out of date")
    args = parser.parse_args()
    text = README.read_text()
    new = render(text)
    if args.check:
        sys.exit(0 if new == text else "README.md differs from results/reference/: run scripts/readme_tables.py")
    README.write_text(new)
    print(f"{README.relative_to(ROOT)}: {len(BLOCK.findall(text))} generated blocks written")


if __name__ == "__main__":
    main()
