"""The depth-and-width explorer (lesson 03) without a kernel: bad arguments, the worked parameter count,
and what the sliders change."""
import pytest

from dlkit import widgets
from dlkit.widgets.network_shape import parameter_sum


@pytest.mark.parametrize("depth, width, message", [
    (-1, 4, "depth should be a whole number from 0 to 20, but got -1"),
    (2.5, 4, "depth should be a whole number from 0 to 20, but got 2.5"),
    (2, 0, "width should be a whole number from 1 to 16, but got 0"),
    (2, 17, "width should be a whole number from 1 to 16, but got 17"),
])
def test_settings_outside_the_sliders_are_refused(depth, width, message):
    with pytest.raises(ValueError, match=message):
        widgets.NetworkShapeExplorer(depth=depth, width=width)


def test_the_parameter_count_is_worked_out_layer_by_layer():
    assert parameter_sum([2, 1]) == "(2+1)·1 = 3"
    assert parameter_sum([2, 8, 1]) == "(2+1)·8 + (8+1)·1 = 24 + 9 = 33"
    assert parameter_sum([2, 4, 4, 4, 1]) == "(2+1)·4 + 2 × (4+1)·4 + (4+1)·1 = 12 + 2 × 20 + 5 = 57"


def test_the_sliders_rebuild_the_network_and_the_picture():
    explorer = widgets.NetworkShapeExplorer()
    assert explorer.net.sizes == [2, 4, 4, 1] and "37 parameters" in explorer.text()
    before = explorer.png()
    explorer.controls["depth"].value = 0
    assert explorer.net.sizes == [2, 1] and explorer.png() != before
    assert "no hidden layer" in explorer.text() and "3 parameters" in explorer.text()
    explorer.controls["depth"].value, explorer.controls["width"].value = 7, 3
    assert "mlp([2] + [3] * 7 + [1])" in explorer.text()
    assert f"{explorer.net.n_parameters()} parameters" in explorer.text()


def test_several_outputs_end_in_softmax():
    explorer = widgets.NetworkShapeExplorer(depth=1, width=5, n_outputs=3)
    assert explorer.net.sizes == [2, 5, 3] and explorer.net.output_activation == "softmax"
    assert "(2+1)·5 + (5+1)·3 = 15 + 18 = 33" in explorer.text()
