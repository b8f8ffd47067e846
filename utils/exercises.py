"""Exercises that answer back, Kaggle Learn's way: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``. The
answers are computed here from the notebook's variables, so a student reads none; a check never prints them."""

from collections.abc import Callable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

Check = Callable[[Any], tuple[bool, str]]
NOT_ANSWERED = "Not answered yet: replace ... with your answer, then run the cell again."


class Exercise:
    """One exercise: ``check(answer)`` prints one line; ``hint()`` and ``solution()`` print their text."""

    def __init__(self, check: Check, hint: str, solution: str) -> None:
        self._check, self._hint, self._solution = check, hint, solution

    def check(self, answer: Any) -> None:
        """Print one line about ``answer`` (``...``: not answered yet): correct, or what is off."""
        if answer is ... or answer is None:
            print(NOT_ANSWERED)
            return
        try:
            ok, detail = self._check(answer)
        except Exception as error:  # an odd answer still gets one line, not a traceback
            ok, detail = False, f"could not check {answer!r:.40} ({type(error).__name__}: {error})"
        print(f"{'Correct' if ok else 'Not quite'}: {detail}")

    def hint(self) -> None:
        print(f"Hint: {self._hint}")

    def solution(self) -> None:
        print(f"Solution: {self._solution}")


def expect_int(expected: int, wrong: Mapping[int, str] | None = None) -> Check:
    """A whole number; ``wrong`` maps typical wrong answers to their likely reason."""
    def check(answer: Any) -> tuple[bool, str]:
        if isinstance(answer, bool) or not isinstance(answer, Real) or not float(answer).is_integer():
            return False, f"expected a whole number, got {answer!r:.40}"
        n = int(answer)
        if n == expected:
            return True, f"{n:,}"
        if wrong and n in wrong:
            return False, wrong[n]
        if abs(n - expected) == 1:
            return False, "off by one: are both ends counted?"
        return False, f"{n:,} is too {'high' if n > expected else 'low'}"
    return check


def expect_shape(expected: Sequence[int | None], wrong: Mapping[tuple, str] | None = None) -> Check:
    """A shape as a tuple (``None`` for a size Keras leaves open); ``wrong`` maps typical wrong shapes to a reason."""
    expected = tuple(expected)

    def check(answer: Any) -> tuple[bool, str]:
        if not isinstance(answer, (tuple, list)) or not all(d is None or isinstance(d, Integral) for d in answer):
            return False, f"expected a shape such as (3, 5), got {answer!r:.40}"
        shape = tuple(None if d is None else int(d) for d in answer)
        if shape == expected:
            return True, str(shape)
        if wrong and shape in wrong:
            return False, wrong[shape]
        if len(shape) != len(expected):
            return False, f"expected {len(expected)} dimensions, got {len(shape)}"
        if sorted(map(str, shape)) == sorted(map(str, expected)):
            return False, "the dimensions are in the wrong order"
        off = [i for i, (a, e) in enumerate(zip(shape, expected, strict=True)) if a != e]
        return False, "; ".join(f"axis {i} is off" for i in off)
    return check


def expect_choice(expected: str, options: Sequence[str], wrong: Mapping[str, str] | None = None) -> Check:
    """One of ``options`` (case and outer spaces ignored)."""
    def check(answer: Any) -> tuple[bool, str]:
        said = str(answer).strip().lower()
        if said not in [o.lower() for o in options]:
            return False, f"answer one of {', '.join(map(repr, options))}"
        if said == expected.lower():
            return True, repr(expected)
        return False, (wrong or {}).get(said, f"not {answer!r}: look at the interval again")
    return check


def expect_model(output: tuple, params: int, layer: str | None = None, why: str = "") -> Check:
    """A Keras model: its output shape per batch, its weight count and (optionally) a layer type it must contain."""
    def check(model: Any) -> tuple[bool, str]:
        if not hasattr(model, "count_params"):
            return False, f"pass the Keras model itself, got {type(model).__name__}"
        names = [type(x).__name__ for x in model.layers]
        if layer and layer not in names:
            return False, f"the model has no {layer} layer (it has {', '.join(dict.fromkeys(names))})"
        shape = tuple(model.outputs[0].shape)
        if shape != tuple(output):
            return False, f"its output is {shape}: {why or 'look at each layer with model.summary()'}"
        if model.count_params() != params:
            return False, f"the output is right, but it has {model.count_params():,} weights: check each layer's size"
        return True, f"output {shape}, {params:,} weights"
    return check


