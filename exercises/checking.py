"""The machinery every exercise check shares: what to say for "not attempted", "correct" and hints."""
from __future__ import annotations

import functools
import numbers
from dataclasses import dataclass

import numpy as np


@dataclass
class Result:
    """What a check decided. ``status`` is "correct", "hint" or "not attempted"."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self):
        return self.correct

    def __repr__(self):
        mark = {"correct": "✅ Correct!", "hint": "❌ Not yet.", "not attempted": "✏️ Not attempted yet:"}[self.status]
        return f"{mark} {self.message}".strip()


class Hint(Exception):
    """Raised inside a check to give the learner a specific hint."""


def exercise(check):
    """Turn ``check(answer, ...)`` into an exercise check.

    The check raises ``Hint("...")`` for a wrong answer and returns an optional message when it is right.
    An answer left as ``...`` means "not attempted yet". Any other error in the learner's answer becomes
    a hint too, so a check never ends a notebook with a traceback.
    """
    @functools.wraps(check)
    def run(*answers, **kwargs) -> Result:
        if any(a is Ellipsis for a in answers) or any(v is Ellipsis for v in kwargs.values()):
            return Result("not attempted", "replace the ... with your answer and run the cell again.")
        try:
            message = check(*answers, **kwargs)
        except Hint as hint:
            return Result("hint", str(hint))
        except Exception as error:  # the learner's answer broke something: say what, kindly
            return Result("hint", f"your answer raised {type(error).__name__}: {error}")
        return Result("correct", message or "")
    return run


def close(answer, expected, what: str, tol: float = 1e-6) -> None:
    """Raise a Hint unless ``answer`` has the expected shape and is numerically close to ``expected``."""
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Hint(f"{what} should be a number or an array of numbers, but got {type(answer).__name__}") from None
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        raise Hint(f"{what} should have shape {expected.shape}, but yours has shape {answer.shape}")
    if not np.allclose(answer, expected, rtol=tol, atol=tol):
        raise Hint(f"{what} is not right yet")


def number(answer, what: str) -> float:
    """The learner's answer as one float, or a Hint saying what was expected instead."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        raise Hint(f"{what} should be a number, but got {answer!r}")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Hint(f"{what} should be a number, but got {type(answer).__name__}") from None
    if value.size != 1:
        raise Hint(f"{what} should be a single number, but yours has shape {value.shape}")
    return float(value.reshape(()))


def shape(answer, what: str) -> tuple:
    """A shape given as a tuple, a list or a numpy shape, as a tuple of ints; else a Hint."""
    if isinstance(answer, (int, np.integer)):
        return (int(answer),)
    try:
        return tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        raise Hint(f"{what} should be a shape like (3, 4): a tuple of whole numbers, "
                   f"but got {type(answer).__name__}") from None


def whole_number(answer, what: str, fraction_hint: str = "") -> int:
    """The learner's answer as an int, or a Hint; ``fraction_hint`` says why a fraction makes no sense here."""
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        raise Hint(f"{what} should be one whole number, but got {answer!r}")
    if float(answer) != round(float(answer)):
        raise Hint(f"{answer:g} is not a whole number. {fraction_hint}".strip())
    return int(round(float(answer)))


def parameter_count(sizes, biases: bool = True) -> int:
    """How many numbers ``dlkit.mlp(sizes)`` learns, counted by dlkit itself. ``biases=False`` counts the
    weights only: a common wrong answer that the hints recognise."""
    import dlkit  # here, not at the top: importing the checks should not cost a network build
    return sum(p.value.size for p in dlkit.mlp(list(sizes)).parameters() if biases or p.decay)
