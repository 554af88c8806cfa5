"""The backprop stepper (lesson 06) without a kernel, over its whole control space: every stage that "next step"
reaches (twice round), "start again" from every stage, and "check with finite differences" at every stage, for the
lesson's kind of network (tanh, target 1) and a ReLU one (target 0). Every number of the message, the title, the
numbers on the nodes, and the colours of nodes and links (with the ranges the message states: the picture has no
colour bar) are checked against a forward and backward pass written here in numpy."""
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import dlkit
from dlkit import plots, widgets
from in_lessons import by_hand
from in_lessons.reading import numbers_after


@pytest.fixture(autouse=True)
def no_png(monkeypatch):
    """The figure's artists are read; drawing it as PNG would take most of the time."""
    monkeypatch.setattr(plots, "png", lambda fig: b"")


def by_numpy(net, x, y):
    """zs, activations (input first), the loss, deltas = dL/dz and dWs of every Dense layer, for one example, a
    sigmoid output and binary cross-entropy (whose dL/dz at the output is y_hat - y)."""
    layers = [[type(l).__name__, getattr(l, "W", None), getattr(l, "b", None)] for l in net.layers]
    outputs = by_hand.forward(layers, np.asarray(x, dtype=float)[None])
    zs = [outputs[k][0] for k, (kind, _, _) in enumerate(layers) if kind == "Dense"]
    activations = [np.asarray(x, dtype=float)] + [outputs[k + 1][0] for k, (kind, _, _) in enumerate(layers)
                                                  if kind == "Dense"]
    kinds = [layers[k + 1][0] for k, (kind, _, _) in enumerate(layers) if kind == "Dense"]
    weights = [np.asarray(W) for kind, W, _ in layers if kind == "Dense"]
    y_hat = activations[-1][0]
    loss = -np.log(y_hat) if y == 1 else -np.log(1 - y_hat)
    deltas = [activations[-1] - y]
    for k in range(len(weights) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ weights[k].T) * by_hand.SLOPES[kinds[k - 1]](zs[k - 1]))
    dWs = [np.outer(activations[k], deltas[k]) for k in range(len(weights))]
    return dict(zs=zs, a=activations, loss=loss, deltas=deltas, dWs=dWs, weights=weights,
                kinds=[{"Tanh": "tanh", "Sigmoid": "sigmoid", "ReLU": "relu"}[k] for k in kinds])


def expected_colour(value, kind, low, high):
    """The course's colour of a node's value on a scale low..high: orange-white-blue, ReLU white-blue."""
    t = np.clip((value - low) / (high - low), 0, 1)
    return (plots.RELU_CMAP if kind == "relu" else plots.CMAP)(t)


