"""The checks of lesson 10: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

import dlkit
from dlkit import metrics
from exercises import lesson10 as ex


def test_shapes():
    digits = dlkit.datasets.load_digits()
    net = dlkit.mlp([64, 32, 10], activation="relu", output="softmax", seed=0)
    assert ex.check_shapes(digits.images[0].shape, digits.X[0].shape, net.dense_layers[0].W.shape).correct
    assert ex.check_shapes([8, 8], 64, (64, 32)).correct
    assert ex.check_shapes(..., (64,), (64, 32)).status == "not attempted"
    assert "swapped" in ex.check_shapes((64,), (8, 8), (64, 32)).message
    assert "flattened into a row" in ex.check_shapes((64,), (64,), (64, 32)).message
    assert "all the images together" in ex.check_shapes((1797, 8, 8), (64,), (64, 32)).message
    assert "all of X" in ex.check_shapes((8, 8), (1797, 64), (64, 32)).message
    assert "plain 1-D array" in ex.check_shapes((8, 8), (1, 64), (64, 32)).message
    assert "transposed" in ex.check_shapes((8, 8), (64,), (32, 64)).message
    assert "not the first layer" in ex.check_shapes((8, 8), (64,), (32, 10)).message
    assert "a tuple of whole numbers" in ex.check_shapes("8x8", (64,), (64, 32)).message


def test_accuracy():
    C = ex.CONFUSION
    assert ex.check_accuracy(np.trace(C) / C.sum()).correct
    assert ex.check_accuracy(129 / 160).correct
    assert ex.check_accuracy(...).status == "not attempted"
    assert "percent" in ex.check_accuracy(80.625).message
    assert "how many examples are right" in ex.check_accuracy(129).message
    assert "error rate" in ex.check_accuracy(1 - 129 / 160).message
    assert "per-digit accuracies" in ex.check_accuracy(np.mean(np.diag(C) / C.sum(axis=1))).message
    assert "per column" in ex.check_accuracy(np.mean(np.diag(C) / C.sum(axis=0))).message
    assert "not by the number of classes" in ex.check_accuracy(129 / 4).message
    assert "diagonal" in ex.check_accuracy(0.5).message


def lesson_network_confusion():
    """The lesson's own recipe, with its callback and validation data: the check's model must match it."""
    digits = dlkit.datasets.load_digits()
    X_train, X_test, y_train, y_test = dlkit.datasets.train_test_split(
        digits.X / 16, digits.y, test_ratio=0.25, seed=0, stratify=True)
    net = dlkit.mlp([64, 32, 10], activation="relu", output="softmax", seed=0)
    net.fit(X_train, y_train, lr=0.1, epochs=30, batch_size=32, validation_data=(X_test, y_test),
            callback=lambda epoch, history: net.predict_proba(X_test[:6]) is None)
    return metrics.confusion_matrix(y_test, net.predict(X_test))


def test_the_check_retrains_the_lessons_network():
    assert np.array_equal(ex.lesson_confusion(), lesson_network_confusion())


def test_most_confused():
    C = ex.lesson_confusion()
    mixed = C + C.T
    np.fill_diagonal(mixed, 0)
    a, b = np.unravel_index(mixed.argmax(), mixed.shape)
    assert ex.check_most_confused((a, b)).correct
    assert ex.check_most_confused([int(b), int(a)]).correct       # either order
    assert ex.check_most_confused(...).status == "not attempted"
    assert "on the diagonal" in ex.check_most_confused((3, 3)).message
    assert "never mixes up" in ex.check_most_confused((2, 7)).message
    # the largest single cell that is not part of the answer: reading one direction only
    off = C.copy()
    np.fill_diagonal(off, 0)
    others = [(i, j) for i in range(10) for j in range(10)
              if off[i, j] == off.max() and {i, j} != {int(a), int(b)}]
    assert others, "the lesson's confusion matrix should have a tempting one-direction cell"
    assert "one direction" in ex.check_most_confused(others[0]).message
    assert "another pair" in ex.check_most_confused((3, 9)).message
    assert "pair of two digits" in ex.check_most_confused(8).message
    assert "digit 0..9" in ex.check_most_confused((8, 10)).message


@pytest.mark.parametrize("answer", [0.81, 0.806, 0.8063, 0.80625, np.float32(129 / 160), np.array([[129 / 160]])])
def test_accuracy_right_within_rounding(answer):
    assert ex.check_accuracy(answer).correct


@pytest.mark.parametrize("answer", [0.8, 0.80])   # 0.80 is also the per-column mean rounded: ask for digits
def test_accuracy_near_miss_asks_for_digits(answer):
    message = ex.check_accuracy(answer).message
    assert message.startswith("Close!") and "more digits" in message and "per" not in message


def test_accuracy_wrong_methods_rounded_keep_their_hints():
    assert "percent" in ex.check_accuracy(81).message
    assert "percent" in ex.check_accuracy(80.6).message
    assert "per-digit accuracies" in ex.check_accuracy(0.796).message
    assert "per column" in ex.check_accuracy(0.798).message
    assert "error rate" in ex.check_accuracy(0.19).message


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("0.806", "leave out the quotes"),
                                           (["0.8"], "the list"), ({"acc": 0.8}, "dictionary")])
def test_accuracy_not_a_number(answer, words):
    message = ex.check_accuracy(answer).message
    assert "should be a number" in message and words in message.lower()


def test_shapes_odd_answers():
    assert ex.check_shapes((8.0, 8.0), np.int64(64), np.array([64, 32])).correct
    assert "the text '88'" in ex.check_shapes("88", (64,), (64, 32)).message      # not read as (8, 8)
    assert "Did your function return" in ex.check_shapes(None, (64,), (64, 32)).message


def test_most_confused_odd_answers():
    assert "the text '3'" in ex.check_most_confused(("3", "5")).message
    assert "3.5 is not a whole number. A digit is one of 0, 1, ..., 9." in ex.check_most_confused((3.5, 5)).message
    assert "you gave None" in ex.check_most_confused((None, 5)).message


def test_a_miscounted_diagonal_is_not_called_rounding():
    """A walk: 0.8125 (130/160, one right answer too many) was asked 'did you round a number along the way?'."""
    C = ex.CONFUSION
    message = ex.check_accuracy((np.trace(C) + 1) / C.sum()).message
    assert "round" not in message and "add up the diagonal again" in message, message
    assert "more digits" in ex.check_accuracy(0.8).message  # 0.8 is the right 0.806 rounded: still 'close'


def test_a_pair_written_as_a_set_is_read():
    """A walk: {1, 8}, a pair without an order, raised "TypeError: 'set' object is not subscriptable"."""
    assert ex.check_most_confused({1, 8}).message == ex.check_most_confused((1, 8)).message
    assert "pair of two digits" in ex.check_most_confused({8, 8}).message
