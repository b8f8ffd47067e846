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


def legend_share(fig) -> float:
    """The largest share of the figure's area that one legend (of the figure or a panel) covers."""
    from utils.plots import renderer_of

    fig.canvas.draw()
    renderer = renderer_of(fig)
    area = fig.bbox.width * fig.bbox.height
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    return max([lg.get_window_extent(renderer).width * lg.get_window_extent(renderer).height / area
                for lg in legends], default=0.0)
