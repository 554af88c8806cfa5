"""Losses: one number that says how wrong the predictions are.

Each loss is a small class with its value and its derivative side by side:
``loss(y_hat, y)`` returns the mean over the batch, and ``loss.backward()`` returns dLoss/dy_hat,
the gradient that backpropagation pushes into the network.
"""
from __future__ import annotations

import functools
import numbers

import numpy as np

from .validate import choose, count, not_numbers

EPS = 1e-12  # probabilities are clipped to [EPS, 1 - EPS] so log() stays finite


def _as_array(y_hat, name="y_hat"):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    if y_hat.ndim == 0 or y_hat.shape[0] == 0:
        raise ValueError(f"{name} should hold one row per example, but got shape {y_hat.shape}")
    return y_hat


def _match_rows(y_hat, y):
    if np.ndim(y) == 0:
        value = f"{np.asarray(y).item():g}" if np.asarray(y).dtype.kind in "iufb" else repr(np.asarray(y).item())
        raise ValueError(f"y should hold one label or target per example, but it is a single number, {value}: give "
                         f"it as an array, np.array([{value}]), one entry per row of predictions")
    if y.shape[0] != y_hat.shape[0]:
        raise ValueError(f"the predictions have {y_hat.shape[0]} examples but y has {y.shape[0]}")


def class_labels(y, n_classes: int) -> np.ndarray:
    """Check integer class labels (shape (N,)) and return them as int64; clear errors otherwise."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"class labels should be a 1-D array of whole numbers, but got shape {y.shape}")
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise TypeError("class labels should be whole numbers 0, 1, 2, ..., but y contains values like "
                            f"{y[~np.isfinite(y) | (y != np.round(y))][0]}")
    elif y.dtype.kind not in "iub":
        raise not_numbers(y, "y", "class labels, whole numbers 0, 1, 2, ...")
    y = y.astype(np.int64)
    if y.min() < 0 or y.max() >= n_classes:
        bad = y.min() if y.min() < 0 else y.max()
        raise ValueError(f"y contains the label {bad}, but the network has {count(n_classes, 'output')}, "
                         f"so labels must be between 0 and {n_classes - 1}")
    return y


def binary_targets(y) -> np.ndarray:
    """Check binary cross-entropy targets: each between 0 and 1 (usually the labels 0 and 1)."""
    bad = (y < 0) | (y > 1) | ~np.isfinite(y)
    if bad.any():
        raise ValueError("binary cross-entropy needs targets between 0 and 1 (usually labels 0 and 1), "
                         f"but y contains {y[bad][0]}")
    return y


ROW_SUM_TOLERANCE = 1e-6  # rows of class probabilities may miss 1 by this much (rounding, float32 data)


def class_probabilities(y) -> np.ndarray:
    """Check cross-entropy targets given as rows (N, C): every entry 0 or more, every row adding up to 1 (within
    rounding). Other rows have no meaning as class probabilities, and the simplified gradient (p - y) / N that
    training uses would then not be the gradient of the loss it reports."""
    y = np.asarray(y, dtype=np.float64)
    bad = ~np.isfinite(y) | (y < 0)
    if bad.any():
        row = int(np.argwhere(bad)[0][0])
        problem = f"row {row} holds {y[bad][0]:g}"
    else:
        sums = y.sum(axis=1)
        off = np.abs(sums - 1.0) > ROW_SUM_TOLERANCE
        if not off.any():
            return y
        row = int(np.argmax(off))
        problem = f"row {row} adds up to {sums[row]:.6g}"
    raise ValueError("cross-entropy targets should be each example's class probabilities: every row 0 or more and "
                     f"adding up to 1 (a one-hot row), or labels 0, 1, 2, ...; but {problem}")


PREDICTION_TOLERANCE = 1e-5  # predictions may miss [0, 1] or a sum of 1 by this (float32, a gradient check's nudge)


def check_probabilities(y_hat, rows: bool, loss: str, output: str):
    """Predictions a probability loss can read: every number between 0 and 1 and, with ``rows``, every row adding up
    to 1 (within rounding). Anything else (raw scores, a relu output) gives a loss that means nothing, so say so.
    NaN passes: a run that blows up is the Trainer's to explain."""
    tol = PREDICTION_TOLERANCE
    outside = (y_hat < -tol) | (y_hat > 1 + tol)
    sums = y_hat.sum(axis=1) if rows else None
    if outside.any():
        problem = f"the predictions should be probabilities, between 0 and 1, but one is {y_hat[outside][0]:g}"
    elif rows and (np.abs(sums - 1) > tol).any():
        row = int(np.argmax(np.abs(sums - 1) > tol))
        problem = f"each row of predictions should hold class probabilities that add up to 1, but row {row} adds " \
                  f"up to {sums[row]:.6g}"
    else:
        return
    raise ValueError(f"{loss}: {problem}. Give it the output of a {output} (build the network with "
                     f"output=\"{output}\"), or keep the raw scores (output=\"identity\") and use "
                     f"{loss}(from_logits=True)")


