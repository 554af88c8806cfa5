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
            return Result("hint", f"your answer raised {type(error).__name__}: {error}{_python_slip(error)}")
        return Result("correct", message or "")
    return run


def _python_slip(error) -> str:
    """A hint for the Python slips behind common errors in answers: ^ written for a power."""
    if "bitwise_xor" in str(error) or "for ^" in str(error):
        return " (in Python ^ is not a power: write ** for powers, as in (1 + np.abs(z)) ** 2)"
    return ""


# -- Numbers: one rule for every lesson -----------------------------------------------------------------------
# RIGHT: the true value rounded to the significant digits the learner typed, at least 2 of them, or cut off
#   to 3 or more (1.3, 1.31 or 1.312 for 1.3125; 1.6 for 1.609; 9.5e-07, 9.54e-07 or 9.53e-07 for 9.537e-07,
#   as lesson 09 prints it), or the true value itself (2 or 2.0 for 2, not 2.01: 2 to three digits is 2.00).
# CLOSE ("give more digits"): the true value cut off to 2 significant digits (0.43 for 0.438), or rounded or
#   cut off to 1 digit when that lands within 10% of it (0.4 for 0.438; 1e-06 for 9.54e-07): then the method
#   was surely right. One digit further off (2 or 1 for 1.609; 1 for 1.3125; 0.3 or 0.2 for 0.25) cannot
#   tell a right method from a wrong one, so it is wrong, and gets the lesson's own hint.
# ROUNDED ON THE WAY: 2 or more digits, within 1% of the true value but not its rounding (0.439 for 0.4378):
#   "Close! did you round a number along the way?". Not for values that need no rounding (``exact``: 2.01
#   for 2 is simply wrong).
# A typical wrong value keeps its own hint when the answer is that value by the RIGHT rule, or within 1% of
#   it and nearer to it than to the true value. Everything else is wrong; the check gives its own hint.
# Every tolerance is relative: 1e-9 is not "close to" 9.54e-7 just because both are tiny.

MIN_DIGITS = 2       # an answer is right to as many significant digits as it has, but never to fewer than 2
CLOSE_1_DIGIT = 0.1  # a 1-digit rounding within 10% of the true value is "Close! give more digits"
NEAR = 0.01          # within 1%, with 2 or more digits: a number rounded along the way


def _unit(value: float, digits: int) -> float:
    """One unit of the last of ``digits`` significant digits of ``value``: 0.001 for 0.4378 and 3 digits."""
    return 10.0 ** (np.floor(np.log10(abs(value))) - digits + 1)


def significant_digits(answer: float) -> int:
    """How many significant digits the learner typed: 2 for 0.25, 9.5e-07 and 1600; 1 for 2.0; 3 for 2.01."""
    if answer == 0 or not np.isfinite(answer):
        return 1
    mantissa = np.format_float_scientific(abs(answer), unique=True).split("e")[0]   # the shortest exact form
    return max(len(mantissa.replace(".", "").rstrip("0")), 1)


def rounded(value: float, digits: int) -> list:
    """``value`` rounded and cut off to ``digits`` significant digits: [0.43, 0.44] for 0.4378 and 2."""
    if value == 0:
        return [0.0]
    unit = _unit(value, digits)
    q = round(value / unit, 6)                          # 0.2 / 0.01 is 20.000000000000004, not 20
    return sorted({float(n * unit) for n in (np.trunc(q), np.floor(q + 0.5), np.ceil(q - 0.5))})


def _is(answer: float, values) -> bool:
    return any(np.isclose(answer, v, rtol=1e-9, atol=0) for v in values)


def agrees(answer: float, value: float) -> bool:
    """The RIGHT rule: ``answer`` is ``value`` itself (to float noise), or ``value`` rounded to the significant
    digits ``answer`` has, counting at least ``MIN_DIGITS``, or cut off to more than ``MIN_DIGITS``. 1.3 and
    1.31 agree with 1.3125, 1.6 with 1.609, 9.5e-07 with 9.537e-07; 2.01 does not agree with 2 (that is
    2.00), nor 1.32 with 1.3125, nor 0.43 with 0.438."""
    if value == 0:
        return abs(answer) < 1e-12                      # only float noise: there are no digits to compare
    if _is(answer, [value]):
        return True
    digits = max(significant_digits(answer), MIN_DIGITS)
    if digits >= 16:                                    # a computed answer: only float noise is allowed
        return False
    return _is(answer, rounded(value, digits) if digits > MIN_DIGITS else [_round(value, digits)])


def _round(value: float, digits: int) -> float:
    """``value`` rounded (half away from 0) to ``digits`` significant digits: 0.44 for 0.4378 and 2."""
    unit = _unit(value, digits)
    q = round(value / unit, 6)
    return float(np.sign(q) * np.floor(abs(q) + 0.5) * unit)


def close_to(answer: float, value: float) -> bool:
    """The CLOSE rule: ``answer`` is ``value`` cut off to 2 significant digits (0.43 for 0.438), or rounded or
    cut off to 1, within 10% of it (0.4 for 0.438, 1e-06 for 9.54e-07; not 2 for 1.609, 1 for 1.3125 or 0.3
    for 0.25)."""
    if value == 0:
        return False
    if _is(answer, rounded(value, MIN_DIGITS)):       # cut off to 2 digits (rounded would be right)
        return True
    return abs(answer - value) <= CLOSE_1_DIGIT * abs(value) and _is(answer, rounded(value, 1))


def judge(answer: float, right: float, wrong=(), name: str = "", exact: bool = False) -> bool:
    """Mark a learner's number (from ``number``) against ``right`` and typical wrong (value, hint) pairs, by the
    one rule above.

    Returns True if it is right (``agrees``). Raises the hint of a ``wrong`` value it matches, or a "Close!" hint
    (``close_to``, or within ``NEAR`` when it has 2 or more digits: rounded on the way; never if ``exact``,
    for a right value that needs no rounding). Returns False otherwise, so the check goes on to its own hints.
    ``name`` says which answer, for checks that take several.
    """
    if agrees(answer, right):
        return True
    shown = f"{name} = {answer:.6g}" if name else f"{answer:.6g}"
    # Before the wrong values' roundings: 0.8 may be a right 0.806 or a wrong 0.798; more digits will tell.
    if close_to(answer, right) and not any(_is(answer, [value]) for value, _ in wrong):
        raise Hint(f"Close! {shown} is near the answer, but give it to more digits (at least {MIN_DIGITS} "
                   "significant).")
    for value, hint in wrong:
        if agrees(answer, value):
            raise Hint(hint)
    if significant_digits(answer) < MIN_DIGITS:
        return False              # one digit, and not near: it says too little about the method
    # Within NEAR of a value, say a number rounded on the way: the nearest value, right or wrong, decides.
    values = [*([] if exact else [(right, None)]), *wrong]
    candidates = [(abs(answer - value) / abs(value), hint) for value, hint in values if value]
    if not candidates:
        return False
    off, hint = min(candidates, key=lambda c: c[0])
    if off <= NEAR:
        raise Hint(hint or f"Close! {shown} is near the answer, but not quite it: did you round a number along "
                           "the way? Keep every digit until the end, then round to at least "
                           f"{MIN_DIGITS} significant ones.")
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
    typed = np.asarray(answer)
    if typed.dtype.kind == "f" and typed.dtype.itemsize < 8:   # float32(0.4378) is 0.43779999..., typed 0.4378
        return float(np.format_float_scientific(typed.reshape(-1)[0], unique=True))
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
