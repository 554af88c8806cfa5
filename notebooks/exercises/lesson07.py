"""Exercises for lesson 07 · Training a network."""
from __future__ import annotations

import functools
import inspect
import math

import numpy as np

from .checking import Hint, Result, agrees, exercise, number, rounded, whole_number

NOT_ATTEMPTED = "replace the ... with your answer and run the cell again."

# -- 1. Counting weight updates ---------------------------------------------------------------------

N_EXAMPLES, BATCH_SIZE, EPOCHS = 500, 32, 20


@exercise
def check_n_updates(answer):
    """How many weight updates does fit make for 500 examples, batch_size=32, epochs=20?"""
    n, b, e = N_EXAMPLES, BATCH_SIZE, EPOCHS
    answer = whole_number(answer, "the number of updates", fraction_hint=(
        "You cannot make part of an update: the last batch of an epoch is simply smaller than the others, "
        "but it is still one update."))
    right = e * math.ceil(n / b)                       # 20 * 16 = 320
    if answer == right:
        return (f"{math.ceil(n / b)} batches per epoch (15 of 32 examples and a last one of {n - 15 * b}), "
                f"times {e} epochs: {right} updates. In general: epochs * ceil(N / B).")
    if answer == e * (n // b):
        raise Hint(f"{n} / {b} is not a whole number: after {n // b} full batches, {n % b} examples are left. "
                   "dlkit trains on them too, as one smaller batch: round the batches per epoch up, not down.")
    if answer in (math.ceil(n / b), n // b):
        raise Hint(f"{answer} is the number of updates in one epoch. The data is used {e} times.")
    if answer == n * e:
        raise Hint(f"{answer} is the number of examples the network sees in {e} epochs. One update happens per "
                   "batch, not per example.")
    if answer == e or answer == n:
        raise Hint("one update happens after every mini-batch: count the batches in one epoch first.")
    raise Hint("count the batches in one epoch (the last one may be smaller), then multiply by the number of "
               "epochs.")


# -- 2. A callback that stops training --------------------------------------------------------------

def _stop_task():
    """The training run the check uses: 100 XOR points, a small tanh network, plain SGD."""
    import dlkit

    X, y = dlkit.datasets.xor(n=100, seed=0)
    net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
    return net, X / 6, y


STOP_EPOCHS = 200


def _probe_history(accuracy):
    from dlkit import History

    return History(train_loss=[0.3, 0.2], train_accuracy=[0.9, accuracy])


def _two_arguments(callback):
    """A plain hint, before any training, if fit cannot call ``callback(epoch, history)``."""
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):  # a built-in without a signature: the real call will tell
        return
    try:
        signature.bind(0, None)
    except TypeError:
        names = [name for name, p in signature.parameters.items() if p.kind in (p.POSITIONAL_ONLY,
                                                                                 p.POSITIONAL_OR_KEYWORD)]
        if len(names) == 2:  # two, plus a third without a default value
            takes = "needs more than those two"
        else:
            takes = f"takes {len(names)} ({', '.join(names)})" if names else "takes none"
        raise Hint(f"fit calls your callback with two arguments, callback(epoch, history), but your function "
                   f"{takes}. Define it with both, even if it only uses one: def stop_when_perfect(epoch, history):")


@exercise
def _check_stop_callback(callback):
    if not callable(callback):
        raise Hint("pass the function itself (stop_when_perfect, without brackets).")
    _two_arguments(callback)
    net, X, y = _stop_task()
    try:
        history = net.fit(X, y, lr=0.3, epochs=STOP_EPOCHS, batch_size=10, callback=callback)
    except AttributeError as error:
        raise Hint(f"{error}. A History has lists with one entry per finished epoch: train_loss, "
                   "train_accuracy, val_loss, val_accuracy.") from None
    except IndexError:
        raise Hint("your callback read from an empty list. The check trains without validation data, so "
                   "val_loss and val_accuracy stay empty: use history.train_accuracy.") from None
    reference_net, X, y = _stop_task()
    full = reference_net.fit(X, y, lr=0.3, epochs=STOP_EPOCHS, batch_size=10).train_accuracy
    first = full.index(1.0) + 1 if 1.0 in full else None
    if not history.stopped_early:
        raise Hint(f"training never stopped: it ran all {STOP_EPOCHS} epochs, though the training accuracy "
                   f"first reached 1.0 after epoch {first}. Return True when the latest accuracy, "
                   "history.train_accuracy[-1], is 1.0.")
    last = history.train_accuracy[-1]
    stopped = history.epochs
    if last < 1.0:
        raise Hint(f"your callback stopped training after epoch {stopped}, at a training accuracy of {last:.2f}. "
                   "Stop only once every training example is classified right (accuracy 1.0).")
    if 1.0 in history.train_accuracy[:-1]:
        raise Hint(f"it stopped after epoch {stopped}, but the accuracy had already reached 1.0 after epoch "
                   f"{first}. Stop the first time it happens.")
    return (f"training stopped after epoch {stopped} of {STOP_EPOCHS}, the first one with every training "
            f"example right; history.stopped_early is {history.stopped_early}.")


@functools.wraps(_check_stop_callback)
def check_stop_callback(callback):
    """A callback(epoch, history) for fit that stops training once the training accuracy reaches 1.0."""
    if callable(callback):
        try:
            if callback(0, _probe_history(0.5)) is Ellipsis:
                return Result("not attempted", NOT_ATTEMPTED)
        except Exception:
            pass  # the real check reports it
    return _check_stop_callback(callback)


# -- 3. The best epoch ------------------------------------------------------------------------------

@exercise
def check_best_epoch(answer, history):
    """The epoch (counting from 1) with the lowest validation loss in ``history``."""
    if not history.val_loss:
        raise Hint("this History has no validation loss: train with validation_data=(X_test, y_test).")
    val = np.asarray(history.val_loss)
    right = int(np.argmin(val)) + 1
    value = number(answer, "the answer (an epoch)", "one whole number, like 12")
    if np.isfinite(value) and value != round(value):
        # The loss itself, as printed (0.212) or to more or fewer digits: the learner found the right point.
        if agrees(value, val.min()) or any(np.isclose(value, r) for k in (2, 3, 4) for r in rounded(val.min(), k)):
            raise Hint(f"{value:g} is the lowest validation loss itself. The question is when it happened: "
                       "at which epoch?")
        raise Hint("the answer is an epoch number, a whole number between 1 and "
                   f"{history.epochs}.")
    answer = whole_number(answer, "the answer (an epoch)")
    if answer == right:
        return (f"epoch {right}: validation loss {val[right - 1]:.3f}, against {val[-1]:.3f} at the end. "
                f"Training with epochs={right} would give you that network: stopping early.")
    if answer == right - 1:
        raise Hint(f"off by one: np.argmin gives a list index, and index 0 is epoch 1. So index {answer} is "
                   f"epoch {answer + 1}.")
    if answer == int(np.argmin(history.train_loss)) + 1:
        raise Hint("that is where the training loss is lowest, which near the end just means the network "
                   "has memorised its training points. Look for the lowest validation loss.")
    if history.val_accuracy and answer in (int(np.argmax(history.val_accuracy)),
                                           int(np.argmax(history.val_accuracy)) + 1):
        raise Hint("that is where the validation accuracy is highest: a fair choice too, but this exercise asks "
                   "for the lowest validation loss.")
    if answer == history.epochs:
        raise Hint("that is the last epoch, the one that has overfitted most. Look for the lowest point of "
                   "the validation loss curve.")
    if not 1 <= answer <= len(val):
        raise Hint(f"epochs run from 1 to {history.epochs}.")
    mine, best = float(val[answer - 1]), float(val.min())
    digits = 3
    while digits < 8 and f"{mine:.{digits}f}" == f"{best:.{digits}f}":   # enough digits to see the difference
        digits += 1
    raise Hint(f"not that epoch: its validation loss is {mine:.{digits}f}, and some epoch has a lower one, "
               f"{best:.{digits}f}. np.argmin(history.val_loss) finds it (and remember that index 0 is epoch 1).")
