"""The activation explorer (lesson 02) without a kernel: bad arguments, and what moving z changes."""
import re

import numpy as np
import pytest

from dlkit import widgets
from dlkit.widgets.activation import flatness


def test_unknown_names_and_z_out_of_range_are_refused_in_plain_words():
    with pytest.raises(ValueError, match="unknown activation 'sigmoidal'; choose one of: .*sigmoid"):
        widgets.ActivationExplorer(names=("sigmoidal",))
    with pytest.raises(ValueError, match="z should be a number from -6 to 6, but got 9"):
        widgets.ActivationExplorer(z=9)
    with pytest.raises(ValueError, match="but got '1'"):
        widgets.ActivationExplorer(z="1")


def test_one_panel_per_activation_and_moving_z_redraws():
    explorer = widgets.ActivationExplorer(z=-2.0, names=("tanh", "relu"))
    assert len(explorer.figure.axes) == 2
    before, text = explorer.png(), explorer.text()
    explorer.controls["z"].value = 1.5
    assert explorer.png() != before and explorer.text() != text
    assert "value f(z): tanh 0.905" in explorer.text() and "slope f'(z): tanh 0.181" in explorer.text()
    assert np.allclose(explorer.figure.axes[1].lines[2].get_xydata(), [[1.5, 1.5]])  # relu's point


def test_the_values_come_from_dlkit_layers_of_its_own():
    first, second = widgets.ActivationExplorer(), widgets.ActivationExplorer()
    assert all(first.layers[name] is not second.layers[name] for name in first.layers)
    assert first.at(0.0)["relu"] == (0.0, 0.0)  # slope 0 at the kink, as dlkit's ReLU says
    assert first.at(-1.0)["leaky_relu"] == pytest.approx((-0.01, 0.01))


def test_the_flatness_sentence():
    assert flatness({"relu": (0.0, 0.0), "sigmoid": (0.5, 0.25)}).startswith("relu is exactly flat here")
    sentence = flatness({"sigmoid": (0.99, 0.007), "tanh": (1.0, 0.0002), "relu": (5.0, 1.0)})
    assert sentence.startswith("sigmoid and tanh are nearly flat") and "relu" not in sentence
    assert flatness({"identity": (1.0, 1.0)}).startswith("No tangent is flat")


# -- every setting ----------------------------------------------------------------------------------------------
# The one control is z: its 121 positions (-6 to 6 in steps of 0.1, as the slider gives them), and numbers a learner
# types into its readout (off the grid, next to the kink, next to a slope of 0.05). At each, the message and the
# panels are checked against the lesson's formulas written here.

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


FORMULAS = {  # name: (f(z), f'(z)); at ReLU's kink dlkit takes the slope on the left (0, and 0.01 for leaky ReLU)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "leaky_relu": (lambda z: z if z > 0 else 0.01 * z, lambda z: 1.0 if z > 0 else 0.01),
    "identity": (lambda z: z, lambda z: 1.0),
}
SLIDER = [round(-6 + 0.1 * k, 10) for k in range(121)]
TYPED = [0.05, -0.04, 1e-17, -1e-17, 0.149, 2.888, -2.18, 5.96, 1.25]


def read(explorer):
    """What the message says: z, then {name: (value, slope)}, then the verdict line."""
    values_line, slopes_line, verdict = explorer.text().split("\n")
    z = float(values_line.split("at z = ")[1].split()[0])
    pairs = [dict((name, float(v)) for name, v in
                  (item.split() for item in line.split(":", 1)[1].replace("\xa0", " ").split(" · ")))
             for line in (values_line.split("f(z)")[1], slopes_line.split("f'(z)")[1])]
    return z, {name: (pairs[0][name], pairs[1][name]) for name in pairs[0]}, verdict


def test_every_position_of_z_and_typed_numbers(monkeypatch):
    from dlkit import plots
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    explorer = widgets.ActivationExplorer()
    for typed in SLIDER + TYPED:
        explorer.controls["z"].value = typed
        z = explorer.value("z")
        quoted, shown, verdict = read(explorer)
        # The z written is the z computed with: every number below is f at the written z (and the slider shows it).
        assert quoted == z and f"{z:.1f}" == f"{quoted:.1f}" and not f"{z:.1f}".startswith("-0.0"), (typed, z)
        assert abs(z - typed) <= 0.05 + 1e-12, (typed, z)  # a typed number goes to the nearest step, no further
        assert list(shown) == list(FORMULAS)
        for (name, (f, slope)), ax in zip(FORMULAS.items(), explorer.figure.axes):
            value, s = shown[name]
            assert value == pytest.approx(f(z), abs=5e-4) and s == pytest.approx(slope(z), abs=5e-4), (name, z)
            assert ax.get_title() == f"{name}({quoted:.1f}) = {f(z):.3f}\nslope = {slope(z):.3f}", (name, z)
            assert np.allclose(ax.lines[2].get_xydata(), [[z, f(z)]])  # the point, where the text says
            low, high = ax.get_ylim()
            assert low < f(z) < high, (name, z)
            x = ax.lines[1].get_xdata()
            assert np.allclose(ax.lines[1].get_ydata(), f(z) + slope(z) * (x - z)), (name, z)  # the tangent
        # The verdict: exactly flat iff the slope is 0, nearly flat iff 0 < slope < 0.05, each as the readout says.
        clauses = verdict.split(";")
        for name, (_, slope) in FORMULAS.items():
            named = re.compile(rf"(?<!\w){name}\b")  # relu, not the relu of leaky_relu
            exactly = any(named.search(c) for c in clauses if "exactly flat" in c)
            nearly = any(named.search(c) for c in clauses if "nearly flat" in c)
            assert exactly == (slope(z) == 0) and nearly == (0 < slope(z) < 0.05), (name, z, verdict)
            if nearly:
                assert shown[name][1] < 0.05, (name, z, shown[name])  # the readout agrees: below 0.05
        if all(slope(z) >= 0.05 for _, slope in FORMULAS.values()):
            assert verdict.startswith("No tangent is flat"), (z, verdict)
        assert ("At the kink z = 0" in verdict) == (z == 0), (z, verdict)


def test_softmax_is_refused_in_plain_words():
    """A walk: lesson 02 mentions softmax, and names=('softmax',) crashed with "'Softmax' object has no attribute
    'derivative'" (plots.activation_functions too)."""
    from dlkit import plots
    for make in (lambda: widgets.ActivationExplorer(names=("softmax",)),
                 lambda: plots.activation_functions(("sigmoid", "softmax"))):
        with pytest.raises(ValueError, match="softmax works on a whole row"):
            make()
