"""The learning-curve explorer (lesson 12) without a kernel: it checks its data, copies it, and follows its slider."""
import numpy as np
import pytest

from dlkit import widgets

SIZES = np.array([10, 100, 1000])
CURVES = {"line": np.array([0.6, 0.7, 0.72]), "net": np.array([0.5, 0.8, 0.95])}
SPREAD = {"line": np.array([0.05, 0.02, 0.01]), "net": np.array([0.1, 0.03, 0.01])}


def test_bad_arguments_say_what_was_expected():
    with pytest.raises(ValueError, match="smallest first"):
        widgets.DataSizeExplorer([100, 10], CURVES)
    with pytest.raises(ValueError, match=r"curves\['net'\] should hold one number per size"):
        widgets.DataSizeExplorer(SIZES, {**CURVES, "net": [0.5, 0.8]})
    with pytest.raises(TypeError, match="dictionary"):
        widgets.DataSizeExplorer(SIZES, [0.5, 0.6, 0.7])
    with pytest.raises(ValueError, match="not one of the measured sizes"):
        widgets.DataSizeExplorer(SIZES, CURVES, size=50)


def test_the_slider_moves_the_bars_and_the_text():
    explorer = widgets.DataSizeExplorer(SIZES, CURVES, SPREAD)
    assert "Leader: line, 0.100 ahead of net" in explorer.text() and "line 0.600 ± 0.050" in explorer.text()
    before = explorer.png()
    explorer.controls["size"].value = 1000
    assert "Leader: net, 0.230 ahead of line" in explorer.text()
    assert [p.get_width() for p in explorer.figure.axes[1].patches] == pytest.approx([0.72, 0.95])
    assert explorer.png() != before
    assert explorer.at(100) == {"line": 0.7, "net": 0.8}


def test_it_keeps_a_copy_of_the_curves_and_works_without_spread():
    curves = {name: values.copy() for name, values in CURVES.items()}
    explorer = widgets.DataSizeExplorer(SIZES, curves, size=100)
    curves["net"][:] = 0     # the lesson's arrays change afterwards
    explorer.controls["size"].value = 10
    explorer.controls["size"].value = 100
    assert explorer.at(100)["net"] == 0.8 and "±" not in explorer.text()