class Loss:
    """Base class: subclasses implement ``value`` and ``gradient`` on checked arrays (``prepare``).

    ``loss(y_hat, y)`` returns the mean over the batch and remembers y_hat and y, so that ``loss.backward()``
    returns dLoss/dy_hat for them: the same pattern as a layer's forward and backward.
    ``value_and_gradient(y_hat, y)`` gives both at once and remembers nothing.
    A loss that cancels an output activation's slope names it in ``pairs_with`` and gives ``value_and_delta``
    (see BinaryCrossEntropy): the network then starts backpropagation from the scores before that activation.
    """

    pairs_with = None  # e.g. "sigmoid": the output activation whose slope this loss's gradient cancels

    def __call__(self, y_hat, y) -> float:
        self.y_hat, self.y = self.prepare(self.checked(_as_array(y_hat)), y)
        return float(self.value(self.y_hat, self.y))

    def backward(self) -> np.ndarray:
        if getattr(self, "y_hat", None) is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before computing the loss")
        return self.gradient(self.y_hat, self.y)

    def value_and_gradient(self, y_hat, y) -> tuple[float, np.ndarray]:
        """The loss and dLoss/dy_hat, computed together from the arguments alone."""
        y_hat, y = self.prepare(self.checked(_as_array(y_hat)), y)
        return float(self.value(y_hat, y)), self.gradient(y_hat, y)

    def prepare(self, y_hat, y):
        """y lined up with y_hat. One target per example given flat, (N,), against predictions (N, 1): reshaped,
        since numpy would otherwise pair every prediction with every target (an N x N table) without a word."""
        y = np.asarray(y)
        _match_rows(y_hat, y)
        if y.shape != y_hat.shape and y.size == y_hat.size and y.dtype.kind in "iufb":
            y = y.reshape(y_hat.shape)
        return y_hat, y

    def checked(self, y_hat):
        """The predictions, once this loss has checked it can read them (see the probability losses)."""
        return y_hat

    def own_formula(self) -> bool:
        """True when a subclass of yours overrides ``value``, ``gradient`` or ``value_and_gradient``: then those
        are used everywhere, never a faster formula of dlkit's (``value_and_delta``) that would ignore them."""
        return _own_formula(type(self))

    def decide(self, y_hat) -> np.ndarray | None:
        """The class each prediction picks by this loss's own rule, one label per example (see the subclasses);
        None for a loss that does not classify (regression): accuracy is then not measured."""
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    """Mean squared error: ``mean((y_hat - y)^2)`` over every number; gradient ``2 (y_hat - y) / size``."""

    def prepare(self, y_hat, y):
        y = np.asarray(y, dtype=np.float64)
        _match_rows(y_hat, y)
        if y.shape != y_hat.shape:
            if y.size != y_hat.size:
                raise ValueError(f"y has shape {y.shape} but the predictions have shape {y_hat.shape}")
            y = y.reshape(y_hat.shape)  # (N,) targets against (N, 1) predictions
        return y_hat, y

    def value(self, y_hat, y):
        return np.mean((y_hat - y) ** 2)

    def gradient(self, y_hat, y):
        return 2.0 * (y_hat - y) / y_hat.size


