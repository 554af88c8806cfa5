"""Lesson 08's Playground (it starts with no hidden layer), after the whole lesson has run."""
import pytest

from .lesson_kernel import Lesson
from .playground_checks import check_playground


@pytest.fixture(scope="module")
def lesson():
    with Lesson("08_hidden_layers_and_depth") as lesson:
        lesson.run_rest()
        yield lesson


def test_no_hidden_layer_then_two(lesson):
    assert lesson.get("playground.network.sizes") == [2, 1]
    check_playground(lesson, "playground", steps=3)
    lesson.run("playground.controls['depth'].value = 2")
    assert lesson.get("playground.network.sizes") == [2, 3, 3, 1]
    check_playground(lesson, "playground", steps=3)