def lstm_weights(m: int, n: int) -> int:
    """An LSTM(n) on m features: 4 weight blocks (3 gates and the candidate), each n x (m + n + 1)."""
    return 4 * n * (m + n + 1)


def exercises_01(N_features: int, N_classes: int, n_neurons: int, X_half_shape: tuple, inflation: Mapping[str, float]):
    """Notebook 01's: LSTM(n_neurons // 2)'s weights, X at half length, that model, the most flattered baseline."""
    n = n_neurons // 2
    right = lstm_weights(N_features, n) + (n + 1) * N_classes
    q1 = Exercise(expect_int(right, {right - 4 * n - N_classes: "you left out the biases",
                                     lstm_weights(N_features, n): "you forgot the Dense layer",
                                     right - 3 * n * (N_features + n + 1): "an LSTM has four weight blocks"}),
                  "4 n (m + n + 1) for the LSTM (m inputs, n units), then (n + 1) x N_classes for Dense.",
                  "Solution 1 computes the formula and lets Keras count the same model.")
    q2 = Exercise(expect_shape(X_half_shape, {(X_half_shape[0] + 1, *X_half_shape[1:]): "off by one",
                                              (None, *X_half_shape[1:]): "the loader knows how many sequences"}),
                  "Call load_barcode_data with LengthSeq // 2 and look at .X.shape: more inputs become copies.",
                  "Solution 2 loads the cut sequences and prints X.shape.")
    q3 = Exercise(expect_model((None, N_classes), right, "LSTM", "one probability per class"),
                  "Section 5's builder, with the shorter LengthSeq and half the neurons; pass the model itself.",
                  "The weights do not depend on LengthSeq: the LSTM reuses them at every step (solution 3).")
    most = max(inflation, key=inflation.get)
    q4 = Exercise(expect_choice(most, list(inflation)),
                  "Subtract each baseline's grouped-split accuracy from its random-split accuracy.",
                  "Solution 4 computes the three differences; the largest belongs to the model that copies most.")
    return q1, q2, q3, q4


def exercises_02(n_points: int, dt_past: int, dt_futu: int, n_features: int, leak: Mapping[str, int]):
    """Notebook 02's: windows of a series, a bidirectional layer's output, its weights, the course's leak."""
    windows = n_points - dt_past - dt_futu + 1
    q1 = Exercise(expect_int(windows, {n_points - dt_past: "the targets need room too", n_points: "not every point"}),
                  "A window needs dt_past + dt_futu points in a row; count where it can start.",
                  "Solution 1 counts them with make_windows.")
    q2 = Exercise(expect_model((None, dt_past, 128), 2 * lstm_weights(n_features, 64), "Bidirectional",
                               "with return_sequences=True each step keeps both directions' states"),
                  "Bidirectional wraps an LSTM(64) that returns its state at every step; the Input layer comes first.",
                  "Each of the 20 steps gets 64 forward and 64 backward numbers, joined: (None, 20, 128).")
    bi = 2 * lstm_weights(n_features, 200) + (2 * 200 + 1) * dt_futu
    q3 = Exercise(expect_int(bi, {bi // 2 - 200 * dt_futu: "one direction only",
                                  2 * lstm_weights(n_features, 200) + 201 * dt_futu: "Dense reads both directions"}),
                  "2 x 4 n (m + n + 1), then Dense(dt_futu) on 2 n numbers.", "Solution 3 lets Keras count it.")
    q4 = Exercise(expect_int(leak["leaked"], {leak["leaked_and_scored"]: "those are only the ones its test scores"}),
                  "From the course's first test point to its last training target, both counted.",
                  "last_train_target - test_start + 1 (solution 4).")
    return q1, q2, q3, q4


