"""Lesson 01's node explorer without a kernel: over its whole control space (every activation, each slider at both
ends and at values a learner tries), its colour scale is the course's fixed one for the activation (sigmoid 0..1,
tanh -1..1, ReLU 0..8, identity -8..8: CONTRIBUTING.md, "Colours"), shown with a colour bar, and the numbers it writes
for the example point are z = w1·x1 + w2·x2 + b and a = f(z) computed here."""
import numpy as np
import pytest

from dlkit import plots, widgets

TOP = 8.0  # the stated top of the unbounded activations' scales: what the lesson's text and the colour bar say
FIXED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, TOP), "identity": (-TOP, TOP)}
FUNCTIONS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
             "identity": lambda z: z}
# Every slider at both ends (the 8 corners of the (w1, w2, b) box, in an order that moves one slider at a time, as a
# learner does), then values a learner tries: all zero, a short w, the lesson's defaults, the bias alone at its ends.
CORNERS = [(-1, -1, -1), (-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1), (1, -1, -1)]
SETTINGS = [tuple(3.0 * c for c in corner) for corner in CORNERS] + [
    (0.0, 0.0, 0.0), (0.0, 0.0, -3.0), (0.0, 0.0, 3.0), (0.05, 0.05, 0.0), (0.1, 0.1, 0.0), (1.0, 1.0, 0.0),
    (-0.3, 2.2, 1.7)]


@pytest.fixture(scope="module")
def explorer():
    return widgets.NodeExplorer()


@pytest.fixture(scope="module")
def quick():
    """An explorer whose pictures are built but not turned into PNG (the slow part, ~0.15 s), for sweeps over many
    settings: the figure's artists, which these tests read, are the same."""
    explorer = widgets.NodeExplorer()
    explorer.show = lambda fig: setattr(explorer, "figure", fig)
    return explorer


def drawn(explorer):
    """The surface image, its colour bar, and the numbers behind the picture."""
    ax = explorer.figure.axes[0]
    image = ax.images[0]
    return image, image.colorbar, np.asarray(image.get_array(), dtype=float)


def set_controls(explorer, w1, w2, b, activation):
    for name, value in (("activation", activation), ("w1", w1), ("w2", w2), ("b", b)):
        explorer.controls[name].value = value


@pytest.mark.parametrize("activation", list(FIXED))
def test_every_setting_has_the_fixed_colour_range_of_its_activation_and_true_numbers(quick, activation):
    """The range never jumps while the sliders move: it is the activation's, at every setting."""
    explorer = quick
    for w1, w2, b in SETTINGS:
        set_controls(explorer, w1, w2, b, activation)
        image, bar, values = drawn(explorer)
        low, high = FIXED[activation]
        assert image.get_clim() == pytest.approx((low, high)), (w1, w2, b)
        assert bar is not None and bar.ax in explorer.figure.axes  # the range is shown with a colour bar
        assert bar.norm.vmin == pytest.approx(low) and bar.norm.vmax == pytest.approx(high)
        assert bar.ax.get_ylim() == pytest.approx((low, high))
        # Values beyond the bar are announced by its arrows; inside it, every colour is a value it names.
        if values.max() > high + 1e-9:
            assert bar.extend in ("max", "both"), (w1, w2, b, values.max())
        if values.min() < low - 1e-9:
            assert bar.extend in ("min", "both"), (w1, w2, b, values.min())
        z = w1 * 2.0 + w2 * 1.0 + b  # the example point x = (2, 1)
        text = explorer.text()
        assert f"z = {z:.2f}" in text.replace("z = -0.00", "z = 0.00") or abs(z) < 0.005, text
        assert f"a = {FUNCTIONS[activation](z):.3f}" in text.replace("-0.000", "0.000"), text


def test_relu_uses_the_whole_bar_from_zero_up(explorer):
    """ReLU is never negative: its bar starts at 0 (no half of it unused), and its 0 is the bar's bottom colour."""
    set_controls(explorer, 1.0, 1.0, 0.0, "relu")
    image, bar, values = drawn(explorer)
    assert values.min() == 0.0 and bar.norm.vmin == 0.0
    bottom = image.cmap(image.norm(0.0))
    assert np.allclose(bottom, bar.cmap(0.0))


