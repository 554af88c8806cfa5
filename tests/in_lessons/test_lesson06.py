"""Lesson 06's backprop stepper, after the whole lesson has run: every number it writes, checked against a
forward and backward pass done here by hand with the weights the network had when the stepper was made.

(The bug this guards against: the stepper read gradients live from the lesson's network, and the next
cell, ``gradcheck(net, "mse", X, y)``, overwrote them, so the backward steps showed wrong signs and sizes.)
"""
import re

import numpy as np
import pytest

from .lesson_kernel import Lesson
from .reading import numbers_after, plain

SIGMOID = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
ACTIVATIONS = {"Tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2), "Sigmoid": (SIGMOID, None)}


@pytest.fixture(scope="module")
def lesson():
    with Lesson("06_backpropagation") as lesson:
        lesson.widget("widgets.BackpropStepper(", "under_test")
        # What the stepper was given, as it was then: the maths below starts from these.
        given = lesson.get("dict(layers=[[type(l).__name__, getattr(l, 'W', None), getattr(l, 'b', None)] "
                           "for l in net.layers], x=X[0], n_stages=len(under_test.stages))")
        lesson.run_rest()  # gradcheck, fit, ...: the cells that used to corrupt what the stepper shows
        steps = []
        for _ in range(given["n_stages"]):
            steps.append(lesson.get("dict(text=under_test.message.value, "
                                    "node_texts=[t.get_text() for t in under_test.figure.axes[0].texts], "
                                    "title=under_test.figure.axes[0].get_title())"))
            lesson.run('under_test.controls["next"].click()')
        lesson.run('under_test.controls["check"].click()')
        report = lesson.get("under_test.report.value")
        yield given, steps, report


def by_hand(given, y=1.0):
    """Forward and backward for one example through Dense/Tanh/Sigmoid layers, binary cross-entropy."""
    a, zs, activations, weights = np.array(given["x"]), [], [np.array(given["x"])], []
    for kind, W, b in given["layers"]:
        if kind == "Dense":
            W, b = np.array(W), np.array(b)
            a = a @ W + b
            zs.append(a)
            weights.append(W)
            activations.append(a)
        else:
            a = ACTIVATIONS[kind][0](a)
            activations[-1] = a
    y_hat = activations[-1]
    loss = -np.log(y_hat[0]) if y == 1 else -np.log(1 - y_hat[0])
    deltas = [y_hat - y]  # sigmoid output + cross-entropy: dL/dz = y_hat - y
    for k in range(len(weights) - 1, 0, -1):  # hidden layers, from the top down (all tanh here)
        deltas.insert(0, (deltas[0] @ weights[k].T) * ACTIVATIONS["Tanh"][1](zs[k - 1]))
    dWs = [np.outer(activations[k], deltas[k]) for k in range(len(weights))]
    return zs, activations, loss, deltas, dWs


def test_forward_steps_show_z_and_a_of_every_layer(lesson):
    given, steps, _ = lesson
    zs, activations, _, _, _ = by_hand(given)
    forward = [s for s in steps if "layer" in plain(s["text"]) and "z = a" in plain(s["text"])]
    assert len(forward) == len(zs)
    for k, step in enumerate(forward):
        text = plain(step["text"])
        assert numbers_after(text, "+ b =") == pytest.approx(zs[k], abs=6e-4), text
        assert numbers_after(text, "a = f(z) =") == pytest.approx(activations[k + 1], abs=6e-4), text


def test_loss_step_shows_the_prediction_and_the_cross_entropy(lesson):
    given, steps, _ = lesson
    _, activations, loss, _, _ = by_hand(given)
    step = next(s for s in steps if "meets the target" in plain(s["text"]))
    text = plain(step["text"])
    assert numbers_after(text, "ŷ =") == pytest.approx(activations[-1], abs=6e-4)
    assert numbers_after(text, "loss L =")[0] == pytest.approx(loss, abs=6e-5)
    assert step["title"] == f"loss L = {loss:.4f}"


def test_backward_steps_show_delta_and_dw_of_every_layer(lesson):
    given, steps, _ = lesson
    _, _, _, deltas, dWs = by_hand(given)
    backward = {int(re.search(r"layer (\d+) backward", plain(s["text"])).group(1)): s
                for s in steps if "backward:" in plain(s["text"])}
    assert sorted(backward) == list(range(1, len(deltas) + 1))
    for layer, step in backward.items():
        text = plain(step["text"])
        assert numbers_after(text, "δ = dL/dz =") == pytest.approx(deltas[layer - 1], abs=6e-4), text
        largest = float(re.search(r"largest \|dW\| ([\d.]+)", text).group(1))
        assert largest == pytest.approx(np.abs(dWs[layer - 1]).max(), abs=6e-4), text
    # The picture of the last backward step writes δ on every node of every layer.
    last = steps[-1]
    drawn = [float(t.split()[1]) for t in last["node_texts"] if t.startswith("δ ")]
    expected = np.concatenate(deltas)
    assert drawn == pytest.approx(expected, rel=6e-3, abs=1e-12)


def test_the_output_delta_is_prediction_minus_target(lesson):
    # The numbers the issue reported: after Run All the output step must show y_hat - y, not a leftover.
    given, steps, _ = lesson
    _, activations, _, deltas, _ = by_hand(given)
    assert deltas[-1] == pytest.approx(activations[-1] - 1.0)
    output_step = next(s for s in steps if f"layer {len(deltas)} backward" in plain(s["text"]))
    assert numbers_after(plain(output_step["text"]), "δ = dL/dz =")[0] == pytest.approx(activations[-1][0] - 1, abs=6e-4)


def test_finite_differences_agree_with_the_snapshot(lesson):
    _, _, report = lesson
    assert "they agree" in report
