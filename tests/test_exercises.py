"""Exercises: every checker accepts the right answer, says what is off, never raises, never tells."""

import math

import numpy as np
import pytest
from keras import Input, layers
from keras.models import Sequential

from utils.exercises import (
    Exercise,
    exercises_02,
    expect_choice,
    expect_int,
    expect_model,
    expect_shape,
    lstm_weights,
)

ODD_ANSWERS = ["abc", ["x", 2], {"a": 1}, True, math.nan, np.nan, object(), 2.5, (1, 2)]


def said(exercise: Exercise, answer, capsys) -> tuple[bool, str]:
    assert exercise.check(answer) is None  # nothing for the notebook to show but the line
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    return lines[0].startswith("Correct"), lines[0]


EXERCISES = {
    "int": Exercise(expect_int(480, {440: "you left out the biases"}), "hint", "solution"),
    "shape": Exercise(expect_shape((None, 20, 128), {(20, 128): "keep the batch axis"}), "hint", "solution"),
    "choice": Exercise(expect_choice("within", ["better", "worse", "within"]), "hint", "solution"),
    "model": Exercise(expect_model((None, 8), 8 * 21, "Dense"), "hint", "solution"),
}


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("answer", [..., *ODD_ANSWERS])
def test_one_line_for_any_answer_and_nothing_given_away(name, answer, capsys):
    ok, line = said(EXERCISES[name], answer, capsys)
    assert line.startswith("Not answered yet" if answer is ... else ("Correct", "Not quite"))
    assert not ok or name == "int" and answer is True  # True is not a number: never correct
    assert "480" not in line and "128" not in line


@pytest.mark.parametrize(("answer", "message"), [
    (480, "Correct: 480"), (np.int64(480), "Correct: 480"), (480.0, "Correct: 480"),
    (440, "Not quite: you left out the biases"), (481, "Not quite: off by one: are both ends counted?"),
    (10_000, "Not quite: 10,000 is too high"), (7, "Not quite: 7 is too low"),
])
def test_whole_numbers(answer, message, capsys):
    assert said(EXERCISES["int"], answer, capsys)[1] == message


@pytest.mark.parametrize(("answer", "message"), [
    ((None, 20, 128), "Correct: (None, 20, 128)"), ([None, 20, 128], "Correct: (None, 20, 128)"),
    ((20, 128), "Not quite: keep the batch axis"),
    ((None, 128, 20), "Not quite: the dimensions are in the wrong order"),
    ((None, 20, 64), "Not quite: axis 2 is off"), ((1, 2, 3, 4), "Not quite: expected 3 dimensions, got 4"),
])
def test_shapes(answer, message, capsys):
    assert said(EXERCISES["shape"], answer, capsys)[1] == message


def test_choices_ignore_case_and_space(capsys):
    assert said(EXERCISES["choice"], " Within ", capsys)[0]
    assert said(EXERCISES["choice"], "better", capsys)[1] == "Not quite: not 'better': look at the interval again"


def test_a_built_model_is_checked_by_what_it_is(capsys):
    right = Sequential([Input((20, 1)), layers.Flatten(), layers.Dense(8)])
    assert said(EXERCISES["model"], right, capsys) == (True, "Correct: output (None, 8), 168 weights")
    wide = Sequential([Input((20, 1)), layers.Flatten(), layers.Dense(9)])
    assert "its output is (None, 9)" in said(EXERCISES["model"], wide, capsys)[1]
    other = Sequential([Input((20, 1)), layers.LSTM(8)])
    assert "has no Dense layer" in said(EXERCISES["model"], other, capsys)[1]


def test_a_notebooks_exercises_ask_for_a_bidirectional_layer_built_right(capsys):
    q1, q2, q3, q4 = exercises_02(526, 20, 8, 1, {"leaked": 27, "leaked_and_scored": 7})
    built = Sequential([Input((20, 1)), layers.Bidirectional(layers.LSTM(64, return_sequences=True))])
    assert said(q2, built, capsys)[0]
    last_only = Sequential([Input((20, 1)), layers.Bidirectional(layers.LSTM(64))])
    assert "its output is (None, 128)" in said(q2, last_only, capsys)[1]
    assert said(q1, 499, capsys)[0] and said(q4, 27, capsys)[0]
    assert said(q4, 7, capsys)[1] == "Not quite: those are only the ones its test scores"
    assert lstm_weights(1, 400) == 643_200  # the slides' LSTM(400) on one feature


def test_hint_and_solution_print_their_text(capsys):
    EXERCISES["int"].hint()
    EXERCISES["int"].solution()
    assert capsys.readouterr().out == "Hint: hint\nSolution: solution\n"
