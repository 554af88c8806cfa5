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


@pytest.mark.parametrize("then", [0.05, "lowest"])
def test_after_a_divergence_the_message_keeps_the_rate_that_blew_up(digits, then):
    """A walk: diverged at 3.2, then the slider moved to 0.01 and train pressed again: the message said 'diverged ...
    at learning rate 0.01 ... choose a smaller learning rate', a rate that never ran, with no smaller one to choose."""
    trainer = widgets.DigitTrainer(*digits, depth=3, width=64)
    lr = trainer.controls["lr"]
    top = lr.base ** lr.max
    lr.value = top
    trainer.controls["train"].click()
    assert trainer.trainer.history.diverged, trainer.text()
    lowest = lr.base ** lr.min
    lr.value = lowest if then == "lowest" else then
    trainer.controls["train"].click()
    text = trainer.text()
    assert f"at learning rate {top:.2g}:" in text and "smaller learning rate" in text, text
    assert trainer.trainer.optimizer.lr == pytest.approx(top)


def test_the_width_is_greyed_out_without_hidden_layers(digits):
    trainer = widgets.DigitTrainer(*digits, depth=0)
    assert trainer.controls["width"].disabled
    trainer.controls["depth"].value = 1
    assert not trainer.controls["width"].disabled


def test_bad_arguments_get_plain_errors(digits):
    X_train, y_train, X_test, y_test = digits
    with pytest.raises(ValueError, match=r"rows of 64 numbers, shape \(N, 64\), but has shape \(300, 63\)"):
        widgets.DigitTrainer(X_train[:, :63], y_train, X_test, y_test)
    with pytest.raises(ValueError, match="X_test has 100 images but its labels have 99"):
        widgets.DigitTrainer(X_train, y_train, X_test, y_test[:99])
    with pytest.raises(ValueError, match="width should be one of"):
        widgets.DigitTrainer(X_train, y_train, X_test, y_test, width=5)


# -- Every depth and width, untrained and trained at both ends of the learning rate: the message and the picture ----
# against a forward pass written here (Dense -> ReLU -> ... -> Dense; softmax keeps the largest score largest).

from in_lessons.reading import numbers_after  # noqa: E402


def by_hand(trainer):
    """(hidden layers' outputs on the training images, predicted digits on training and test images)."""
    weights = [p.value for p in trainer.network.parameters()]
    pairs, predicted = list(zip(weights[::2], weights[1::2])), []
    for X in (trainer.X_train, trainer.X_test):
        a, hidden = X, []
        for k, (W, b) in enumerate(pairs):
            a = a @ W + b
            if k < len(pairs) - 1:
                a = np.maximum(a, 0)
                hidden.append(a)
        predicted.append(a.argmax(axis=1))
        hidden_train = hidden if X is trainer.X_train else hidden_train
    return hidden_train, predicted[0], predicted[1]


