"""The explorers (the Playground has its own file), driven from code the way a learner drives them with the mouse (no kernel, no browser)."""
import warnings

import numpy as np
import pytest

import dlkit
from dlkit import widgets

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXPLORERS = [widgets.NodeExplorer, widgets.LearningRateExplorer, widgets.BackpropStepper,
             widgets.DeepStackExplorer]


@pytest.mark.parametrize("explorer", EXPLORERS, ids=lambda cls: cls.__name__)
def test_every_explorer_builds_and_shows_as_one_widget(explorer):
    w = explorer()
    assert w.png().startswith(PNG_SIGNATURE)
    assert w.png() == w.image.value
    bundle = w._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == w.box.model_id
    assert w.controls and all(hasattr(c, "observe") for c in w.controls.values())
