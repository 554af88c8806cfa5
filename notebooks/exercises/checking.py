"""The machinery every exercise check shares: what to say for "not attempted", "correct" and hints."""
from __future__ import annotations

import functools
import numbers
import reprlib
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


# -- Numbers are marked the way a teacher marks them by hand --------------------------------------------------
# Right: the right value to DIGITS significant digits, rounded or cut off (0.438 or 0.437 for 0.43782).
# Close: the right value rounded to fewer digits (0.44; 1e-6 for 9.54e-7), or within NEAR of it (a number
#   rounded on the way); the learner is asked for more digits, never told the method is wrong.
# A typical wrong value keeps its own hint, to the same 3 digits or rounded to 2 (0.19 for 0.188).
# Every tolerance is relative: 1e-9 is not "close to" 9.54e-7 just because both are tiny.

DIGITS = 3
NEAR = 0.05


def _unit(value: float, digits: int) -> float:
    """One unit of the last of ``digits`` significant digits of ``value``: 0.001 for 0.4378 and 3 digits."""
    return 10.0 ** (np.floor(np.log10(abs(value))) - digits + 1)


def agrees(answer: float, value: float, digits: int = DIGITS) -> bool:
    """True if ``answer`` is ``value`` to ``digits`` significant digits: at most one unit of the last digit
    off, so rounding and cutting off both pass."""
    if value == 0:
        return abs(answer) < 1e-12                      # only float noise: there are no digits to compare
    return abs(answer - value) <= _unit(value, digits) * (1 + 1e-9)


def rounded(value: float, digits: int) -> list:
    """``value`` rounded and cut off to ``digits`` significant digits: [0.43, 0.44] for 0.4378 and 2."""
    if value == 0:
        return [0.0]
    unit = _unit(value, digits)
    q = round(value / unit, 6)                          # 0.2 / 0.01 is 20.000000000000004, not 20
    return sorted({float(n * unit) for n in (np.trunc(q), np.floor(q + 0.5), np.ceil(q - 0.5))})


def _rounds(answer, value, digits) -> bool:
    return any(np.isclose(answer, r, rtol=1e-9, atol=0) for k in digits for r in rounded(value, k))


def judge(answer: float, right: float, wrong=(), name: str = "", digits: int = DIGITS, near: float = NEAR) -> bool:
    """Mark a learner's number (from ``number``) against ``right`` and typical wrong values.

    Returns True if it is right to ``digits`` significant digits. Raises the hint of a ``wrong`` (value, hint)
    pair that it matches, or a "Close!" hint if it is near the right value. Returns False if it is none of
    these, so the check goes on to its own hints. ``name`` says which answer, for checks that take several.
    """
    if agrees(answer, right, digits):
        return True
    for value, hint in wrong:
        if agrees(answer, value, digits):
            raise Hint(hint)
    shown = f"{name} = {answer:.6g}" if name else f"{answer:.6g}"
    # Before the wrong values' roundings: 0.8 may be the right 0.806 or a wrong 0.798; more digits will tell.
    if _rounds(answer, right, range(1, digits)):
        raise Hint(f"Close! {shown} is near the answer, but give it to more digits (at least {digits} significant).")
    for value, hint in wrong:
        if _rounds(answer, value, range(2, digits)):   # not 1 digit: 0.4 says too little about the method
            raise Hint(hint)
    # Within ``near`` of a value, say a number rounded on the way: the nearest value, right or wrong, decides.
    candidates = [(abs(answer - value) / abs(value), hint) for value, hint in [(right, None), *wrong] if value]
    off, hint = min(candidates, key=lambda c: c[0])
    if off <= near:
        raise Hint(hint or f"Close! {shown} is near the answer, but not quite it: did you round a number along "
                           f"the way? Keep every digit until the end, then give at least {digits} significant ones.")
    return False


# -- Answers of the wrong kind get one plain message -----------------------------------------------------------

