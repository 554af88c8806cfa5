"""Lesson 04's loss walk, after the whole lesson has run: at every (w1, w2) the test moves it to, the loss,
the fraction right, the prediction over the plane, the decision line and the map of the loss are checked
against numpy maths done here on the penguins the explorer was given (a sigmoid node, mean binary
cross-entropy).

(The widget this replaces read the lesson's ``node``, ``X`` and ``y`` live. The test spoils all three
after the lesson has run, so an explorer that did not keep its own copies would show wrong numbers.)
"""
import re

import numpy as np
import pytest

from .lesson_kernel import Lesson
from .reading import numbers_after, plain

MOVES = [(0.0, 0.0), (6.25, -1.5), (3.0, 0.0), (-10.0, 10.0), (1.5, -7.25), (0.0, 2.5)]  # after the start (-4, 4)
SHOWN = ("dict(w=(walk.value('w1'), walk.value('w2')), text=walk.message.value, "
         "titles=[ax.get_title() for ax in walk.figure.axes], "
         "image=walk.figure.axes[0].images[0].get_array().filled(np.nan), "
         "extent=walk.figure.axes[0].images[0].get_extent(), "
         "boundary=walk.boundary.get_xydata(), dot=walk.dot.get_xydata(), "
         "star=walk.figure.axes[1].lines[0].get_xydata())")


# What a map's markers look like, and its colour bars: (marker, face colour, edge colour) of each line, as RGBA.
MARKS = ("dict(marks=[(l.get_marker(), to_rgba(l.get_markerfacecolor()) if l.get_markerfacecolor() != 'none' else None, "
         "to_rgba(l.get_markeredgecolor())) for l in {fig}.axes[0 if {fig} is fig else 1].lines], "
         "bars=[(ax._colorbar.norm.vmin, ax._colorbar.norm.vmax, ax.get_ylabel()) for ax in {fig}.axes "
         "if ax.get_label() == '<colorbar>'])")


# The whole control space, swept inside the lesson's kernel in one go: both sliders at every other step (41 x 41
# settings, both ends and 0 among them), the message, titles, dot, line and the note on the picture at each.
SWEEP = ("[(setattr(walk.controls['w1'], 'value', _a), setattr(walk.controls['w2'], 'value', _b), "
         "dict(w=(walk.value('w1'), walk.value('w2')), text=walk.message.value, "
         "titles=[ax.get_title() for ax in walk.axes], note=walk.flat.get_text(), "
         "boundary=walk.boundary.get_xydata(), dot=walk.dot.get_xydata()))[2] "
         "for _a in _np.linspace(-10, 10, 41).tolist() for _b in _np.linspace(-10, 10, 41).tolist()]")
BARS = "[(ax._colorbar.norm.vmin, ax._colorbar.norm.vmax, ax.get_ylabel()) for ax in walk.figure.axes " \
       "if ax.get_label() == '<colorbar>']"


@pytest.fixture(scope="module")
def lesson():
    with Lesson("04_error_and_loss") as lesson:
        lesson.widget("widgets.LossWalk(", "walk")
        given = lesson.get("dict(X=X, y=y, b=node.dense_layers[0].b)")  # what the explorer was given, as it was
        lesson.run("from matplotlib.colors import to_rgba")
        given["figure"] = lesson.get(MARKS.format(fig="fig"))  # the lesson's own map, drawn just above the widget
        lesson.run_rest()
        lesson.run("X[:] = 0.0\ny[:] = 1\nnode.dense_layers[0].b[:] = 3.0\nnode.dense_layers[0].W[:] = 0.0")
        shown = [lesson.get(SHOWN)]
        for w1, w2 in MOVES:
            lesson.run(f'walk.controls["w1"].value = {w1!r}\nwalk.controls["w2"].value = {w2!r}')
            shown.append(lesson.get(SHOWN))
        landscape = lesson.get("dict(ws=walk.ws, L=walk.landscape)")
        landscape["figure"] = lesson.get(MARKS.format(fig="walk.figure"))
        lesson.run("import numpy as _np\n_png, plots.png = plots.png, lambda fig: b''")  # read the figure, not its PNG
        landscape["sweep"] = lesson.get(SWEEP)
        landscape["bars"] = lesson.get(BARS)
        lesson.run("plots.png = _png")
        yield given, shown, landscape


