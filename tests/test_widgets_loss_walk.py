"""The loss walk (lesson 04) without a kernel: bad arguments, its own copies, and the numbers it shows on a
small data set, checked with numpy."""
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba

import dlkit
from dlkit import plots, widgets

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


# -- Colours: a colour bar for the map, the course's markers, both visible where they meet --------------------------

def colour_bars(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_the_map_of_the_loss_has_a_colour_bar_spanning_the_map(walk):
    bars = colour_bars(walk.figure)
    assert len(bars) == 1
    bar = bars[0]._colorbar
    low, high = walk.landscape.min(), walk.landscape.max()
    assert (bar.norm.vmin, bar.norm.vmax) == pytest.approx((low, high))
    assert "loss" in bar.ax.get_ylabel()
    ticks = [t for t in bar.get_ticks() if low <= t <= high]
    assert len(ticks) >= 3  # numbers a learner can read off


def test_the_markers_are_the_course_markers(walk):
    star, you = walk.star, walk.dot
    for artist, style in ((star, plots.MINIMUM), (you, plots.YOU_ARE_HERE)):
        assert artist.get_marker() == style["marker"]
        assert np.allclose(to_rgba(artist.get_markeredgecolor()), to_rgba(style["markeredgecolor"]))
        assert artist.get_markersize() == style["markersize"]
    # "you" is a ring around the spot, wide enough to hold the star, and drawn above it.
    assert you.get_markerfacecolor() == "none" and you.get_zorder() > star.get_zorder()
    assert you.get_markersize() - 2 * you.get_markeredgewidth() > star.get_markersize()


def pixel(fig, ax, xy, offset=(0, 0)):
    """The colour drawn at data point xy of ax (plus an offset in pixels), as RGB 0..1."""
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255
    x, y = ax.transData.transform(xy) + offset
    return image[image.shape[0] - int(round(y)), int(round(x))]


def test_at_the_minimum_both_markers_are_seen(walk):
    w1, w2, _ = walk.best
    walk.controls["w1"].value, walk.controls["w2"].value = float(w1), float(w2)
    right = walk.axes[1]
    assert np.allclose(pixel(walk.figure, right, (w1, w2)), to_rgb(plots.MINIMUM["color"]), atol=0.1)  # the star
    radius = walk.dot.get_markersize() / 2 * walk.figure.dpi / 72  # the middle of the ring's stroke, in pixels
    ring = [pixel(walk.figure, right, (w1, w2), radius * np.array([np.cos(t), np.sin(t)]))
            for t in np.linspace(0, 2 * np.pi, 8, endpoint=False)]
    crimson = np.array(to_rgb(plots.YOU_ARE_HERE["markeredgecolor"]))
    assert sum(np.allclose(p, crimson, atol=0.15) for p in ring) >= 6  # the ring, all round


def test_every_position_of_the_sliders_is_drawn_and_told_truly(walk):
    """A sample of the sliders' grid with both ends: the dot is where the sliders are, the loss written is the
    loss there, and the colour bar keeps the map's range."""
    limits = (walk.landscape.min(), walk.landscape.max())
    positions = [(a, b) for a in (-10.0, -5.0, 0.0, 5.0, 10.0) for b in (-10.0, -2.5, 0.0, 7.5, 10.0)]
    for w1, w2 in positions:
        walk.controls["w1"].value, walk.controls["w2"].value = w1, w2
        z = X @ [w1, w2] + 0.5
        loss = np.mean(Y * np.logaddexp(0, -z) + (1 - Y) * np.logaddexp(0, z))
        assert f"loss = {loss:.3f}" in walk.text(), (w1, w2)
        assert np.allclose(walk.dot.get_xydata(), [[w1, w2]])
        bar = colour_bars(walk.figure)[0]._colorbar
        assert (bar.norm.vmin, bar.norm.vmax) == pytest.approx(limits)
