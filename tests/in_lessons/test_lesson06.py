"""Lesson 06's backprop stepper, after the whole lesson has run: every number it writes, checked against a
forward and backward pass done here by hand with the weights the network had when the stepper was made.

(The bug this guards against: the stepper read gradients live from the lesson's network, and the next
cell, ``gradcheck(net, "mse", X, y)``, overwrote them, so the backward steps showed wrong signs and sizes.)
"""
import re

import numpy as np
import pytest

from dlkit import plots

from .lesson_kernel import Lesson
from .reading import numbers_after, plain

SIGMOID = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
ACTIVATIONS = {"Tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2), "Sigmoid": (SIGMOID, None)}


# The whole control space, in the kernel in one go: "next step" twice round, then from every stage "check" and
# "start again"; at each, the stage, the message, the title and the colours of the nodes.
SWEEP = """[(_press(), dict(stage=under_test.stage, text=under_test.message.value,
                        title=under_test.figure.axes[0].get_title(),
                        nodes=[c for c in under_test.figure.axes[0].collections
                               if type(c).__name__ == 'PatchCollection'][0].get_facecolor()))[1]
            for _press in [(lambda: under_test.controls['next'].click())] * (2 * len(under_test.stages))
                          + [(lambda k=k: [under_test.controls['restart'].click()]
                              + [under_test.controls['next'].click() for _ in range(k)]
                              + [under_test.controls['check'].click()]) for k in range(len(under_test.stages))]]"""


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
        lesson.run("_png, plots.png = plots.png, lambda fig: b''")  # the sweep reads the figure, not its PNG
        given["sweep"] = lesson.get(SWEEP)
        lesson.run("plots.png = _png")
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


def test_every_stage_after_next_restart_and_check_is_the_same_and_its_colours_have_their_stated_range(lesson):
    """Whatever the order of the clicks, a stage shows what it showed the first time (checked above against the maths),
    and the nodes' colours are those of the ranges the message states (the picture has no colour bar): going forward
    each column on its activation's scale (the inputs -max|x| to max|x|, tanh -1 to 1, sigmoid 0 to 1), going back
    every δ on one scale, -max|δ| to max|δ|; white at 0 (0.5 for the sigmoid), blue above, orange below."""
    given, steps, _ = lesson
    zs, activations, _, deltas, _ = by_hand(given)
    first = {k: (s["text"], s["title"]) for k, s in enumerate(steps)}
    sweep = given["sweep"]
    assert [r["stage"] for r in sweep] == [(k + 1) % len(steps) for k in range(2 * len(steps))] + list(range(len(steps)))
    for r in sweep:
        assert (r["text"], r["title"]) == first[r["stage"]], r["stage"]
        colours = plain(r["text"]).split("Colours:")[1].split("(a copy")[0]
        nodes, starts = np.array(r["nodes"]), np.cumsum([0] + [len(a) for a in activations])
        if "backward" in r["title"]:
            top = max(np.abs(d).max() for d in deltas)
            assert f"every δ from {-top:.3g} to {top:.3g}" in colours, colours
            shown = range(int(r["title"].split()[-1]), len(activations))
            for c in shown:
                expected = plots.CMAP(np.clip((deltas[c - 1] + top) / (2 * top), 0, 1))
                assert np.allclose(nodes[starts[c]:starts[c + 1]], expected, atol=0.01), (r["title"], c)
        else:
            top = np.abs(activations[0]).max()
            scales = [("inputs", -top, top), ("tanh", -1, 1), ("sigmoid", 0, 1)]
            assert all(f"{name} {low:.3g} to {high:.3g}" in colours for name, low, high in scales), colours
            reached = len(activations) if r["title"].startswith("loss") else (
                1 if r["title"] == "input" else int(r["title"].split()[-1]) + 1)
            for c, (_, low, high) in zip(range(reached), scales):
                expected = plots.CMAP(np.clip((activations[c] - low) / (high - low), 0, 1))
                assert np.allclose(nodes[starts[c]:starts[c + 1]], expected, atol=0.01), (r["title"], c)
