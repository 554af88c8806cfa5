"""The shared exercise machinery: not attempted, correct, hints, and errors turned into hints."""
import numpy as np

from exercises.checking import Hint, close, exercise


@exercise
def check_double(answer, x=3):
    close(answer, 2 * x, "twice x")
    return "2x it is."


def test_not_attempted_correct_and_hint():
    assert check_double(...).status == "not attempted"
    assert "Not attempted yet" in repr(check_double(...))
    result = check_double(6)
    assert result.correct and "Correct" in repr(result) and "2x it is." in repr(result)
    wrong = check_double(5)
    assert wrong.status == "hint" and "twice x is not right yet" in wrong.message and not wrong


def test_shape_and_type_mistakes_become_hints():
    assert "shape ()" in check_double(np.array([6, 6])).message
    assert "should be a number" in check_double("six").message


def test_an_error_inside_the_answer_becomes_a_hint():
    @exercise
    def check_call(f):
        if f(2) != 4:
            raise Hint("f(2) should be 4")

    assert check_call(lambda x: x * x).correct
    result = check_call(lambda x: x / 0)
    assert result.status == "hint" and "ZeroDivisionError" in result.message
