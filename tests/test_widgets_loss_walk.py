"""The loss walk (lesson 04) without a kernel: bad arguments, its own copies, and the numbers it shows on a
small data set, checked with numpy."""
import re

import numpy as np
import pytest

import dlkit
from dlkit import widgets

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 2))
Y = (X[:, 0] - 0.5 * X[:, 1] > 0).astype(int)


def node(b=0.0):
    net = dlkit.Network([dlkit.Dense(2, 1), dlkit.Sigmoid()])
    net.dense_layers[0].b[:] = b
    return net


@pytest.fixture(scope="module")
def walk():
    return widgets.LossWalk(node(b=0.5), X, Y)


def test_only_one_node_with_two_weights_and_yes_no_labels_will_do():
    with pytest.raises(TypeError, match="node should be a dlkit Network"):
        widgets.LossWalk("node", X, Y)
    with pytest.raises(ValueError, match=r"one node with two weights .* layer sizes \[2, 3, 1\]"):
        widgets.LossWalk(dlkit.mlp([2, 3, 1], output="sigmoid"), X, Y)
    with pytest.raises(ValueError, match="ending in identity"):
        widgets.LossWalk(dlkit.Network([dlkit.Dense(2, 1)]), X, Y)
    with pytest.raises(ValueError, match="3 features"):
        widgets.LossWalk(node(), np.ones((40, 3)), Y)
    with pytest.raises(ValueError, match="one label per example, 40 in all"):
        widgets.LossWalk(node(), X, Y[:-1])
    with pytest.raises(ValueError, match="labels 0 and 1 only"):
        widgets.LossWalk(node(), X, Y + 1)


def test_the_loss_and_fraction_right_agree_with_numpy(walk):
    walk.controls["w1"].value, walk.controls["w2"].value = 2.0, -1.25
    z = X @ [2.0, -1.25] + 0.5
    loss = np.mean(Y * np.logaddexp(0, -z) + (1 - Y) * np.logaddexp(0, z))
    right = int(np.sum((z >= 0) == (Y == 1)))
    text = walk.text()
    assert f"loss = {loss:.3f}" in text and f"({right} of 40)" in text and "bias b = 0.50 (fixed)" in text
    assert np.allclose(walk.dot.get_xydata(), [[2.0, -1.25]])


def test_it_keeps_its_own_copies():
    net, X_mine, y_mine = node(), X.copy(), Y.copy()
    explorer = widgets.LossWalk(net, X_mine, y_mine, w1=1.0, w2=1.0)
    text, picture = explorer.text(), explorer.png()
    net.dense_layers[0].b[:] = 5.0
    X_mine[:] = 0.0
    y_mine[:] = 1
    explorer.controls["w1"].value = 2.0
    explorer.controls["w1"].value = 1.0
    assert explorer.text() == text and explorer.png() == picture


def test_moving_a_weight_redraws_and_zero_weights_have_no_decision_line(walk):
    before = walk.png()
    walk.controls["w1"].value, walk.controls["w2"].value = 0.0, 0.0
    assert walk.png() != before
    assert walk.boundary.get_xydata().size == 0
    assert re.search(r"loss = 0\.\d{3}", walk.text())


def test_the_map_covers_the_sliders(walk):
    assert walk.landscape.shape == (81, 81)
    assert walk.ws[0] == walk.controls["w1"].min and walk.ws[-1] == walk.controls["w1"].max
    i, j = np.unravel_index(walk.landscape.argmin(), walk.landscape.shape)
    assert walk.best == (walk.ws[j], walk.ws[i], walk.landscape[i, j])
