"""Training: the loop that turns gradients into better weights, and the record of how it went.

    history = net.fit(X, y, lr=0.1, epochs=10)            # or, a step at a time (a live widget does):
    trainer = net.trainer(X, y, lr=0.1, batch_size=32)
    trainer.step()        # one mini-batch: net.gradients (forward, loss, backward), then the optimiser's step
    trainer.run_epoch()   # steps until every example has been seen once
    trainer.history       # loss and accuracy per epoch, gradient sizes, divergence

A run that blows up is stopped and explained (``DivergenceWarning``): every update is checked, by the loss
of the step after it or, for the last update of an epoch, by measuring that batch's loss again.
"""
from __future__ import annotations

import inspect
import math
import os
import warnings
from dataclasses import dataclass, field

import numpy as np

from .losses import MSE, BinaryCrossEntropy, CrossEntropy, Loss, get_loss
from .optim import Optimizer, get_optimizer
from .validate import as_inputs, count, positive_int, rng_from

DIVERGENCE_FACTOR = 10  # an epoch whose loss is this many times the untrained network's has diverged


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite, or far worse than at the start."""


@dataclass
class History:
    """What happened during training, one entry per epoch."""

    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)  # None entries for regression
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)  # per epoch: ||dW|| of each Dense layer, on its last batch
    diverged: bool = False
    stopped_early: bool = False  # a callback asked to stop
    message: str = ""

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def __repr__(self):
        if not self.epochs:
            return "History(no epochs yet)"
        last = f"train_loss={_short(self.train_loss[-1])}"
        if self.train_accuracy and self.train_accuracy[-1] is not None:
            last += f", train_accuracy={self.train_accuracy[-1]:.3f}"
        if self.val_loss:
            last += f", val_loss={_short(self.val_loss[-1])}"
        if self.val_accuracy and self.val_accuracy[-1] is not None:
            last += f", val_accuracy={self.val_accuracy[-1]:.3f}"
        state = ", diverged" if self.diverged else ", stopped early" if self.stopped_early else ""
        return f"History({count(self.epochs, 'epoch')}, {last}{state})"


def _short(x: float) -> str:
    """4 decimals for ordinary losses, scientific notation for blown-up ones."""
    return f"{x:.4f}" if abs(x) < 1e4 else f"{x:.4g}"


class Trainer:
    """Trains a network one mini-batch (``step``) or one epoch (``run_epoch``) at a time.

    ``fit`` is a loop over ``run_epoch``; a live widget calls ``step`` between drawings. Change
    ``trainer.optimizer`` (or just its ``lr``) and ``trainer.batch_size`` at any time: the next step
    uses them.
    """

    def __init__(self, net, X, y, loss=None, optimizer=None, lr=None, batch_size=32, validation_data=None,
                 seed=0, weight_decay=0.0):
        self.net = net
        self.X = as_inputs(X, n_features=net.n_inputs, before="training")
        self.loss: Loss = get_loss(loss) if loss is not None else net.default_loss()
        if loss is None and isinstance(self.loss, MSE):
            _warn_if_labels(y, net)
        self.y = net.check_targets(self.loss, self.X, y)  # checked once: batches are slices of it
        self._classes = _classes(self.y, self.loss)  # each example's class, found once for the accuracy
        self.optimizer: Optimizer = get_optimizer(optimizer or "sgd", lr, weight_decay)
        self.batch_size = batch_size
        self.validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError("validation_data should be a pair (X_val, y_val)")
            X_val = as_inputs(validation_data[0], "X_val", net.n_inputs, before="training")
            try:
                self.validation = (X_val, net.check_targets(self.loss, X_val, validation_data[1]))
            except (TypeError, ValueError) as error:  # the same checks as y's: say these are the validation ones
                raise type(error)(f"validation_data (X_val, y_val): {error}") from None
        self.rng = rng_from(seed)
        self.history = History()
        self._order, self._position, self._last_batch = None, 0, None
        with np.errstate(over="ignore", invalid="ignore"):  # the loss before any step: divergence's yardstick
            self.start_loss = net.loss(self.X, self.y, self.loss, checked=True)
        self._epoch_loss, self._epoch_correct, self._epoch_seen = 0.0, 0, 0

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value):
        self._batch_size = positive_int(value, "batch_size")  # also when changed between steps

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return self.history.epochs

    def step(self) -> float:
        """Train on one mini-batch and return its loss. Finishing an epoch records it in the History.
        After a divergence it does nothing and returns NaN."""
        if self.history.diverged:
            return float("nan")
        if self._order is None:  # a new epoch: shuffle so every epoch sees the batches in a new order
            self._order, self._position = self.rng.permutation(len(self.X)), 0
        idx = self._order[self._position:self._position + self.batch_size]
        self._position += len(idx)
        X, y = self.X[idx], self.y[idx]

        # Training mode only inside this block (Dropout, for one, acts differently while training),
        # put back however the block ends, even by an error or Ctrl-C. Overflow is explained below.
        with self.net.train_mode(True), np.errstate(over="ignore", invalid="ignore"):
            loss, y_hat = self.net.gradients(X, y, self.loss, checked=True)  # forward, loss, backward
            self.optimizer.step(self.net.parameters())          # then every parameter takes its step

        if not math.isfinite(loss):
            self._diverge(loss)
            return loss
        self._epoch_loss += loss * len(idx)
        self._epoch_correct += self._right_decisions(y_hat, idx)
        self._epoch_seen += len(idx)
        self._last_batch = (X, y)
        if self._position >= len(self.X):
            self._end_epoch()
        return loss

    def measure(self) -> dict:
        """The loss and accuracy of the network as it is now, on all the training data: what a picture of it drawn now
        shows. (``history.train_loss`` is the mean over an epoch's steps, measured while the weights changed.)"""
        with self.net.train_mode(False), np.errstate(over="ignore", invalid="ignore"):
            return self.net.evaluate(self.X, self.y, self.loss, checked=True)

    def _right_decisions(self, y_hat, idx) -> int:
        """How many of the batch's class decisions are right (0 for regression)."""
        if self._classes is None:
            return 0
        return int(np.count_nonzero(_decisions(y_hat, self.loss) == self._classes[idx]))

    def run_epoch(self) -> History:
        """Train until the current epoch is complete (a whole one if none is under way)."""
        start = self.epoch
        with self.net.train_mode(True):  # switched once for the epoch, not at every step
            while self.epoch == start and not self.history.diverged:
                self.step()
        return self.history

    def _end_epoch(self):
        h = self.history
        h.train_loss.append(self._epoch_loss / self._epoch_seen)
        # Stable cross-entropy stays finite even when the weights blow up, so NaN alone would miss those runs: an
        # epoch whose mean loss is far worse than the untrained network's counts as diverged too. Each batch's loss
        # was measured before its update, so the epoch's last update is checked here, on the same batch. One outlier
        # can make that batch's loss large, so large alone is not enough: before the update it was at most
        # mean * seen / len(X) (no loss is below 0), and an update that leaves it above that made it worse.
        X, y = self._last_batch
        with self.net.train_mode(False), np.errstate(over="ignore", invalid="ignore"):  # measured as predict sees it
            after = self.net.loss(X, y, self.loss, checked=True)
        limit = DIVERGENCE_FACTOR * max(self.start_loss, 0.1)
        mean = h.train_loss[-1]
        at_most_before = mean * self._epoch_seen / len(X)
        last_step = f"the epoch's last step sent the loss to {after:.4g} (its mean over the epoch was {mean:.4g})"
        for loss, blew_up, what in ((mean, mean > limit, f"its mean loss became {mean:.4g}"),
                                    (after, after > max(limit, at_most_before), last_step)):
            if not math.isfinite(loss) or blew_up:
                self._diverge(loss, what)
                break
        is_classifier = isinstance(self.loss, (CrossEntropy, BinaryCrossEntropy))
        h.train_accuracy.append(self._epoch_correct / self._epoch_seen if is_classifier else None)
        h.grad_norms.append([float(np.linalg.norm(d.dW)) for d in self.net.dense_layers])
        if self.validation is not None:
            with self.net.train_mode(False), np.errstate(over="ignore", invalid="ignore"):
                result = self.net.evaluate(*self.validation, self.loss)
            h.val_loss.append(result["loss"])
            h.val_accuracy.append(result["accuracy"])
        self._order = None
        self._epoch_loss, self._epoch_correct, self._epoch_seen = 0.0, 0, 0

    def _advice(self) -> str:
        """What to change, by the cause: inputs or targets far from 0, a network that starts far off, or steps
        too large."""
        y, largest_input = np.asarray(self.y, dtype=float), float(np.abs(self.X).max())
        if largest_input > 100:
            return (f"The inputs are large (up to {largest_input:.3g}), so the first layer's sums and its gradients "
                    "are too: standardise X (each column minus its mean, divided by its spread; "
                    "dlkit.datasets.Standardizer does it) before training, or lower the learning rate.")
        if isinstance(self.loss, MSE) and np.abs(y).max() > 100:
            return (f"The targets are large (up to {np.abs(y).max():.3g}), so the errors and the steps are too: "
                    "standardise y (subtract its mean, divide by its spread) before training.")
        if self.start_loss > DIVERGENCE_FACTOR * max(_guessing_loss(self.loss, y), 0.1):
            if self.optimizer.lr >= 1:  # both at once: a far-off start and steps that large
                return (f"The untrained network was already far off, and the steps are large (learning rate "
                        f"{self.optimizer.lr:g}). Lower the learning rate first (e.g. {self.optimizer.lr / 10:g}); "
                        "if it still blows up, choose an initialisation that keeps the signal steady (init='he' for "
                        "ReLU, 'xavier' for tanh) or smaller inputs.")
            return ("The untrained network was already far off: its starting weights are too large for its depth, "
                    "so the signal grows at every layer. Choose an initialisation that keeps it steady (init='he' "
                    "for ReLU, 'xavier' for tanh) rather than a smaller learning rate.")
        return (f"The steps were so large that they overshot: the loss grew instead of falling. Try a smaller "
                f"learning rate (now {self.optimizer.lr:g}; e.g. {self.optimizer.lr / 10:g}).")

    def _diverge(self, loss, what=None):
        """Stop for good, with a message that says which loss blew up: the epoch's mean (the History's number) or
        the loss right after the epoch's last step, which the History does not hold."""
        h = self.history
        h.diverged = True
        epoch = h.epochs if h.train_loss and math.isfinite(loss) else h.epochs + 1
        h.message = (f"Training diverged in epoch {epoch}: {what or f'the loss became {loss:.4g}'}, while the "
                     f"untrained network's was {self.start_loss:.4g}. {self._advice()}")
        # Reported as coming from "dlkit", not from a file path, so the message reads the same on every machine.
        warnings.warn_explicit(h.message, DivergenceWarning, filename="dlkit", lineno=0)


def fit(net, X, y, loss=None, optimizer=None, lr=None, epochs=10, batch_size=32, validation_data=None, seed=0,
        weight_decay=0.0, progress=False, callback=None) -> History:
    """``Network.fit``: ``epochs`` passes of ``Trainer.run_epoch``, with an optional progress bar and callback."""
    epochs = positive_int(epochs, "epochs")
    check_callback(callback)
    trainer = Trainer(net, X, y, loss, optimizer, lr, batch_size, validation_data, seed, weight_decay)
    net.history = trainer.history  # kept on the network too: still there if a callback or Ctrl-C stops fit
    bar = None
    if progress:
        from tqdm.auto import tqdm  # imported only when asked, so `import dlkit` stays light
        bar = tqdm(total=epochs, desc="training", unit="epoch")
    try:
        for epoch in range(epochs):
            trainer.run_epoch()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{trainer.history.train_loss[-1]:.4f}")
            if trainer.history.diverged:
                break
            if callback is not None and callback(epoch, trainer.history):  # any true value stops
                trainer.history.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.close()
    return trainer.history


def check_callback(callback):
    """A callback must be callable as callback(epoch, history); say so plainly before training starts."""
    if callback is None:
        return
    if not callable(callback):
        raise TypeError(f"callback should be a function callback(epoch, history), but got {callback!r}")
    try:
        inspect.signature(callback).bind(0, History())
    except TypeError:
        raise TypeError("fit calls your callback with two arguments, callback(epoch, history), but yours is "
                        f"{getattr(callback, '__name__', 'callback')}{inspect.signature(callback)}") from None
    except ValueError:  # some built-ins have no signature to inspect: let them run
        pass


def _decisions(y_hat, loss) -> np.ndarray:
    """The class each prediction picks, by the loss's own rule (``Loss.decide``): the largest score or probability;
    for one output, z >= 0 for a score (from_logits=True), p >= 0.5 for a probability."""
    return loss.decide(y_hat)


def _classes(y, loss):
    """The true class of each example (from checked targets), or None for regression."""
    if isinstance(loss, CrossEntropy):
        return y.argmax(axis=1)
    if isinstance(loss, BinaryCrossEntropy):
        return (y[:, 0] >= 0.5).astype(np.int64)
    return None


def _warn_if_labels(y, net):
    """A network without a sigmoid or softmax output trained on class labels (0 and 1, or 0 to 9) does regression
    without a word: its accuracy is never measured and predict gives numbers, not classes. Say so once, at the start."""
    y = np.asarray(y)
    if y.dtype.kind not in "iub" or y.ndim != 1:
        return
    classes = np.unique(y)
    if 2 <= len(classes) <= 10 and classes.min() >= 0:
        output = "sigmoid" if len(classes) == 2 else "softmax"
        warnings.warn(f"y holds class labels ({', '.join(map(str, classes))}), but this network ends in "
                      f"{net.output_activation}, so it is trained for numbers (squared error), not classes: its "
                      f"accuracy is not measured and predict gives numbers. For classes, end it in a {output}: "
                      f"dlkit.mlp(..., output=\"{output}\"). (To do regression on these numbers on purpose, say so: "
                      "loss=\"mse\".)", UserWarning, stacklevel=_level_of_your_code())


def _level_of_your_code() -> int:
    """The ``stacklevel`` that makes a warning name the first line outside dlkit: the learner's own call, whether it
    went through fit, trainer or a widget."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame, level = inspect.currentframe().f_back, 1
    while frame is not None and frame.f_code.co_filename.startswith(here):
        frame, level = frame.f_back, level + 1
    return level


def _correct(y_hat, y, loss):
    """How many class decisions in a batch are right; None for regression."""
    classes = _classes(y, loss)
    return None if classes is None else int(np.count_nonzero(_decisions(y_hat, loss) == classes))


def _guessing_loss(loss: Loss, y) -> float:
    """The loss of always predicting the same thing, the best one for these targets: the average for squared
    error, the class frequencies for cross-entropy. A sensible untrained network starts near it."""
    if isinstance(loss, MSE):
        return float(np.mean(np.var(y, axis=0)))
    if isinstance(loss, BinaryCrossEntropy):
        share = np.array([1 - y.mean(), y.mean()])
    elif y.ndim == 2:  # one-hot rows
        share = y.mean(axis=0)
    else:
        share = np.bincount(y.astype(int)) / len(y)
    share = share[share > 0]
    return float(-np.sum(share * np.log(share)))


