"""Lesson 00's Playground, after the whole lesson has run (a later cell trains it 100 epochs from code):
its counter, test loss, prediction picture and links against a forward pass written in the test."""
import pytest

from .lesson_kernel import Lesson
from .playground_checks import check_playground
from .reading import numbers_after


@pytest.fixture(scope="module")
def lesson():
    with Lesson("00_welcome") as lesson:
        lesson.run_rest()
        yield lesson


def test_the_playground_shows_its_own_network_after_the_lesson(lesson):
    assert lesson.get("playground.trainer.epoch") == 100  # the lesson's cell trained it
    check_playground(lesson, "playground", steps=3)


def test_changing_depth_rebuilds_and_still_shows_the_truth(lesson):
    lesson.run("playground.controls['depth'].value = 3")
    assert lesson.get("playground.network.sizes") == [2, 4, 4, 4, 1]
    check_playground(lesson, "playground", steps=2)


def test_the_hand_written_rule_is_read_off_the_pictures_axes(lesson):
    # The pictures plot X_test, the inputs divided by 6: the radius a person reads off them is the rule's.
    text = next(c.source for c in lesson.notebook.cells if c.cell_type == "markdown" and "closer than" in c.source)
    radius = numbers_after(" ".join(text.split()), "closer than")[0]
    right = lesson.get(f"float(np.mean((np.hypot(X_test[:, 0], X_test[:, 1]) < {radius}) == y_test))")
    rule_cell = next(c for c in lesson.notebook.cells if c.cell_type == "code" and "hand-written rule" in c.source)
    printed = "".join(o.get("text", "") for o in rule_cell.outputs)
    assert right > 0.9 and f"hand-written rule: {right:.0%} of the test points right" in printed


# Every control at its ends, and every data set and activation, in the lesson's own Playground: each time what its
# view was sent is the truth about the network drawn (check_playground: weights, pictures, train and test numbers).
ENDS = [dict(depth=0), dict(depth=10, width=1), dict(depth=1, width=32), dict(dataset="xor", activation="relu"),
        dict(dataset="spiral", classes=5, activation="sigmoid"), dict(dataset="gaussian", classes=3, activation="linear"),
        dict(dataset="moons", activation="leaky_relu", batch_size=1, lr=10.0), dict(dataset="plane", depth=2),
        dict(dataset="circle", optimizer="adam", l1=0.3, l2=0.3, batch_size=50, noise=0.5, train_ratio=0.1)]


@pytest.mark.parametrize("settings", ENDS, ids=[",".join(f"{k}={v}" for k, v in s.items()) for s in ENDS])
def test_at_the_ends_of_its_controls_it_still_shows_the_truth(lesson, settings):
    # Each case from the lesson's own setup, as a learner pasting a share code would set it (not after the last case).
    lesson.run("from dlkit.widgets.playground import encode_state\n"
               "_start = _start if '_start' in dir() else playground.state()\n"
               f"playground.controls['share'].value = encode_state({{**_start, **{settings!r}}})")
    assert all(lesson.get(f"playground.value({name!r})") == value for name, value in settings.items())
    lesson.run("playground.controls['step'].click()")
    if lesson.get("playground.history.diverged"):
        return  # nothing more to train; test_widgets_playground_space checks what a blow-up sends
    check_playground(lesson, "playground", steps=1)
