"""Lesson 10's digit trainer, after the whole lesson has run: driven through its buttons as a learner does,
then every accuracy it writes or draws is checked against a forward pass done here in numpy with its
network's weights, and its weight pictures against the columns of the first layer.
"""

import nbformat
import numpy as np
import pytest

from . import by_hand
from .lesson_kernel import NOTEBOOKS, Lesson
from .reading import numbers_after, plain

READ = ("dict(text=trainer.message.value, epochs=trainer.epochs, sizes=trainer.network.sizes, "
        "layers=[type(l).__name__ for l in trainer.network.layers], "
        "weights=[p.value for p in trainer.network.parameters()], "
        "curves={l.get_label(): [l.get_xdata(), l.get_ydata()] for l in trainer.figure.axes[0].lines}, "
        "pictures=[dict(title=ax.get_title(), image=ax.images[0].get_array(), clim=ax.images[0].get_clim(), "
        "box=[ax.get_window_extent().width, ax.get_window_extent().height]) "
        "for ax in trainer.figure.axes[1:] if ax.images], "
        "bar=[[im.colorbar.norm.vmin, im.colorbar.norm.vmax, im.colorbar.ax in trainer.figure.axes] "
        "     for ax in trainer.figure.axes[1:] for im in ax.images if im.colorbar], "
        "diverged=trainer.trainer.history.diverged, "
        "figure=[trainer.figure.get_size_inches() * trainer.figure.dpi, "
        "[list(ax.get_position().bounds) for ax in trainer.figure.axes]])")


@pytest.fixture(scope="module")
def lesson():
    with Lesson("10_handwritten_digits") as lesson:
        lesson.widget("widgets.DigitTrainer(", "trainer")
        data = lesson.get("dict(X_train=X_train, y_train=y_train, X_test=X_test, y_test=y_test)")
        lesson.run_rest()
        views = {"untrained": lesson.get(READ)}
        for _ in range(3):  # "train 5 epochs", three times
            lesson.run('trainer.controls["train"].click()')
        views["15 epochs"] = lesson.get(READ)
        lesson.run('trainer.controls["new"].click()')
        views["new network"] = lesson.get(READ)
        lesson.run('trainer.controls["depth"].value = 0')
        lesson.run('trainer.controls["train"].click()')
        views["no hidden layer"] = lesson.get(READ)
        lesson.run('trainer.controls["depth"].value = 3')
        lesson.run('trainer.controls["lr"].value = 10 ** trainer.controls["lr"].max')  # the slider's top
        lesson.run('trainer.controls["width"].value = 64')
        lesson.run('trainer.controls["train"].click()')
        views["diverged"] = lesson.get(READ)
        lesson.run('trainer.controls["lr"].value = 0.1')
        lesson.run('trainer.controls["new"].click()')
        lesson.run('trainer.controls["train"].click()')
        views["after a divergence"] = lesson.get(READ)
        yield lesson, data, views


def forward(view, X):
    """Dense -> ReLU -> ... -> Dense by hand with the trainer's weights: the scores, (N, 10)."""
    return by_hand.relu_stack(view["weights"], X)


def accuracy(view, X, y):
    return np.mean(forward(view, X).argmax(axis=1) == np.asarray(y))  # softmax keeps the largest score largest


def test_untrained_it_says_so_and_gives_its_true_accuracy(lesson):
    _, data, views = lesson
    view = views["untrained"]
    text = plain(view["text"])
    assert view["epochs"] == 0 and "not trained yet" in text and "regression" not in text
    right = np.sum(forward(view, data["X_test"]).argmax(axis=1) == data["y_test"])
    assert f"reads {right} of the {len(data['y_test'])} test images right" in text
    assert numbers_after(text, "test accuracy")[0] == pytest.approx(right / len(data["y_test"]), abs=6e-4)
    assert view["curves"]["test"][1] == pytest.approx([right / len(data["y_test"])])


def test_after_training_the_text_and_curves_are_its_networks_accuracy(lesson):
    _, data, views = lesson
    view = views["15 epochs"]
    assert view["epochs"] == 15 and view["sizes"] == [64, 16, 10]
    assert view["layers"] == ["Dense", "ReLU", "Dense", "Softmax"]
    test = accuracy(view, data["X_test"], data["y_test"])
    train = accuracy(view, data["X_train"], data["y_train"])
    text = plain(view["text"])
    assert "after 15 epochs" in text
    assert numbers_after(text, "test accuracy")[0] == pytest.approx(test, abs=6e-4)
    assert numbers_after(text, "training accuracy")[0] == pytest.approx(train, abs=6e-4)
    assert f"({round(test * 450)} of 450 test images right)" in text
    # The curves run from epoch 0 (untrained: the first view's numbers) to 15, and end at these numbers.
    for name, value in (("training", train), ("test", test)):
        epochs, values = view["curves"][name]
        assert epochs == list(range(16)) and values[-1] == pytest.approx(value)
    assert view["curves"]["test"][1][0] == pytest.approx(views["untrained"]["curves"]["test"][1][0])
    assert "measured the same way" in text  # why the two curves can be compared


def test_weight_pictures_are_the_first_layers_columns_as_square_8x8_images(lesson):
    _, _, views = lesson
    for name in ("untrained", "15 epochs", "no hidden layer"):
        view = views[name]
        W = np.asarray(view["weights"][0])                       # (64, units of the first layer)
        pictures = view["pictures"]
        n = min(16, W.shape[1])
        assert len(pictures) == n
        top = np.abs(W[:, :n]).max()
        for j, picture in enumerate(pictures):
            assert np.asarray(picture["image"]) == pytest.approx(W[:, j].reshape(8, 8)), (name, j)
            assert picture["clim"] == pytest.approx([-top, top])   # one scale, centred on 0 (white)
            width, height = picture["box"]
            assert width == pytest.approx(height, rel=0.02), f"{name}: picture {j} is {width:.0f} x {height:.0f} px"
        expected = [f"digit {d}" for d in range(10)] if W.shape[1] == 10 else [f"unit {j + 1}" for j in range(n)]
        assert [p["title"] for p in pictures] == expected


