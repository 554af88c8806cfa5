"""Explorers used from two threads at once, as JupyterLab's kernel subshells can deliver control events:
every picture must still be drawn (two draws of one figure at the same time gave blank pictures).
``Explorer.on`` runs events one at a time; these tests move the controls the way the events arrive.
(The Playground, drawn by the browser, has its own such test in test_widgets_playground.py.)"""
import io
import threading

import matplotlib.image
import numpy as np
import pytest

import dlkit
from dlkit import widgets

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 2))
Y = (X[:, 0] > 0).astype(int)
# explorer, and how a learner uses it: a control set to one of two values in turn, or a button clicked
EXPLORERS = {
    "ActivationExplorer": (lambda: widgets.ActivationExplorer(), "z", (1.0, 2.0)),
    "NetworkShapeExplorer": (lambda: widgets.NetworkShapeExplorer(depth=3, width=6), "depth", (2, 3)),
    "LossWalk": (lambda: widgets.LossWalk(dlkit.Network([dlkit.Dense(2, 1), dlkit.Sigmoid()]), X, Y), "w1", (-1.0, 1.0)),
    "NodeExplorer": (lambda: widgets.NodeExplorer(), "w1", (-1.0, 1.0)),
    "LearningRateExplorer": (lambda: widgets.LearningRateExplorer(), "steps", (10, 20)),
    "DeepStackExplorer": (lambda: widgets.DeepStackExplorer(depth=3), "depth", (3, 4)),
    "BackpropStepper": (lambda: widgets.BackpropStepper(), "next", None),
}


def drawn(png: bytes) -> bool:
    """Whether a picture has anything on it: a blank one is one colour (it came out see-through white)."""
    pixels = matplotlib.image.imread(io.BytesIO(png))
    return bool((pixels != pixels[0, 0]).any())


@pytest.mark.parametrize("make, control, values", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_events_from_two_threads_at_once_all_draw_their_picture(make, control, values):
    explorer = make()
    pictures = []
    show = explorer.show
    explorer.show = lambda fig: (show(fig), pictures.append(explorer.png()))

    def use_often(offset):
        for k in range(6):
            if values is None:
                explorer.controls[control].click()
            else:
                explorer.controls[control].value = values[(k + offset) % 2]

    threads = [threading.Thread(target=use_often, args=(offset,)) for offset in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pictures, "no event redrew the picture"
    assert all(drawn(png) for png in pictures), f"{sum(not drawn(p) for p in pictures)} of {len(pictures)} are blank"
