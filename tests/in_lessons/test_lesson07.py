"""Lesson 07's explorers, after the whole lesson has run: the epoch slider over the overfitting run, and the
Playground, checked against forward passes done here in numpy with the weights they were given.

(The bug the epoch slider had: it wrote each epoch's stored weights back into the lesson's network ``big``,
so moving it changed ``big`` for every later cell.)
"""
import re

import nbformat
import numpy as np
import pytest

from . import by_hand
from .lesson_kernel import NOTEBOOKS, Lesson
from .reading import numbers_after, plain

SHOWN = (1, 10, 60, 150, 400, 30)          # epochs the tests move the slider to (ending away from 400)
SAMPLED = tuple(range(1, 401, 13)) + (400,)  # epochs whose curve points are checked (all 400 would be slow)
RELU_NET = ["Dense", "ReLU", "Dense", "ReLU", "Dense", "Sigmoid"]


@pytest.fixture(scope="module")
def lesson():
    with Lesson("07_training_a_network") as lesson:
        lesson.widget("widgets.EpochExplorer(", "explorer")
        # What the explorer was given, as it was then: the maths below starts from these.
        wanted = sorted(set(SHOWN) | set(SAMPLED))
        given = lesson.get(f"dict(layers=[type(l).__name__ for l in big.layers], epochs=len(snapshots), "
                           f"snapshots={{k: snapshots[k - 1] for k in {wanted}}}, X=X_few, y=y_few, X_test=X_fresh, "
                           f"y_test=y_fresh, val_loss=history_big.val_loss, val_accuracy=history_big.val_accuracy)")
        big_before = lesson.get("[p.value for p in big.parameters()]")
        lesson.widget("widgets.Playground(", "playground")
        lesson.run_rest()
        shown = {}
        for k in SHOWN:  # move the slider as a learner does, then read what is on screen
            lesson.run(f'explorer.controls["epoch"].value = {k}')
            shown[k] = lesson.get(
                "dict(text=explorer.message.value, title=explorer.figure.axes[0].get_title(), "
                "surface=explorer.figure.axes[0].images[0].get_array(), "
                "clim=explorer.figure.axes[0].images[0].get_clim(), "
                "bar=[getattr(explorer.figure.axes[0].images[0].colorbar, 'ax', None) in explorer.figure.axes, "
                "     explorer.figure.axes[0].images[0].colorbar.ax.get_ylabel() "
                "     if explorer.figure.axes[0].images[0].colorbar else None], "
                "extent=explorer.figure.axes[0].images[0].get_extent(), "
                "curves=[[l.get_label(), l.get_xdata(), l.get_ydata()] for l in explorer.figure.axes[1].lines], "
                "scatter_sizes=[c.get_sizes()[0] for c in explorer.figure.axes[0].collections], "
                "scatter_counts=[len(c.get_offsets()) for c in explorer.figure.axes[0].collections])")
        big_after = lesson.get("[p.value for p in big.parameters()]")
        every = lesson.get("dict(snapshots=snapshots, train_loss=explorer.train_loss, test_loss=explorer.test_loss, "
                           "train_accuracy=explorer.train_accuracy, test_accuracy=explorer.test_accuracy)")
        yield dict(given=given, shown=shown, big_before=big_before, big_after=big_after, lesson=lesson, every=every)


def logits(weights, X):
    """Dense -> ReLU -> Dense -> ReLU -> Dense, by hand: the score z before the sigmoid, shape (N,)."""
    return by_hand.relu_stack(weights, X)[:, 0]


def loss_and_accuracy(weights, X, y):
    """Mean binary cross-entropy of sigmoid(z) against y (written with logaddexp so it cannot overflow),
    and the share of points on the right side of p = 0.5."""
    z, y = logits(weights, X), np.asarray(y, dtype=float)
    loss = np.mean(np.logaddexp(0, z) - y * z)      # -y log p - (1 - y) log(1 - p), p = sigmoid(z)
    return loss, np.mean((z >= 0) == (y == 1))


