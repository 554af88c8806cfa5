"""Lesson 02's activation explorer, after the whole lesson has run: at every z it is moved to, each value,
slope, tangent and point it shows is checked against the formulas of the lesson's table, computed here.

The lesson keeps its own activation objects (``layers``); the test spoils them after the lesson has run,
so an explorer that borrowed them instead of making its own would show wrong numbers.
"""
import re

import numpy as np
import pytest

from .lesson_kernel import Lesson
from .reading import numbers_after, plain

Z_MOVES = [-6.0, -2.0, -0.5, 0.0, 0.3, 2.5, 6.0]  # where the test slides z, after the starting z = 1.0
FLAT = 0.05


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


FORMULAS = {  # name: (f(z), f'(z)), as in the lesson's table (slope 0 at ReLU's kink, as dlkit's docstring says)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: np.where(z > 0, 1.0, 0.0)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}
READING = re.compile(r"(\w+) (-?\d+\.\d+)")  # "sigmoid 0.731"
SHOWN = ("dict(z=explorer.value('z'), text=explorer.message.value, "
         "panels=[dict(title=ax.get_title(), ylim=ax.get_ylim(), x=ax.lines[0].get_xdata(), "
         "curve=ax.lines[0].get_ydata(), tangent=ax.lines[1].get_ydata(), point=ax.lines[2].get_xydata()) "
         "for ax in explorer.figure.axes])")


# The whole control space, swept inside the lesson's kernel in one go: the slider's 121 positions, then numbers a
# learner types into its readout (moved to the nearest step of 0.1).
SWEEP = ("[(setattr(explorer.controls['z'], 'value', _z), dict(typed=_z, z=explorer.value('z'), "
         "text=explorer.message.value, titles=[ax.get_title() for ax in explorer.figure.axes], "
         "points=[ax.lines[2].get_xydata()[0] for ax in explorer.figure.axes]))[1] "
         "for _z in [round(-6 + 0.1 * _k, 10) for _k in range(121)] + [0.05, -0.04, 1e-17, 2.888, -2.18]]")


@pytest.fixture(scope="module")
def lesson_run():
    with Lesson("02_activation_functions") as lesson:
        lesson.widget("widgets.ActivationExplorer(", "explorer")
        lesson.run_rest()
        # Spoil the lesson's own activation objects: the explorer must not be reading them.
        lesson.run("for _f in layers.values():\n    _f.function = _f.derivative = lambda Z: Z * 0 + 7.0")
        shown = [lesson.get(SHOWN)]
        for z in Z_MOVES:
            lesson.run(f'explorer.controls["z"].value = {z!r}')
            shown.append(lesson.get(SHOWN))
        lesson.run("_png, plots.png = plots.png, lambda fig: b''")  # the sweep reads the figure, not its PNG: 40 s less
        sweep = lesson.get(SWEEP)
        lesson.run("plots.png = _png")
        yield dict(readings=shown, sweep=sweep)


@pytest.fixture(scope="module")
def readings(lesson_run):
    return lesson_run["readings"]


def test_the_slider_moves_z(readings):
    assert [r["z"] for r in readings] == pytest.approx([1.0] + Z_MOVES)


def test_the_text_gives_each_value_and_slope_at_z(readings):
    for r in readings:
        z, (values, slopes, _) = r["z"], plain(r["text"]).splitlines()
        for line, kind in ((values, "value f(z):"), (slopes, "slope f'(z):")):
            assert numbers_after(line, "at z =")[0] == pytest.approx(z, abs=0.051), line
            found = {name: float(v) for name, v in READING.findall(line.split(kind)[1])}
            assert list(found) == list(FORMULAS), line
            for name, (f, slope) in FORMULAS.items():
                expected = f(z) if kind.startswith("value") else slope(z)
                assert found[name] == pytest.approx(expected, abs=6e-4), (name, z, line)


def test_the_text_names_the_flat_tangents(readings):
    for r in readings:
        z, verdict = r["z"], plain(r["text"]).splitlines()[-1]
        clauses = verdict.split(";")
        exactly = next((c for c in clauses if "exactly flat" in c), "")
        nearly = next((c for c in clauses if "nearly flat" in c), "")
        for name, (_, slope) in FORMULAS.items():
            named = rf"\b{name}\b"
            assert bool(re.search(named, exactly)) == (slope(z) == 0), (name, z, verdict)
            assert bool(re.search(named, nearly)) == (0 < slope(z) < FLAT), (name, z, verdict)
        if all(slope(z) >= FLAT for _, slope in FORMULAS.values()):
            assert verdict.startswith("No tangent is flat"), verdict


def test_each_panel_draws_the_function_its_tangent_and_the_point(readings):
    for r in readings:
        z = r["z"]
        assert len(r["panels"]) == len(FORMULAS)
        for panel, (name, (f, slope)) in zip(r["panels"], FORMULAS.items()):
            x = np.array(panel["x"])
            assert np.allclose(panel["curve"], f(x), atol=1e-12), name
            assert np.allclose(panel["tangent"], f(z) + slope(z) * (x - z), atol=1e-12), (name, z)
            assert np.allclose(panel["point"], [[z, f(z)]], atol=1e-12), (name, z)
            low, high = panel["ylim"]
            assert low < f(z) < high, f"{name}: the point ({z}, {f(z):.3f}) is outside the panel {panel['ylim']}"
            assert panel["title"] == f"{name}({z:.1f}) = {f(z):.3f}\nslope = {slope(z):.3f}"


def test_every_position_of_the_slider_and_typed_numbers_are_told_truly(lesson_run):
    """The whole control space: at each z, every value, slope and verdict of the message, each panel's title and
    point, against the formulas above; a typed number is moved to the slider's nearest step, and the z written is
    the z computed with."""
    sweep = lesson_run["sweep"]
    assert [r["z"] for r in sweep[:121]] == pytest.approx(np.linspace(-6, 6, 121))
    for r in sweep:
        z, lines = r["z"], plain(r["text"]).splitlines()
        assert abs(z - r["typed"]) <= 0.05 + 1e-12 and z == round(z, 1), r["typed"]
        assert numbers_after(lines[0], "at z =")[0] == z and f"at z = {z:.1f}" in lines[0], (z, lines[0])
        assert "at z = -0.0" not in r["text"]
        for line, kind in ((lines[0], "value f(z):"), (lines[1], "slope f'(z):")):
            found = {name: float(v) for name, v in READING.findall(line.split(kind)[1])}
            for name, (f, slope) in FORMULAS.items():
                expected = f(z) if kind.startswith("value") else slope(z)
                assert found[name] == pytest.approx(expected, abs=5e-4), (name, z, line)
        clauses = lines[2].split(";")
        for title, point, (name, (f, slope)) in zip(r["titles"], r["points"], FORMULAS.items()):
            assert title == f"{name}({z:.1f}) = {f(z):.3f}\nslope = {slope(z):.3f}", (title, z)
            assert point == pytest.approx([z, float(f(z))]), (name, z)
            named = rf"(?<!\w){name}\b"
            assert any(re.search(named, c) for c in clauses if "exactly flat" in c) == (slope(z) == 0), (name, z)
            assert any(re.search(named, c) for c in clauses if "nearly flat" in c) == (0 < slope(z) < FLAT), (name, z)
        assert ("At the kink z = 0" in lines[2]) == (z == 0), (z, lines[2])