def test_a_flat_tanh_looks_flat(explorer):
    """|w| sets how sharp the change is: with w = (0.05, 0.05), tanh reaches only about ±0.38 on the plane, so its
    colours must stay far from the ends of the -1..1 scale (a scale fitted to ±0.38 would look fully saturated)."""
    set_controls(explorer, 0.05, 0.05, 0.0, "tanh")
    image, _, values = drawn(explorer)
    top = np.tanh(0.05 * 4 + 0.05 * 4)
    assert values.max() == pytest.approx(top) and top < 0.4
    assert image.norm(values.max()) == pytest.approx((top + 1) / 2)
    assert not np.allclose(image.cmap(image.norm(values.max())), image.cmap(1.0), atol=0.05)
    set_controls(explorer, 3.0, 3.0, 0.0, "tanh")  # a long w: the same line, saturated colours
    image, _, values = drawn(explorer)
    assert np.allclose(image.cmap(image.norm(values.max())), image.cmap(1.0), atol=0.01)


def test_the_picture_uses_the_course_colours(explorer):
    set_controls(explorer, 1.0, 1.0, 0.0, "tanh")
    image, _, _ = drawn(explorer)
    assert np.allclose(image.cmap(image.norm(-1.0)), plots.pale(plots.ORANGE), atol=0.02)  # "no"
    assert np.allclose(image.cmap(image.norm(1.0)), plots.pale(plots.BLUE), atol=0.02)     # "yes"
    assert np.allclose(image.cmap(image.norm(0.0)), (1, 1, 1, 1), atol=0.02)            # 0: white


@pytest.mark.parametrize("activation", list(FIXED))
def test_each_slider_over_its_whole_grid(quick, activation):
    """Every position of each slider (the others at the lesson's w = (1, 1), b = 0): the fixed range, and true numbers."""
    explorer = quick
    set_controls(explorer, 1.0, 1.0, 0.0, activation)
    for name in ("w1", "w2", "b"):
        control = explorer.controls[name]
        for value in np.round(np.arange(control.min, control.max + control.step / 2, control.step), 10):
            control.value = float(value)
            image, bar, _ = drawn(explorer)
            assert image.get_clim() == pytest.approx(FIXED[activation]) and bar.norm.vmax == image.norm.vmax
            w1, w2, b = (explorer.controls[k].value for k in ("w1", "w2", "b"))
            z = w1 * 2.0 + w2 * 1.0 + b
            assert f"a = {FUNCTIONS[activation](z):.3f}" in explorer.text().replace("-0.000", "0.000"), (name, value)
        control.value = 0.0 if name == "b" else 1.0


def test_the_picture_on_screen_is_the_figure(explorer):
    """The PNG the learner sees is in the widget's own image (a figure kept under another name would never show)."""
    set_controls(explorer, 0.5, -1.0, 0.2, "relu")
    picture = explorer.box.children[-1]
    assert picture is explorer.image and bytes(picture.value).startswith(b"\x89PNG\r\n\x1a\n")
    assert bytes(picture.value) == plots.png(explorer.figure)


def test_the_colour_bars_label_stays_inside_the_picture_for_every_activation_in_any_order():
    import itertools
    for order in itertools.permutations(("sigmoid", "tanh", "relu", "identity")):
        explorer = widgets.NodeExplorer(activation=order[0])
        for name in order:
            explorer.controls["activation"].value = name
            fig = explorer.figure
            fig.canvas.draw()
            box = explorer.bar.ax.yaxis.label.get_window_extent(fig.canvas.get_renderer())
            assert 0 <= box.x0 and box.x1 <= fig.bbox.width, (order, name, box.x1, fig.bbox.width)


@pytest.mark.parametrize("start", list(FIXED))
def test_the_colour_bar_keeps_its_place_whatever_the_switches(start):
    """Arrows at a bar's ends (ReLU, identity) shorten its box: switching back must not leave the next bar shorter
    (a learner saw the bar shrink a little at every switch after ReLU)."""
    explorer = widgets.NodeExplorer(activation=start)

    def box():
        explorer.fig.canvas.draw()
        return np.round(explorer.bar.ax.get_position().bounds, 4)  # x, y, width, height as drawn

    first = {start: box()}
    for activation in ["relu", "sigmoid", "identity", "tanh", "relu", "identity", "sigmoid", "tanh", start]:
        explorer.controls["activation"].value = activation
        seen = box()
        first.setdefault(activation, seen)
        assert np.array_equal(seen, first[activation]), (activation, seen, first[activation])
        assert np.array_equal(seen[[0, 2]], first[start][[0, 2]])  # one column, one width for every bar
