"""Argument checks shared by all of dlkit.

Every public function checks what it is given before doing any maths, so a learner sees
"X has 3 features but the first layer expects 2" instead of a broadcasting error deep inside numpy.
"""
from __future__ import annotations

import numbers

import numpy as np


def as_inputs(X, name: str = "X", n_features: int | None = None, where: str = "the first layer",
              before: str | None = None) -> np.ndarray:
    """Return X as a finite float64 array of shape (n_samples, n_features), or raise a clear error.
    ``before``: what X is about to be used for ("training", "predicting"), so the hint about NaN fits."""
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} should be a 2-D array of numbers (rows are examples), but got {type(X).__name__}")
    try:
        X = np.asarray(X)
    except ValueError as e:
        raise TypeError(f"{name} should be a table of numbers, but converting it to an array failed: {e}") from None
    if X.dtype.kind == "c":  # converting would silently drop the imaginary parts
        raise TypeError(f"{name} should hold real numbers, but it holds complex numbers")
    try:
        X = X.astype(np.float64, copy=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} should contain only numbers, but converting it to a float array failed: {e}") from None
    if X.ndim == 1:
        raise ValueError(
            f"{name} should be 2-D with shape (n_samples, n_features), but got a 1-D array of shape {X.shape}; "
            f"use {name}.reshape(-1, 1) for one feature or {name}.reshape(1, -1) for one example")
    if X.ndim != 2:
        raise ValueError(f"{name} should be 2-D with shape (n_samples, n_features), but got shape {X.shape}"
                         + _flatten_hint(X, name, n_features))
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 examples (shape {X.shape})")
    if not np.all(np.isfinite(X)):
        bad = int(np.size(X) - np.count_nonzero(np.isfinite(X)))
        raise ValueError(f"{name} contains {count(bad, 'NaN or infinite value')}; clean or impute them {f'before {before}' if before else 'first'}")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{name} has {count(X.shape[1], 'feature')} but {where} expects {n_features}"
                         + _flatten_hint(X, name, n_features))
    return X


def _flatten_hint(X, name, n_features) -> str:
    """When X holds the right numbers in the wrong shape (one 8x8 image for a network of 64 inputs, a stack of
    images), how to lay them out as rows."""
    if n_features is None or X.ndim < 2:
        return ""
    if X.size == n_features and X.shape[0] != 1:
        return (f"; its {X.size} numbers would make one example: if it is one (an image of shape {X.shape}?), "
                f"{name}.reshape(1, -1) lays it out as one row")
    if X.ndim > 2 and X[0].size == n_features:
        return f"; {name}.reshape(len({name}), -1) makes each of its {len(X)} examples one row of {n_features} numbers"
    return ""


def count(n, noun: str, nouns: str | None = None) -> str:
    """The number with its noun, singular or plural as the number needs: '1 example', '3 examples'.
    ``nouns`` is the plural when adding an s is wrong ('class', 'classes')."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


# What an array holds, by numpy's dtype.kind, in a learner's words rather than numpy's codes (<U21, <M8[D])
KINDS = {"b": "True/False values", "i": "whole numbers", "u": "whole numbers", "f": "decimal numbers",
         "c": "complex numbers", "M": "dates", "m": "time spans", "U": "text", "S": "bytes", "V": "records",
         "O": "Python objects"}


def not_numbers(y: np.ndarray, name: str, wanted: str) -> TypeError:
    """The error for an array that should hold numbers (``wanted`` says which) but holds something else. Text
    labels, like species names, are the common case: the error says how to turn them into class numbers."""
    first = y.ravel()[0] if y.size else None
    if y.dtype.kind in "US" or (y.dtype.kind == "O" and all(isinstance(v, str) for v in y.flat)):
        return TypeError(f"{name} holds text labels, such as '{first}', but dlkit needs class numbers 0, 1, 2, ...: "
                         f"turn them into numbers with `classes, {name} = np.unique({name}, return_inverse=True)` "
                         "(classes[k] is then the name of class k)")
    fix = f"; {name}.astype(int) turns True and False into 1 and 0" if y.dtype.kind == "b" else ""
    return TypeError(f"{name} should hold {wanted}, but it holds {KINDS.get(y.dtype.kind, 'something else')}, "
                     f"such as {first}{fix}")


def positive_int(value, name: str, minimum: int = 1) -> int:
    """Return value as an int >= minimum, or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} should be a whole number, but got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} should be at least {minimum}, but got {value}")
    return int(value)


def positive_float(value, name: str, allow_zero: bool = False) -> float:
    """Return value as a finite float > 0 (or >= 0 with allow_zero), or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} should be a number, but got {value!r} ({type(value).__name__})")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise ValueError(f"{name} should be a finite number {bound}, but got {value}")
    return value


def fraction(value, name: str, low_open: bool = False) -> float:
    """Return value as a float in [0, 1) (or (0, 1) with low_open), or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} should be a number between 0 and 1, but got {value!r}")
    value = float(value)
    too_low = value <= 0 if low_open else value < 0
    if not np.isfinite(value) or too_low or value >= 1:
        raise ValueError(f"{name} should be in {'(0' if low_open else '[0'}, 1), but got {value}")
    return value


def rng_from(seed) -> np.random.Generator:
    """A numpy Generator from a seed (int or None) or an existing Generator, passed through."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0):
        return np.random.default_rng(seed)
    raise TypeError(f"seed should be a non-negative whole number, None or a numpy Generator, but got {seed!r}")


def choose(name: str, value: str, options) -> str:
    """Check that a string names one of the options; the error lists the valid ones."""
    options = list(options)
    if not isinstance(value, str) or value.lower() not in options:
        raise ValueError(f"unknown {name} {value!r}; choose one of: {', '.join(options)}")
    return value.lower()
