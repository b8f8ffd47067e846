import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from utils import plots  # noqa: E402
from utils.forecasting import Trained, plot_report
from utils.series import load_series  # noqa: E402
from utils.training import FitResult  # noqa: E402
from utils.windows import prepare_forecast_data  # noqa: E402


def test_style_and_classification_figures():
    plots.use_style()
    assert matplotlib.rcParams["font.size"] == plots.STYLE["font.size"]
    fig = plots.class_overview(["a", "b", "b"], [510, 600, 700], 500)
    assert [b.get_height() for b in fig.axes[0].patches] == [1, 2]
    fig = plots.one_hot_image(np.eye(4)[np.arange(100) % 4], "x")
    assert fig.axes[0].images[0].get_array().shape == (4, 80)
    fig = plots.confusion([[3, 1], [0, 4]], ["a", "b"], "cm")
    assert [t.get_text() for t in fig.axes[0].texts] == ["3", "1", "0", "4"]
    proba = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]])
    fig = plots.true_class_probability(proba, np.array([0, 1, 1]), ["a", "b"])
    assert len(fig.axes) == 2
    fig = plots.training_curves({"m": {"loss": [2, 1], "val_loss": [3, 2]}})
    assert len(fig.axes[0].lines) == 2
    fig = plots.per_step_errors({"m": [1, 2, 3]}, "t")
    assert list(fig.axes[0].lines[0].get_xdata()) == [1, 2, 3]
    fig = plots.error_bars({"x": 1.0, "y": 2.0}, "t", "MAE", floor=0.5)
    assert len(fig.axes[0].patches) == 2 and fig.axes[0].lines[0].get_xdata()[0] == 0.5
    plt.close("all")


def test_forecast_report_draws_every_series(monkeypatch):
    s = load_series("synthetic")
    d = prepare_forecast_data(s.y, 20, 8)
    forecast = np.repeat(d.last["test"][:, None], 8, axis=1)
    tr = Trained(model=None, run=FitResult({}, 1.0, 1, 1), forecast=forecast,
                 errors={"mae": 0.8, "mae_per_step": [0.8] * 8}, predict_seconds=0.0)
    before = set(plt.get_fignums())
    monkeypatch.setattr(plt, "show", lambda: None)  # keep the figures open to count them
    plot_report({"synthetic": s}, {"synthetic": d}, {("persist", "synthetic"): tr}, 20)
    figs = [plt.figure(n) for n in set(plt.get_fignums()) - before]
    assert len(figs) == 4
    overview = next(f for f in figs if "last step" in f.axes[0].get_title())
    assert len(overview.axes[0].lines) == 2  # the series and one model
    plt.close("all")
