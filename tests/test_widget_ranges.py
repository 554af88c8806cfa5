"""A slider's range is the explorer's own: a crafted message from the browser that widens it (no page offers a way)
is put back before anything is computed. Found by an attack on the Playground's page: one message for "neurons per
layer" with max and value 5000 built a network of 5000 neurons a layer (954 MB)."""
import tracemalloc

import pytest

from dlkit import widgets


@pytest.mark.parametrize("message", [{"max": 5000, "value": 5000}, {"value": 5000, "max": 5000}, {"max": 5000}],
                         ids=["max-then-value", "value-then-max", "max-alone"])
def test_a_range_widened_by_the_browser_is_put_back_before_anything_is_built(message):
    pg = widgets.Playground(depth=2, width=4)
    width = pg.controls["width"]
    highest = width.max
    tracemalloc.start()
    try:
        width.set_state(message)  # what a message from the browser does (ipywidgets' comm handler calls set_state)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (width.min, width.max) == (1, highest) and width.value <= highest
    assert all(layer.n_out <= highest for layer in pg.network.dense_layers)
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MiB were allocated for a message that should change nothing big"
    width.set_state({"value": 7})  # and the slider still works
    assert [layer.n_out for layer in pg.network.dense_layers] == [7, 7, 1]


def test_an_explorer_may_still_change_its_own_ranges():
    explorer = widgets.LearningRateExplorer(landscape="parabola", lr=0.1)
    sliders = [c for c in explorer.controls.values() if c.has_trait("max")]
    assert sliders, "the explorer has no slider with a range"
    slider = sliders[0]
    slider.max = slider.max * 2  # the explorer's own code (not the browser)
    slider.value = slider.max
    assert slider.value == slider.max


def test_starting_values_a_control_cannot_take_are_named_with_what_it_can():
    from dlkit import widgets
    with pytest.raises(ValueError, match=r"activation should be one of \['sigmoid', 'tanh', 'relu', 'identity'\], "
                                         r"but got 'sigmod'"):
        widgets.NodeExplorer(activation="sigmod")
    with pytest.raises(ValueError, match=r"weight w1 goes from -3 to 3 on its slider, but got 5"):
        widgets.NodeExplorer(w1=5)  # was moved to 3 without a word
    assert widgets.NodeExplorer(w1=-3, w2=3).controls["w1"].value == -3  # both ends are fine
    assert widgets.Playground(features="x1").controls["features"].value == ("x1",)  # not the letters x and 1