def check(stepper, truth, y):
    stage, n_columns = stepper.stage, len(truth["a"])
    kinds = ["forward"] * n_columns + ["loss"] + ["backward"] * (n_columns - 1)
    columns = list(range(n_columns)) + [n_columns - 1] + list(range(n_columns - 1, 0, -1))
    kind, column = kinds[stage], columns[stage]
    text = stepper.text()
    step_line, colours_line, origin = text.split("\n")
    assert step_line.startswith(f"step {stage + 1} of {2 * n_columns}: "), step_line
    title = stepper.figure.axes[0].get_title()
    ax = stepper.figure.axes[0]
    written = [t.get_text() for t in ax.texts if t.get_text().startswith(("z ", "δ ")) or
               re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", t.get_text())]
    if kind == "forward" and column == 0:
        assert title == "input" and numbers_after(step_line, "x =") == pytest.approx(truth["a"][0], abs=5e-4)
    elif kind == "forward":
        assert title == f"forward: layer {column}", title
        assert numbers_after(step_line, "+ b =") == pytest.approx(truth["zs"][column - 1], abs=5e-4), step_line
        assert numbers_after(step_line, "a = f(z) =") == pytest.approx(truth["a"][column], abs=5e-4), step_line
    elif kind == "loss":
        assert title == f"loss L = {truth['loss']:.4f}", title
        assert numbers_after(step_line, "ŷ =") == pytest.approx(truth["a"][-1], abs=5e-4)
        assert numbers_after(step_line, "y =") == [y] and numbers_after(step_line, "loss L =")[0] == pytest.approx(
            truth["loss"], abs=5e-5)
    else:
        assert title == f"backward: layer {column}", title
        assert numbers_after(step_line, "δ = dL/dz =") == pytest.approx(truth["deltas"][column - 1], abs=5e-4)
        largest = float(re.search(r"largest \|dW\| ([\d.]+)", step_line).group(1))
        assert largest == pytest.approx(np.abs(truth["dWs"][column - 1]).max(), abs=5e-4), step_line
        assert (f"goes on to layer {column - 1}" in step_line) == (column > 1), step_line
        assert ("backpropagation stops here" in step_line) == (column == 1), step_line
    # The numbers on the nodes: z and a going forward (the columns reached), δ going back (the columns reached).
    if kind == "backward":
        shown = range(column, n_columns)
        on_nodes = [float(t.split()[1]) for t in written if t.startswith("δ ")]
        assert on_nodes == pytest.approx(np.concatenate([truth["deltas"][c - 1] for c in shown]), rel=6e-3, abs=1e-12)
    else:
        shown = range(column + 1) if kind == "forward" else range(n_columns)
        on_nodes = [tuple(float(v.split()[1]) for v in t.split("\n")) for t in written if t.startswith("z ")]
        expected = [(z, a) for c in shown if c > 0 for z, a in zip(truth["zs"][c - 1], truth["a"][c])]
        assert np.allclose(on_nodes, expected, atol=0.0051), (on_nodes, expected)
    # The colours, with the ranges the message states.
    nodes = [c for c in ax.collections if type(c).__name__ == "PatchCollection"][0].get_facecolor()
    starts = np.cumsum([0] + [len(a) for a in truth["a"]])
    if kind == "backward":
        top = max(np.abs(d).max() for d in truth["deltas"]) or 1.0
        assert f"every δ from {-top:.3g} to {top:.3g}" in colours_line, (colours_line, top)
        for c in shown:
            assert np.allclose(nodes[starts[c]:starts[c + 1]], expected_colour(truth["deltas"][c - 1], "identity",
                                                                               -top, top), atol=0.01), c
        links, widest = np.concatenate([d.ravel() for d in truth["dWs"]]), max(np.abs(d).max() for d in truth["dWs"])
        assert f"the widest |dL/dw| = {widest:.3g}" in colours_line, colours_line
    else:
        scales = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
        for c in shown:
            name = "inputs" if c == 0 else truth["kinds"][c - 1]
            top = np.abs(truth["a"][c]).max()
            low, high = scales.get(name, (0.0 if name == "relu" else -top, top))
            assert f"{name} {low:.3g} to {high:.3g}" in colours_line, (colours_line, name, low, high)
            assert np.allclose(nodes[starts[c]:starts[c + 1]], expected_colour(truth["a"][c], name, low, high),
                               atol=0.01), (c, name)
        links, widest = np.concatenate([W.ravel() for W in truth["weights"]]), max(np.abs(W).max() for W in
                                                                                   truth["weights"])
        assert f"the widest |w| = {widest:.3g}" in colours_line, colours_line
    lines = [c for c in ax.collections if type(c).__name__ == "LineCollection"][0]
    colours, widths = lines.get_colors(), lines.get_linewidths()
    grey = np.all(np.isclose(colours[:, :3], colours[:, :1]), axis=1)  # links not reached yet are greyed out
    blue = np.allclose(colours[~grey & (links >= 0)], to_rgba(plots.BLUE)) if np.any(~grey & (links >= 0)) \
        else True
    orange = np.allclose(colours[~grey & (links < 0)], to_rgba(plots.ORANGE)) if np.any(~grey & (links < 0)) \
        else True
    assert blue and orange and np.argmax(widths) == np.argmax(np.abs(links)), (kind, column)


NETWORKS = {
    "lesson-like tanh, y = 1": (lambda: None, None, None),
    "relu, y = 0": (lambda: dlkit.mlp([2, 4, 3, 1], activation="relu", output="sigmoid", seed=3), (0.5, -1.5), 0.0),
}


@pytest.mark.parametrize("name", list(NETWORKS))
def test_every_stage_restart_and_check(name):
    make, example, y = NETWORKS[name]
    net = make()
    stepper = widgets.BackpropStepper(net=net, example=example, y=y)
    y = 1.0 if y is None else y
    truth = by_numpy(stepper.net, stepper.example, y)
    n_stages = 2 * len(truth["a"])
    for _ in range(2 * n_stages):  # twice round: the last stage goes back to the first
        check(stepper, truth, y)
        stepper.controls["next"].click()
    for stage in range(n_stages):  # "start again" from every stage, and "check" at every stage
        for _ in range(stage):
            stepper.controls["next"].click()
        before = stepper.text()
        stepper.controls["check"].click()
        assert stepper.text() == before and "they agree" in stepper.report.value, stepper.report.value
        error = float(re.search(r"largest relative error ([\d.e+-]+)", stepper.report.value).group(1))
        assert error < 1e-6
        check(stepper, truth, y)
        stepper.controls["restart"].click()
        assert stepper.stage == 0
        check(stepper, truth, y)


def test_one_example_may_be_given_as_one_row_and_a_wrong_shape_is_named():
    """A walk: example=X[:1] (one row, as lesson 03 writes one example) was refused as 'X should be 2-D ... got
    shape (1, 1, 2)', telling a learner who gave a 2-D array to give a 2-D array."""
    X = np.array([[1.0, -2.0], [0.5, 0.5]])
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    as_row = widgets.BackpropStepper(net=net, example=X[:1], y=1.0)
    flat = widgets.BackpropStepper(net=net, example=X[0], y=1.0)
    assert as_row.loss == flat.loss and np.array_equal(as_row.example, X[0])
    with pytest.raises(ValueError, match=r"one example, 2 numbers .* shape \(2, 2\)"):
        widgets.BackpropStepper(net=net, example=X, y=1.0)


def test_the_target_may_be_given_as_one_row_like_the_example():
    """A walk: lesson 06 writes x0, y0 = X[:1], y[:1]; y=y[:1] (shape (1, 1)) was refused as shape (1, 1, 1)."""
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    y = np.array([[1.0], [0.0]])
    as_row = widgets.BackpropStepper(net=net, example=[1.0, -2.0], y=y[:1])
    assert as_row.loss == widgets.BackpropStepper(net=net, example=[1.0, -2.0], y=1.0).loss


def test_a_new_walk_through_starts_without_the_last_checks_report():
    """Walks: after 'check', going round to step 1 again (or 'start again') left the old report under the buttons."""
    stepper = widgets.BackpropStepper()
    for press in ("next", "restart"):
        stepper.controls["check"].click()
        assert "Finite differences" in stepper.report.value
        if press == "next":
            for _ in range(len(stepper.stages) - stepper.stage):
                stepper.controls["next"].click()
        else:
            stepper.controls["restart"].click()
        assert stepper.stage == 0 and stepper.report.value == "", press
