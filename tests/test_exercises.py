"""utils.exercises: every checker accepts the right answer, explains typical wrong ones, never raises."""

import math

import numpy as np
import pytest

from utils.exercises import Exercise, expect_choice, expect_in_range, expect_int, expect_shape

PARAMS = 4 * 10 * (1 + 10 + 1)  # an LSTM with 10 units on 1 feature
BIASES = 4 * 10
ODD_ANSWERS = ["abc", ["x", 2], {"a": 1}, True, False, math.nan, np.nan, object()]


def said(exercise: Exercise, answer, capsys) -> tuple[bool, str]:
    """Whether ``exercise`` judged ``answer`` correct, and the one line it printed (asserted to be one)."""
    ok = bool(exercise.check(answer))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert len(lines[0]) < 100 and "\x1b" not in lines[0], lines[0]
    return ok, lines[0]


@pytest.fixture
def q_int() -> Exercise:
    wrong = {PARAMS - BIASES: "you left out the biases", PARAMS // 2: "one direction only"}
    return Exercise("q1", check=expect_int(PARAMS, wrong=wrong), hint="4 gates", solution="4 * n * (f + n + 1)")


@pytest.fixture
def q_range() -> Exercise:
    return Exercise("q2", check=expect_in_range(0.80, 0.90, why="the range of this run's five seeds"))


@pytest.fixture
def q_shape() -> Exercise:
    return Exercise("q3", check=expect_shape((253, 20, 1), wrong={(253, 20): "keep the feature axis, even of size 1"}))


@pytest.fixture
def q_choice() -> Exercise:
    why = {"unpooled": "compare the times"}
    return Exercise("q4", check=expect_choice("pooled", ["pooled", "unpooled"], wrong=why))


@pytest.fixture(params=["q_int", "q_range", "q_shape", "q_choice"])
def any_exercise(request) -> Exercise:
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("answer", [..., None])
def test_not_answered(any_exercise, answer, capsys):
    ok, line = said(any_exercise, answer, capsys)
    assert not ok and line.startswith("Not answered yet")


@pytest.mark.parametrize("answer", ODD_ANSWERS + [3, 2.5, (1, 2), "pooled "])
def test_never_raises_on_odd_answers(any_exercise, answer, capsys):
    ok, line = said(any_exercise, answer, capsys)
    assert isinstance(ok, bool) and line.startswith(("Correct", "Not quite"))


@pytest.mark.parametrize("answer", [PARAMS, float(PARAMS), np.int64(PARAMS)])
def test_int_right(q_int, answer, capsys):
    assert said(q_int, answer, capsys) == (True, "Correct: 480")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (PARAMS - BIASES, "Not quite: you left out the biases"),
        (PARAMS // 2, "Not quite: one direction only"),
        (PARAMS + 1, "Not quite: off by one: check whether both ends are counted"),
        (PARAMS - 1, "Not quite: off by one: check whether both ends are counted"),
        (10_000, "Not quite: 10,000 is too high"),
        (7, "Not quite: 7 is too low"),
        (480.5, "Not quite: expected a whole number, got 480.5"),
    ],
)
def test_int_wrong(q_int, answer, message, capsys):
    assert said(q_int, answer, capsys) == (False, message)


def test_int_off_by_one_message_is_the_callers(capsys):
    q = Exercise("q", check=expect_int(253, off_by_one="a window needs all its steps"))
    assert said(q, 254, capsys) == (False, "Not quite: off by one: a window needs all its steps")


@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_numbers_reject_odd_answers(q_int, q_range, answer, capsys):
    for exercise in (q_int, q_range):
        ok, line = said(exercise, answer, capsys)
        assert not ok and line.startswith("Not quite: expected a number, got "), line


def test_number_messages_show_the_answer_short(q_int, capsys):
    assert said(q_int, "abc", capsys)[1] == "Not quite: expected a number, got 'abc'"
    long_list = "Not quite: expected a number, got [0, 1, 2, 3, 4, 5, 6, 7, 8,..."
    assert said(q_int, list(range(100)), capsys)[1] == long_list


@pytest.mark.parametrize("answer", [0.80, 0.8312, 0.90, np.float32(0.85)])
def test_range_right(q_range, answer, capsys):
    ok, line = said(q_range, answer, capsys)
    assert ok and line.startswith("Correct: 0.")
    assert line.endswith("is within 0.8-0.9 (the range of this run's five seeds)")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (0.5, "Not quite: 0.5 is too low for this run"),
        (0.95, "Not quite: 0.95 is too high for this run"),
        (math.inf, "Not quite: inf is too high for this run"),
    ],
)
def test_range_wrong(q_range, answer, message, capsys):
    assert said(q_range, answer, capsys) == (False, message)