class BinaryCrossEntropy(Loss):
    """For one yes/no output: ``-mean(y log p + (1 - y) log(1 - p))`` with p = y_hat.

    With ``from_logits=True`` y_hat is the score z before the sigmoid. Then the loss is computed as
    ``max(z, 0) - z y + log(1 + e^-|z|)``, which never overflows, and the gradient simplifies to
    ``(sigmoid(z) - y) / N``: the prediction minus the truth.
    """

    def __init__(self, from_logits: bool = False):
        self.from_logits = from_logits

    def checked(self, y_hat):
        """Probabilities between 0 and 1 (scores with from_logits=True): anything else is refused in plain words."""
        if not self.from_logits:
            check_probabilities(y_hat, False, "BinaryCrossEntropy", "sigmoid")
        return y_hat

    def prepare(self, y_hat, y):
        y = np.asarray(y, dtype=np.float64)
        _match_rows(y_hat, y)
        if y_hat.ndim == 2 and y_hat.shape[1] != 1:
            raise ValueError(f"binary cross-entropy needs one output per example, but got {y_hat.shape[1]}; "
                             "for several classes use cross_entropy with a softmax output")
        if y.ndim == 2 and y.shape[1] > 1:
            raise ValueError(f"binary cross-entropy takes one label (0 or 1) per example, but y has {y.shape[1]} "
                             "columns (one-hot rows?): pass the labels, y.argmax(axis=1), or use a softmax output "
                             "with cross_entropy")
        if y.size != y_hat.size:
            raise ValueError(f"y has shape {y.shape}, but the predictions have shape {y_hat.shape}: "
                             "one label per example")
        return y_hat, binary_targets(y.reshape(y_hat.shape))

    def value(self, y_hat, y):
        if self.from_logits:
            z = y_hat
            return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
        p = np.clip(y_hat, EPS, 1 - EPS)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    def gradient(self, y_hat, y):
        if self.from_logits:
            e = np.exp(-np.abs(y_hat))
            p = np.where(y_hat >= 0, 1 / (1 + e), e / (1 + e))
            return (p - y) / y_hat.size
        p = np.clip(y_hat, EPS, 1 - EPS)
        return (p - y) / (p * (1 - p)) / y_hat.size

    def decide(self, y_hat):
        """Class 1 where the prediction is on the 1 side: z >= 0 for a score (the sigmoid's 0.5), else p >= 0.5."""
        y_hat = np.asarray(y_hat)
        return (y_hat.reshape(len(y_hat), -1)[:, 0] >= (0.0 if self.from_logits else 0.5)).astype(np.int64)

    pairs_with = "sigmoid"

    def value_and_delta(self, z, y) -> tuple[float, np.ndarray, np.ndarray]:
        """For a sigmoid output, from the scores z *before* it: the loss, dLoss/dz and p = sigmoid(z).

        The chain rule multiplies this loss's gradient (p - y) / (p (1 - p)) / N by the sigmoid's slope
        p (1 - p): they cancel, leaving dLoss/dz = (p - y) / N, the prediction minus the truth (as in
        Nielsen's ``CrossEntropyCost.delta``). Computed from z, the loss also never takes log(0).
        """
        z, y = self.prepare(_as_array(z, "z"), y)
        e = np.exp(-np.abs(z))
        p = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        value = np.mean(np.maximum(z, 0) - z * y + np.log1p(e))
        return float(value), (p - y) / z.size, p

    def __repr__(self):
        return f"BinaryCrossEntropy(from_logits={self.from_logits})"


