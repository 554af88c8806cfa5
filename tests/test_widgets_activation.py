"""The activation explorer (lesson 02) without a kernel: bad arguments, and what moving z changes."""
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
