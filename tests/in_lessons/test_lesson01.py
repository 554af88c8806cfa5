"""Lesson 01's node explorer, after the whole lesson has run: for settings a learner would try, the
weighted sum z and output a it writes for the example point, the surface it draws and its decision line,
against z = w1·x1 + w2·x2 + b and a = f(z) computed here; and its colour scale, the course's fixed one for the
activation, shown with a colour bar."""
import numpy as np
import pytest

from . import by_hand
from .lesson_kernel import Lesson
from .reading import numbers_after, plain

SETTINGS = [(1.0, 1.0, 0.0, "sigmoid"), (-2.0, 1.5, -1.0, "tanh"), (0.5, -3.0, 2.5, "relu"),
            (3.0, 0.2, -0.7, "identity")]
NAMES = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU", "identity": "Identity"}
# The course's colour scales (CONTRIBUTING.md, "Colours"): fixed by what the picture shows; 8 is the top the lesson states.
FIXED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 8.0), "identity": (-8.0, 8.0)}


@pytest.fixture(scope="module")
def seen():
    with Lesson("01_single_node") as lesson:
        lesson.widget("widgets.NodeExplorer(", "under_test")
        lesson.run_rest()
        shown = []
        for w1, w2, b, name in SETTINGS:
            for control, value in (("w1", w1), ("w2", w2), ("b", b), ("activation", name)):
                lesson.run(f"under_test.controls[{control!r}].value = {value!r}")
            shown.append(lesson.get(
                "dict(text=under_test.message.value, surface=under_test.figure.axes[0].images[0].get_array().filled(np.nan), "
                "extent=under_test.figure.axes[0].images[0].get_extent(), line=under_test.figure.axes[0].lines[0].get_xydata(), "
                "clim=under_test.figure.axes[0].images[0].get_clim(), "
                "bars=[ax.get_ylim() for ax in under_test.figure.axes if ax.get_label() == '<colorbar>'])"))
        yield shown


@pytest.mark.parametrize("k", range(len(SETTINGS)), ids=[s[3] for s in SETTINGS])
def test_the_numbers_for_the_example_point(seen, k):
    w1, w2, b, name = SETTINGS[k]
    text = plain(seen[k]["text"])
    z = w1 * 2.0 + w2 * 1.0 + b  # the example point is x = (2, 1)
    a = by_hand.FUNCTIONS[NAMES[name]](np.array(z))
    assert "x = (2, 1)" in text
    assert numbers_after(text.split("at the point")[1], "z =")[0] == pytest.approx(z, abs=0.006)
    assert numbers_after(text.split("at the point")[1], "a =")[0] == pytest.approx(float(a), abs=6e-4)


@pytest.mark.parametrize("k", range(len(SETTINGS)), ids=[s[3] for s in SETTINGS])
def test_the_surface_is_the_node_output_over_the_plane(seen, k):
    w1, w2, b, name = SETTINGS[k]
    surface = np.asarray(seen[k]["surface"], dtype=float)
    x_low, x_high, y_low, y_high = seen[k]["extent"]
    n = surface.shape[0]
    x1, x2 = np.meshgrid(np.linspace(x_low, x_high, n), np.linspace(y_low, y_high, n))  # row = x2 (origin lower)
    expected = by_hand.FUNCTIONS[NAMES[name]](w1 * x1 + w2 * x2 + b)
    assert surface == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("k", range(len(SETTINGS)), ids=[s[3] for s in SETTINGS])
def test_the_decision_line_is_where_z_is_zero(seen, k):
    w1, w2, b, _ = SETTINGS[k]
    line = np.asarray(seen[k]["line"], dtype=float)
    assert w1 * line[:, 0] + w2 * line[:, 1] + b == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("k", range(len(SETTINGS)), ids=[s[3] for s in SETTINGS])
def test_the_colour_scale_is_fixed_by_the_activation_and_shown(seen, k):
    name = SETTINGS[k][3]
    assert tuple(seen[k]["clim"]) == pytest.approx(FIXED[name])
    assert [tuple(bar) for bar in seen[k]["bars"]] == [pytest.approx(FIXED[name])]  # one colour bar, the same range
