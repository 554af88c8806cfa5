"""The digit trainer (lesson 10) without a kernel, on a few hundred digits: its buttons, its copies and
its errors."""
import numpy as np
import pytest

import dlkit
from dlkit import widgets


@pytest.fixture(scope="module")
def digits():
    d = dlkit.datasets.load_digits()
    X, y = d.X / 16, d.y
    return X[:300], y[:300], X[300:400], y[300:400]


def test_train_adds_five_epochs_and_new_network_starts_again(digits):
    trainer = widgets.DigitTrainer(*digits)
    assert trainer.epochs == 0 and "not trained yet" in trainer.text()
    before = trainer.png()
    trainer.controls["train"].click()
    trainer.controls["train"].click()
    assert trainer.epochs == 10 and len(trainer.test_accuracy) == 11 and "after 10 epochs" in trainer.text()
    assert trainer.png() != before
    trainer.controls["new"].click()
    assert trainer.epochs == 0 and trainer.seed == 1 and "(seed 1)" in trainer.text()
    trainer.controls["depth"].value = 2
    assert trainer.network.sizes == [64, 16, 16, 10] and trainer.epochs == 0
    trainer.controls["width"].value = 4
    assert trainer.network.sizes == [64, 4, 4, 10]


def test_the_learning_rate_applies_from_the_next_click(digits):
    trainer = widgets.DigitTrainer(*digits)
    trainer.controls["train"].click()
    trainer.controls["lr"].value = 0.05
    assert trainer.learning_rates == [0.1] * 5   # nothing retrained, nothing redrawn
    trainer.controls["train"].click()
    assert trainer.learning_rates == [0.1] * 5 + [pytest.approx(0.05)] * 5
    assert trainer.trainer.optimizer.lr == pytest.approx(0.05)


def test_it_keeps_its_own_copy_of_the_images(digits):
    X_train, y_train, X_test, y_test = (a.copy() for a in digits)
    trainer = widgets.DigitTrainer(X_train, y_train, X_test, y_test)
    accuracy = trainer.test_accuracy[-1]
    y_test[:] = 0          # a later cell reusing the names
    X_test *= 0
    trainer.redraw()
    assert trainer.test_accuracy[-1] == accuracy
    assert np.array_equal(trainer.y_test, digits[3])


def test_a_divergence_stops_training_and_says_what_to_do(digits):
    trainer = widgets.DigitTrainer(*digits, depth=3, width=64, lr=10 ** 0.5)
    trainer.controls["train"].click()
    assert trainer.trainer.history.diverged and "training diverged" in trainer.text()
    epochs = trainer.epochs
    trainer.controls["train"].click()   # pressing again does nothing more, and breaks nothing
    assert trainer.epochs == epochs and trainer.png()
    trainer.controls["lr"].value = 0.1
    trainer.controls["new"].click()
    trainer.controls["train"].click()
    assert trainer.epochs == 5 and "diverged" not in trainer.text()


def test_bad_arguments_get_plain_errors(digits):
    X_train, y_train, X_test, y_test = digits
    with pytest.raises(ValueError, match=r"rows of 64 numbers, shape \(N, 64\), but has shape \(300, 63\)"):
        widgets.DigitTrainer(X_train[:, :63], y_train, X_test, y_test)
    with pytest.raises(ValueError, match="X_test has 100 images but its labels have 99"):
        widgets.DigitTrainer(X_train, y_train, X_test, y_test[:99])
    with pytest.raises(ValueError, match="width should be one of"):
        widgets.DigitTrainer(X_train, y_train, X_test, y_test, width=5)
