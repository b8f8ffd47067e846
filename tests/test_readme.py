"""The README's numbers come from the committed run: its generated blocks are what
``results/reference/`` says, and its prose states no other measured number."""

from __future__ import annotations

import json
import re
import sys

from tests.conftest import ROOT
from utils.models import SLIDE_PARAMS

sys.path.insert(0, str(ROOT / "scripts"))
import readme_tables  # noqa: E402

NUMBER = re.compile(r"(?<![\w.\-])(\d+\.\d+|\d{1,3}(?:,\d{3})+|\d+ ?%)(?![\w.])")
# Numbers the README may state outside the generated blocks: constants, not measurements.
CONSTANTS = {f"{n:,}" for n in SLIDE_PARAMS.values()} | {
    "3.11", "2.21", "2.22", "5.2.0", "1,000", "20 %", "20%", "15 %", "70 %", "10 %", "0.25", "3.15",
    "03.1"}  # versions, the data split, the loader's max_filled, an exercise number


def test_generated_blocks_are_what_the_committed_results_say() -> None:
    text = (ROOT / "README.md").read_text()
    assert len(readme_tables.BLOCK.findall(text)) == len(readme_tables.BLOCKS)
    assert readme_tables.render(text) == text, "README.md is out of date: run python scripts/readme_tables.py"


def test_prose_states_no_measured_number() -> None:
    prose = readme_tables.BLOCK.sub("", (ROOT / "README.md").read_text())
    found = sorted({n for n in NUMBER.findall(prose) if n not in CONSTANTS})
    assert not found, f"numbers in the README outside the generated blocks: {found}"


def test_run_times_show_the_warm_cache_column_only_when_it_was_measured(tmp_path) -> None:
    reference = ROOT / "results" / "reference"
    (tmp_path / "01_lstm_classification.json").write_text((reference / "01_lstm_classification.json").read_text())
    (tmp_path / "run_times.json").write_text('{"01_lstm_classification": 120.0, "02_bidirectional": 60.0}')
    cold = readme_tables.run_times(tmp_path)
    assert "| 01_lstm_classification | 2.0 |" in cold and "| all | 3.0 |" in cold and "warm" not in cold
    (tmp_path / "run_times_warm_cache.json").write_text('{"01_lstm_classification": 30.0, "02_bidirectional": 6.0}')
    warm = readme_tables.run_times(tmp_path)
    assert "| 01_lstm_classification | 2.0 | 0.5 |" in warm and "| all | 3.0 | 0.6 |" in warm


def test_training_time_counts_each_training_once() -> None:
    """Seeds trained side by side are one training, and 03/04 reuse 02's models: counted once, the
    training of the committed run fits inside the run's own time."""
    reference = ROOT / "results" / "reference"
    run_minutes = sum(json.loads((reference / "run_times.json").read_text()).values()) / 60
    trained = float(re.search(r"of ([\d.]+) min of training", readme_tables.progress_cost())[1])
    assert 0.5 * run_minutes < trained < run_minutes