def not_a(kind: str, answer, what: str) -> Hint:
    """The hint for an answer that is not ``kind`` ("a number, like 3.7"): says what the learner gave instead."""
    extra = ""
    if answer is None:   # the usual cause: a function that prints its result instead of returning it
        gave, extra = "None", " Did your function return its result? (One that only prints it gives None.)"
    elif isinstance(answer, (bool, np.bool_)):
        gave = f"{answer}, a yes/no value"
    elif isinstance(answer, (str, bytes)):
        text = answer.decode(errors="replace") if isinstance(answer, bytes) else answer
        gave = f"the text {text!r}"
        try:
            float(text)
            extra = " Leave out the quotes."
        except ValueError:
            pass
    elif isinstance(answer, dict):
        gave = "a dictionary"
    elif isinstance(answer, (list, tuple, set)):
        gave = f"the {type(answer).__name__} {reprlib.repr(answer)}"
    elif callable(answer):
        gave, extra = "a function", " Call it, and give what it returns."
    else:
        gave = f"a {type(answer).__name__}"
    return Hint(f"{what} should be {kind}, but you gave {gave}.{extra}")


def array(answer, what: str, kind: str = "an array of numbers") -> np.ndarray:
    """The learner's answer as an array of floats, or a plain Hint if it is not made of numbers."""
    if answer is None or callable(answer) or isinstance(answer, (bool, np.bool_, str, bytes, dict)):
        raise not_a(kind, answer, what)     # np.asarray would turn None into nan and "0.5" into 0.5 silently
    try:
        value = np.asarray(answer)
    except (TypeError, ValueError):   # a ragged list
        raise not_a(kind, answer, what) from None
    if value.dtype.kind not in "biuf":   # text or None inside a list: ["0.5"] is not [0.5]
        raise not_a(kind, answer, what)
    if np.isnan(value).any():
        raise Hint(f"{what} holds nan ('not a number'): did something divide 0 by 0 along the way?")
    return value.astype(float)


def close(answer, expected, what: str, tol: float = 1e-6) -> None:
    """Raise a Hint unless ``answer`` has the expected shape and is numerically close to ``expected``."""
    answer = array(answer, what, "a number or an array of numbers")
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        raise Hint(f"{what} should have shape {expected.shape}, but yours has shape {answer.shape}")
    if not np.allclose(answer, expected, rtol=tol, atol=tol):
        raise Hint(f"{what} is not right yet")


def number(answer, what: str, kind: str = "a number, like 3.7") -> float:
    """The learner's answer as one float (a numpy scalar, a 0-d array or [x] will do), or a plain Hint."""
    value = array(answer, what, kind)
    if value.size != 1:
        raise Hint(f"{what} should be a single number, but yours has shape {value.shape}")
    return float(value.reshape(()))


def shape(answer, what: str) -> tuple:
    """A shape given as a tuple, a list, a numpy shape or one number, as a tuple of ints; else a Hint."""
    kind = "a shape like (3, 4): a tuple of whole numbers"
    if isinstance(answer, (numbers.Integral, np.integer)) and not isinstance(answer, (bool, np.bool_)):
        return (int(answer),)
    if answer is None or isinstance(answer, (bool, np.bool_, str, bytes, dict)) or not np.iterable(answer):
        raise not_a(kind, answer, what)     # a string is iterable, but "88" is not (8, 8)
    return tuple(whole_number(n, f"each number in {what}") for n in answer)


def whole_number(answer, what: str, fraction_hint: str = "") -> int:
    """The learner's answer as an int, or a Hint; ``fraction_hint`` says why a fraction makes no sense here."""
    value = number(answer, what, "one whole number, like 12")
    if not np.isfinite(value) or value != round(value):
        raise Hint(f"{value:g} is not a whole number. {fraction_hint}".strip())
    return int(round(value))


def parameter_count(sizes, biases: bool = True) -> int:
    """How many numbers ``dlkit.mlp(sizes)`` learns, counted by dlkit itself. ``biases=False`` counts the
    weights only: a common wrong answer that the hints recognise."""
    import dlkit  # here, not at the top: importing the checks should not cost a network build
    return sum(p.value.size for p in dlkit.mlp(list(sizes)).parameters() if biases or p.decay)
