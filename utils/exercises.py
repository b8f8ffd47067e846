"""Exercises that answer back: one concern, turning a student's answer into one printed line.

A notebook passes what it expects, from its own variables (``Exercise("q1", check=expect_int(n,
wrong={n // 2: "one direction only"}), hint=..., solution=...)``). A check maps the answer to
``(ok, detail)`` or a bool; the checkers never raise on an answer of the wrong type and say what
is off (too high, off by one, wrong order) without giving the expected answer away.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

Check = Callable[[Any], tuple[bool, str] | bool]
NOT_ANSWERED = "Not answered yet: replace ... with your answer, then run the cell again."
OFF_BY_ONE = "check whether both ends are counted"


def _show(value: Any, width: int = 30) -> str:
    """A short one-line repr of ``value`` for a message."""
    text = " ".join(repr(value).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _fmt(x: float) -> str:
    """A number as a student reads it: 6,411,208 or 0.8123."""
    if isinstance(x, Integral) or (float(x).is_integer() and abs(x) < 1e15):
        return f"{int(x):,}"
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def _is_int(value: Any) -> bool:
    """Whether ``value`` is an integer (numpy's included), bools excepted."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def _number(value: Any) -> float | None:
    """``value`` if it is a real number (bools and NaN are not), else None."""
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
        return None
    return value


def _compare(answer: float, expected: float, off_by_one: str = OFF_BY_ONE) -> str:
    """How ``answer`` differs from ``expected``, without saying what ``expected`` is."""
    if abs(answer - expected) == 1:
        return f"off by one: {off_by_one}"
    return f"{_fmt(answer)} is too {'high' if answer > expected else 'low'}"


def expect_int(expected: int, wrong: Mapping[int, str] | None = None, off_by_one: str = OFF_BY_ONE) -> Check:
    """A whole number; ``wrong`` maps typical wrong answers to their likely reason."""

    def check(answer: Any) -> tuple[bool, str]:
        n = _number(answer)
        if n is None:
            return False, f"expected a number, got {_show(answer)}"
        if not float(n).is_integer():
            return False, f"expected a whole number, got {_fmt(n)}"
        if int(n) == expected:
            return True, _fmt(n)
        if wrong and int(n) in wrong:
            return False, wrong[int(n)]
        return False, _compare(int(n), expected, off_by_one)

    return check


def expect_in_range(lo: float, hi: float, unit: str = "", why: str = "") -> Check:
    """A measured number within ``[lo, hi]``; ``why`` (where the range comes from) shows when correct."""
    unit = f" {unit}" if unit else ""

    def check(answer: Any) -> tuple[bool, str]:
        x = _number(answer)
        if x is None:
            return False, f"expected a number, got {_show(answer)}"
        if lo <= x <= hi:
            return True, f"{_fmt(x)}{unit} is within {_fmt(lo)}-{_fmt(hi)}{unit}" + (f" ({why})" if why else "")
        return False, f"{_fmt(x)}{unit} is too {'low' if x < lo else 'high'} for this run"

    return check


def expect_shape(expected: Sequence[int], wrong: Mapping[tuple[int, ...], str] | None = None) -> Check:
    """A shape, given as a tuple or list of ints; ``wrong`` maps typical wrong shapes to their likely reason."""
    expected = tuple(expected)

    def check(answer: Any) -> tuple[bool, str]:
        if not isinstance(answer, (tuple, list)) or not all(_is_int(d) for d in answer):
            return False, f"expected a shape (a tuple of ints), got {_show(answer)}"
        shape = tuple(int(d) for d in answer)
        if shape == expected:
            return True, str(shape)
        if wrong and shape in wrong:
            return False, wrong[shape]
        if len(shape) != len(expected):
            return False, f"expected {len(expected)} dimensions, got {len(shape)}"
        if sorted(shape) == sorted(expected):
            return False, "the dimensions are in the wrong order"
        pairs = enumerate(zip(shape, expected, strict=True))
        return False, "; ".join(f"axis {i}: {_compare(a, e)}" for i, (a, e) in pairs if a != e)

    return check


def _norm(text: str) -> str:
    """An option as compared: case and outer spaces ignored."""
    return text.strip().lower()


def expect_choice(correct: str, options: Sequence[str], wrong: Mapping[str, str] | None = None) -> Check:
    """One of ``options`` (case and outer spaces ignored); ``wrong`` maps an option to its likely reason."""
    choices = [_norm(o) for o in options]
    if _norm(correct) not in choices:
        raise ValueError(f"{correct!r} is not one of {list(options)}")
    reasons = {_norm(k): v for k, v in (wrong or {}).items()}
    quoted = [repr(o) for o in options]
    listed = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]

    def check(answer: Any) -> tuple[bool, str]:
        if not isinstance(answer, str) or _norm(answer) not in choices:
            return False, f"expected {listed}, got {_show(answer)}"
        if _norm(answer) == _norm(correct):
            return True, repr(correct)
        return False, reasons.get(_norm(answer), f"{answer.strip()!r} is not it; look again at the results")

    return check


@dataclass(frozen=True)
class Verdict:
    """What ``Exercise.check`` printed; truthy when the answer is correct."""

    ok: bool
    line: str

    def __bool__(self) -> bool:
        return self.ok

    def _ipython_display_(self) -> None:
        """Show nothing as a cell's value: ``check`` printed its line already."""


class Exercise:
    """One exercise: ``check(answer)`` prints one line; ``hint()`` and ``solution()`` print their text."""

    def __init__(self, name: str, check: Check, hint: str = "", solution: str = "") -> None:
        self.name, self._check, self._hint, self._solution = name, check, hint, solution

    def check(self, answer: Any) -> Verdict:
        """Print one line about ``answer`` (``...`` or None: not answered yet); return whether it is correct."""
        if answer is ... or answer is None:
            print(NOT_ANSWERED)
            return Verdict(False, NOT_ANSWERED)
        try:
            result = self._check(answer)
        except Exception as error:  # a custom check that fails on an odd answer still prints one line
            result = False, f"could not check {_show(answer)} ({type(error).__name__})"
        ok, detail = (bool(result[0]), str(result[1])) if isinstance(result, tuple) else (bool(result), "")
        line = " ".join(f"{'Correct' if ok else 'Not quite'}{': ' + detail if detail else '.'}".split())
        print(line)
        return Verdict(ok, line)

    def hint(self) -> None:
        """Print the hint."""
        print(f"Hint: {self._hint}" if self._hint else f"No hint for {self.name}.")

    def solution(self) -> None:
        """Print the solution."""
        print(f"Solution: {self._solution}" if self._solution else f"No solution for {self.name}.")
