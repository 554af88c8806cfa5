"""The penguin lab (lesson 11) without a kernel: bad arguments get clear errors, controls retrain and redraw."""
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import dlkit
from dlkit import plots, widgets


@pytest.fixture(scope="module")
def penguins():
    return dlkit.datasets.load_penguins()


def test_bad_arguments_say_what_was_expected(penguins):
    with pytest.raises(TypeError, match="load_penguins"):
        widgets.PenguinLab(penguins.X)
    with pytest.raises(ValueError, match="not a measurement of this table"):
        widgets.PenguinLab(penguins, x="beak")
    with pytest.raises(ValueError, match="task should be one of"):
        widgets.PenguinLab(penguins, task="adelie")
    with pytest.raises(ValueError, match="width should be one of"):
        widgets.PenguinLab(penguins, width=5)
    two = dlkit.datasets.load_penguins(["bill_length_mm"])
    with pytest.raises(ValueError, match="two measurements"):
        widgets.PenguinLab(two)


def test_controls_retrain_the_network_and_redraw(penguins):
    lab = widgets.PenguinLab(penguins)
    assert lab.net.sizes == [2, 8, 3] and "test accuracy" in lab.text()
    before, net = lab.png(), lab.net
    lab.controls["width"].value = 2
    assert lab.net is not net and lab.net.sizes == [2, 2, 3] and lab.png() != before
    lab.controls["depth"].value = 0
    assert lab.net.sizes == [2, 3]
    lab.controls["task"].value = "gentoo"
    assert lab.net.sizes == [2, 1] and set(lab.y_test.tolist()) == {0, 1}
    lab.controls["y"].value = lab.controls["x"].value
    assert lab.net is None and "two different measurements" in lab.text()


def test_the_lab_is_seeded_and_keeps_its_own_copy_of_the_table(penguins):
    table = dlkit.datasets.load_penguins()
    first = widgets.PenguinLab(table, depth=2, width=4)
    table.X[:] = 0   # the learner's table changes afterwards
    first.controls["width"].value = 8
    first.controls["width"].value = 4
    second = widgets.PenguinLab(penguins, depth=2, width=4)
    assert first.accuracy == second.accuracy
    for a, b in zip(first.net.parameters(), second.net.parameters()):
        assert np.array_equal(a.value, b.value)


# -- One colour per species, in every task and at every setting, with a legend that names them ----------------------

def legend_colours(ax):
    """{legend text: the colour of its marker}, as the legend draws them."""
    legend = ax.get_legend()
    return {text.get_text(): to_rgba(handle.get_color()) for text, handle in zip(legend.get_texts(), legend.legend_handles)}


def check_colours(lab):
    ax = lab.figure.axes[0]
    task = lab.value("task")
    names = lab.class_names if task == "species" else ["the rest", "Gentoo"]
    wanted = [plots.SPECIES_COLOURS.get(name, plots.OTHERS) for name in names]
    test, training = ax.collections  # test birds underneath, training birds on top
    for dots, labels in ((training, lab.y_train), (test, lab.y_test)):
        assert np.allclose(np.asarray(dots.get_facecolors())[:, :3], [to_rgba(wanted[k])[:3] for k in labels])
    shown = legend_colours(ax)
    for name, colour in zip(names, wanted):
        assert np.allclose(shown[name], to_rgba(colour)), (task, name)
    image = ax.images[0]  # the pale surface leans towards the colour of the class it predicts
    ends = (0, len(names) - 1) if task == "species" else (0.0, 1.0)
    for k, end in enumerate(ends):
        assert np.allclose(image.cmap(image.norm(end))[:3], plots.pale(wanted[k if task != "species" else end])[:3],
                           atol=0.01)


# Every option of every control, visited one at a time (each change trains a network, ~0.4 s: the two tasks share
# the options between them, so that each option is seen once and both tasks go through several).
VISITS = {"species": [("x", x) for x in ("bill_depth_mm", "flipper_length_mm", "body_mass_g", "bill_length_mm")]
          + [("depth", d) for d in (0, 2, 3)],
          "gentoo": [("y", y) for y in ("bill_length_mm", "flipper_length_mm", "body_mass_g", "bill_depth_mm")]
          + [("width", w) for w in (1, 2, 3, 4, 16, 32)]}


