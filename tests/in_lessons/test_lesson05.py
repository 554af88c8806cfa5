"""Lesson 05's learning-rate explorer, after the whole lesson has run: for every learning rate on its
slider, the verdict it prints and the loss curve it draws, against the closed-form answer.

Gradient descent on a quadratic with curvature c multiplies the distance to the minimum by r = 1 - c·lr
each step, so after t steps the distance is |r|^t of the start, and:
r > 0 goes straight down ("good" once within 2% of the start's distance, or at a pace that gets there within 20
steps; "too slow" before), r = 0 lands
in one step ("exact"), -1 <= r < 0 jumps from side to side ("oscillating"), r < -1 diverges.
For the parabola w² the curvature is 2; for the bowl (w1² + 10 w2²)/2 it is 1 along w1 and 10 across w2.
"""
import numpy as np
import pytest

from .lesson_kernel import Lesson
from .reading import plain

STEPS = 20
EXTREMES = [(steps, lr) for steps in (1, 100) for lr in (0.001, 0.6, 0.9, 2.0)]


def closed_form(c, lr, steps=STEPS):
    r = 1 - c * lr
    if abs(r) > 1:
        return "divergent"
    if r == 0:
        return "exact"
    if r < 0:
        return "oscillating"
    # there within 2%, or on its way at a pace that would get there within 20 steps: not too slow
    return "good" if r ** steps <= 0.02 or r ** 20 <= 0.02 else "too slow"


@pytest.fixture(scope="module")
def seen():
    """What the explorer shows for every learning rate of its slider, on each landscape."""
    with Lesson("05_gradient_descent") as lesson:
        lesson.widget("widgets.LearningRateExplorer(", "under_test")
        lesson.run_rest()
        rates = lesson.get("[value for _, value in under_test.controls['lr'].options]")
        shown = {}
        for landscape in ("parabola", "bowl", "bumpy"):
            lesson.run(f"under_test.controls['landscape'].value = {landscape!r}")
            shown[landscape, "default lr"] = lesson.get("under_test.value('lr')")
            for lr in rates:
                lesson.run(f"under_test.controls['lr'].value = {lr!r}")
                shown[landscape, lr] = lesson.get(
                    "dict(text=under_test.message.value, curve=under_test.figure.axes[1].lines[0].get_ydata(), "
                    "zeros=[l.get_xdata() for l in under_test.figure.axes[1].lines[1:]], "
                    "path=under_test.figure.axes[0].lines[-2].get_xydata())")
            for steps, lr in EXTREMES:  # both ends of the steps slider, at both ends of the rates and between
                lesson.run(f"under_test.controls['steps'].value = {steps}; under_test.controls['lr'].value = {lr!r}")
                shown[landscape, lr, steps] = lesson.get("under_test.text()")
            lesson.run(f"under_test.controls['steps'].value = {STEPS}")
        yield rates, shown


def test_the_slider_offers_the_edges_of_the_regimes(seen):
    rates, _ = seen
    assert {0.1, 0.2, 0.5, 1.0} <= set(rates) and min(rates) <= 0.001 and max(rates) >= 1.5


def test_parabola_verdicts_follow_one_minus_two_lr(seen):
    rates, shown = seen
    for lr in rates:
        text = plain(shown["parabola", lr]["text"])
        expected = closed_form(2, lr)
        assert f"lr = {lr:.3g}: {expected}:" in text, (lr, expected, text)


def test_parabola_loss_curve_is_w_squared_along_the_path(seen):
    rates, shown = seen
    for lr in rates:
        w = -4.0 * (1 - 2 * lr) ** np.arange(STEPS + 1)
        drawn = np.array(shown["parabola", lr]["curve"], dtype=float)
        expected = w ** 2
        finite = np.isfinite(expected) & (expected > 0)
        assert drawn[finite] == pytest.approx(expected[finite], rel=1e-9), lr
        if abs(1 - 2 * lr) <= 1:  # the path drawn on the curve visits exactly those weights
            assert np.array(shown["parabola", lr]["path"])[:, 0] == pytest.approx(w, abs=1e-12), lr
        if lr == 0.5:  # the loss is exactly 0 after the first step: marked on the bottom edge, not dropped
            assert np.all(expected[1:] == 0)
            assert list(shown["parabola", lr]["zeros"][0]) == list(range(1, STEPS + 1))