def test_the_whole_picture_fits_1366_pixels_and_nothing_is_cut_off(lesson):
    _, _, views = lesson
    for view in views.values():
        (width, _), boxes = view["figure"]
        assert width <= 1000
        for left, bottom, w, h in boxes:  # every panel inside the figure
            assert 0 <= left and left + w <= 1.0001 and 0 <= bottom and bottom + h <= 1.0001


def test_new_network_and_depth_changes_start_fresh(lesson):
    _, data, views = lesson
    new = views["new network"]
    assert new["epochs"] == 0 and "seed 1" in plain(new["text"]) and "not trained yet" in plain(new["text"])
    assert not np.allclose(new["weights"][0], views["untrained"]["weights"][0])  # another seed, another start
    flat = views["no hidden layer"]
    assert flat["sizes"] == [64, 10] and flat["epochs"] == 5
    assert numbers_after(plain(flat["text"]), "test accuracy")[0] == pytest.approx(
        accuracy(flat, data["X_test"], data["y_test"]), abs=6e-4)


def test_a_divergence_is_explained_and_new_network_recovers(lesson):
    _, data, views = lesson
    text = plain(views["diverged"]["text"])
    assert "training diverged" in text and "smaller learning rate" in text
    after = views["after a divergence"]
    assert after["epochs"] == 5 and "diverged" not in plain(after["text"])
    recovered = accuracy(after, data["X_test"], data["y_test"])
    assert numbers_after(plain(after["text"]), "test accuracy")[0] == pytest.approx(recovered, abs=6e-4)
    assert recovered > 0.5


def test_the_lesson_quotes_what_the_trainer_shows(lesson):
    """"What you should find" under the trainer quotes its numbers (seed 0): measure them here."""
    kernel, _, _ = lesson
    cell = next(c for c in nbformat.read(NOTEBOOKS / "10_handwritten_digits.ipynb", as_version=4).cells
                if c.cell_type == "markdown" and c.source.startswith("What you should find"))
    text = " ".join(cell.source.split())

    def run(depth, width, lr, epochs):
        """A learner's run: learning rate, then depth and width (a fresh network), then training."""
        kernel.run(f'trainer.controls["lr"].value = {lr}')
        kernel.run(f'trainer.controls["depth"].value = {depth}; trainer.controls["width"].value = {width}')
        kernel.run(f"assert trainer.epochs == 0 and trainer.seed == 0; trainer.train({epochs})")
        return kernel.get("dict(test=trainer.test_accuracy, diverged=trainer.trainer.history.diverged)")

    kernel.run("trainer.new_network(seed=0)")  # the seed the lesson's numbers were measured with
    flat = run(0, 16, 0.1, 30)["test"]
    assert f"already {flat[15]:.3f} after 15 epochs and {flat[30]:.3f} after 30" in text
    hidden = [run(1, width, 0.1, 30)["test"][30] for width in (16, 32, 64)]
    assert f"({min(hidden):.3f} to {max(hidden):.3f} after 30 epochs)" in text
    assert f"({run(1, 4, 0.1, 15)['test'][15]:.3f} after 15 epochs)" in text
    assert f"barely learns ({run(2, 4, 0.1, 15)['test'][15]:.3f})" in text
    top = run(3, 16, 10 ** 0.5, 15)
    assert f"stuck at chance ({top['test'][-1]:.3f} at width 16)" in text and not top["diverged"]
    wide = run(3, 64, 10 ** 0.5, 15)
    assert wide["diverged"] and len(wide["test"]) == 1 and "diverge in its first epoch (width 64)" in text
    assert f"({run(3, 16, 0.01, 15)['test'][15]:.3f} after 15 epochs at width 16)" in text


def test_every_view_names_its_dead_units_and_shows_the_weights_range(lesson):
    """The trainer's property test (tests/test_widgets_digits.py) on the lesson's data, at every view above: dead
    hidden units (0 for every training image) named exactly when there are some, and the weight pictures' colour bar
    showing their range, the largest weight shown."""
    _, data, views = lesson
    for name, view in views.items():
        text = plain(view["text"])
        weights = [np.asarray(w, dtype=float) for w in view["weights"]]
        a, dead = np.asarray(data["X_train"], dtype=float), []
        for k in range(0, len(weights) - 2, 2):
            a = np.maximum(a @ weights[k] + weights[k + 1], 0)
            dead.append(np.all(a == 0, axis=0))
        if view["diverged"]:
            assert "dead" not in text.lower(), (name, text)
        elif any(d.all() for d in dead):
            k = next(k for k, d in enumerate(dead, start=1) if d.all())
            assert f"every unit of hidden layer {k} outputs 0 for every training image" in text, (name, text)
        elif any(d.any() for d in dead):
            n_dead = sum(int(d.sum()) for d in dead)
            assert f"{n_dead} of the {sum(d.size for d in dead)} hidden units {'is' if n_dead == 1 else 'are'} dead" in text
        else:
            assert "dead" not in text.lower(), (name, text)
        shown = weights[0][:, :16]
        top = np.abs(shown[np.isfinite(shown)]).max()
        assert len(view["bar"]) == 1, name  # one bar for all the pictures
        low, high, in_figure = view["bar"][0]
        assert in_figure and (low, high) == pytest.approx((-top, top)), (name, low, high, top)