@pytest.mark.parametrize("task", ["species", "gentoo"])
def test_each_species_keeps_its_colour_at_every_setting(penguins, task):
    lab = widgets.PenguinLab(penguins, task=task, depth=1, width=8)
    lab.show = lambda fig: setattr(lab, "figure", fig)  # the figure as drawn, without the PNG (not what is tested)
    check_colours(lab)
    for name, value in VISITS[task]:
        lab.controls[name].value = value
        if lab.net is None:  # the same measurement on both axes: no network, and it says so
            assert "two different measurements" in lab.text() and not lab.figure.axes[0].images
            continue
        check_colours(lab)
        assert f"({int(np.sum(lab.net.predict(lab.X_test) == lab.y_test))} of {len(lab.y_test)} test birds right)" \
            in lab.text()


# -- Every control at every option: the message and the picture against a forward pass written here ----------------

from in_lessons import penguin_checks  # noqa: E402  (shared with lesson 11's test)


def test_a_dead_unit_at_width_1_is_named():
    """The learners' find: at width 1 (the lesson's measurements, all species) the one hidden unit is 0 for every bird,
    the network calls every bird an Adelie, and the lab said only "test accuracy 0.441"."""
    lab = widgets.PenguinLab(dlkit.datasets.load_penguins(), width=1)
    text = lab.text()
    assert "every unit of hidden layer 1 outputs 0 for every training bird" in text, text
    assert "answers Adelie for every training bird" in text, text
    penguin_checks.check(penguin_checks.state_of(lab))


def test_the_probability_of_gentoo_has_its_colour_bar():
    lab = widgets.PenguinLab(dlkit.datasets.load_penguins(), task="gentoo", x="flipper_length_mm", depth=0)
    bar = lab.figure.axes[0].images[0].colorbar
    assert bar is not None and (bar.norm.vmin, bar.norm.vmax) == (0, 1)
    assert "probability of Gentoo" in bar.ax.get_xlabel() + bar.ax.get_ylabel()


@pytest.mark.parametrize("task", ["species", "gentoo"])
def test_every_setting_says_and_draws_what_its_network_does(penguins, task, monkeypatch):
    """Every pair of measurements (the same one twice too), then every depth with every width, for each task. Trained
    5 epochs instead of 100 (what the message must get right does not depend on how long), without PNGs."""
    monkeypatch.setattr(widgets.PenguinLab, "EPOCHS", 5)
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    lab = widgets.PenguinLab(penguins, task=task, depth=1, width=1)
    c = lab.controls
    for x in lab.features:
        c["x"].value = x
        for y in lab.features:
            c["y"].value = y
            penguin_checks.check(penguin_checks.state_of(lab))
    c["x"].value, c["y"].value = "bill_length_mm", "bill_depth_mm"
    for depth in (3, 2, 1, 0):
        c["depth"].value = depth
        for width in (widgets.penguins.WIDTHS if depth else (1, 32)):  # no hidden layer: the width changes nothing
            c["width"].value = width
            penguin_checks.check(penguin_checks.state_of(lab))


def test_dead_units_are_counted_in_grammatical_english():
    """A lab once said "1 of the 24 hidden units are dead"."""
    from dlkit.widgets.explorer import dead_units
    net = dlkit.mlp([2, 3, 1], activation="relu", output="sigmoid", seed=0)
    X = np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.3]])
    first = net.dense_layers[0]
    first.W[:, 0], first.b[0] = 0, -1          # unit 1 sums to -1 for every bird
    assert dead_units(net, X, "training bird", ["no", "yes"]) == (
        "<b>1 of the 3 hidden units is dead</b>: it outputs 0 for every training bird, so it takes no part.")
    first.W[:, 1], first.b[1] = 0, -1
    assert dead_units(net, X, "training bird", ["no", "yes"]) == (
        "<b>2 of the 3 hidden units are dead</b>: they output 0 for every training bird, so they take no part.")