def test_bowl_verdicts_per_direction(seen):
    rates, shown = seen
    assert shown["bowl", "default lr"] == 0.15
    for lr in rates:
        text = plain(shown["bowl", lr]["text"])
        along = text.split("along w1")[1].split("\n")[0]
        across = text.split("along w2")[1]
        assert f": {closed_form(1, lr)}:" in along, (lr, text)
        assert f": {closed_form(10, lr)}:" in across, (lr, text)


def test_bowl_within_20_steps_no_rate_suits_both_directions(seen):
    # The lesson's "hard" question: not too slow along w1 without oscillating across w2. In 20 steps the
    # flat direction needs (1 - lr)^20 <= 0.02, i.e. lr >= 0.178, where the steep one already zig-zags.
    rates, _ = seen
    both = [lr for lr in rates if closed_form(1, lr) in ("good", "exact") and closed_form(10, lr) in ("good", "exact")]
    assert both == []
    assert [lr for lr in rates if closed_form(1, lr, 100) in ("good", "exact")
            and closed_form(10, lr, 100) in ("good", "exact")] == [0.05, 0.07, 0.1]


def test_bumpy_never_reaches_the_middle_valley_from_4_2(seen):
    # f = w²/4 + 1 - cos 2w: valleys at 0 (curvature 4.5) and near ±2.76 (curvature 3.39). Simulated here.
    rates, shown = seen
    for lr in rates:
        w = 4.2
        for _ in range(STEPS):
            w = w - lr * (w / 2 + 2 * np.sin(2 * w))
        text = plain(shown["bumpy", lr]["text"])
        assert "good" not in text and "exact" not in text, (lr, text)
        if abs(w - 2.7607) < 1e-3:
            assert text.startswith(f"lr = {lr:g}: stuck:") and "right-hand valley (2.76)" in text, (lr, text)
            assert "that is a side valley: the lowest point is at 0" in text, (lr, text)


def test_extreme_settings_follow_the_closed_form(seen):
    # One step, and the most steps: r = 1 - c·lr alone decides, as above; one step that jumps over the bottom
    # is "oscillating", never "too slow".
    _, shown = seen
    for steps, lr in EXTREMES:
        text = shown["parabola", lr, steps]
        assert text.startswith(f"lr = {lr:g}: {closed_form(2, lr, steps)}:"), (steps, text)
        bowl = shown["bowl", lr, steps]
        along, across = bowl.split("along w1")[1].split("\n")[0], bowl.split("along w2")[1]
        assert f": {closed_form(1, lr, steps)}:" in along and f": {closed_form(10, lr, steps)}:" in across, (steps, lr)
        assert " 1 steps" not in text


def test_bumpy_after_100_steps_says_where_it_bounces(seen):
    # Run here: at lr 0.6 it ends bouncing between 2.66 and 2.85 in the right-hand valley; at 0.9 it jumps
    # about the middle valley without settling; at 2 it jumps from one side valley to the other.
    _, shown = seen
    w = {lr: [4.2] for lr in (0.6, 0.9, 2.0)}
    for lr, path in w.items():
        for _ in range(100):
            path.append(path[-1] - lr * (path[-1] / 2 + 2 * np.sin(2 * path[-1])))
    tail = np.array(w[0.6][-11:])
    assert np.all((tail > 2.6) & (tail < 2.9)) and np.all(np.sign(tail[1:] - 2.7607) != np.sign(tail[:-1] - 2.7607))
    assert "right-hand valley (2.76)" in shown["bumpy", 0.6, 100] and "has not settled" in shown["bumpy", 0.6, 100]
    tail = np.array(w[0.9][-11:])
    assert np.all(np.abs(tail) < 1.8) and np.abs(np.diff(tail)).max() > 1
    assert "middle valley" in shown["bumpy", 0.9, 100] and "has not settled" in shown["bumpy", 0.9, 100]
    tail = np.array(w[2.0][-11:])
    assert np.all(np.abs(tail) > 3.9)
    assert shown["bumpy", 2.0, 100].startswith("lr = 2: between valleys: its last 10 steps jump between the left-hand "
                                                "and right-hand valleys")
