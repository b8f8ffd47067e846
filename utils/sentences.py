"""Sentences a notebook shows about its own results, built from them (never typed by hand).

Each function returns Markdown for :func:`utils.notebook.say`. A model is called better than
another only where the gap exceeds the seed spread (:func:`utils.metrics.compare`); where
both were trained once and no spread was measured, the sentence says so instead.
"""

from __future__ import annotations

import numpy as np

from utils import plots
from utils.forecast import Forecast
from utils.report import by_series, margin, seed_spread, verdict


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _the(ids: list[str]) -> str:
    """``the A``, ``the A and the B``, ``the A, the B and the C``."""
    names = [f"the {plots.label(m)}" for m in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _poss(model_id: str) -> str:
    """The model's label in the possessive: "the vanilla LSTM's", "(d) pooled Conv1D+LSTM's"."""
    text = plots.label(model_id)
    return text + ("'" if text.endswith("s") else "'s")


def _mae(runs: list[Forecast]) -> str:
    """``0.730`` or ``0.740 (0.730-0.751, 3 seeds)``."""
    mae = [f.mae for f in runs]
    if len(mae) == 1:
        return f"{mae[0]:.3f}"
    return f"{np.mean(mae):.3f} ({min(mae):.3f}-{max(mae):.3f}, {len(mae)} seeds)"


def _gap(a: str, b: str, found: str, measure: str = "MAE") -> str:
    if found == "within the seed spread":
        return f"the {plots.label(a)} and the {plots.label(b)} are within the seed spread of each other"
    if found == "not measured":
        return f"the {plots.label(a)} and the {plots.label(b)} ran once each, so no spread tells them apart"
    return f"the {plots.label(a)} has a {found} {measure} than the {plots.label(b)}"


def _numbers(gap: float, noise: float) -> str:
    return f" (gap {gap:+.3f}" + (f", seed spread {noise:.3f})" if noise else ")")


def _judge(a: str, b: str, runs_a: list, runs_b: list, spread: float | None, measure: str = "MAE") -> str:
    """:func:`_gap` for two models' runs (forecasts, or classifiers if ``measure`` is
    ``"accuracy"``), with the gap of their means and the spread it was held against."""
    from utils import classification, report  # here: utils.classification imports utils.training

    judge = classification if measure == "accuracy" else report
    found = judge.verdict(runs_a, runs_b, spread)
    return _gap(a, b, found, measure) + ("" if found == "not measured" else _numbers(*judge.margin(runs_a, runs_b,
                                                                                                    spread)))


def _spread_of(forecasts: list[Forecast], name: str, spreads: dict[str, float | None] | None) -> float | None:
    own = seed_spread(forecasts, name)
    other = (spreads or {}).get(name)
    return max((s for s in (own, other) if s is not None), default=None)


def _spread_note(spread: float | None, spreads: dict | None, own: bool, once: list[str]) -> str:
    """How the gaps that follow were judged; ``once``: the trained models among them run once."""
    if spread is None and once:
        return "No spread over seeds was measured for models trained once: read their gaps with care."
    text = ("A difference counts only where it exceeds how far each model's seeds spread (the larger of "
            "the two ranges; a baseline is not trained and has none)")
    if once:
        where = (" here or in notebook 02" if own else " in notebook 02") if spreads else " here"
        text += (f"; for {_the(once)}, trained once, the noise of one run is taken as {spread:.3f}, the largest "
                 f"range over seeds of any model{where}")
    return text + ":"


def forecast_findings(forecasts: list[Forecast], model_ids: list[str],
                      spreads: dict[str, float | None] | None = None) -> str:
    """Per series: each model's test MAE (mean and range over seeds) against persistence, and
    the first model against each other one, the least-squares fit and the seasonal forecast.
    ``spreads`` adds a seed spread measured elsewhere (per series) for one-seed models."""
    lines = []
    for name, models in by_series(forecasts).items():
        present = [m for m in model_ids if m in models]
        if not present:
            continue
        units = next(iter(models.values()))[0].series.units
        spread = _spread_of(forecasts, name, spreads)
        persistence = models["persistence"][0].mae
        parts = [f"{plots.label(m)} {_mae(models[m])} = {np.mean([f.mae for f in models[m]]) / persistence:.2f} x "
                 "persistence" for m in present]
        text = f"**{name}** (test MAE{', ' + units if units else ''}): " + "; ".join(parts) + "."
        if "noise_floor" in models:
            candidates = present + [m for m in ("least_squares",) if m in models]
            best = min(candidates, key=lambda m: np.mean([f.mae for f in models[m]]))
            ratio = np.mean([f.mae for f in models[best]]) / models["noise_floor"][0].mae
            floor = models["noise_floor"][0].mae
            among = "these models" if best in present else "these models and the least-squares fit"
            text += (f" Of {among}, the lowest test MAE is the {_poss(best)} "
                     f"({np.mean([f.mae for f in models[best]]):.3f}), {ratio:.2f} x the noise floor ({floor:.3f}).")
        refs = present[1:] + [m for m in ("least_squares", "seasonal_naive") if m in models]
        compared = [_judge(present[0], ref, models[present[0]], models[ref], spread) for ref in refs]
        if compared:
            own = seed_spread(forecasts, name) is not None
            once = [m for m in [present[0], *refs] if models[m][0].training and len(models[m]) == 1]
            text += " " + _spread_note(spread, spreads, own, once) + " " + "; ".join(compared) + "."
        bias = {m: np.mean([(f.values - f.truth).mean() for f in models[m]]) for m in present}
        text += " Mean error (forecast minus truth): " + ", ".join(
            f"{plots.label(m)} {b:+.3f}" for m, b in bias.items()) + "."
        if len(bias) > 1 and (all(b < 0 for b in bias.values()) or all(b > 0 for b in bias.values())):
            text += f" All of them forecast too {'low' if next(iter(bias.values())) < 0 else 'high'} on average."
        lines.append(text)
    return "\n\n".join(lines)


def horizon_findings(forecasts: list[Forecast]) -> str:
    """Per series and model: how the MAE changes from one step ahead to the last, and at which
    step it is highest (it need not grow steadily)."""
    lines = []
    for name, models in by_series(forecasts).items():
        parts = []
        for m, runs in models.items():
            if m == "noise_floor":
                continue
            steps = runs[0].errors["mae_per_step"]
            parts.append(f"{plots.label(m)} x {steps[-1] / steps[0]:.2f} (highest at step "
                         f"{int(np.argmax(steps)) + 1})")
        n = len(next(iter(models.values()))[0].errors["mae_per_step"])
        lines.append(f"**{name}**, test MAE {n} steps ahead against 1 step ahead (first seeds): " + "; ".join(parts)
                     + ".")
    return "\n\n".join(lines)


def scaling_findings(forecasts: list[Forecast]) -> str:
    """Per series: which scaling each model that had a choice (trained on both, or least squares)
    kept, and how much lower its validation loss was there (first seed)."""
    lines = []
    for name, models in by_series(forecasts).items():
        chosen: dict[str, list[str]] = {}
        for m, runs in models.items():
            sel = runs[0].selection or {}
            if len(sel) > 1:
                kept = runs[0].scaling
                other = min(v["val_loss"] for k, v in sel.items() if k != kept)
                seeds = sorted({f.scaling for f in runs})
                note = f" ({1 - sel[kept]['val_loss'] / other:.0%} lower" + (
                    "; other seeds kept " + " or ".join(seeds) if seeds != [kept] else "") + ")"
                chosen.setdefault(kept, []).append(f"the {plots.label(m)}{note}")
        if chosen:
            lines.append(f"**{name}**, the windows kept and how much lower their validation loss was (first seed): "
                         + "; ".join(f"{k} windows for {', '.join(v)}" for k, v in chosen.items()) + ".")
    return "\n\n".join(lines)


def cost_findings(forecasts: list[Forecast], a: str, b: str, spreads: dict[str, float | None] | None = None) -> str:
    """What model ``a`` costs against ``b``: weights, seconds per epoch, test MAE, per series."""
    lines = []
    for name, models in by_series(forecasts).items():
        if a not in models or b not in models:
            continue
        ra, rb = models[a][0], models[b][0]
        per_epoch = ra.training["seconds_per_epoch"] / rb.training["seconds_per_epoch"]
        spread = _spread_of(forecasts, name, spreads)
        lines.append(f"**{name}**: the {plots.label(a)} has {ra.params / rb.params:.1f} x the weights of the "
                     f"{plots.label(b)} and took about {per_epoch:.{1 if per_epoch < 3 else 0}f} x as long per "
                     "epoch of the first phase (the "
                     f"epochs on training windows, validation pass included: {ra.training['seconds_per_epoch']:.3f} s "
                     f"against {rb.training['seconds_per_epoch']:.3f} s; one run each, so timings move from run to "
                     "run); "
                     f"test MAE {_mae(models[a])} against {_mae(models[b])}: "
                     + _judge(a, b, models[a], models[b], spread) + "."
                     + (f" (The {_poss(b)} time is from the run that trained it, loaded here from the model "
                        "cache.)" if rb.training.get("cached") else ""))
    return "\n\n".join(lines)


def curve_findings(forecasts: list[Forecast], a: str, b: str) -> str:
    """Per series, what the first-phase loss curves of models ``a`` and ``b`` show (first seed,
    on the scaling each kept): where the validation loss is lowest, where it goes after, and
    where the training losses end."""
    lines = []
    for name, models in by_series(forecasts).items():
        if a not in models or b not in models:
            continue
        ha, hb = models[a][0].training["history"], models[b][0].training["history"]
        best = int(np.argmin(ha["val_loss"]))
        after = ha["val_loss"][best + 1:]
        text = (f"**{name}** ({models[a][0].scaling} windows): the {_poss(a)} validation loss is lowest at "
                f"epoch {best + 1} of {len(ha['val_loss'])} ({ha['val_loss'][best]:#.3g})")
        if len(after) == 1:
            text += f"; at the last epoch it is {after[0]:#.3g}"
        elif after:
            text += f"; after it, it lies between {min(after):#.3g} and {max(after):#.3g}"
        else:
            text += ", the last one: it was still falling, and more epochs might have helped"
        text += (f". Its training loss ends at {ha['loss'][-1]:.3g}, the {_poss(b)} at {hb['loss'][-1]:.3g} "
                 f"(whose validation loss is lowest at epoch {int(np.argmin(hb['val_loss'])) + 1}, "
                 f"{min(hb['val_loss']):.3g}).")
        still = [m for m, runs in models.items() if m != a and runs[0].training.get("history")
                 and int(np.argmin(runs[0].training["history"]["val_loss"])) == len(
                     runs[0].training["history"]["val_loss"]) - 1]
        if still:
            several = any(len(models[m]) > 1 for m in still)
            text += (f" Still improving at the last epoch{' (first seed)' if several else ''}: {_the(still)}; more "
                     f"epochs might help {'them' if len(still) > 1 else 'it'}.")
        lines.append(text)
    return "\n\n".join(lines)


def classifier_curve_findings(run, majority_share: float | None = None) -> str:
    """What a classifier's training curves show: where validation accuracy peaks, where the
    validation loss is lowest, how far training and validation accuracy end apart, and (given
    the largest class's share of the validation set) the epochs at or below that share, where
    the model did no better than always guessing that class. The training accuracy Keras logs
    is the average over the epoch's batches, while the weights were still changing."""
    h = run.training["history"]
    best_acc = int(np.argmax(h["val_accuracy"]))
    best_loss = int(np.argmin(h["val_loss"]))
    tail = h["val_accuracy"][-10:]
    low = [e + 1 for e, a in enumerate(h["val_accuracy"]) if majority_share is not None and a <= majority_share + 1e-9]
    share = f"{majority_share:.3f}, the largest class's share (always guessing it)" if majority_share else ""
    dips = ("" if majority_share is None else
            f" Validation accuracy was never at or below {share}." if not low else
            f" Validation accuracy was at or below {share}, at {_plural(len(low), 'epoch')} ({_epochs(low)}): "
            "training this LSTM is bumpy, which is why the best epoch is kept.")
    return (f"Seed {run.seed}: validation accuracy is highest at epoch {best_acc + 1} of {len(h['val_accuracy'])} "
            f"({h['val_accuracy'][best_acc]:.3f}; those weights are kept) and lies between {min(tail):.3f} and "
            f"{max(tail):.3f} over the last {_plural(len(tail), 'epoch')}; validation loss is lowest at epoch "
            f"{best_loss + 1} ({h['val_loss'][best_loss]:.3f}) and ends at {h['val_loss'][-1]:.3f}. Training "
            f"accuracy (averaged over the last epoch's batches) ends at {h['accuracy'][-1]:.3f}, validation accuracy "
            f"at {h['val_accuracy'][-1]:.3f}."
            + (" Its best epoch is among the last five of the run: more epochs might still help this seed."
               if best_acc >= len(h["val_accuracy"]) - 5 else "") + dips)


def _epochs(epochs: list[int], most: int = 8) -> str:
    """``[3, 4, 17]`` -> ``"epochs 3, 4, 17"``; at most ``most`` listed."""
    shown = ", ".join(map(str, epochs[:most])) + (", ..." if len(epochs) > most else "")
    return f"epoch{'s' * (len(epochs) > 1)} {shown}"


def _accuracy(runs: list) -> str:
    acc = [c.test["accuracy"] for c in runs]
    if len(acc) == 1:
        return f"{acc[0]:.3f}"
    return f"{np.mean(acc):.3f} ({min(acc):.3f}-{max(acc):.3f}, {len(acc)} seeds)"


BARCODE_PAIRS = [("conv_lstm_pooled", "conv_lstm"), ("conv_lstm_pooled", "lstm"), ("conv_lstm", "lstm"),
                 ("conv_lstm_pooled", "kmer"), ("conv_lstm", "kmer"), ("lstm", "kmer"),
                 ("course_recipe_lstm", "lstm"), ("course_recipe_lstm", "majority")]


def barcode_findings(classifiers: list) -> str:
    """Every barcode model's test accuracy (mean and range over seeds) and the comparisons the
    lecture asks about, each called higher or lower only beyond the seed spread."""
    from utils import classification  # here: utils.classification imports utils.training

    groups = classification.by_model(classifiers)
    noise = classification.spread(classifiers)
    n_test = sum(sum(row) for row in next(iter(groups.values()))[0].test["confusion"])
    text = (f"Test accuracy on {n_test} held-out sequences: "
            + "; ".join(f"{plots.label(m)} {_accuracy(r)}" for m, r in groups.items()) + ".")
    found = [_judge(a, b, groups[a], groups[b], noise, "accuracy")
             for a, b in BARCODE_PAIRS if a in groups and b in groups]
    once = [m for m, r in groups.items() if r[0].params is not None and len(r) == 1]
    if found:
        text += (" A difference counts only where it exceeds how far each model's seeds spread (the larger of "
                 "the two ranges; a baseline is not trained and has none)"
                 + (f"; for {_the(once)}, trained once, the noise of one run is taken as {noise:.3f}"
                    if once and noise is not None else "") + ": " + "; ".join(found) + ".")
    return text


def comparison_findings(forecasts: list[Forecast]) -> str:
    """Per series: the lowest test MAE of all forecasts (baselines included, the noise floor is
    not a forecast) against the next, and which networks beat the linear model, least squares
    and the seasonal forecast beyond the spread (:func:`utils.report.verdict`)."""
    lines = []
    for name, models in by_series(forecasts).items():
        spread = seed_spread(forecasts, name)
        ranked = sorted((m for m in models if m != "noise_floor"), key=lambda m: np.mean([f.mae for f in models[m]]))
        best = ranked[0]
        text = [f"**{name}**: the lowest mean test MAE of all forecasts is the {_poss(best)}, {_mae(models[best])}"]
        if len(ranked) > 1:
            nxt = verdict(models[best], models[ranked[1]], spread)
            text.append(f"Next comes the {plots.label(ranked[1])} ({_mae(models[ranked[1]])}): "
                        + ("a gap beyond the seed spread" if nxt == "lower" else f"{nxt}"))
        trained = [m for m in ranked if models[m][0].training]
        for ref in ("linear", "least_squares", "seasonal_naive"):
            if ref in models:
                groups: dict[str, list[str]] = {}
                for m in trained:
                    if m != ref:
                        groups.setdefault(verdict(models[m], models[ref], spread), []).append(m)
                said = "; ".join(f"{v} for {_the(ms)}" for v, ms in groups.items())
                text.append(f"Against the {plots.label(ref)} ({_mae(models[ref])}), MAE {said}")
        once = [m for m in trained if len(models[m]) == 1]
        note = ("" if not once else
                f" (Trained once: {_the(once)}; for them the noise of one run is taken as "
                + (f"{spread:.3f}, the largest range over seeds here.)" if spread is not None
                   else "unknown: no model here has several seeds.)"))
        lines.append(". ".join(text) + "." + note)
    return "\n\n".join(lines)


def _one_class(run, class_names: list[str]) -> str | None:
    """The class a classifier gave to at least 90 % of its test sequences, if any."""
    predicted = np.asarray(run.test["confusion"]).sum(axis=0)
    top = int(np.argmax(predicted))
    return class_names[top] if predicted[top] >= 0.9 * predicted.sum() else None


def course_recipe_findings(course: list, barcodes: list, data, course_idx: np.ndarray, batch_size: int,
                           epochs: int, p01: dict) -> str:
    """Why the course's recipe ends where it does, from this run: its accuracy against notebook
    01's recipe for the same model, its number of weight updates, the classes in its validation
    split, seeds that put nearly every test sequence in one class, and its accuracy on the
    sequences it fitted against held-out ones. ``course[i].train_accuracy`` must be measured on
    the fitted part (the first 80 % of ``course_idx``)."""
    from utils import classification

    n_fit = int(len(course_idx) * 0.8)  # what Keras fits with validation_split=0.2
    per_epoch = int(np.ceil(n_fit / batch_size))
    ours = int(np.ceil(len(data.train) / p01["batch_size"])) * p01["epochs"]
    fit_part, val_part = course_idx[:n_fit], course_idx[n_fit:]
    shares = {part: np.bincount(data.y[idx], minlength=len(data.class_names)) / len(idx)
              for part, idx in (("fit", fit_part), ("val", val_part))}
    classes = ", ".join(f"{c} {shares['fit'][i]:.0%} / {shares['val'][i]:.0%}" for i, c in enumerate(data.class_names))
    lstm = classification.by_model(barcodes)["lstm"]
    test, train = classification.accuracies(course), [c.train_accuracy for c in course]
    ours_test, ours_train = classification.accuracies(lstm), [c.train_accuracy for c in lstm]
    gap = float(np.mean(ours_test) - np.mean(test))
    found = classification.verdict(lstm, course)
    lines = [f"- **Same model, two recipes.** Mean test accuracy: notebook 01's recipe {np.mean(ours_test):.3f}, the "
             f"course's {np.mean(test):.3f}, a gap of {gap:+.3f}: "
             + ("beyond" if found in ("higher", "lower") else "within") + " the larger of their ranges over seeds.",
             f"- **Few updates.** Batch {batch_size} over the {n_fit} sequences it fits is "
             f"{_plural(per_epoch, 'weight update')} per epoch, {per_epoch * epochs} in {epochs} epochs, with "
             f"`Adam()`'s learning rate 0.001; notebook 01's recipe makes up to {ours} (batch {p01['batch_size']}, "
             f"{p01['epochs']} epochs, learning rate {p01['learning_rate']:g}).",
             f"- **A validation split in file order.** With `shuffle=False` and `validation_split=0.2`, Keras "
             f"validates on the last {len(val_part)} sequences of the array, in the file's order; class shares "
             f"(fitted / validation): {classes}."]
    stuck = [(c.seed, _one_class(c, data.class_names)) for c in course]
    stuck = [(sd, name) for sd, name in stuck if name]
    if stuck:
        majority = classification.by_model(barcodes).get("majority")
        lines.append("- **Seeds that learned one class.** " + "; ".join(
            f"seed {sd} put at least 90 % of the test sequences in {name}" for sd, name in stuck)
            + (f" (the majority class alone scores {majority[0].test['accuracy']:.3f})" if majority else "") + ".")
    lines.append(
        f"- **Fitted data against held-out data.** Mean accuracy on the sequences each recipe fitted, then on the "
        f"test sequences: the course's recipe {np.mean(train):.3f} and {np.mean(test):.3f} (a gap of "
        f"{np.mean(train) - np.mean(test):+.3f}); notebook 01's {np.mean(ours_train):.3f} and {np.mean(ours_test):.3f} "
        f"({np.mean(ours_train) - np.mean(ours_test):+.3f}). The course read its accuracy off training data, which "
        "flatters a model by that gap; where the gap is small, as it is for a model that has learned little, the "
        "low score itself is the finding.")
    return "\n".join(lines)


def takeaways(forecasts: list[Forecast], barcodes: list) -> str:
    """The closing bullets of notebook 05, from the tables above: per series the network with
    the lowest mean test MAE against the next network and the linear baselines; for barcodes the
    network with the highest mean accuracy against the next network and the k-mer baseline."""
    from utils import classification

    bullets = []
    for name, models in by_series(forecasts).items():
        spread = seed_spread(forecasts, name)
        trained = sorted((m for m, runs in models.items() if runs[0].training),
                         key=lambda m: np.mean([f.mae for f in models[m]]))
        best = trained[0]
        refs = [r for r in ("linear", "least_squares", "seasonal_naive") if r in models and r != best]
        said = [_judge(best, m, models[best], models[m], spread) for m in dict.fromkeys([*trained[1:2], *refs])]
        overall = min((m for m in models if m != "noise_floor"), key=lambda m: np.mean([f.mae for f in models[m]]))
        lead = ("" if overall == best else f"the lowest test MAE of all forecasts is the {_poss(overall)}, "
                f"{_mae(models[overall])}, a baseline; ")
        bullets.append(f"- **{name}**: {lead}of the trained models, the {plots.label(best)} "
                       f"({models[best][0].params:,} weights) has the lowest mean test MAE, {_mae(models[best])}; "
                       + "; ".join(said) + ".")
    groups = classification.by_model(barcodes)
    trained = sorted((m for m in groups if groups[m][0].params), reverse=True,
                     key=lambda m: np.mean(classification.accuracies(groups[m])))
    if trained and "kmer" in groups:
        best = trained[0]
        noise = classification.spread(barcodes)
        said = [_judge(best, o, groups[best], groups[o], noise, "accuracy") for o in [*trained[1:2], "kmer"]]
        overall = max(groups, key=lambda m: np.mean(classification.accuracies(groups[m])))
        lead = ("" if overall == best else f"the highest test accuracy of all is the {_poss(overall)}, "
                f"{_accuracy(groups[overall])}, a baseline; ")
        bullets.append(f"- **Barcodes**: {lead}of the trained models, the {plots.label(best)} has the highest mean "
                       f"test accuracy, {_accuracy(groups[best])}; " + "; ".join(said) + ".")
    return "\n".join(bullets)


def earns_findings(forecasts: list[Forecast], subject: str, refs: list[str],
                   spreads: dict[str, float | None] | None = None) -> str:
    """Per series: does ``subject`` earn its weights? Its test MAE against each reference model,
    sorted into lower / within the spread / higher (and not measured)."""
    lines = []
    for name, models in by_series(forecasts).items():
        if subject not in models:
            continue
        spread = _spread_of(forecasts, name, spreads)
        found: dict[str, list[str]] = {}
        for ref in refs:
            if ref in models:
                v = verdict(models[subject], models[ref], spread)
                numbers = "" if v == "not measured" else _numbers(*margin(models[subject], models[ref], spread))
                found.setdefault(v, []).append(f"the {plots.label(ref)}{numbers}")
        words = {"lower": "lower than", "within the seed spread": "within the seed spread of",
                 "higher": "higher than", "not measured": "not comparable (one run each) with"}
        said = "; ".join(f"{words[v]} " + (ms[0] if len(ms) == 1 else ", ".join(ms[:-1]) + " and " + ms[-1])
                         for v, ms in found.items())
        lines.append(f"**{name}**: the {_poss(subject)} test MAE ({_mae(models[subject])}) is {said}.")
    return "\n\n".join(lines)


def linear_fit_findings(forecasts: list[Forecast]) -> str:
    """Per series: how close the Keras linear model (first seed) came to least squares, the same
    168 weights solved exactly, on the same windows, and which windows each kept."""
    lines = []
    for name, models in by_series(forecasts).items():
        if "linear" not in models or "least_squares" not in models:
            continue
        lin, ls = models["linear"][0], models["least_squares"][0]
        k = lin.scaling
        if k not in ls.selection or k not in lin.selection:
            continue
        text = (f"**{name}**: on the {k} windows the linear model kept, least squares reaches a validation loss of "
                f"{ls.selection[k]['val_loss']:.3g}, the linear model {lin.selection[k]['val_loss']:.3g} (first seed)")
        if ls.scaling != k and ls.scaling in lin.selection:
            text += (f". Least squares kept the {ls.scaling} windows ({ls.selection[ls.scaling]['val_loss']:.3g}), on "
                     f"which the linear model reached {lin.selection[ls.scaling]['val_loss']:.3g}")
            if "test_mae" in ls.selection[k]:
                text += (f". On the {k} windows least squares would score a test MAE of "
                         f"{ls.selection[k]['test_mae']:.3f} (not a choice: the test set chooses nothing), against "
                         f"{ls.mae:.3f} on the {ls.scaling} windows and the linear model's {_mae(models['linear'])}: "
                         "the windows each kept account for that much of the gap")
        lines.append(text + ".")
    return "\n\n".join(lines)


def refit_findings(forecasts: list[Forecast]) -> str:
    """Per series and trained model (first seed): test MAE of the first phase's model (trained on
    the training windows) against the refit model's (training + validation windows)."""
    lines = []
    for name, models in by_series(forecasts).items():
        parts = []
        for m, runs in models.items():
            f = runs[0]
            before = (f.selection or {}).get(f.scaling, {}).get("test_forecast_before_refit")
            if f.training.get("refit_epochs") and before is not None:
                mae = float(np.abs(np.asarray(before) - f.truth).mean())
                parts.append(f"{plots.label(m)} {mae:.3f} -> {f.mae:.3f}")
        if parts:
            lines.append(f"**{name}**, test MAE before -> after the refit on training + validation windows "
                         "(first seed): " + "; ".join(parts) + ".")
    return "\n\n".join(lines)


def noise_floor_findings(forecasts: list[Forecast], noise_std: float) -> str:
    """The noise floor in expectation and as measured on these test points."""
    lines = []
    for name, models in by_series(forecasts).items():
        if "noise_floor" in models:
            f = models["noise_floor"][0]
            hit = f.target_start[:, None] + np.arange(f.values.shape[1])
            points = np.unique(hit)
            per_point = np.abs(f.series.y[points] - f.series.y_clean[points]).mean()
            expected = noise_std * np.sqrt(2 / np.pi)
            spread = noise_std * np.sqrt(1 - 2 / np.pi) / np.sqrt(len(points))  # standard error of that mean
            z = (per_point - expected) / spread
            lines.append(f"**{name}**: with noise of standard deviation {noise_std}, the true function misses a "
                         f"point by {expected:.3f} in expectation. Over the {hit.size:,} forecast steps of the test "
                         f"windows ({hit.shape[0]} windows x {hit.shape[1]} steps; the table's noise floor) it misses "
                         f"by {f.mae:.3f}; over the {len(points)} test points, each counted once, by {per_point:.3f}, "
                         f"{abs(z):.1f} standard errors ({spread:.3f} each, for {len(points)} noise draws) "
                         f"{'above' if z > 0 else 'below'} {expected:.3f}: "
                         + ("beyond" if abs(z) > 2 else "within") + " the two standard errors chance typically "
                         "gives. That is why the noise floor here is not exactly the expected value.")
    return "\n\n".join(lines)


def classifier_findings(runs: list, n_val: int) -> str:
    """The first seed's test scores, where it ranks among the seeds, and how its training and
    kept validation accuracy compare with its test accuracy (``n_val`` validation sequences)."""
    first = runs[0]
    h = first.training["history"]
    rank = sorted((c.test["accuracy"] for c in runs), reverse=True).index(first.test["accuracy"]) + 1
    n_test = sum(sum(row) for row in first.test["confusion"])
    p = first.test["accuracy"]
    sampling = float(np.sqrt(p * (1 - p) / n_test))
    return (f"Seed {first.seed} (the model examined below): test accuracy **{first.test['accuracy']:.3f}**, "
            f"balanced accuracy {first.test['balanced_accuracy']:.3f} on {n_test} test sequences; it ranks "
            f"{rank} of {len(runs)} seeds on the test set. On its own training sequences, which is what the "
            f"course's evaluation showed, it scores {first.train_accuracy:.3f}. Its kept validation accuracy, "
            f"{max(h['val_accuracy']):.3f}, is the best of {len(h['val_accuracy'])} epochs on {n_val} sequences "
            f"(one sequence is {1 / n_val:.3f}), so it is optimistic too. Every seed is scored on the same "
            f"{n_test} test sequences: the range over seeds shows training noise only; another sample of "
            f"{n_test} specimens would move an accuracy of {p:.3f} by about {sampling:.3f} (one standard error, "
            "sqrt(p (1 - p) / n)).")


def confusion_findings(run, class_names: list[str]) -> str:
    """Per class, the share of its test sequences found, and the most frequent confusion(s)."""
    cm = np.asarray(run.test["confusion"])
    recall = cm.diagonal() / np.maximum(cm.sum(axis=1), 1)
    off = cm.copy()
    np.fill_diagonal(off, 0)
    found = f"Share of each class found (seed {run.seed}): " + ", ".join(
        f"{c} {r:.0%}" for c, r in zip(class_names, recall, strict=True)) + ". "
    if off.max() == 0:
        return found + "No test sequence was called another class."
    top = [(a, b) for a, b in zip(*np.nonzero(off == off.max()), strict=True)]
    mistakes = ", ".join(f"{off[a, b]} {class_names[a]} sequences called {class_names[b]}" for a, b in top)
    if len(top) > 1:
        return found + f"The most frequent mistakes, tied: {mistakes}."
    (i, j), = top
    return found + f"The most frequent mistake: {mistakes}" + (f" ({off[j, i]} the other way)." if off[j, i] else ".")


def timing_findings(seconds: dict[str, list[float]], a: str, b: str) -> str:
    """Two entries of ``utils.training.compare_epoch_times`` (seconds per epoch, one value per
    round) in a sentence: the fastest rounds compared, and whether the gap exceeds how much each
    one's rounds moved."""
    sa, sb = seconds[a], seconds[b]
    ratio = min(sa) / min(sb)
    if min(sa) > max(sb):
        found = f"{a} is slower in every round ({ratio:.2f} x the time of the fastest rounds)"
    elif min(sb) > max(sa):
        found = f"{a} is faster in every round ({ratio:.2f} x the time of the fastest rounds)"
    else:
        found = f"the rounds overlap (fastest rounds {ratio:.2f} x): no difference beyond the timing's own noise"
    moved = max(max(sa) / min(sa), max(sb) / min(sb))
    return (f"Over {len(sa)} rounds in alternating order, {found}: {a} {min(sa):.2f} s per "
            f"epoch at best (rounds {min(sa):.2f}-{max(sa):.2f} s), {b} {min(sb):.2f} s (rounds "
            f"{min(sb):.2f}-{max(sb):.2f} s)."
            + (f" The rounds of one model varied up to {moved:.1f} x: the machine's load moves these timings."
               if moved > 1.25 else ""))
