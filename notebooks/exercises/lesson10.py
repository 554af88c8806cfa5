"""Exercises for lesson 10 · Recognising handwritten digits."""
from __future__ import annotations

import functools

import numpy as np

from .checking import Hint, close_to, exercise, judge, number, shape, whole_number


# -- 1. Shapes -----------------------------------------------------------------------------------

@exercise
def check_shapes(image_shape, row_shape, W_shape):
    """The shape of one digit image, of one row of X, and of the first layer's W in mlp([64, 32, 10])."""
    image, row, W = shape(image_shape, "image_shape"), shape(row_shape, "row_shape"), shape(W_shape, "W_shape")
    if image == (1797, 8, 8):
        raise Hint("(1797, 8, 8) is the shape of all the images together; one image is digits.images[0].")
    if image == (64,) and row == (8, 8):
        raise Hint("you swapped the first two: the image is the 8 x 8 grid, the row of X is the same 64 "
                   "numbers laid out in a line.")
    if image == (64,):
        raise Hint("(64,) is the image flattened into a row of X. The image itself has rows and columns: "
                   "look at digits.images[0].shape.")
    if image != (8, 8):
        raise Hint("image_shape: an image is a grid of 8 rows by 8 columns of pixels.")
    if row == (1797, 64):
        raise Hint("(1797, 64) is the shape of all of X, one row per image; one row is X[0].")
    if row in ((1, 64), (64, 1)):
        raise Hint("one row of X, X[0], is a plain 1-D array of 64 numbers: its shape is (64,).")
    if row == (8, 8):
        raise Hint("row_shape: X holds each image flattened into one row; a row has no second dimension.")
    if row != (64,):
        raise Hint("row_shape: one row of X has one number per pixel, 8 x 8 of them, in a 1-D array.")
    if W == (32, 64):
        raise Hint("W_shape is transposed: in dlkit W has shape (n_in, n_out), one column per unit, so that "
                   "X (N, 64) @ W gives (N, 32).")
    if W in ((64, 10), (32, 10)):
        raise Hint(f"{W} is not the first layer: mlp([64, 32, 10]) first maps 64 pixels to 32 hidden units.")
    if W != (64, 32):
        raise Hint("W_shape: the first Dense layer takes 64 inputs to 32 units, and dlkit stores W as "
                   "(n_in, n_out). You can look: net.dense_layers[0].W.shape.")
    return ("an image is (8, 8), its row in X is (64,), and W is (64, 32): column j of W holds unit j's 64 "
            "pixel weights, which is why it can be drawn as an 8 x 8 picture.")


# -- 2. Accuracy from a confusion matrix ----------------------------------------------------------------

CONFUSION_DIGITS = (1, 4, 7, 9)
CONFUSION = np.array([[40, 0, 3, 2],     # true 1
                      [1, 38, 0, 6],     # true 4
                      [2, 0, 30, 8],     # true 7
                      [0, 5, 4, 21]])    # true 9


@exercise
def check_accuracy(answer):
    """The accuracy of the classifier whose confusion matrix is CONFUSION."""
    a = number(answer, "the accuracy")
    C = CONFUSION
    right = np.trace(C) / C.sum()
    per_class = np.mean(np.diag(C) / C.sum(axis=1))
    per_column = np.mean(np.diag(C) / C.sum(axis=0))
    wrong = [
        (100 * right, "that is the accuracy in percent; give it as a fraction between 0 and 1."),
        (np.trace(C), "that is how many examples are right (the diagonal). Accuracy is a fraction: divide by "
                      "the number of all examples."),
        (1 - right, "that is the fraction that is wrong (the error rate): the off-diagonal entries. Accuracy "
                    "counts the diagonal."),
        (per_class, "you averaged the four per-digit accuracies. The digits have different numbers of "
                    "examples (the rows add up to 45, 45, 40 and 30); accuracy counts every example once: "
                    "all right answers / all examples."),
        (per_column, "you averaged per column (per predicted digit). Accuracy is simpler: all right answers "
                     "(the diagonal) / all examples."),
        *[(np.trace(C) / n, "divide the diagonal's total by the number of examples (the sum of every entry), not "
                            "by the number of classes or cells.") for n in (len(C), C.size)],
        # a miscount, not a rounding: the diagonal's total one off (unless that is also the right answer rounded)
        *[((np.trace(C) + off) / C.sum(), f"that is 1 right answer {'more' if off > 0 else 'fewer'} than the "
                                          "diagonal holds: add up the diagonal again (np.trace(C) does it).")
          for off in (-1, 1) if not close_to((np.trace(C) + off) / C.sum(), right)],
    ]
    if judge(a, right, wrong):
        return (f"{np.trace(C)} of {C.sum()} are on the diagonal: accuracy {right:.4f}. (The average of the "
                f"per-digit accuracies would be {per_class:.4f}: the 9s are fewer and worse recognised.)")
    raise Hint("right answers are on the diagonal (true digit = predicted digit): add them up and divide "
               "by the total of the whole matrix. np.trace and .sum() help.")


