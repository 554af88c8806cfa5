"""The learning-curve explorer (lesson 12) without a kernel: it checks its data, copies it, and follows its slider."""
import numpy as np
import pytest

from dlkit import widgets

SIZES = np.array([10, 100, 1000])
CURVES = {"line": np.array([0.6, 0.7, 0.72]), "net": np.array([0.5, 0.8, 0.95])}
SPREAD = {"line": np.array([0.05, 0.02, 0.01]), "net": np.array([0.1, 0.03, 0.01])}


def test_bad_arguments_say_what_was_expected():
    with pytest.raises(ValueError, match="smallest first"):
        widgets.DataSizeExplorer([100, 10], CURVES)
    with pytest.raises(ValueError, match=r"curves\['net'\] should hold one number per size"):
        widgets.DataSizeExplorer(SIZES, {**CURVES, "net": [0.5, 0.8]})
    with pytest.raises(TypeError, match="dictionary"):
        widgets.DataSizeExplorer(SIZES, [0.5, 0.6, 0.7])
    with pytest.raises(ValueError, match="not one of the measured sizes"):
        widgets.DataSizeExplorer(SIZES, CURVES, size=50)


def test_the_slider_moves_the_bars_and_the_text():
    explorer = widgets.DataSizeExplorer(SIZES, CURVES, SPREAD)
    assert "Too close to call: line is 0.100 ahead of net" in explorer.text()  # not more than net's spread, 0.1
    assert "line 0.600 ± 0.050" in explorer.text()
    before = explorer.png()
    explorer.controls["size"].value = 1000
    assert "Leader: net, 0.230 ahead of line" in explorer.text()
    assert [p.get_width() for p in explorer.figure.axes[1].patches] == pytest.approx([0.72, 0.95])
    assert explorer.png() != before
    assert explorer.at(100) == {"line": 0.7, "net": 0.8}


def test_it_keeps_a_copy_of_the_curves_and_works_without_spread():
    curves = {name: values.copy() for name, values in CURVES.items()}
    explorer = widgets.DataSizeExplorer(SIZES, curves, size=100)
    curves["net"][:] = 0     # the lesson's arrays change afterwards
    explorer.controls["size"].value = 10
    explorer.controls["size"].value = 100
    assert explorer.at(100)["net"] == 0.8 and "±" not in explorer.text()


# -- A leader is named only when the lead is larger than the spread over the folds ----------------------------------

def verdict_by_hand(curves, spread, k):
    """(first, second, lead, larger spread of the two) at size index k, computed here from the numbers as printed."""
    order = sorted(curves, key=lambda name: -curves[name][k])
    first, second = order[0], order[1]
    lead = round(float(f"{curves[first][k]:.3f}") - float(f"{curves[second][k]:.3f}"), 3)
    return first, second, lead, max(float(f"{spread[first][k]:.3f}"), float(f"{spread[second][k]:.3f}"))


def test_the_verdict_is_true_at_every_size():
    # The learners' case (0.005 ahead, spread 0.007), a clear lead, a tie, and a lead just above the spread.
    sizes = [25, 50, 100, 200, 500]
    curves = {"forest": np.array([0.640, 0.80, 0.90, 0.950, 0.970]),
              "net": np.array([0.635, 0.70, 0.90, 0.930, 0.900]),
              "line": np.array([0.500, 0.60, 0.70, 0.800, 0.850])}
    spread = {"forest": np.array([0.007, 0.01, 0.01, 0.005, 0.002]),
              "net": np.array([0.004, 0.02, 0.02, 0.030, 0.002]),
              "line": np.array([0.050, 0.05, 0.05, 0.050, 0.050])}
    explorer = widgets.DataSizeExplorer(sizes, curves, spread)
    for k, size in enumerate(sizes):
        explorer.controls["size"].value = size
        text = explorer.text()
        first, second, lead, noise = verdict_by_hand(curves, spread, k)
        if lead == 0:  # a tie is level, whatever the spread
            assert f"Level: {first} and {second} both score {curves[first][k]:.3f}" in text, (size, text)
        elif lead > noise:
            assert f"Leader: {first}, {lead:.3f} ahead of {second}" in text, (size, text)
            assert "too close to call" not in text.lower()
        else:
            assert "Leader" not in text, (size, text)
            assert "too close to call" in text.lower() and f"{lead:.3f}" in text and f"{noise:.3f}" in text
    explorer.controls["size"].value = 25  # the learners' case: 0.005 ahead with a spread of 0.007
    assert "Leader" not in explorer.text() and "Too close to call" in explorer.text()


