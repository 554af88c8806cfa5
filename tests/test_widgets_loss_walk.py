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
    assert len(bars) == 2  # the loss's, and the prediction's (checked with every setting below)
    bar, = (ax._colorbar for ax in bars if "loss" in ax.get_ylabel())
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


# -- every setting ----------------------------------------------------------------------------------------------
# Both sliders over their whole grid (-10 to 10 in steps of 0.25: every other of the 81 x 81 settings, one slider moved
# at a time), and
# numbers typed into their readouts. At each, every number of the message and the titles, the dot, the decision
# line and both colour bars are checked against numpy done here: the loss is the mean binary cross-entropy of
# sigmoid(X w + b); a point counts as class 1 where p >= 0.5, i.e. z >= 0 (dlkit's rule), so a point with z = 0
# exactly (p = 0.5, a tie) counts as class 1, and the message must say so: the picture cannot show a tie.

WS = np.linspace(-10, 10, 81)


def truths(X, y, b):
    """For every setting on the sliders' grid, [i, j] for w1 = WS[i], w2 = WS[j]: loss, number right, ties."""
    W1, W2 = np.meshgrid(WS, WS, indexing="ij")
    z = X @ np.stack([W1.ravel(), W2.ravel()]) + b  # (N, 81 * 81)
    y = y[:, None]
    loss = np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z), axis=0)
    right = np.sum((z >= 0) == (y == 1), axis=0)
    return loss.reshape(81, 81), right.reshape(81, 81), np.sum(z == 0, axis=0).reshape(81, 81)


def check_setting(walk, X, y, b, loss, right, ties, lowest, names=("class 0", "class 1"), image=False):
    w1, w2 = walk.value("w1"), walk.value("w2")
    text, n = walk.text(), len(y)
    quoted = re.search(r"w = \((-?\d+\.\d\d), (-?\d+\.\d\d)\), bias b = (-?\d+\.\d\d) \(fixed\): loss = (\d+\.\d{3}), "
                       r"(\d+)% right \((\d+) of (\d+)\)\.", text)
    assert quoted, text
    qw1, qw2, qb, qloss, qpercent, qright, qn = (float(v) for v in quoted.groups())
    assert (qw1, qw2) == (w1, w2) and qb == pytest.approx(b, abs=0.005) and qn == n, text  # the slider's exact values
    assert abs(qloss - loss) <= 5e-4 + 1e-12 and qright == right, (text, loss, right)
    share = 100 * right / n  # a percentage rounded, but never 0% or 100% unless it is
    assert (qpercent == 0) == (right == 0) and (qpercent == 100) == (right == n), (text, right)
    assert abs(qpercent - share) <= 0.5 or (qpercent, share < 1) == (1, True) or (qpercent, share > 99) == (99, True)
    assert walk.axes[0].get_title() == f"the node's prediction: {qpercent:.0f}% right"
    assert walk.axes[1].get_title().startswith(f"loss at ({w1:.2f}, {w2:.2f}) = {qloss:.3f}")
    low_loss, low_w1, low_w2 = lowest
    assert f"Lowest loss on the map: {low_loss:.3f}, at w = ({low_w1:.2f}, {low_w2:.2f})." in text
    # Ties: the rule is written exactly when some p is exactly 0.5; with w = 0 the picture has no line and says why.
    p_flat = 1 / (1 + np.exp(-b))
    told = "(ŷ ≥ 0.5 counts as " + names[1] + ")"
    assert (told in text) == (ties > 0), (text, ties)
    flat = walk.flat.get_text().replace("\n", " ")
    if w1 == w2 == 0:
        said = f"ŷ = {p_flat:.3f} everywhere (no decision line): every point counted as {names[int(p_flat >= 0.5)]}"
        assert said in text and said in flat, (text, flat)
        assert len(walk.boundary.get_xydata()) == 0
    else:
        assert flat == "" and ((f"{ties} on the line (ŷ = 0.5 exactly)" in text) == (ties > 0)), (text, ties)
        line = walk.boundary.get_xydata()
        assert len(line) == 2 and np.allclose(line @ [w1, w2] + b, 0, atol=1e-9), (w1, w2)
    assert np.allclose(walk.dot.get_xydata(), [[w1, w2]])
    if image:  # the prediction over the plane: sigmoid(w1 x1 + w2 x2 + b) on the picture's grid
        picture = walk.axes[0].images[0]
        values, (x_low, x_high, y_low, y_high) = np.asarray(picture.get_array(), dtype=float), picture.get_extent()
        x1, x2 = np.meshgrid(np.linspace(x_low, x_high, values.shape[1]), np.linspace(y_low, y_high, values.shape[0]))
        assert np.allclose(values, 1 / (1 + np.exp(-(w1 * x1 + w2 * x2 + b))), atol=1e-12), (w1, w2)


