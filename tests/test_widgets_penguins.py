"""The penguin lab (lesson 11) without a kernel: bad arguments get clear errors, controls retrain and redraw."""
import numpy as np
import pytest

import dlkit
from dlkit import widgets


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
