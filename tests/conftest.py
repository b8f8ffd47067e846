"""Shared test set-up: quiet TensorFlow, make ``utils`` importable, hypothesis' CI profile."""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# CI (CI=true, or `make test`: --hypothesis-profile=ci): the same examples on every run, so a
# failure reproduces, and fewer of them. The property tests' own @settings(max_examples=...)
# take precedence where they set it.
CI_EXAMPLES = 50
settings.register_profile("ci", settings.get_profile("ci"), max_examples=CI_EXAMPLES, deadline=None,
                          derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