def by_numpy(X, y, b, w1, w2):
    """Mean binary cross-entropy of sigmoid(X w + b), and the fraction right (class 1 when p >= 0.5, z >= 0)."""
    z = X @ np.array([w1, w2]) + b
    loss = np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))  # -ln p and -ln(1 - p), stably
    return loss, np.mean((z >= 0) == (y == 1)), int(np.sum((z >= 0) == (y == 1)))


def data(given):
    return np.array(given["X"]), np.array(given["y"]), float(np.array(given["b"])[0])


def test_the_sliders_set_the_weights(lesson):
    _, shown, _ = lesson
    assert [tuple(r["w"]) for r in shown] == [(-4.0, 4.0)] + MOVES


def test_the_text_gives_the_loss_and_the_fraction_right(lesson):
    given, shown, _ = lesson
    X, y, b = data(given)
    assert b == 0.0 and X.shape == (219, 2)  # the lesson's node: bias 0, on 219 penguins
    for r in shown:
        loss, right, k = by_numpy(X, y, b, *r["w"])
        text = plain(r["text"])
        assert numbers_after(text, "loss =")[0] == pytest.approx(loss, abs=6e-4), (r["w"], text)
        percent, count, total = map(int, re.search(r"(\d+)% right \((\d+) of (\d+)\)", text).groups())
        assert (percent, count, total) == (round(100 * right), k, len(y)), (r["w"], text)
        assert numbers_after(text, "w =") == pytest.approx(r["w"]), text
        assert r["titles"][0] == f"the node's prediction: {right:.0%} right"
        assert r["titles"][1].startswith(f"loss at ({r['w'][0]:.2f}, {r['w'][1]:.2f}) = {loss:.3f}")


def test_the_picture_shows_the_prediction_line_and_position(lesson):
    given, shown, _ = lesson
    X, y, b = data(given)
    for r in shown:
        w1, w2 = r["w"]
        image, (x_low, x_high, y_low, y_high) = np.array(r["image"]), r["extent"]
        # The plane spans the penguins (standardised, so about -3 to 3), bottom row first.
        assert x_low < X[:, 0].min() and X[:, 0].max() < x_high and y_low < X[:, 1].min() and X[:, 1].max() < y_high
        x1, x2 = np.meshgrid(np.linspace(x_low, x_high, image.shape[1]), np.linspace(y_low, y_high, image.shape[0]))
        assert np.allclose(image, 1 / (1 + np.exp(-(w1 * x1 + w2 * x2 + b))), atol=1e-12), r["w"]
        line = np.array(r["boundary"])
        if (w1, w2) == (0.0, 0.0):
            assert line.size == 0  # z = b everywhere: no decision line to draw
        else:
            assert len(line) == 2 and np.allclose(line @ [w1, w2] + b, 0, atol=1e-9), r["w"]
        assert np.allclose(r["dot"], [[w1, w2]])


def test_the_map_is_the_loss_over_the_grid_and_its_star_the_lowest_point(lesson):
    given, shown, landscape = lesson
    X, y, b = data(given)
    ws, L = np.array(landscape["ws"]), np.array(landscape["L"])
    assert np.allclose(ws, np.linspace(-10, 10, 81))
    w1, w2 = np.meshgrid(ws, ws)  # L[i, j]: w1 = ws[j], w2 = ws[i]
    z = X @ np.stack([w1.ravel(), w2.ravel()]) + b  # (219, 81 * 81)
    expected = np.mean(y[:, None] * np.logaddexp(0, -z) + (1 - y[:, None]) * np.logaddexp(0, z), axis=0)
    assert np.allclose(L, expected.reshape(81, 81), rtol=1e-9, atol=1e-12)
    best = np.unravel_index(expected.argmin(), (81, 81))
    lowest = (ws[best[1]], ws[best[0]])
    for r in shown:
        assert np.allclose(r["star"], [lowest])
        text = plain(r["text"])
        assert numbers_after(text, "Lowest loss on the map:")[0] == pytest.approx(expected.min(), abs=6e-4)
        assert numbers_after(text, "at w =") == pytest.approx(lowest)
    # The lesson's own search of the same grid printed this: the map and the lesson tell one story.
    assert lowest == (6.25, -1.5) and f"{expected.min():.3f}" == "0.169"