def check(trainer, lr_of_last_click=None):
    text = trainer.text()
    net, diverged, n_test = trainer.network, trainer.trainer.history.diverged, len(trainer.y_test)
    depth, width = trainer.value("depth"), trainer.value("width")
    assert net.sizes == [64] + [width] * depth + [10]
    n_parameters = sum(p.value.size for p in net.parameters())
    assert text.startswith(f"network {net.sizes} (seed {trainer.seed}), {n_parameters:,} parameters: "), text
    hidden, train_pred, test_pred = by_hand(trainer)
    right = int(np.sum(test_pred == trainer.y_test))
    train_acc = float(np.mean(train_pred == trainer.y_train))
    epochs = len(trainer.learning_rates)
    if diverged:
        assert f"training diverged in epoch {epochs + 1} at learning rate {lr_of_last_click:.2g}" in text, text
        weights = np.concatenate([p.value.ravel() for p in net.parameters()])
        assert not np.all(np.isfinite(weights)) or np.abs(weights).max() > 10, "the weights blew up"
    elif epochs == 0:
        assert f"not trained yet: with its random start it reads {right} of the {n_test} test images right (test " \
               f"accuracy {right / n_test:.3f}; guessing gives about 0.1)" in text, text
    else:
        assert f"after {epochs} epoch{'s' if epochs != 1 else ''}: test accuracy {right / n_test:.3f} ({right} of " \
               f"{n_test} test images right), training accuracy {train_acc:.3f}." in text, text
    # Dead hidden units: named exactly when there are some (not after a divergence, which is said instead).
    dead = [np.all(h == 0, axis=0) for h in hidden]
    whole = [k for k, d in enumerate(dead, start=1) if d.all()]
    if diverged:
        assert "dead" not in text.lower(), text
    elif whole:
        assert (f"every unit of hidden layer {whole[0]} outputs 0 for every training image" in text
                and f"so the network answers {train_pred[0]} for every training image" in text), text
        assert np.all(train_pred == train_pred[0])
    elif any(d.any() for d in dead):
        n_dead = sum(int(d.sum()) for d in dead)
        assert f"{n_dead} of the {depth * width} hidden units {'is' if n_dead == 1 else 'are'} dead" in text, text
    else:
        assert "dead" not in text.lower(), text
    # The curves: every epoch's accuracies, the last ones this network's, all in view.
    fig = trainer.figure
    curves = {line.get_label(): line for line in fig.axes[0].lines}
    for name, value in (("training", train_acc), ("test", right / n_test)):
        x, y = curves[name].get_xdata(), curves[name].get_ydata()
        assert list(x) == list(range(epochs + 1)) and len(y) == epochs + 1
        assert diverged or y[-1] == pytest.approx(value)  # after a divergence: the last epoch measured
        low, high = fig.axes[0].get_ylim()
        assert low <= min(y) and max(y) <= high
    assert ("then training diverged" in fig.axes[0].get_title()) == diverged
    # The weight pictures: the first layer's columns, on one scale centred on 0 that its colour bar shows.
    W = net.dense_layers[0].W
    n = min(16, W.shape[1])
    pictures = [ax for ax in fig.axes[1:] if ax.images and ax.get_title()]
    assert len(pictures) == n
    heading = fig.texts[0].get_text()
    shown = W[:, :n]
    finite = np.isfinite(shown)
    top = np.abs(shown[finite]).max() if finite.any() else 1.0
    for j, ax in enumerate(pictures):
        image = ax.images[0]
        assert np.array_equal(np.asarray(image.get_array()), shown[:, j].reshape(8, 8), equal_nan=True)
        assert image.get_clim() == pytest.approx((-top, top))
        assert ax.get_title() == (f"digit {j}" if depth == 0 else f"unit {j + 1}")
    bar = pictures[-1].images[0].colorbar
    assert bar is not None and bar.ax in fig.axes and (bar.norm.vmin, bar.norm.vmax) == pytest.approx((-top, top))
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == [f"{-top:.2g}", "0", f"{top:.2g}"]
    assert heading.startswith("weights of each output unit (one per digit)" if depth == 0 else
                              f"first-layer weights of units 1 to {n}")
    assert ("some are no longer numbers" in heading) == (not finite.all())
    white = ": a few blew up, so the rest look white" in heading
    assert white == (finite.all() and diverged)
    if white:  # most pictures' pixels are within a tenth of the scale's ends of 0: white
        assert np.mean(np.abs(shown) < 0.1 * top) > 0.5
    if not diverged and finite.all():
        assert heading.endswith("; blue pushes the unit up, orange down")
    return text


def test_every_setting_says_and_draws_what_its_network_does(digits, monkeypatch):
    """(About 10 s on a quiet machine: each setting draws 17 small panels.)"""
    from dlkit import plots
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    trainer = widgets.DigitTrainer(*digits)
    c = trainer.controls
    for depth in (3, 2, 1, 0):  # every depth and width, untrained
        c["depth"].value = depth
        for width in (widgets.digits.WIDTHS if depth else (4, 64)):  # no hidden layer: the width changes nothing
            c["width"].value = width
            check(trainer)
    lowest, highest = 10 ** c["lr"].min, 10 ** c["lr"].max
    for depth, width in ((0, 4), (1, 4), (2, 32), (3, 64)):
        for lr in (lowest, highest):
            c["lr"].value = lr
            c["depth"].value, c["width"].value = depth, width
            c["new"].click()
            c["train"].click()
            check(trainer, lr)
    c["train"].click()  # pressing on: ten epochs, or still diverged
    check(trainer, highest)