def test_the_text_gives_the_losses_and_accuracies_of_that_epochs_weights(lesson):
    given = lesson["given"]
    assert given["layers"] == RELU_NET
    for k, shown in lesson["shown"].items():
        weights = given["snapshots"][str(k)]
        train_loss, train_acc = loss_and_accuracy(weights, given["X"], given["y"])
        test_loss, test_acc = loss_and_accuracy(weights, given["X_test"], given["y_test"])
        text = plain(shown["text"])
        assert f"after epoch {k} of {given['epochs']}" in text
        assert numbers_after(text, "training loss")[0] == pytest.approx(train_loss, abs=6e-4), text
        assert numbers_after(text, "test loss")[0] == pytest.approx(test_loss, abs=6e-4), text
        accuracies = [float(a) for a in re.findall(r"accuracy ([\d.]+)", text)]
        assert accuracies == pytest.approx([train_acc, test_acc], abs=6e-3), text
        assert shown["title"] == f"after epoch {k}: test accuracy {test_acc:.2f}"
        # The lesson's own History measured the same test numbers after the same epoch.
        assert test_acc == pytest.approx(given["val_accuracy"][k - 1])
        assert test_loss == pytest.approx(given["val_loss"][k - 1], rel=1e-9)


def test_the_surface_is_that_epochs_probability_over_the_plane(lesson):
    given = lesson["given"]
    for k, shown in lesson["shown"].items():
        surface = np.array(shown["surface"])
        x1_low, x1_high, x2_low, x2_high = shown["extent"]
        n = surface.shape[0]
        x1, x2 = np.meshgrid(np.linspace(x1_low, x1_high, n), np.linspace(x2_low, x2_high, n))
        z = logits(given["snapshots"][str(k)], np.column_stack([x1.ravel(), x2.ravel()]))
        assert surface == pytest.approx((1 / (1 + np.exp(-z))).reshape(n, n), abs=1e-9)


def test_at_every_epoch_the_numbers_the_text_reads_are_that_epochs(lesson):
    """The text at epoch k reads entry k - 1 of these (checked at the epochs shown above): here all 400 entries
    against the maths, each with the weights kept after its epoch."""
    given, every = lesson["given"], lesson["every"]
    assert len(every["snapshots"]) == given["epochs"] == len(every["train_loss"])
    for k, weights in enumerate(every["snapshots"]):
        train = loss_and_accuracy(weights, given["X"], given["y"])
        test = loss_and_accuracy(weights, given["X_test"], given["y_test"])
        assert every["train_loss"][k] == pytest.approx(train[0], rel=1e-9, abs=1e-12)
        assert every["test_loss"][k] == pytest.approx(test[0], rel=1e-9, abs=1e-12)
        assert (every["train_accuracy"][k], every["test_accuracy"][k]) == pytest.approx((train[1], test[1]))


def test_the_probability_shading_has_its_colour_bar_from_0_to_1(lesson):
    for k, shown in lesson["shown"].items():
        assert shown["clim"] == [0, 1] and shown["bar"] == [True, "probability of class 1"], (k, shown["bar"])


def test_training_points_are_drawn_large_on_top_of_small_test_points(lesson):
    given, shown = lesson["given"], lesson["shown"][400]
    test_size, train_size = shown["scatter_sizes"]     # drawn in this order: the last is on top
    assert shown["scatter_counts"] == [len(given["X_test"]), len(given["X"])]
    assert train_size >= 4 * test_size


def test_the_curves_are_every_epochs_losses_with_a_marker_at_the_chosen_epoch(lesson):
    given = lesson["given"]
    for k, shown in lesson["shown"].items():
        curves = {label: (np.array(x), np.array(y)) for label, x, y in shown["curves"]}
        for epoch in SAMPLED:
            weights = given["snapshots"][str(epoch)]
            assert curves["training"][1][epoch - 1] == pytest.approx(
                loss_and_accuracy(weights, given["X"], given["y"])[0])
            assert curves["test"][1][epoch - 1] == pytest.approx(
                loss_and_accuracy(weights, given["X_test"], given["y_test"])[0])
        assert curves["test"][1] == pytest.approx(given["val_loss"], rel=1e-9)  # the whole curve: the lesson's own
        assert curves["_chosen epoch"][0] == pytest.approx([k, k])
        marker_x, marker_y = curves["_losses at the chosen epoch"]
        assert marker_x == pytest.approx([k, k])
        assert marker_y == pytest.approx([curves["training"][1][k - 1], curves["test"][1][k - 1]])


def test_moving_the_slider_leaves_the_lessons_network_alone(lesson):
    before, after = lesson["big_before"], lesson["big_after"]
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    last = lesson["given"]["snapshots"]["400"]  # big keeps the weights it ended training with
    assert all(np.array_equal(a, b) for a, b in zip(after, last))