def test_range_unit(capsys):
    q = Exercise("q", check=expect_in_range(300, 700, unit="s"))
    assert said(q, 642.3, capsys) == (True, "Correct: 642.3 s is within 300-700 s")
    assert said(q, 12, capsys) == (False, "Not quite: 12 s is too low for this run")


@pytest.mark.parametrize("answer", [(253, 20, 1), [253, 20, 1], np.zeros((253, 20, 1)).shape, (np.int64(253), 20, 1)])
def test_shape_right(q_shape, answer, capsys):
    assert said(q_shape, answer, capsys) == (True, "Correct: (253, 20, 1)")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((253, 20), "Not quite: keep the feature axis, even of size 1"),
        ((20, 253, 1), "Not quite: the dimensions are in the wrong order"),
        ((1, 20, 253), "Not quite: the dimensions are in the wrong order"),
        ((253, 20, 1, 1), "Not quite: expected 3 dimensions, got 4"),
        ((254, 20, 1), "Not quite: axis 0: off by one: check whether both ends are counted"),
        ((300, 20, 5), "Not quite: axis 0: 300 is too high; axis 2: 5 is too high"),
        ((253, 10, 1), "Not quite: axis 1: 10 is too low"),
        ((), "Not quite: expected 3 dimensions, got 0"),
    ],
)
def test_shape_wrong(q_shape, answer, message, capsys):
    assert said(q_shape, answer, capsys) == (False, message)


@pytest.mark.parametrize("answer", ODD_ANSWERS + [253, (253.0, 20, 1), (True, 20, 1), "(253, 20, 1)", (None, 20, 1)])
def test_shape_rejects_odd_answers(q_shape, answer, capsys):
    ok, line = said(q_shape, answer, capsys)
    assert not ok and line.startswith("Not quite: expected a shape (a tuple of ints), got "), line


@pytest.mark.parametrize("answer", ["pooled", "Pooled", "  POOLED "])
def test_choice_right(q_choice, answer, capsys):
    assert said(q_choice, answer, capsys) == (True, "Correct: 'pooled'")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("unpooled", "Not quite: compare the times"),
        ("faster", "Not quite: expected 'pooled' or 'unpooled', got 'faster'"),
        (1, "Not quite: expected 'pooled' or 'unpooled', got 1"),
        (["pooled"], "Not quite: expected 'pooled' or 'unpooled', got ['pooled']"),
    ],
)
def test_choice_wrong(q_choice, answer, message, capsys):
    assert said(q_choice, answer, capsys) == (False, message)


def test_choice_default_reason_and_three_options(capsys):
    q = Exercise("q", check=expect_choice("b", ["a", "b", "c"]))
    assert said(q, "A", capsys) == (False, "Not quite: 'A' is not it; look again at the results")
    assert said(q, "d", capsys) == (False, "Not quite: expected 'a', 'b' or 'c', got 'd'")


def test_choice_must_offer_the_correct_option():
    with pytest.raises(ValueError):
        expect_choice("fast", ["pooled", "unpooled"])


def test_custom_check(capsys):
    q = Exercise("q", check=lambda a: (a % 2 == 0, "an even number" if a % 2 == 0 else "odd numbers need a pair"))
    assert said(q, 4, capsys) == (True, "Correct: an even number")
    assert said(q, 3, capsys) == (False, "Not quite: odd numbers need a pair")
    assert said(q, "abc", capsys) == (False, "Not quite: could not check 'abc' (TypeError)")
    plain = Exercise("q", check=lambda a: a > 2)
    assert said(plain, 3, capsys) == (True, "Correct.")
    assert said(plain, 1, capsys) == (False, "Not quite.")


def test_hint_and_solution_print_their_text(q_int, q_range, capsys):
    q_int.hint()
    q_int.solution()
    q_range.hint()
    q_range.solution()
    assert capsys.readouterr().out.splitlines() == [
        "Hint: 4 gates",
        "Solution: 4 * n * (f + n + 1)",
        "No hint for q2.",
        "No solution for q2.",
    ]


def test_verdict_is_bool_like_and_silent_in_jupyter(q_int, capsys):
    right, wrong = q_int.check(PARAMS), q_int.check(1)
    assert right and not wrong and right.line == "Correct: 480"
    assert right._ipython_display_() is None  # Jupyter then shows no Out[] under the printed line
    assert capsys.readouterr().out.count("\n") == 2