def test_the_map_has_a_colour_bar_and_the_lesson_and_widget_mark_the_minimum_alike(lesson):
    """One meaning, one look (CONTRIBUTING.md, "Colours"): the star of the lowest loss is the same in the lesson's
    figure and in the widget, and the widget's "you are here" looks like neither; both maps carry a colour bar."""
    given, _, landscape = lesson
    L = np.array(landscape["L"])
    lesson_marks, widget_marks = given["figure"]["marks"], landscape["figure"]["marks"]
    stars = [m for m in lesson_marks if m[0] == "*"]
    assert len(stars) == 1 and stars[0] in widget_marks
    you = [m for m in widget_marks if m[0] == "o"]
    assert len(you) == 1 and you[0][2] != stars[0][2] and you[0][2] != stars[0][1]
    (low, high, label), = [bar for bar in landscape["figure"]["bars"] if "loss" in bar[2]]
    assert (low, high) == pytest.approx((L.min(), L.max())) and "loss" in label
    assert len(given["figure"]["bars"]) == 1 and "loss" in given["figure"]["bars"][0][2]


def test_every_setting_of_both_sliders_is_told_truly(lesson):
    """At every other step of both sliders: the weights, loss, share right and count, the titles, the dot and the
    decision line against numpy; where p is exactly 0.5 (at w = (0, 0): every penguin, z = b = 0), the message and
    the picture say which species a tie counts as (Chinstrap: p >= 0.5 is class 1), since no colour or line can."""
    given, _, landscape = lesson
    X, y, b = data(given)
    sweep = landscape["sweep"]
    ws = np.linspace(-10, 10, 41)
    assert [tuple(r["w"]) for r in sweep] == [(a, c) for a in ws for c in ws]
    for r in sweep:
        w1, w2 = r["w"]
        loss, right, k = by_numpy(X, y, b, w1, w2)
        ties = int(np.sum(X @ np.array([w1, w2]) + b == 0))
        text = plain(r["text"])
        assert numbers_after(text, "w =") == [w1, w2] and numbers_after(text, "loss =")[0] == pytest.approx(loss, abs=5e-4)
        percent, count, total = map(int, re.search(r"(\d+)% right \((\d+) of (\d+)\)", text).groups())
        assert (count, total) == (k, len(y)) and abs(percent - 100 * right) <= 0.5, (r["w"], text)
        assert r["titles"][0] == f"the node's prediction: {percent}% right"
        assert r["titles"][1].startswith(f"loss at ({w1:.2f}, {w2:.2f}) = {loss:.3f}")
        assert np.allclose(r["dot"], [[w1, w2]])
        assert ("(ŷ ≥ 0.5 counts as Chinstrap)" in text) == (ties > 0), (r["w"], text)
        if (w1, w2) == (0.0, 0.0):
            assert ties == len(y) and k == np.sum(y == 1) == 68  # every penguin a tie, counted as Chinstrap
            told = "ŷ = 0.500 everywhere (no decision line): every point counted as Chinstrap"
            assert told in text and told in r["note"].replace("\n", " ") and len(r["boundary"]) == 0, (text, r["note"])
        else:
            line = np.array(r["boundary"])
            assert r["note"] == "" and len(line) == 2 and np.allclose(line @ [w1, w2] + b, 0, atol=1e-9), r["w"]


def test_the_prediction_has_a_colour_bar_from_0_to_1(lesson):
    _, _, landscape = lesson
    probability = [bar for bar in landscape["bars"] if "probability" in bar[2]]
    assert probability == [[0.0, 1.0, "ŷ, the probability of Chinstrap"]]