def test_the_lead_is_the_difference_of_the_scores_as_printed():
    """The learners' find: 0.638 and 0.595 printed, "0.042 ahead" (0.6376 - 0.5954 = 0.0422). A learner subtracts the
    numbers on the screen: 0.043. And scores that print the same are level, not "0.000 ahead"."""
    explorer = widgets.DataSizeExplorer([25, 50], {"deep": [0.6376, 0.9004], "line": [0.5954, 0.8996]},
                                        {"deep": [0.05, 0.0], "line": [0.04, 0.0]})
    assert "deep 0.638 ± 0.050, line 0.595 ± 0.040" in explorer.text()
    assert "deep is 0.043 ahead of line" in explorer.text(), explorer.text()
    explorer.controls["size"].value = 50
    assert "Level: deep and line both score 0.900 (to 3 decimals)" in explorer.text(), explorer.text()


def test_without_a_spread_the_ranking_is_all_it_says():
    explorer = widgets.DataSizeExplorer(SIZES, CURVES, size=1000)
    assert "Leader: net, 0.230 ahead of line" in explorer.text()


# -- Every size, for curves that make each message come up: the text and the picture against the curves given ------

from in_lessons import data_size_checks  # noqa: E402  (shared with lesson 12's test)

SIZES5 = [25, 50, 100, 200, 500]
CASES = {
    # name: (curves, spread): ties, leads that round to 0.000, a lead equal to the spread, scores at 0 and at 1
    "tied, then rounding to a tie, then clear": (
        {"a": [0.5, 0.9001, 0.7, 0.9, 1.0], "b": [0.5, 0.9004, 0.69, 0.95, 1.0], "c": [0.2, 0.1, 0.7, 0.0, 0.98]},
        {"a": [0.0, 0.0, 0.01, 0.05, 0.0], "b": [0.0, 0.0, 0.02, 0.05, 0.0], "c": [0.1, 0.1, 0.1, 0.0, 0.02]}),
    "no spread": ({"a": [0.5, 0.6, 0.7, 0.8, 0.9], "b": [0.5, 0.7, 0.6999, 0.8004, 0.0]}, None),
    "one model": ({"only": [0.1, 0.2, 0.3, 0.4, 0.5]}, {"only": [0.01] * 5}),
    "eight models": ({f"m{j}": [0.1 * j, 0.5, 0.9 - 0.1 * j, 0.6, 0.6 + 0.01 * j] for j in range(8)},
                     {f"m{j}": [0.01] * 5 for j in range(8)}),
}


@pytest.fixture
def no_png(monkeypatch):
    from dlkit import plots
    monkeypatch.setattr(plots, "png", lambda fig: b"")  # the figure's numbers are read; its PNG is not needed


@pytest.mark.usefixtures("no_png")
@pytest.mark.parametrize("case", list(CASES))
def test_every_size_says_and_draws_what_the_curves_hold(case):
    curves, spread = CASES[case]
    explorer = widgets.DataSizeExplorer(SIZES5, curves, spread)
    for size in SIZES5[::-1]:  # from the end the explorer does not start at
        explorer.controls["size"].value = size
        facts = data_size_checks.drawn(explorer)
        data_size_checks.check(explorer.message.value, facts, SIZES5, curves, spread, size)


def test_the_lessons_case_of_a_bar_chart_from_0():
    """The learners' find: the bars' axis started at 0.406 (the lowest score less 0.08), so a bar's length was not its
    score."""
    explorer = widgets.DataSizeExplorer(SIZES, {"a": [0.486, 0.7, 0.9], "b": [0.6, 0.8, 0.95]}, size=10)
    assert explorer.figure.axes[1].get_xlim()[0] == 0


def test_more_models_than_it_can_tell_apart_are_refused():
    with pytest.raises(ValueError, match="at most 8"):
        widgets.DataSizeExplorer(SIZES, {f"m{j}": [0.5, 0.6, 0.7] for j in range(9)})