# -- The Playground -----------------------------------------------------------------------------------------

STEPS = 3
RECORD = """
_kept = []
_step = playground.trainer.step
def _recording_step():   # the weights each mini-batch step starts from
    _kept.append([p.value.copy() for p in playground.network.parameters()])
    return _step()
playground.trainer.step = _recording_step
"""


@pytest.fixture(scope="module")
def playground(lesson):
    lesson = lesson["lesson"]
    data = lesson.get("dict(zip(['X', 'y', 'X_test', 'y_test'], playground.data), "
                      "batch_size=playground.trainer.batch_size, "
                      "layers=[type(l).__name__ for l in playground.network.layers])")
    lesson.run(RECORD)
    clicks = []
    for _ in range(STEPS):
        state = lesson.get("playground.trainer.rng.bit_generator.state")  # the shuffle of the coming epoch
        lesson.run("_kept.clear()")
        lesson.run('playground.controls["step"].click()')
        clicks.append(dict(rng=state, **lesson.get(
            "dict(kept=_kept, weights=[p.value for p in playground.network.parameters()], "
            "frame=playground.view.last_frame[0])")))  # what the browser was sent to draw
    lesson.run("playground.trainer.step = _step")
    return data, clicks


def test_playground_one_step_shows_the_losses_of_its_network(playground):
    data, clicks = playground
    assert data["layers"] == RELU_NET
    n, B = len(data["X"]), data["batch_size"]
    X, y = np.array(data["X"]), np.array(data["y"], dtype=float)
    for epoch, click in enumerate(clicks, start=1):
        frame = click["frame"]
        assert frame["epoch"] == epoch
        train, test = frame["history"]["train_loss"][-1], frame["history"]["val_loss"][-1]
        # Test: measured once, at the end of the epoch, with the weights the network has now.
        assert test == pytest.approx(loss_and_accuracy(click["weights"], data["X_test"], data["y_test"])[0], rel=1e-7)
        # Training: measured the same way, on all the training points with the weights at the epoch's end (the
        # network drawn), not the average of the epoch's mini-batch losses, taken while the weights changed.
        at_the_end, accuracy_at_the_end = loss_and_accuracy(click["weights"], X, y)
        assert train == pytest.approx(at_the_end, rel=1e-7)
        assert frame["history"]["train_accuracy"][-1] == pytest.approx(accuracy_at_the_end)
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = click["rng"]
        order = rng.permutation(n)
        batches = [order[i:i + B] for i in range(0, n, B)]
        assert len(click["kept"]) == len(batches)
        batch_losses = [loss_and_accuracy(w, X[idx], y[idx])[0] for w, idx in zip(click["kept"], batches)]
        average = np.average(batch_losses, weights=[len(idx) for idx in batches])
        assert abs(at_the_end - average) > 1e-3  # the two differ: the test above can tell them apart


def test_the_lesson_quotes_what_the_playground_shows_with_and_without_l2(lesson, playground):
    """The markdown under the epoch explorer quotes the Playground's losses: measure them here."""
    lesson = lesson["lesson"]
    cell = next(c for c in nbformat.read(NOTEBOOKS / "07_training_a_network.ipynb", as_version=4).cells
                if c.cell_type == "markdown" and "set **L2**" in c.source)
    text = " ".join(cell.source.split())
    runs = {}
    for l2 in (0.0, 0.01):
        lesson.run('playground.controls["reset"].click()')
        lesson.run(f'playground.controls["l2"].value = {l2}')
        runs[l2] = lesson.get("(playground.train(400), playground.history.train_loss, playground.history.val_loss)[1:]")
    train, test = (np.array(v) for v in runs[0.0])
    best = int(np.argmin(test)) + 1
    assert f"lowest near epoch {round(best, -1)} (about {test.min():.2f})" in text
    assert f"to about {test[-1]:.2f} by epoch 400" in text and train[-1] < 0.01
    train, test = (np.array(v) for v in runs[0.01])
    assert f"stays near {test[-1]:.2f}" in text
    assert test[50:].max() < 0.3 and abs(test[-1] - test[50]) < 0.03  # it no longer climbs
    assert f"levels off near {train[-1]:.2f}" in text and np.all(train[100:] > 0.05)
