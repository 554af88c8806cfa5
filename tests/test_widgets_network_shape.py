"""The depth-and-width explorer (lesson 03) without a kernel: bad arguments, the worked parameter count,
and what the sliders change."""
import re

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


# -- every setting ----------------------------------------------------------------------------------------------
# depth 0-20 x width 1-16: all 336 settings a learner can reach. The message's sizes, parameter count and worked sum
# are checked against the shape rule done here: a Dense layer with n_in inputs and n_out nodes has (n_in + 1)·n_out
# parameters. The drawing (the slow part) is checked at both ends of each slider and in between.

def by_hand(depth, width, n_inputs=2, n_outputs=1):
    sizes = [n_inputs] + [width] * depth + [n_outputs]
    return sizes, list(zip(sizes, sizes[1:]))


def check_text(text, depth, width, n_inputs=2, n_outputs=1):
    sizes, layers = by_hand(depth, width, n_inputs, n_outputs)
    total = sum((n_in + 1) * n_out for n_in, n_out in layers)
    first, second = text.split("\n")
    written = re.search(r"mlp\((.*?)\):", first).group(1)
    if "*" in written:  # [2] + [16] * 20 + [1]
        a, w, d, b = map(int, re.fullmatch(r"\[(\d+)\] \+ \[(\d+)\] \* (\d+) \+ \[(\d+)\]", written).groups())
        assert [a] + [w] * d + [b] == sizes, first
    else:
        assert [int(v) for v in re.findall(r"\d+", written)] == sizes, first
    assert re.search(r"<?(\d+) parameters", first).group(1) == str(total), (first, total)
    if depth == 0:
        assert "no hidden layer" in first and "the width does nothing here" in first, first
        outputs = "the output node" if n_outputs == 1 else f"the {n_outputs} output nodes"
        assert outputs in first and (("single node" in first) == (n_outputs == 1)), first
    else:
        noun = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")  # noqa: E731
        assert f"{noun(depth, 'hidden layer')} of {noun(width, 'node')}" in first, first
    # The worked sum: its terms, taken in order (k × (a+1)·b stands for k layers alike), are the layers, and its
    # numbers add up to the count.
    parts = second.split(": ", 1)[1].split(" = ")  # formula = result, or formula = terms = result
    formula, result = parts[0], int(parts[-1])
    expanded = []
    for k, n_in, n_out in re.findall(r"(?:(\d+) × )?\((\d+)\+1\)·(\d+)", formula):
        expanded += [(int(n_in), int(n_out))] * int(k or 1)
    assert expanded == layers and result == total, (second, layers, total)
    if len(parts) == 3:
        terms = re.findall(r"(?:(\d+) × )?(\d+)", parts[1])
        assert sum(int(k or 1) * int(v) for k, v in terms) == total, second


def test_every_setting_of_depth_and_width_is_told_truly(monkeypatch):
    from dlkit import plots
    monkeypatch.setattr(plots, "draw_network", lambda net, ax=None: None)  # the drawing is checked below
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    explorer = widgets.NetworkShapeExplorer()
    for depth in range(21):
        explorer.controls["depth"].value = depth
        for width in range(1, 17):
            explorer.controls["width"].value = width
            check_text(explorer.text(), depth, width)
            sizes, layers = by_hand(depth, width)
            built = [(d.W.shape, d.b.shape) for d in explorer.net.dense_layers]  # the network it drew is the one told
            assert built == [((n_in, n_out), (n_out,)) for n_in, n_out in layers], (depth, width)


@pytest.mark.parametrize("depth", [0, 1, 2, 10, 20])
def test_the_drawing_has_a_node_per_unit_and_a_link_per_weight(monkeypatch, depth):
    from collections import Counter

    from dlkit import plots
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    explorer = widgets.NetworkShapeExplorer(depth=depth, width=1)
    for width in (1, 2, 8, 16):
        explorer.controls["width"].value = width
        sizes, layers = by_hand(depth, width)
        ax = explorer.figure.axes[0]
        nodes = [c for c in ax.collections if type(c).__name__ == "PatchCollection"][0].get_paths()
        links = [c for c in ax.collections if type(c).__name__ == "LineCollection"][0].get_segments()
        assert len(links) == sum(a * b for a, b in layers)
        per_column = Counter(int(round(p.vertices[:, 0].mean())) for p in nodes)
        assert [per_column[k] for k in range(len(sizes))] == sizes, (depth, width)


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_no_hidden_layer_with_several_outputs_is_not_called_a_single_node(n_outputs):
    explorer = widgets.NetworkShapeExplorer(depth=0, n_outputs=n_outputs)
    check_text(explorer.text(), 0, explorer.value("width"), n_outputs=n_outputs)
    explorer.controls["depth"].value = 3
    check_text(explorer.text(), 3, explorer.value("width"), n_outputs=n_outputs)