def test_every_setting_of_both_sliders(monkeypatch):
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    b = 0.5
    walk = widgets.LossWalk(node(b=b), X, Y)
    loss, right, ties = truths(X, Y, b)
    i, j = np.unravel_index(loss.argmin(), loss.shape)
    lowest = (loss[i, j], WS[i], WS[j])
    bars = {ax.get_ylabel(): ax._colorbar for ax in colour_bars(walk.figure)}
    for i, w1 in enumerate(WS):
        walk.controls["w1"].value = float(w1)
        # Every other setting, as on a chessboard (3281 of them): each slider at each of its steps and both ends.
        for j in range(i % 2, 81, 2) if i % 4 < 2 else range(80 - i % 2, -1, -2):  # one slider at a time
            walk.controls["w2"].value = float(WS[j])
            check_setting(walk, X, Y, b, loss[i, j], right[i, j], ties[i, j], lowest, image=(i * 81 + j) % 97 == 0)
    # Both colour scales keep their ranges: the probability 0..1 (white at 0.5), the loss the map's.
    assert {ax.get_ylabel(): ax._colorbar for ax in colour_bars(walk.figure)} == bars
    low, high = truths(X, Y, b)[0].min(), truths(X, Y, b)[0].max()
    loss_bar, = (bar for label, bar in bars.items() if "loss" in label)
    assert (loss_bar.norm.vmin, loss_bar.norm.vmax) == pytest.approx((low, high))
    probability, = (bar for label, bar in bars.items() if "probability" in label)
    assert (probability.norm.vmin, probability.norm.vmax) == (0, 1) and "class 1" in probability.ax.get_ylabel()
    assert np.allclose(probability.cmap(probability.norm(0.5)), (1, 1, 1, 1), atol=0.02)


def test_typed_numbers_go_to_the_nearest_step(monkeypatch):
    """A number typed into a slider's readout (1.3333) is moved to the nearest step (1.25): the w written (to 2
    decimals) is then the w computed with."""
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    walk = widgets.LossWalk(node(b=0.5), X, Y)
    loss, right, ties = truths(X, Y, 0.5)
    i, j = np.unravel_index(loss.argmin(), loss.shape)
    for typed1, typed2 in [(1.3333, -0.1), (0.12, 9.9), (-0.125, 0.01), (-9.87, 3.0)]:
        walk.controls["w1"].value, walk.controls["w2"].value = typed1, typed2
        w1, w2 = walk.value("w1"), walk.value("w2")
        assert abs(w1 - typed1) <= 0.125 and abs(w2 - typed2) <= 0.125 and w1 in WS and w2 in WS
        a, c = int(np.argmin(abs(WS - w1))), int(np.argmin(abs(WS - w2)))
        check_setting(walk, X, Y, 0.5, loss[a, c], right[a, c], ties[a, c], (loss[i, j], WS[i], WS[j]))


@pytest.mark.parametrize("b", [0.0, -1.0])
def test_ties_are_told(monkeypatch, b):
    """Points where p is exactly 0.5 count as class 1 (dlkit's rule, z >= 0): the message says how many, and at
    w = (0, 0) that every point gets the same p, and which class that makes them."""
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    X_ties = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0], [-1.0, 0.5], [1.0, -2.0], [-2.0, -1.0]])
    y_ties = np.array([0, 1, 1, 0, 0, 1])
    walk = widgets.LossWalk(node(b=b), X_ties, y_ties, classes=("Adélie", "Chinstrap"))
    loss, right, ties = truths(X_ties, y_ties, b)
    i, j = np.unravel_index(loss.argmin(), loss.shape)
    assert ties.max() >= 2 and ties[40, 40] == (6 if b == 0 else 0)  # the sweep meets ties, and all six at w = 0
    for a, c in [(40, 40), (44, 44), (44, 40), (40, 44), (48, 44), (80, 80), (0, 80), (36, 32)]:
        walk.controls["w1"].value, walk.controls["w2"].value = float(WS[a]), float(WS[c])
        check_setting(walk, X_ties, y_ties, b, loss[a, c], right[a, c], ties[a, c], (loss[i, j], WS[i], WS[j]),
                      names=("Adélie", "Chinstrap"), image=True)


def test_a_share_is_never_rounded_to_all_or_none(monkeypatch):
    """200 of 201 right is 99.5%: "100% right" would be false (one point is wrong)."""
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    X_many = np.column_stack([np.linspace(-2, 2, 201), np.linspace(1, -1, 201) ** 3])
    y_many = (X_many[:, 0] >= 0).astype(int)
    y_many[0] = 1  # one wrong for any w with w1 > 0 and w2 = 0 (the point x1 = -2)
    walk = widgets.LossWalk(node(), X_many, y_many)
    loss, right, ties = truths(X_many, y_many, 0.0)
    i, j = np.unravel_index(loss.argmin(), loss.shape)
    for a, k in ((80, 200), (0, 2)):  # w = (10, 0): 200 of 201 right (and a tie at x1 = 0); w = (-10, 0): 2 of 201
        walk.controls["w1"].value, walk.controls["w2"].value = float(WS[a]), 0.0
        assert right[a, 40] == k
        check_setting(walk, X_many, y_many, 0.0, loss[a, 40], right[a, 40], ties[a, 40], (loss[i, j], WS[i], WS[j]))


@pytest.mark.parametrize("corner", [(-1, -1), (-1, 1), (1, -1), (1, 1)])
def test_the_ring_at_a_corner_covers_no_tick_label(corner):
    """A walk: at the map's corners the 'you are here' ring sat on the tick labels (-10.0 at both axes)."""
    X = np.random.default_rng(0).normal(size=(40, 2))
    walk = widgets.LossWalk(dlkit.mlp([2, 1], output="sigmoid", seed=0), X, (X[:, 0] > 0).astype(int))
    walk.controls["w1"].value, walk.controls["w2"].value = corner[0] * walk.LIMIT, corner[1] * walk.LIMIT
    fig = walk.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ring = walk.dot.get_window_extent(renderer)
    right = walk.axes[1]
    labels = [t.get_window_extent(renderer) for t in right.get_xticklabels() + right.get_yticklabels()
              if t.get_text() and t.get_visible()]
    assert labels and not any(ring.overlaps(label) for label in labels)
