"""Lesson 03's depth-and-width explorer, after the whole lesson has run: for every setting the test moves
it to, the sizes and parameter count it writes, and the nodes and links it draws, are checked against
the shape rule done here by hand: a Dense layer with n_in inputs and n_out nodes has (n_in + 1)·n_out
parameters and n_in·n_out links.
"""
from collections import Counter

import pytest

from .lesson_kernel import Lesson
from .reading import plain
from test_widgets_network_shape import check_text as check_message

SETTINGS = [(0, 1), (0, 16), (1, 8), (3, 8), (10, 8), (20, 16), (6, 1)]  # (depth, width) after the start (2, 4)
SHOWN = ("dict(depth=explorer.value('depth'), width=explorer.value('width'), text=explorer.message.value, "
         "drawn={type(c).__name__: (len(c.get_paths()) if type(c).__name__ == 'PatchCollection' else "
         "len(c.get_segments())) for c in explorer.figure.axes[0].collections}, "
         "node_x=[float(np.mean(p.vertices[:, 0])) for c in explorer.figure.axes[0].collections "
         "if type(c).__name__ == 'PatchCollection' for p in c.get_paths()])")


# The whole control space, swept inside the lesson's kernel in one go: every depth (0-20) x every width (1-16), the
# message only (drawing 336 networks would take a minute; the drawings are checked at the settings above).
SWEEP = ("[(setattr(explorer.controls['depth'], 'value', _d), setattr(explorer.controls['width'], 'value', _w), "
         "dict(depth=explorer.value('depth'), width=explorer.value('width'), text=explorer.message.value))[2] "
         "for _d in range(21) for _w in range(1, 17)]")


@pytest.fixture(scope="module")
def lesson_run():
    with Lesson("03_layers_and_forward_propagation") as lesson:
        lesson.widget("widgets.NetworkShapeExplorer(", "explorer")
        lesson.run_rest()
        shown = [lesson.get(SHOWN)]
        for depth, width in SETTINGS:
            lesson.run(f'explorer.controls["depth"].value = {depth}\nexplorer.controls["width"].value = {width}')
            shown.append(lesson.get(SHOWN))
        lesson.run("_draw, plots.draw_network = plots.draw_network, lambda net, ax=None: None\n"
                   "_png, plots.png = plots.png, lambda fig: b''")
        sweep = lesson.get(SWEEP)
        lesson.run("plots.draw_network, plots.png = _draw, _png")
        yield dict(readings=shown, sweep=sweep)


@pytest.fixture(scope="module")
def readings(lesson_run):
    return lesson_run["readings"]


def by_hand(depth, width):
    sizes = [2] + [width] * depth + [1]
    pairs = list(zip(sizes, sizes[1:]))
    return sizes, sum((n_in + 1) * n_out for n_in, n_out in pairs), sum(n_in * n_out for n_in, n_out in pairs)


def test_the_sliders_set_depth_and_width(readings):
    assert [(r["depth"], r["width"]) for r in readings] == [(2, 4)] + SETTINGS


def check_text(r):
    """The message checked as the widget's own test checks it, here on what the lesson's explorer showed."""
    check_message(plain(r["text"]), r["depth"], r["width"])


def test_the_text_gives_the_sizes_and_the_parameter_count(readings):
    for r in readings:
        check_text(r)


def test_every_setting_of_depth_and_width_is_told_truly(lesson_run):
    sweep = lesson_run["sweep"]
    assert [(r["depth"], r["width"]) for r in sweep] == [(d, w) for d in range(21) for w in range(1, 17)]
    for r in sweep:
        check_text(r)


def test_the_drawing_has_one_node_per_unit_and_one_link_per_weight(readings):
    for r in readings:
        sizes, _, links = by_hand(r["depth"], r["width"])
        assert r["drawn"]["LineCollection"] == links, (sizes, r["drawn"])
        assert r["drawn"]["PatchCollection"] == sum(sizes), (sizes, r["drawn"])
        per_column = Counter(int(round(x)) for x in r["node_x"])  # column k is drawn at x = k
        assert [per_column[k] for k in range(len(sizes))] == sizes


def test_the_lesson_depth_20_width_16_question_has_its_answer_on_screen(readings):
    # The lesson asks: "depth 20, width 16: how many parameters?"
    r = next(r for r in readings if (r["depth"], r["width"]) == (20, 16))
    assert "5233 parameters" in plain(r["text"])
    assert 2 * 16 + 16 + 19 * (16 * 16 + 16) + 16 + 1 == 5233  # the answer, worked out here
    assert by_hand(20, 16)[1] == 5233
