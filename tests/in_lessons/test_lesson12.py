"""Lesson 12's widgets, after the whole lesson has run. The Playground (no hidden layer, fed x1² and x2²) shows its
own network. The learning-curve explorer: at every size on its slider, the bars, the curves, the error bars and
the text show the learning curves the lesson measured, as they were when the explorer was made (the test then
overwrites the lesson's curves: the explorer keeps its own copy).
"""
import nbformat
import numpy as np
import pytest

from . import data_size_checks
from .lesson_kernel import NOTEBOOKS, Lesson
from .playground_checks import check_playground
from .reading import numbers_after, plain

SHOWN = ("dict(text=explorer.message.value, size=explorer.controls['size'].value, "
         "bars=[[t.get_text() for t in explorer.figure.axes[1].get_yticklabels()], "
         "      [p.get_width() for p in explorer.figure.axes[1].patches]], "
         "bar_texts=[t.get_text() for t in explorer.figure.axes[1].texts], "
         "lines={c.get_label(): [c.lines[0].get_xdata(), c.lines[0].get_ydata()] "
         "       for c in explorer.figure.axes[0].containers}, "
         "errorbars={c.get_label(): [s.tolist() for s in c.lines[2][0].get_segments()] "
         "           for c in explorer.figure.axes[0].containers}, "
         "marker=[l.get_xdata() for l in explorer.figure.axes[0].lines if l.get_label() == '_chosen size'], "
         "drawn=drawn_of(explorer.figure), "
         "title=explorer.figure.axes[1].get_title())")


@pytest.fixture(scope="module")
def kernel():
    with Lesson("12_deep_vs_classic") as lesson:
        lesson.widget("widgets.DataSizeExplorer(", "explorer")
        given = lesson.get("dict(sizes=sizes, curves=curves, spread=spread)")
        lesson.run_rest()
        yield lesson, given


def test_the_playground_shows_its_own_network_fed_the_squares(kernel):
    lesson, _ = kernel
    assert lesson.get("playground.network.sizes") == [2, 1]  # no hidden layer
    assert lesson.get("list(playground.value('features'))") == ["x1²", "x2²"]
    assert lesson.get("playground.trainer.epoch") == 100  # the lesson's cell trained it
    check_playground(lesson, "playground", steps=3)


def test_the_code_that_stands_in_for_the_playground_gives_what_the_playground_gives(kernel):
    """The lesson measures "switch x1 and x2 on, x1² and x2² off" with dlkit.mlp on the Playground's points: the
    Playground itself, so switched and trained as long, must reach the accuracies the lesson prints."""
    lesson, _ = kernel
    cell = next(c for c in nbformat.read(NOTEBOOKS / "12_deep_vs_classic.ipynb", as_version=4).cells
                if c.cell_type == "code" and "X_pg_train, y_pg_train" in c.source)
    printed = "".join(output.get("text", "") for output in cell.outputs)
    for depth, hidden in ((0, "0 hidden layers"), (2, "2 hidden layers")):
        line = next(row for row in printed.splitlines() if row.startswith(hidden))
        shown = numbers_after(line, "test accuracy")[0]
        reached = lesson.get(f"(lambda pg: (pg.controls['features'].__setattr__('value', ('x1', 'x2')), pg.train(100), "
                             f"pg.history.val_accuracy[-1])[-1])(widgets.Playground(dataset='circle', depth={depth}, "
                             f"features=('x1²', 'x2²')))")
        assert f"{reached:.3f}" == f"{shown:.3f}", (hidden, reached, line)


@pytest.fixture(scope="module")
def lesson(kernel):
    lesson, given = kernel
    lesson.run("for name in curves: curves[name][:] = 0.5; spread[name][:] = 0")  # the lesson's arrays change
    lesson.run(data_size_checks.DRAWN)
    shown = []
    for size in given["sizes"]:
        lesson.run(f"explorer.controls['size'].value = {size}")
        shown.append(lesson.get(SHOWN))
    return given, shown


def at(given, size):
    """Every model's measured score at one size, from the curves as the lesson computed them."""
    k = given["sizes"].index(size)
    return {name: scores[k] for name, scores in given["curves"].items()}


def test_the_slider_offers_the_measured_sizes(lesson):
    given, shown = lesson
    assert [s["size"] for s in shown] == given["sizes"] == [25, 50, 100, 200, 500, 1198]


def test_the_bars_are_the_curves_at_the_chosen_size(lesson):
    given, shown = lesson
    for state in shown:
        scores = at(given, state["size"])
        names, widths = state["bars"]
        assert names == list(given["curves"])
        assert widths == pytest.approx([scores[name] for name in names], abs=1e-12)
        assert state["bar_texts"] == [f"{scores[name]:.3f}" for name in names]
        assert str(state["size"]) in state["title"]


