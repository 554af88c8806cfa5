"""How good are the predictions? Numbers computed from class labels, with numpy only.

    y_pred = net.predict(X_test)
    accuracy(y_test, y_pred)          # the fraction that is right
    confusion_matrix(y_test, y_pred)  # which class is mistaken for which
"""
from __future__ import annotations

import numpy as np

from .validate import count, not_numbers, positive_int


def _labels(y, name: str) -> np.ndarray:
    """Check a 1-D array of class labels 0, 1, 2, ... and return it as int64."""
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"{name} should be a non-empty 1-D array of class labels (one per example), "
                         f"but got shape {y.shape}; for probabilities or one-hot rows use net.predict(X)")
    if y.dtype.kind not in "iubf":
        raise not_numbers(y, name, "class labels 0, 1, 2, ...")
    if y.dtype.kind == "f" and not np.all(y == np.round(y)):
        raise TypeError(f"{name} should hold class labels 0, 1, 2, ..., but got values like {y[0]!r}")
    y = y.astype(np.int64)
    if y.min() < 0:
        raise ValueError(f"{name} should hold class labels 0 or more, but it contains {y.min()}")
    return y


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {count(len(y_true), 'label')} but y_pred has {len(y_pred)}: "
                         "they should hold one label each for the same examples")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """The fraction of examples whose predicted class is the true one: mean(y_pred == y_true). Shapes (N,), (N,)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts (C, C): row i, column j = how many examples of true class i were predicted as class j.

    The diagonal holds the right answers. C is n_classes, or the largest label seen + 1.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    largest = int(max(y_true.max(), y_pred.max()))
    if n_classes is None:
        n_classes = largest + 1
    n_classes = positive_int(n_classes, "n_classes")
    if largest >= n_classes:
        raise ValueError(f"the labels go up to {largest} but n_classes is {n_classes}: "
                         f"labels must be 0 to {n_classes - 1}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)  # add 1 at (true, predicted) for every example
    return counts