class CrossEntropy(Loss):
    """For several classes: ``-mean(log p[correct class])`` with p = y_hat, one row of probabilities per example.

    ``y`` holds class labels (N,) or one-hot rows (N, C). With ``from_logits=True`` y_hat holds the scores
    before the softmax; ``log softmax(z) = z - max(z) - log(sum e^(z - max(z)))`` stays finite for any
    score, and the gradient simplifies to ``(softmax(z) - onehot(y)) / N``.
    """

    def __init__(self, from_logits: bool = False):
        self.from_logits = from_logits

    def checked(self, y_hat):
        """Rows of class probabilities (scores with from_logits=True): anything else is refused in plain words."""
        if not self.from_logits and y_hat.ndim == 2:
            check_probabilities(y_hat, True, "CrossEntropy", "softmax")
        return y_hat

    def prepare(self, y_hat, y):
        if y_hat.ndim != 2:
            raise ValueError(f"cross-entropy needs a 2-D array (N, classes) of predictions, got shape {y_hat.shape}")
        y = np.asarray(y)
        _match_rows(y_hat, y)
        n_classes = y_hat.shape[1]
        if y.ndim == 2:  # one-hot (or soft) targets
            if y.shape != y_hat.shape:
                raise ValueError(f"one-hot y has shape {y.shape} but the predictions have shape {y_hat.shape}")
            return y_hat, class_probabilities(y)
        labels = class_labels(y, n_classes)
        onehot = np.zeros_like(y_hat)
        onehot[np.arange(len(labels)), labels] = 1.0
        return y_hat, onehot

    def _log_probs(self, y_hat):
        if self.from_logits:
            shifted = y_hat - y_hat.max(axis=1, keepdims=True)
            return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return np.log(np.clip(y_hat, EPS, 1.0))

    def value(self, y_hat, onehot):
        return -np.sum(onehot * self._log_probs(y_hat)) / y_hat.shape[0]

    def gradient(self, y_hat, onehot):
        n = y_hat.shape[0]
        if self.from_logits:
            return (np.exp(self._log_probs(y_hat)) - onehot) / n  # softmax(z) - onehot
        return -onehot / np.clip(y_hat, EPS, 1.0) / n

    def value_and_gradient(self, y_hat, y):
        """Both at once, the log-probabilities computed once (training calls this for every batch)."""
        if self.own_formula():
            return super().value_and_gradient(y_hat, y)  # your value and gradient
        y_hat, onehot = self.prepare(self.checked(_as_array(y_hat)), y)
        log_p, n = self._log_probs(y_hat), y_hat.shape[0]
        gradient = (np.exp(log_p) - onehot) / n if self.from_logits else -onehot / np.clip(y_hat, EPS, 1.0) / n
        return float(-np.sum(onehot * log_p) / n), gradient

    def decide(self, y_hat):
        """The class with the largest score or probability (softmax keeps the order, so both pick the same)."""
        return np.asarray(y_hat).argmax(axis=1)

    pairs_with = "softmax"

    def value_and_delta(self, z, y) -> tuple[float, np.ndarray, np.ndarray]:
        """For a softmax output, from the scores z *before* it: the loss, dLoss/dz and p = softmax(z).
        The softmax's Jacobian and this loss's gradient -onehot / p cancel to (p - onehot(y)) / N."""
        z, onehot = self.prepare(_as_array(z, "z"), y)
        return self._softmax_value_and_delta(z, onehot)

    def _softmax_value_and_delta(self, z, onehot):
        """``value_and_delta`` once z and the one-hot targets are known to be right (the Trainer checks every
        target once, not every batch's again)."""
        shifted = z - z.max(axis=1, keepdims=True)  # the same softmax, but e^x never overflows
        e = np.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        p, n = e / total, z.shape[0]
        # -log p[correct] = log(total) - shifted[correct]; the dot product picks each row's correct score
        loss = (np.log(total).sum() - np.vdot(onehot, shifted)) / n
        return float(loss), (p - onehot) / n, p

    def __repr__(self):
        return f"CrossEntropy(from_logits={self.from_logits})"


@functools.lru_cache(maxsize=None)  # asked for every training step; a class's methods are set when it is made
def _own_formula(cls) -> bool:
    base = next(c for c in cls.__mro__ if c.__module__ == __name__)  # the dlkit class it extends
    return any(getattr(cls, name) is not getattr(base, name) for name in ("value", "gradient", "value_and_gradient"))


LOSSES = {"mse": MSE, "mean_squared_error": MSE, "bce": BinaryCrossEntropy,
          "binary_cross_entropy": BinaryCrossEntropy, "cross_entropy": CrossEntropy, "ce": CrossEntropy}


def get_loss(name_or_loss) -> Loss:
    """A loss from its name (``"mse"``, ``"binary_cross_entropy"``, ``"cross_entropy"``) or passed through."""
    if isinstance(name_or_loss, Loss):
        return name_or_loss
    if isinstance(name_or_loss, type) and issubclass(name_or_loss, Loss):
        return name_or_loss()
    if isinstance(name_or_loss, numbers.Number) or not isinstance(name_or_loss, str):
        raise TypeError(f"loss should be a name like 'mse' or a dlkit loss object, but got {name_or_loss!r}")
    return LOSSES[choose("loss", name_or_loss, LOSSES)]()
