"""Every drawing builds without a screen, returns a Figure, draws what it says, and leaves pyplot alone."""
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (only to check that dlkit.plots never touches it)
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb, to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import dlkit  # noqa: E402
from dlkit import datasets, metrics, plots  # noqa: E402
from dlkit.scalar import Value  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def pyplot_untouched():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a drawing left a figure behind in pyplot"


def net_of(depth, width=4, activation="tanh", output="sigmoid", n_inputs=2, n_outputs=1):
    return dlkit.mlp([n_inputs] + [width] * depth + [n_outputs], activation=activation, output=output, seed=0)


def texts_of(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def check_figure(fig):
    assert isinstance(fig, Figure)
    assert fig._repr_png_().startswith(PNG_SIGNATURE)  # how a notebook shows it, without pyplot


def test_import_dlkit_loads_neither_matplotlib_nor_ipywidgets():
    code = "import sys, dlkit; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize("depth, width", [(0, 4), (1, 3), (10, 8), (30, 32)])
@pytest.mark.parametrize("heatmaps", [False, True])
def test_draw_network_any_depth_and_width(depth, width, heatmaps):
    net = net_of(depth, width)
    fig = plots.draw_network(net, heatmaps=heatmaps)
    check_figure(fig)
    drawing_links = fig.axes[0].collections[0]
    assert len(drawing_links.get_segments()) == sum(d.W.size for d in net.dense_layers)


def test_links_are_coloured_by_sign_and_sized_by_weight():
    net = net_of(1, 3)
    fig = plots.draw_network(net)
    links = fig.axes[0].collections[0]
    weights = np.concatenate([d.W.ravel() for d in net.dense_layers])
    blue = np.all(np.isclose(links.get_colors(), matplotlib.colors.to_rgba(plots.BLUE)), axis=1)
    assert np.array_equal(blue, weights >= 0)
    widths = np.asarray(links.get_linewidths())
    assert widths[np.argmax(np.abs(weights))] == widths.max()


def test_heatmap_tiles_show_each_input_the_right_way_round():
    net = net_of(1, 2)
    fig = plots.Figure(figsize=(5, 3))
    drawing = plots.NetworkDrawing(net, fig.add_axes([0, 0, 1, 1]), heatmaps=True, resolution=20)
    tile = len(range(0, 20, drawing.stride))
    (row1, col1), (row2, col2) = drawing.corners[0]
    x1 = drawing.pixels[row1:row1 + tile, col1:col1 + tile].astype(float)
    x2 = drawing.pixels[row2:row2 + tile, col2:col2 + tile].astype(float)
    # x1 grows to the right and x2 upwards: blue (positive) there, orange (negative) opposite.
    assert x1[:, -1, 2].mean() > x1[:, 0, 2].mean() + 100
    assert x2[0, :, 2].mean() > x2[-1, :, 2].mean() + 100


def test_heatmaps_need_two_inputs():
    with pytest.raises(ValueError, match="2 inputs, but this one has 3"):
        plots.draw_network(net_of(1, n_inputs=3), heatmaps=True)


def test_forward_values_and_backward_gradients_are_written_on_the_nodes():
    net = net_of(2, 3)
    x, y = np.array([1.0, -2.0]), np.array([1.0])
    zs, activations = plots.layer_values(net, x[None])
    texts = texts_of(plots.draw_network(net, example=x, show_values=True))
    assert f"z {zs[0][0, 0]:.2f}\na {activations[1][0, 0]:.2f}" in texts
    assert f"{-2.0:.3g}" in texts  # the input value itself

    loss = dlkit.BinaryCrossEntropy()
    loss(net.forward(x[None]), y)
    net.backward(loss.backward())
    texts = texts_of(plots.draw_network(net, example=x, backward=True, columns=[3]))
    assert f"δ {net.dense_layers[-1].db[0]:.3g}" in texts
    assert not any(t.startswith("z ") for t in texts)
    assert sum(t.startswith("δ") for t in texts) == 1  # only the column asked for


def test_layer_values_match_the_network():
    net = net_of(3, 5)
    X = np.random.default_rng(0).normal(size=(7, 2))
    zs, activations = plots.layer_values(net, X)
    assert len(zs) == 4 and len(activations) == 5
    assert np.allclose(activations[-1], net.forward(X))
    assert np.allclose(activations[1], np.tanh(zs[0]))


def test_decision_surface_shows_the_probability_on_the_grid():
    X, y = datasets.circle(n=100, noise=0.1, seed=0)
    net = net_of(1, 4)
    fig = plots.decision_surface(net, X, y, X_test=X[:10], y_test=y[:10], resolution=30)
    check_figure(fig)
    image = fig.axes[0].images[0].get_array()
    bounds = fig.axes[0].images[0].get_extent()
    corners = np.array([[bounds[0], bounds[2]], [bounds[0], bounds[3]]])  # bottom left, top left
    p = net.predict_proba(corners)
    assert np.allclose([image[0, 0], image[-1, 0]], p)
    test, training = fig.axes[0].collections  # test points first (underneath), training points on top
    assert len(training.get_offsets()) == 100 and len(test.get_offsets()) == 10
    assert training.get_zorder() > test.get_zorder() and training.get_sizes()[0] > test.get_sizes()[0]


def test_decision_surface_softmax_classes_and_regression_values():
    X, y = datasets.spiral(n=90, seed=0, classes=3)
    fig = plots.decision_surface(net_of(1, 8, output="softmax", n_outputs=3), X, y, resolution=20)
    assert set(np.unique(fig.axes[0].images[0].get_array())) <= {0, 1, 2}
    X, y = datasets.plane(n=50, seed=0)
    fig = plots.decision_surface(net_of(1, 4, output="identity"), X, y, resolution=20)
    check_figure(fig)
    with pytest.raises(ValueError, match="2 inputs"):
        plots.decision_surface(net_of(1, n_inputs=3), np.zeros((3, 3)), np.zeros(3))


def trained(output="sigmoid", epochs=4):
    X, y = (datasets.xor if output == "sigmoid" else datasets.plane)(n=80, seed=0)
    net = net_of(2, 4, output=output)
    return net, net.fit(X[:60], y[:60], lr=0.1, epochs=epochs, validation_data=(X[60:], y[60:]))


def test_curves_follow_the_history():
    net, history = trained()
    fig = plots.loss_curves(history, log=True)
    train, test = fig.axes[0].lines
    assert np.allclose(train.get_ydata(), history.train_loss)
    assert np.allclose(test.get_ydata(), history.val_loss)
    assert fig.axes[0].get_yscale() == "log"
    fig = plots.accuracy_curves(history)
    assert np.allclose(fig.axes[0].lines[0].get_ydata(), history.train_accuracy)
    fig = plots.gradient_norms(history)
    assert len(fig.axes[0].lines) == len(net.dense_layers)
    assert np.allclose(fig.axes[0].lines[0].get_ydata(), [g[0] for g in history.grad_norms])


def test_curves_without_numbers_say_so():
    _, history = trained("identity")
    assert "no accuracy (regression?)" in texts_of(plots.accuracy_curves(history))
    assert "no epochs yet" in texts_of(plots.gradient_norms(dlkit.History()))
    assert "no epochs yet" in texts_of(plots.loss_curves(dlkit.History()))


def test_curves_draw_into_a_given_axes():
    _, history = trained()
    fig = plots.Figure()
    ax = fig.add_subplot()
    assert plots.loss_curves(history, ax=ax) is fig
    assert len(ax.lines) == 2


@pytest.mark.parametrize("depth", [0, 1, 10, 30])
def test_activation_histograms_one_per_hidden_layer(depth):
    X = np.random.default_rng(0).normal(size=(50, 2))
    fig = plots.activation_histograms(net_of(depth, 8), X)
    check_figure(fig)
    assert len(fig.axes) == max(depth, 1)
    if depth == 0:
        assert "no hidden layers" in texts_of(fig)


def test_activation_functions_show_dlkit_slopes():
    fig = plots.activation_functions(("sigmoid", "relu"))
    check_figure(fig)
    slope = fig.axes[2].lines[0]  # the bottom row holds the slopes
    assert np.allclose(slope.get_ydata(), dlkit.Sigmoid().derivative(slope.get_xdata()))


def test_confusion_matrix_counts_a_hand_example():
    y_true, y_pred = [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0]
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert np.array_equal(metrics.confusion_matrix(y_true, y_pred), expected)
    assert metrics.confusion_matrix(y_true, y_pred, n_classes=4).shape == (4, 4)
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(4 / 6)
    fig = plots.confusion_matrix(y_true, y_pred, class_names=["a", "b", "c"])
    check_figure(fig)
    assert np.array_equal(fig.axes[0].images[0].get_array(), expected)
    assert sorted(texts_of(fig)) == sorted(str(v) for v in expected.ravel())


@pytest.mark.parametrize("call, message", [
    (lambda: metrics.accuracy([0, 1, 1], [0, 1]), "y_true has 3 labels but y_pred has 2"),
    (lambda: metrics.confusion_matrix([0, 1], [0, 1, 1]), "y_true has 2 labels but y_pred has 3"),
    (lambda: metrics.confusion_matrix([0, 3], [0, 1], n_classes=3), "labels go up to 3 but n_classes is 3"),
    (lambda: metrics.accuracy(np.zeros((4, 2)), [0, 1, 0, 1]), "1-D array of class labels"),
    (lambda: metrics.accuracy([-1, 0], [0, 0]), "0 or more"),
    (lambda: metrics.accuracy([], []), "non-empty"),
])
def test_metrics_errors_say_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_metrics_reject_probabilities():
    with pytest.raises(TypeError, match="class labels"):
        metrics.accuracy([0, 1], [0.2, 0.9])


def test_image_grid_and_weight_images():
    digits = datasets.load_digits()
    fig = plots.image_grid(digits.images[:12], titles=digits.y[:12], ncols=5)
    check_figure(fig)
    assert len(fig.axes) == 12 and fig.axes[0].get_title() == str(digits.y[0])
    assert len(plots.image_grid(digits.X[:3]).axes) == 3  # flat rows of 64 pixels become 8 x 8
    with pytest.raises(ValueError, match="not square"):
        plots.image_grid(np.zeros((2, 10)))
    layer = dlkit.Dense(64, 20, seed=0)
    fig = plots.weight_images(layer, shape=(8, 8), n=16)
    assert len([ax for ax in fig.axes if ax.get_label() != "<colorbar>"]) == 16  # and one colour bar for them all
    assert np.allclose(fig.axes[1].images[0].get_array(), layer.W[:, 1].reshape(8, 8))
    with pytest.raises(ValueError, match="shape"):
        plots.weight_images(layer, shape=(7, 7))


def test_scalar_graph_shows_every_value_and_operation():
    w, x, b = Value(2.0, "w"), Value(3.0, "x"), Value(-4.0, "b")
    a = (w * x + b).sigmoid()
    a.backward()
    fig = plots.scalar_graph(a)
    check_figure(fig)
    texts = texts_of(fig)
    boxes = [t for t in texts if "data" in t]
    assert len(boxes) == len(a.graph()) == 6
    assert f"w\ndata 2\ngrad {w.grad:.4g}" in boxes
    assert {"*", "+", "sigmoid"} <= set(texts)


def test_loss_landscape_path_one_and_two_weights():
    parabola = lambda w: (w ** 2, 2 * w)  # noqa: E731
    fig = plots.loss_landscape_path(parabola, np.array([-4.0, -2.0, -1.0]))
    check_figure(fig)
    path_line = fig.axes[0].lines[1]
    assert np.allclose(path_line.get_ydata(), [16, 4, 1])
    bowl = lambda w: ((w[..., 0] ** 2 + 10 * w[..., 1] ** 2) / 2, w * [1, 10])  # noqa: E731
    check_figure(plots.loss_landscape_path(bowl, np.array([[-4.0, 1.0], [-3.0, -0.5], [np.inf, np.nan]])))


def test_zero_gradients_are_marked_on_log_curves_not_dropped():
    # A dead layer's ||dW|| is exactly 0, which a log axis cannot show: it must appear as crosses on the
    # bottom edge (the Playground's gradient panel uses this drawing), and the other layers' lines stay.
    history = dlkit.History(train_loss=[0.7, 0.6, 0.5], grad_norms=[[0.0, 0.2], [0.0, 0.1], [0.3, 0.05]])
    fig = plots.Figure()
    drawing = plots.CurveDrawing(fig.add_subplot(), plots.gradient_norms_of, "g", "||dW||", log=True, legend=False)
    drawing.update(history)
    assert list(drawing.zeros.get_xdata()) == [1, 2]
    assert drawing.zeros.get_label() == "exactly 0"
    first = drawing.lines["layer 1 (input side)"].get_ydata()
    assert np.isnan(first[0]) and np.isnan(first[1]) and first[2] == 0.3
    assert drawing.ax.get_xlim()[0] <= 1 and drawing.ax.get_xlim()[1] >= 3
    plots.png(fig)  # draws without warnings about collapsed axes


# ---------------------------------------------------------------------------------------------
# The course's colours (CONTRIBUTING.md, "Colours"): one colour per meaning, one rule for colour scales

def test_one_colour_per_species_whatever_the_way_it_is_looked_up():
    names = datasets.load_penguins().class_names
    by_name = plots.class_colours(names)
    assert by_name == [plots.SPECIES_COLOURS[name] for name in names]
    assert by_name == plots.CLASS_COLOURS[:len(names)]  # drawing by label or by name gives the same colour
    assert len(set(by_name)) == 3
    assert plots.class_colours(["Adelie", "Chinstrap"]) == by_name[:2]  # lesson 04 names the two it uses
    rest, gentoo = plots.class_colours(["the rest", "Gentoo"])
    assert gentoo == plots.SPECIES_COLOURS["Gentoo"] and rest not in by_name
    assert plots.MINIMUM["color"] != plots.YOU_ARE_HERE["markeredgecolor"]


@pytest.mark.parametrize("kind, top, fixed", [("sigmoid", 5, (0, 1)), ("softmax", 5, (0, 1)), ("tanh", 5, (-1, 1)),
                                              ("relu", 5, (0, 5)), ("identity", 5, (-5, 5)), ("relu", None, (0, 2)),
                                              ("identity", None, (-3, 3))])
def test_colour_scales_follow_the_course_rule(kind, top, fixed):
    values = np.array([-3.0, 0.0, 2.0]) if kind == "identity" else np.array([0.0, 0.5, 2.0])
    cmap, norm = plots.colour_scale(kind, values, top=top)
    assert (norm.vmin, norm.vmax) == pytest.approx(fixed)
    if kind == "relu":  # never negative: white at 0, the bottom of its bar, up to blue
        assert np.allclose(cmap(norm(0.0)), (1, 1, 1, 1)) and np.allclose(cmap(1.0), to_rgba(plots.BLUE), atol=0.01)
    elif kind in ("tanh", "identity"):  # 0 in the middle, white
        assert np.allclose(cmap(norm(0.0)), (1, 1, 1, 1), atol=0.01)


def test_a_one_against_the_rest_surface_keeps_the_class_colours():
    X, y = datasets.circle(n=60, noise=0.1, seed=0)
    colours = plots.class_colours(["the rest", "Gentoo"])
    fig = plots.decision_surface(net_of(1, 4), X, y, resolution=20, colours=colours)
    ax = fig.axes[0]
    training = ax.collections[-1]
    assert np.allclose(training.get_facecolors(), [to_rgba(colours[k]) for k in y])
    image = ax.images[0]
    for p, colour in ((0.0, colours[0]), (1.0, colours[1])):  # the pale ends lean towards the class colours
        drawn, pure = np.array(image.cmap(image.norm(p))[:3]), np.array(to_rgb(colour))
        assert np.allclose(drawn, plots.pale(colour)[:3], atol=0.01)
        assert np.linalg.norm(drawn - pure) < np.linalg.norm(np.ones(3) - pure)


def test_curves_over_training_are_never_drawn_in_a_class_colour():
    """Walks: the test curve was orange (class 0) in the course's plots and blue (class 1) in the Playground."""
    import re
    from pathlib import Path
    from matplotlib.colors import to_hex
    history = dlkit.History(train_loss=[1.0, 0.5], val_loss=[1.1, 0.6], train_accuracy=[0.5, 0.8],
                            val_accuracy=[0.4, 0.7])
    classes = {to_hex(c) for c in plots.CLASS_COLOURS}
    for series in (plots.losses_of(history), plots.accuracies_of(history)):
        (_, _, train), (_, _, test) = series
        assert train == plots.TRAIN_CURVE and test == plots.TEST_CURVE
    assert not {to_hex(plots.TRAIN_CURVE["color"]), to_hex(plots.TEST_CURVE["color"])} & classes
    js = (Path(plots.__file__).parent / "widgets" / "playground_view.js").read_text()
    drawn = dict(re.findall(r'(TRAIN_CURVE|TEST_CURVE) = "(#[0-9a-f]{6})"', js))
    assert drawn == {"TRAIN_CURVE": to_hex(plots.TRAIN_CURVE["color"]), "TEST_CURVE": to_hex(plots.TEST_CURVE["color"])}


def test_single_curves_and_paths_are_never_drawn_in_a_class_colour():
    """Walks: lesson 02 drew each activation in blue and its slope in orange (the colours of the classes and signs),
    the landscape's path was orange, per-layer sizes blue."""
    from matplotlib.colors import to_hex
    classes = {to_hex(c) for c in plots.CLASS_COLOURS}
    fig, ax = plots.figure_and_axes()
    plots.per_layer(ax, [1.0, 0.1, 0.0], "size", "per layer")
    figures = [plots.activation_functions(), fig,
               plots.loss_landscape_path(lambda w: (w ** 2, 2 * w), np.array([-4.0, -2.0, -1.0]))]
    drawn = {to_hex(line.get_color()) for figure in figures for axis in figure.axes for line in axis.get_lines()}
    assert drawn and not drawn & classes, drawn


def _arrow(ax):
    """The start and the tip of the arrow decision_line draws along w."""
    [arrow] = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    return np.asarray(arrow.xyann, dtype=float), np.asarray(arrow.xy, dtype=float)


LESSON_01_BEST_LINES = [((-0.92085314, -1.14982396), 1.8018547853037412),   # lesson 01's "a best line" panels:
                        ((0.91862179, -0.4293395), -0.7872206828334201)]    # the second's arrow fell outside the view
RNG_LINES = np.random.default_rng(0)


@pytest.mark.parametrize("w, b", LESSON_01_BEST_LINES + [
    (tuple(w), float(-w @ (0.5, 0.5) + d * np.linalg.norm(w)))  # lines within a quarter of the view of its middle
    for w, d in zip(RNG_LINES.uniform(-3, 3, size=(30, 2)), RNG_LINES.uniform(-0.5, 0.5, size=30))])
def test_decision_line_arrow_starts_on_the_line_and_stays_in_the_view(w, b):
    bounds = (-0.5, 1.5, -0.5, 1.5)
    ax = Figure().subplots()
    plots.decision_line(ax, w, b, bounds)
    start, tip = _arrow(ax)
    w = np.asarray(w)
    assert w @ start + b == pytest.approx(0, abs=1e-9)                      # on the line z = 0
    along = tip - start                                                     # along w: towards where z grows
    assert along @ w == pytest.approx(np.linalg.norm(along) * np.linalg.norm(w))
    for point in (start, tip):                                              # drawn: annotation_clip hides a tip outside
        assert bounds[0] <= point[0] <= bounds[1] and bounds[2] <= point[1] <= bounds[3], (start, tip)


def test_decision_line_arrow_in_a_view_centred_on_0_starts_nearest_the_origin():
    ax = Figure().subplots()
    plots.decision_line(ax, (1.0, 1.0), -2.0, (-3, 3, -3, 3))   # lesson 01's first pictures: unchanged
    start, tip = _arrow(ax)
    assert start == pytest.approx([1, 1]) and tip == pytest.approx(np.array([1, 1]) + np.sqrt(0.5))


def test_heatmaps_can_show_a_colour_bar_per_colour_scale():
    """Hidden tanh layers share one bar (-1..1), the sigmoid output has its own (0..1); a ReLU layer's range is its
    own (0..its largest value), so each ReLU layer gets its bar."""
    net = dlkit.mlp([2, 3, 3, 1], activation="tanh", output="sigmoid", seed=0)
    fig = plots.draw_network(net, heatmaps=True, colour_bars=True)
    bars = [(a.get_xlabel(), a._colorbar.norm.vmin, a._colorbar.norm.vmax) for a in fig.axes if a.get_label() == "<colorbar>"]
    assert bars == [("hidden 1 and hidden 2 (tanh)", -1, 1), ("output (sigmoid)", 0, 1)]
    net = dlkit.mlp([2, 3, 3, 1], activation="relu", output="sigmoid", seed=0)
    fig = plots.draw_network(net, heatmaps=True, colour_bars=True)
    labels = [a.get_xlabel() for a in fig.axes if a.get_label() == "<colorbar>"]
    assert labels == ["hidden 1 (relu)", "hidden 2 (relu)", "output (sigmoid)"]
    assert len(plots.draw_network(net, heatmaps=True).axes) == 1   # without colour_bars: as before


def test_weight_pictures_show_their_range_and_refuse_a_whole_network_plainly():
    """A walk (lesson 10): the weight pictures had no colour bar; weight_images(net) raised "'Network' object has
    no attribute 'W'"."""
    net = dlkit.mlp([64, 8, 10], output="softmax", seed=0)
    fig = plots.weight_images(net.dense_layers[0], n=8)
    bars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    top = float(np.abs(net.dense_layers[0].W[:, :8]).max())
    assert len(bars) == 1 and bars[0].get_ylim() == pytest.approx((-top, top))
    with pytest.raises(TypeError, match=r"net.dense_layers\[0\]"):
        plots.weight_images(net)