def test_the_text_ranks_the_models_with_their_scores(lesson):
    given, shown = lesson
    for state in shown:
        text = plain(state["text"])
        scores = at(given, state["size"])
        k = given["sizes"].index(state["size"])
        ranking = sorted(scores, key=scores.get, reverse=True)
        assert [name for name in sorted(scores, key=text.index)] == ranking, text
        for name in ranking:
            assert numbers_after(text, f"{name} ")[0] == pytest.approx(scores[name], abs=6e-4), text
            assert numbers_after(text, f"{name} {scores[name]:.3f} ±")[0] == pytest.approx(
                given["spread"][name][k], abs=6e-4)
        lead = data_size_checks.printed_lead(scores[ranking[0]], scores[ranking[1]])   # as a learner subtracts them
        noise = max(given["spread"][ranking[0]][k], given["spread"][ranking[1]][k])  # the larger spread of the two
        if lead > noise:  # a leader only when the lead is larger than the spread over the folds
            assert f"Leader: {ranking[0]}, {lead:.3f} ahead of {ranking[1]}" in text
        else:
            assert "Leader" not in text and "too close to call" in text.lower(), text
        assert f"with {state['size']} training images" in text


def test_the_curves_and_their_error_bars_are_the_measurements(lesson):
    given, shown = lesson
    for state in shown:
        for name, (x, y) in state["lines"].items():
            assert x == given["sizes"]
            assert y == pytest.approx(given["curves"][name], abs=1e-12)
            low_high = [(segment[0][1], segment[1][1]) for segment in state["errorbars"][name]]
            mean, spread = np.array(given["curves"][name]), np.array(given["spread"][name])
            assert np.array(low_high) == pytest.approx(np.column_stack([mean - spread, mean + spread]), abs=1e-12)
        assert state["marker"] == [[state["size"], state["size"]]]   # the line marks the chosen size


def test_at_every_size_the_text_and_the_picture_are_true_to_the_measured_curves(lesson):
    """The explorer's property test (tests/test_widgets_data_size.py), on the curves the lesson measured: every claim
    of its text, its curves in styles no class has, its bars from 0."""
    given, shown = lesson
    for state in shown:
        data_size_checks.check(state["text"], state["drawn"], given["sizes"], given["curves"], given["spread"],
                               state["size"])


def test_the_two_ends_answer_the_lessons_question(lesson):
    # The text around the explorer: what it says at 25 images and at 1,198 is what the lesson's text says it says.
    given, shown = lesson
    for state in (shown[0], shown[-1]):
        scores = at(given, state["size"])
        k = given["sizes"].index(state["size"])
        first, second = sorted(scores, key=scores.get, reverse=True)[:2]
        clear = data_size_checks.printed_lead(scores[first], scores[second]) > max(
            data_size_checks.as_printed(given["spread"][name][k]) for name in (first, second))
        assert (f"Leader: {first}" in plain(state["text"])) == clear, state["text"]
    # As the lesson's text says: too close to call at 25 images (the network's lead is within the spread), k nearest
    # neighbours ahead at 1,198.
    assert "Too close to call: deep network is" in plain(shown[0]["text"])
    assert "Leader: k nearest neighbours" in plain(shown[-1]["text"])


def test_the_penguin_species_have_the_course_colours(kernel):
    """k-means against the species (section 3): each species, and each cluster named after its species, in the colour
    that species has in every lesson (plots.SPECIES_COLOURS)."""
    lesson, _ = kernel
    lesson.run("from matplotlib.colors import to_rgb")
    palette = lesson.get("{n: to_rgb(plots.SPECIES_COLOURS[n]) for n in penguins.class_names}")
    drawn = lesson.get("[[(c.get_label(), to_rgb(c.get_facecolors()[0])) for c in ax.collections] for ax in axes]")
    clusters, species = drawn
    assert sorted(name for name, _ in species) == sorted(palette)
    assert all(np.allclose(rgb, palette[name]) for name, rgb in species), (species, palette)
    for label, rgb in clusters:  # "cluster 0 (mostly Adelie)"
        assert tuple(rgb) == pytest.approx(palette[label.split("mostly ")[1].rstrip(")")]), label


def test_the_pictures_of_the_neurons_show_their_colour_scales_and_the_text_reads_them_right(kernel):
    """Section 1's network drawn neuron by neuron: tanh neurons on -1..1 (white at 0), the sigmoid output on 0..1
    (white at 0.5, never negative). Each scale has its colour bar, and the text says what white means for each."""
    lesson, _ = kernel
    cells = lesson.notebook.cells
    k = next(k for k, c in enumerate(cells) if c.cell_type == "code" and "plots.draw_network(net, heatmaps=True" in c.source)
    bars = lesson.get(f"[[a.get_xlabel() + a.get_ylabel(), a._colorbar.norm.vmin, a._colorbar.norm.vmax] "
                      f"for a in Out[{cells[k].execution_count}].axes if a.get_label() == '<colorbar>']")
    assert [(low, high) for _, low, high in bars] == [(-1, 1), (0, 1)], bars
    assert "tanh" in bars[0][0] and "sigmoid" in bars[1][0], bars
    text = " ".join(next(c.source for c in cells[k + 1:] if c.cell_type == "markdown").split())
    assert "white at 0.5" in text and "white at 0" in text and "never negative" in text, text