def exercises_03(n_features: int, n_neurons: int, dt_past: int, dt_futu: int):
    """Notebook 03's: a two-layer stack's weights, the stack built, and Dense after a sequence."""
    n, dense = n_neurons, n_neurons * dt_futu + dt_futu
    two = lstm_weights(n_features, n) + lstm_weights(n, n) + dense
    q1 = Exercise(expect_int(two, {2 * lstm_weights(n_features, n) + dense: "the second LSTM reads n states: m = n",
                                   two - dense: "add the Dense layer"}),
                  "4 n (m + n + 1) per LSTM, m = what the layer below hands on; then Dense.",
                  "Solution 1 adds the layers up and lets Keras count.")
    q2 = Exercise(expect_model((None, dt_futu), two, "LSTM", "the last LSTM must return its last state only"),
                  "Two LSTM(n_neurons) layers: the first with return_sequences=True, then Dense(dt_futu).",
                  "Solution 2 builds it.")
    q3 = Exercise(expect_shape((dt_past, dt_futu), {(dt_futu,): "the LSTM below returned a sequence",
                                                     (dt_futu, dt_past): "steps first, then the outputs"}),
                  "Dense works on the last axis; the other axes stay.",
                  "Dense(dt_futu) is applied at every step: (dt_past, dt_futu) per sample (solution 3).")
    return q1, q2, q3


def exercises_04(dt_past: int, n_features: int, N_features: int, LengthSeq: int):
    """Notebook 04's: sub-sequences, TimeDistributed built, a wider convolution's weights and steps."""
    q1 = Exercise(expect_shape((3, dt_past, n_features), {(3 * dt_past, n_features): "before the reshape",
                                                          (dt_past, 3, n_features): "sub-sequences come first"}),
                  "to_subsequences cuts the past into pieces of dt_past steps; no batch axis.",
                  "(3, 20, 1): three sub-sequences of 20 steps (solution 1).")
    q2 = Exercise(expect_model((None, None, dt_past - 4, 32), 5 * n_features * 32 + 32, "TimeDistributed",
                               "Conv1D without padding loses kernel_size - 1 steps"),
                  "TimeDistributed wraps the Conv1D; the Input has an axis of sub-sequences, of size None, first.",
                  "TimeDistributed applies the same Conv1D to every sub-sequence (solution 2).")
    q3 = Exercise(expect_int((LengthSeq - 5 + 1) // 2, {LengthSeq // 2: "Conv1D loses kernel_size - 1 positions",
                                                        LengthSeq - 5 + 1: "add the pooling"}),
                  "Conv1D(kernel_size=5), no padding, then MaxPooling1D(pool_size=2).", "Solution 3 builds them.")
    conv = 5 * N_features * 64 + 64
    q4 = Exercise(expect_int(conv, {conv - 64: "add the biases", 5 * 64 + 64: "a one-hot base has 4 channels"}),
                  "Each of the 64 filters: kernel_size x N_features weights and a bias.", "Solution 4 counts them.")
    return q1, q2, q3, q4


def exercises_05(rows: Sequence[Mapping[str, Any]], n_fitted: int, batch_size: int, epochs: int, N_features: int,
                 N_classes: int):
    """Notebook 05's: the rule on two verdict rows, the course's weight updates, a pooled classifier."""
    updates = -(-n_fitted // batch_size) * epochs
    words = ("better", "worse", "within")
    qs = [Exercise(expect_choice(r["verdict"], words), "Does the interval include zero? Which side is it on?",
                   f"{r['verdict']}: the interval [{r['low']:+.3f}, {r['high']:+.3f}] (solution 1)") for r in rows]
    q2 = Exercise(expect_int(updates, {n_fitted // batch_size * epochs: "the last, smaller batch is an update too",
                                       epochs: "one update per batch, not per epoch"}),
                  "One update per batch of the sequences it fits; then times the epochs.",
                  "Solution 2 counts batches per epoch.")
    pooled = lstm_weights(N_features, 100) + 101 * N_classes
    q3 = Exercise(expect_model((None, N_classes), pooled, "GlobalMaxPooling1D"),
                  "LSTM(100, return_sequences=True), then GlobalMaxPooling1D(), then Dense(N_classes).",
                  "Pooling adds no weights (solution 3).")
    return (*qs, q2, q3)
