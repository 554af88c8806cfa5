"""Lesson 09's deep-stack explorer, after the whole lesson has run: the spread of each layer's
activations, each layer's gradient size and the verdict (vanishing, reaching the first layer, or cut off
by dead ReLUs), against a forward and backward pass written in the test."""
import numpy as np
import pytest

from . import by_hand
from .lesson_kernel import Lesson
from .reading import plain

SHOWN = ("dict(layers=" + by_hand.DESCRIBE.format(net="under_test.network") + ", X=under_test.X, y=under_test.y, "
         "text=under_test.message.value, "
         "spread=under_test.figure.axes[0].lines[0].get_ydata(), norms=under_test.figure.axes[1].lines[0].get_ydata(), "
         "zeros=[l.get_xdata() for l in under_test.figure.axes[1].lines[1:]])")


@pytest.fixture(scope="module")
def seen():
    with Lesson("09_training_deep_stacks") as lesson:
        lesson.widget("widgets.DeepStackExplorer(", "under_test")
        lesson.run_rest()
        shown = {"sigmoid, normal": lesson.get(SHOWN)}
        lesson.run("under_test.controls['activation'].value = 'relu'; under_test.controls['init'].value = 'he'")
        shown["relu, he"] = lesson.get(SHOWN)
        lesson.run("under_test.controls['init'].value = 'normal'; under_test.controls['depth'].value = 10")
        lesson.run("under_test.controls['train'].click()")
        shown["relu, normal, trained"] = lesson.get(SHOWN)
        yield shown


def by_hand_for(seen):
    X, y, layers = np.asarray(seen["X"]), np.asarray(seen["y"]), seen["layers"]
    outputs = by_hand.forward(layers, X)
    hidden = [outputs[k] for k in range(len(layers) - 2) if layers[k + 1][0] == "Dense"]  # after each activation
    norms = np.array([np.linalg.norm(g) for g in by_hand.weight_gradients(layers, X, y)])
    return hidden, norms


@pytest.mark.parametrize("case", ["sigmoid, normal", "relu, he", "relu, normal, trained"])
def test_the_curves_are_the_spread_and_the_gradient_sizes(seen, case):
    shown = seen[case]
    hidden, norms = by_hand_for(shown)
    assert np.asarray(shown["spread"], dtype=float)[[a.std() > 0 for a in hidden]] == pytest.approx(
        [a.std() for a in hidden if a.std() > 0], rel=1e-6)
    drawn = np.asarray(shown["norms"], dtype=float)
    assert drawn[norms > 0] == pytest.approx(norms[norms > 0], rel=1e-6)
    # Gradients of exactly 0 are marked with crosses on the bottom edge, not left out.
    if np.any(norms == 0):
        assert shown["zeros"] and list(shown["zeros"][0]) == list(np.flatnonzero(norms == 0) + 1)


def test_sigmoid_stack_is_called_vanishing_with_the_right_ratio(seen):
    _, norms = by_hand_for(seen["sigmoid, normal"])
    text = plain(seen["sigmoid, normal"]["text"])
    assert norms[0] / norms[-1] < 1e-3 and "vanishing" in text
    assert f"{norms[0] / norms[-1]:.1e} times the last layer's" in text


def test_relu_he_reaches_the_first_layer(seen):
    _, norms = by_hand_for(seen["relu, he"])
    text = plain(seen["relu, he"]["text"])
    assert f"{norms[0] / norms[-1]:.1e} times the last layer's: it reaches the first layer" in text


def test_dead_relus_are_told_apart_from_vanishing(seen):
    shown = seen["relu, normal, trained"]
    hidden, norms = by_hand_for(shown)
    silent = [k + 1 for k, a in enumerate(hidden) if np.all(a == 0)]
    text = plain(shown["text"])
    assert silent, "this setting was chosen because training kills a whole ReLU layer"
    k = silent[0]
    assert np.all(norms[:k + 1] == 0)  # everything up to the layer after the silent one gets no gradient
    assert f"every unit of hidden layer {k} outputs 0 for every example" in text
    assert f"weight gradients of layers 1 to {k + 1} are exactly 0" in text and "vanishing" not in text