# -- 3. The most confused pair ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def lesson_confusion() -> np.ndarray:
    """The test-set confusion matrix of the lesson's digit reader: same data, split, seed and training."""
    import dlkit
    from dlkit import metrics
    digits = dlkit.datasets.load_digits()
    X_train, X_test, y_train, y_test = dlkit.datasets.train_test_split(
        digits.X / 16, digits.y, test_ratio=0.25, seed=0, stratify=True)
    net = dlkit.mlp([64, 32, 10], activation="relu", output="softmax", seed=0)
    net.fit(X_train, y_train, lr=0.1, epochs=30, batch_size=32)
    return metrics.confusion_matrix(y_test, net.predict(X_test), n_classes=10)


def _times(n):
    return "once" if n == 1 else f"{n} times"


def _many(n, digit):
    return f"{n} true {digit}" + ("" if n == 1 else "s")


def _digit(value, what):
    digit = whole_number(value, what, "A digit is one of 0, 1, ..., 9.")
    if not 0 <= digit <= 9:
        raise Hint(f"{what} should be a digit 0..9, but got {digit}")
    return digit


@exercise
def check_most_confused(pair):
    """The two digits the lesson's network mixes up most often, counting both directions."""
    if isinstance(pair, (set, frozenset, dict)):  # {1, 8}: a pair without an order is fine, both ways count
        pair = sorted(pair, key=str)
    if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise Hint("answer with a pair of two digits, like (3, 5).")
    a, b = _digit(pair[0], "the first digit"), _digit(pair[1], "the second digit")
    C = lesson_confusion()
    if a == b:
        raise Hint(f"({a}, {b}) is on the diagonal: those are the {a}s the network got right. Look off the "
                   "diagonal.")
    mixed = C + C.T                     # mixed[a, b]: a read as b, plus b read as a
    np.fill_diagonal(mixed, 0)
    best = mixed.max()
    count = mixed[a, b]
    if count == best:
        tied = [(i, j) for i in range(10) for j in range(i + 1, 10) if mixed[i, j] == best]
        also = "" if len(tied) == 1 else f" (tied with {', '.join(map(str, tied))})"
        return (f"{a} and {b} are mixed up {_times(best)}{also}: {_many(C[a, b], a)} read as {b}, and "
                f"{_many(C[b, a], b)} read as {a}. Look back at the mistakes: do they look like the other digit "
                "to you?")
    if count == 0:
        raise Hint(f"the network never mixes up {a} and {b}: both C[{a}, {b}] and C[{b}, {a}] are 0.")
    if C[a, b] == C.max(where=~np.eye(10, dtype=bool), initial=0) or C[b, a] == C.max(where=~np.eye(10, dtype=bool), initial=0):
        raise Hint(f"{a} and {b} are mixed up {_times(count)} in all, but you read only one cell, one direction. "
                   f"Add both directions, C[a, b] + C[b, a]: another pair is mixed up more often.")
    raise Hint(f"{a} and {b} are mixed up {_times(count)} (C[{a}, {b}] + C[{b}, {a}]); another pair is mixed "
               "up more often. Look for the largest off-diagonal entries, and add each one to its mirror image.")
