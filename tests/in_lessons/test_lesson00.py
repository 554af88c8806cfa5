"""Lesson 00's Playground, after the whole lesson has run (a later cell trains it 100 epochs from code):
its counter, test loss, prediction picture and links against a forward pass written in the test."""
import pytest

from .lesson_kernel import Lesson
from .playground_checks import check_playground


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
