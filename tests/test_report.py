"""Baselines, the forecast record, the one reporting path (tables, verdicts, figures, results
records and back)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.conftest import legend_share  # noqa: E402
from utils import baselines, figures, plots, report  # noqa: E402
from utils.outcomes import Forecast, from_windows  # noqa: E402
from utils.results import _plain  # noqa: E402
from utils.series import Series, load_series  # noqa: E402
from utils.windows import scaled_both_ways  # noqa: E402


@pytest.fixture(scope="module")
def co2():
    s = load_series("co2")
    return s, scaled_both_ways(s.y, 20, 8)


@pytest.fixture(scope="module")
def synthetic():
    s = load_series("synthetic")
    return s, scaled_both_ways(s.y, 20, 8)


def test_persistence_and_noise_floor(synthetic) -> None:
    s, w = synthetic
    p = baselines.persistence(s, w["relative"])
    starts = w["relative"].target_start["test"]
    np.testing.assert_array_equal(p.values, np.repeat(s.y[starts - 1][:, None], 8, axis=1))
    floor = baselines.noise_floor(s, w["relative"])
    assert 0.3 < floor.mae < 0.6 and floor.errors["rmse"] == pytest.approx(0.59, abs=0.1)  # noise sd 0.5
    assert floor.mae < p.mae and baselines.noise_floor(load_series("co2"), w["relative"]) is None


def test_seasonal_naive_with_drift_by_hand(co2) -> None:
    s, w = co2
    f = baselines.seasonal_naive(s, w["relative"])
    k = 5
    t = w["relative"].target_start["test"][k] - 1  # last observed point of test window k
    expected = [s.y[t + h - 12] + (s.y[t] - s.y[t - 12]) for h in range(1, 9)]
    np.testing.assert_allclose(f.values[k], expected)
    assert baselines.seasonal_naive(load_series("synthetic"), w["relative"]) is None  # no whole-step period
    short = Series("x", np.arange(80.0), np.arange(80.0), None, "", season=3)
    long = Series("x", np.arange(80.0), np.arange(80.0), None, "", season=70)
    sw = scaled_both_ways(short.y, 20, 8)["relative"]
    np.testing.assert_allclose(baselines.seasonal_naive(short, sw).values, sw.Y_true["test"])  # exact on a line
    with pytest.raises(ValueError, match="less than one season"):
        baselines.seasonal_naive(long, sw)


def test_least_squares_is_the_exact_linear_fit(co2) -> None:
    s, w = co2
    f = baselines.least_squares(s, w)
    d = w[f.scaling]
    X = np.concatenate([d.X["train"], d.X["val"]])[..., 0]
    Y = np.concatenate([d.Y["train"], d.Y["val"]])
    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], Y, rcond=None)
    manual = d.to_series_units("test", np.c_[d.X["test"][..., 0], np.ones(len(d.X["test"]))] @ coef)
    np.testing.assert_allclose(f.values, manual)
    assert f.params == 168 and set(f.selection) == {"min-max", "relative"}
    assert f.selection[f.scaling]["test_mae"] == pytest.approx(f.mae)  # recorded for every scaling
    assert f.scaling == min(f.selection, key=lambda k: f.selection[k]["val_loss"])


def fake(model_id: str, s: Series, target_start, truth, offset: float, seed: int | None = 0,
         params: int | None = 100) -> Forecast:
    return Forecast(model_id, s, target_start, truth, truth + offset, params=params, seed=seed, scaling="relative",
                    training={"history": {"loss": [2.0, 1.0], "val_loss": [3.0, 2.5]}, "train_seconds": 1.0,
                              "seconds_per_epoch": 0.5, "train_range": [0.0, 1.0]},
                    selection={"min-max": {"val_loss": 3.0, "test_forecast_before_refit": (truth + 1).tolist()},
                               "relative": {"val_loss": 2.5, "test_forecast_before_refit": (truth + offset).tolist()}})


@pytest.fixture(scope="module")
def forecasts(synthetic):
    s, w = synthetic
    d = w["relative"]
    start, truth = d.target_start["test"], d.Y_true["test"]
    runs = [fake("vanilla", s, start, truth, 0.30 + 0.01 * k, seed=k, params=646_408) for k in range(3)]
    runs += [fake("linear", s, start, truth, 0.50 + 0.02 * k, seed=k, params=168) for k in range(3)]
    runs.append(fake("stacked", s, start, truth, 0.33, params=6_411_208))
    return baselines.for_series(s, w) + runs



def test_table_orders_models_aggregates_seeds_and_divides(forecasts) -> None:
    table = report.table(forecasts)
    models = list(table.loc["synthetic"].index)
    assert models == [plots.label(m) for m in ("persistence", "least_squares", "linear", "vanilla", "stacked",
                                                "noise_floor")]
    v = table.loc[("synthetic", plots.label("vanilla"))]
    assert v["seeds"] == 3 and v["MAE"] == pytest.approx(0.31)
    assert (v["MAE min"], v["MAE max"]) == (pytest.approx(0.30), pytest.approx(0.32))
    assert v["MAE / linear"] == pytest.approx(0.31 / 0.52)
    assert table.loc[("synthetic", plots.label("persistence")), "MAE / persistence"] == 1.0
    assert report.headline(forecasts)["synthetic.vanilla.mae"] == pytest.approx(0.31)


def test_records_round_trip_through_json(forecasts) -> None:
    block = json.loads(json.dumps(_plain(report.records(forecasts))))
    assert set(block["synthetic"]["models"]) == {"vanilla", "linear", "stacked"}
    assert set(block["synthetic"]["baselines"]) == {"persistence", "least_squares", "noise_floor"}
    assert len(block["synthetic"]["models"]["vanilla"]) == 3
    back = report.from_records(block)
    np.testing.assert_allclose(report.table(back)["MAE"], report.table(forecasts)["MAE"], atol=1e-5)  # 5 decimals kept
    assert back[0].series.time_label == "t" and back[0].series.units == ""


def test_every_figure_draws_each_series_with_the_model_colours(forecasts, co2) -> None:
    s, w = co2
    d = w["relative"]
    both = [*forecasts, fake("vanilla", s, d.target_start["test"], d.Y_true["test"], 0.2),
            *baselines.for_series(s, w)]
    drawn = [figures.plot_errors(both), figures.plot_per_step(both), figures.plot_forecasts(both),
               figures.plot_windows(both), figures.training_curves(both), figures.plot_params(both),
               figures.plot_grid(both, ["vanilla", "stacked"], reference="linear"),
               figures.plot_scalings(both, "vanilla")]
    for fig in drawn:
        panels = [ax for ax in fig.axes if ax.get_visible()]
        assert panels and all(ax.get_title() for ax in panels) and all(ax.get_xlabel() for ax in panels)
        assert legend_share(fig) <= 0.25  # a legend at most a quarter of the figure
    lines = [ln for ln in drawn[1].axes[0].lines if ln.get_label() == plots.label("vanilla")]
    assert lines and lines[0].get_color() == plots.colour("vanilla")
    assert "co2" in report.scaling_table(both).index.get_level_values("series")
    plt.close("all")


def test_forecast_plot_draws_each_models_errors_in_a_panel_of_its_own(forecasts, co2) -> None:
    s, w = co2
    d = w["relative"]
    both = [*forecasts, fake("vanilla", s, d.target_start["test"], d.Y_true["test"], 0.2),
            *baselines.for_series(s, w)]
    fig = figures.plot_forecasts(both)
    width, height = fig.get_size_inches()
    assert width <= 12 and height <= 8 and "first seed" in fig._suptitle.get_text()
    panels = {ax.get_title(): ax for ax in fig.axes if ax.get_visible()}
    co2_row = fig.axes[len(fig.axes) // 2:]
    assert co2_row[0].get_xlabel() == "year" and co2_row[0].get_xlim()[0] <= s.t[0]  # the whole series
    vanilla = next(ax for ax in co2_row if ax.get_title().startswith(plots.label("vanilla")))
    error = [ln for ln in vanilla.lines if ln.get_color() == plots.colour("vanilla")][0]
    np.testing.assert_allclose(error.get_ydata(), 0.2)  # forecast minus truth at step 8: the offset
    assert any(np.all(np.asarray(ln.get_ydata()) == 0) for ln in vanilla.lines)  # the zero line
    assert "MAE 0.200" in vanilla.get_title()
    shown = {m for m in ("persistence", "noise_floor", "seasonal_naive") if any(
        t.startswith(plots.label(m)) for t in panels)}
    assert not shown  # the naive forecasts are in the tables and the error plots
    assert not [ax for ax in co2_row if ax.title.get_fontweight() == "bold"]  # one step ranks no model
    assert "the verdicts use all 8 steps" in fig._suptitle.get_text()
    assert len({ax.get_ylim() for ax in co2_row[1:] if ax.get_visible()}) == 1  # one error scale per row
    plt.close("all")


def test_weights_plot_puts_every_point_at_its_own_weight_count(forecasts) -> None:
    fig = figures.plot_params(forecasts)
    ax = fig.axes[0]
    points = {ln.get_label(): ln for ln in ax.containers}
    xs = {c.get_label(): c.lines[0].get_xdata()[0] for c in ax.containers}
    assert xs[plots.label("least_squares")] == 168 and xs[plots.label("linear")] == 168  # shared, not shifted
    assert xs[plots.label("vanilla")] == 646_408 and xs[plots.label("stacked") + " (1 seed)"] == 6_411_208
    markers = {c.get_label(): c.lines[0].get_marker() for c in ax.containers}
    assert markers[plots.label("least_squares")] != markers[plots.label("linear")]  # told apart by shape
    names = [t.get_text() for t in ax.texts]
    assert plots.label("linear") in names and plots.label("least_squares") in names  # and by name
    assert plots.label("vanilla") not in names and points
    plt.close("all")


def test_scaling_plot_writes_no_label_on_the_data_and_errors_use_the_noise_floor_colour(forecasts) -> None:
    fig = figures.plot_scalings(forecasts, "vanilla")
    ax = fig.axes[0]
    assert not [t for t in ax.texts if "maximum" in t.get_text()]
    assert "the training period's maximum" in [t.get_text() for t in fig.legends[0].get_texts()]
    fig = figures.plot_errors(forecasts)
    ax = fig.axes[0]
    floor = next(f for f in forecasts if f.model_id == "noise_floor")
    line = [ln for ln in ax.lines if ln.get_linestyle() == "-."][0]
    assert line.get_color() == plots.colour("noise_floor") and line.get_xdata()[0] == floor.mae
    assert f"{plots.colour_name('noise_floor')} dash-dot line: noise floor {floor.mae:.3f}" in ax.get_title()
    fig = figures.plot_per_step(forecasts)
    handles = {t.get_text(): h for t, h in zip(fig.legends[0].get_texts(), fig.legends[0].legend_handles,
                                               strict=True)}
    ls, nf = handles[plots.label("least_squares")], handles[plots.label("noise_floor")]
    assert ls.get_color() != nf.get_color() and ls.get_linestyle() != nf.get_linestyle()
    assert ls.get_marker() in ("None", None, "")  # the legend shows the line style, no dot over it
    plt.close("all")


def test_loss_curves_of_forecasters_skip_validation_a_history_does_not_have(forecasts) -> None:
    s = forecasts[0].series
    start, truth = forecasts[0].target_start, forecasts[0].truth
    other = fake("bidirectional", s, start, truth, 0.4, params=1000)
    other.training["history"] = {"loss": [2.0, 1.5, 1.2]}  # trained on the first seed's recipe: no validation
    fig = figures.training_curves([*forecasts, other])
    ax = fig.axes[0]
    mine = [ln for ln in ax.lines if ln.get_color() == plots.colour("bidirectional") and len(ln.get_xdata())]
    assert len(mine) == 1 and mine[0].get_linestyle() == "--"  # its training curve only
    dots = [ln for ln in ax.lines if ln.get_marker() == "o" and len(ln.get_xdata())]
    assert plots.colour("bidirectional") not in [d.get_color() for d in dots] and dots
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "dot: epoch kept (lowest validation loss)" in texts and plots.label("bidirectional") in texts
    plt.close("all")



def test_plot_helpers_and_colours() -> None:
    plots.use_style()
    assert matplotlib.rcParams["figure.dpi"] >= 120 and matplotlib.rcParams["savefig.dpi"] >= 120
    for task in (set(plots.MODELS) - {"majority"}, set(plots.MODELS) - {"persistence"}):  # grey: the naive guess
        assert len({plots.colour(m) for m in task}) == len(task)  # every model its own colour
    assert plots.colour("vanilla_other") == "0.25" != plots.colour("vanilla")  # a variant: dark grey
    longer = plots.colour("least_squares_80")  # least squares on (b)'s longer past, beside the 20-step fit
    assert longer == plots.OKABE_ITO["sky"] and longer not in {c for _, c, _ in plots.MODELS.values()}
    assert plots.colour_name("linear") == "olive" and plots.colour_name("noise_floor") == "grey"
    assert plots.ordered(["stacked", "persistence", "zzz", "linear"]) == ["persistence", "linear", "stacked", "zzz"]
    fig = plots.bars({"linear": 1.0, "vanilla": 2.0}, "t", "MAE", spread={"vanilla": (1.5, 2.5)})
    ax = fig.axes[0]
    assert ax.get_xlim()[1] > 2.5  # room for the value labels
    assert [t.get_text() for t in ax.get_yticklabels()] == ["", ""]  # no column of names beside the axis ...
    assert {plots.label("linear"), plots.label("vanilla")} <= {t.get_text() for t in ax.texts}  # ... above the bars
    fig.canvas.draw()
    assert ax.get_window_extent().width >= 0.85 * fig.bbox.width  # the bars get the figure's width
    fig = plots.class_overview(["a", "b", "b"], [510, 600, 700], 500)
    assert [b.get_height() for b in fig.axes[0].patches] == [1, 2]
    fig = plots.confusion([[3, 1], [0, 4]], ["a", "b"], "cm")
    assert [t.get_text() for t in fig.axes[0].texts] == ["3\n75%", "1\n25%", "0\n0%", "4\n100%"]
    fig = plots.true_class_probability(np.array([[0.9, 0.1], [0.3, 0.7]]), np.array([0, 1]), ["a", "b"])
    assert len(fig.axes) == 2
    assert plots.one_hot_image(np.eye(4)[np.arange(100) % 4], "x").axes[0].images[0].get_array().shape == (4, 80)
    plt.close("all")


def test_from_windows_reads_the_truth_from_the_series() -> None:
    s = Series("x", np.arange(10.0), np.arange(10.0) * 2, None, "")
    f = from_windows("m", s, np.array([2, 5]), np.zeros((2, 3)))
    np.testing.assert_array_equal(f.truth, [[4, 6, 8], [10, 12, 14]])
    assert f.mae == pytest.approx(np.mean([4, 6, 8, 10, 12, 14]))





def test_differing_series_names_data_that_do_not_match(forecasts) -> None:
    assert report.differing_series(forecasts) == []
    s = forecasts[0].series
    short = Series(s.name, s.t[:-1], s.y[:-1], None, s.units, s.season, time_label=s.time_label)
    other = Forecast(forecasts[0].model_id, short, forecasts[0].target_start, forecasts[0].truth,
                            forecasts[0].values)
    assert report.differing_series([*forecasts, other]) == [s.name]


def test_kept_scalings_follow_the_trained_models_choices(forecasts) -> None:
    from types import SimpleNamespace

    from utils.windows import SCALINGS

    s = forecasts[0].series
    choice = {"min-max": {"val_loss": 1.0}, "relative": {"val_loss": 0.5}}
    chosen = {f.scaling for f in forecasts if f.series.name == s.name and f.training and len(f.selection or {}) > 1}
    assert chosen and report.kept_scalings(forecasts, s) == [k for k in SCALINGS if k in chosen]
    other = Series(s.name, s.t[:-1], s.y[:-1], None, "")
    assert report.kept_scalings(forecasts, other) == list(SCALINGS)  # chosen on other data: choose again
    assert report.kept_scalings(forecasts, Series("no such series", s.t, s.y, None, "")) == list(SCALINGS)
    mine = SimpleNamespace(name="s", y=np.arange(3.0))
    one = SimpleNamespace(series=mine, model_id="vanilla", scaling="relative", seed=0,
                          training={"x": 1}, selection=choice)
    lone = SimpleNamespace(series=mine, model_id="stacked", scaling="min-max", seed=0,
                           training={"x": 1}, selection={"min-max": {"val_loss": 1.0}})  # had no choice
    assert report.kept_scalings([one, lone], mine) == ["relative"]


def test_a_log_axis_within_a_decade_keeps_its_tick_labels_apart() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2], [0.0093, 0.062])  # the span of 04's synthetic loss curves: 0.009 and 0.01 touched
    plots.readable_log_axis(ax)
    low, high = ax.get_ylim()
    ticks = [t for t in ax.get_yticks() if low <= t <= high]
    assert len(ticks) >= 4 and min(np.diff(np.log10(ticks))) > 0.07  # no two labels closer than 0.05 vs 0.06
    assert [ax.yaxis.get_major_formatter()(t) for t in ticks][:2] == ["0.01", "0.02"]
    plt.close(fig)
