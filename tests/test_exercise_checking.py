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


# -- numbers are marked like a teacher marks them by hand ---------------------------------------------------

import pytest  # noqa: E402

from exercises.checking import agrees, array, judge, number, rounded, shape, whole_number  # noqa: E402


@pytest.mark.parametrize("answer, right", [
    (0.438, 0.437823), (0.437, 0.437823), (0.4378, 0.437823),   # rounded or cut off to 3 or more digits
    (1.31, 1.3125), (1.61, 1.6094), (1.6, 1.6094),              # 1.6 is 1.60, 1.6094 cut off
    (9.54e-7, 0.25 ** 10), (-0.2, -0.2), (2, 2.0), (0, 0.0),
])
def test_right_to_three_significant_digits(answer, right):
    assert agrees(answer, right)


@pytest.mark.parametrize("answer, right", [
    (0.44, 0.437823), (1.3, 1.3125), (1e-6, 0.25 ** 10), (0.439, 0.437823),
    (1e-9, 0.25 ** 10), (0.0, 0.25 ** 10), (1e-7, 0.0),   # tolerances are relative: tiny is not "right"
])
def test_not_right_to_three_significant_digits(answer, right):
    assert not agrees(answer, right)


def test_rounded_gives_rounded_and_cut_off_values():
    assert rounded(0.437823, 2) == pytest.approx(sorted({0.44, 0.43}))
    assert rounded(0.25 ** 10, 1) == pytest.approx([9e-7, 1e-6])
    assert rounded(-0.188, 2) == pytest.approx([-0.19, -0.18])
    assert rounded(-0.2, 2) == pytest.approx([-0.2])


WRONG = [(0.5, "that is the value, not the slope."), (0.188, "slope at the wrong place.")]


def test_judge_right_wrong_close_and_unknown():
    assert judge(0.25, 0.25, WRONG) is True
    assert judge(0.2501, 0.25, WRONG) is True
    with pytest.raises(Exception, match="the value, not the slope"):
        judge(0.5, 0.25, WRONG)
    with pytest.raises(Exception, match="the wrong place"):
        judge(0.19, 0.25, WRONG)                 # a wrong value rounded to 2 digits keeps its hint
    with pytest.raises(Exception, match=r"^Close! 0\.3 is near the answer, but give it to more digits"):
        judge(0.3, 0.25, WRONG)                  # the right value to 1 digit
    with pytest.raises(Exception, match=r"^Close! slope = 0\.252 .* round a number along the way"):
        judge(0.252, 0.25, WRONG, name="slope")  # within 5%, with 3 digits: rounded on the way
    with pytest.raises(Exception, match="the wrong place"):
        judge(0.186, 0.25, WRONG)                # near a wrong value, nearer than to the right one
    assert judge(0.3, 0.7, WRONG) is False       # unknown: the check gives its own hint


@pytest.mark.parametrize("answer", [np.float32(0.5), np.float64(0.5), np.array(0.5), [0.5], np.array([[0.5]]),
                                    np.int64(2), 2, 0.5])
def test_number_accepts_every_kind_of_number(answer):
    assert number(answer, "x") == float(np.asarray(answer).reshape(()))


@pytest.mark.parametrize("answer, words", [
    (None, "None. Did your function return its result?"),
    ("abc", "the text 'abc'."),
    ("0.44", "the text '0.44'. Leave out the quotes"),
    (["a", "b"], "the list ['a', 'b']"),
    (["0.5"], "the list ['0.5']"),
    ([0.5, None], "the list [0.5, None]"),
    ({"a": 1}, "a dictionary"),
    (True, "True, a yes/no value"),
    (print, "a function. Call it"),
])
def test_one_plain_message_for_answers_that_are_not_numbers(answer, words):
    for check in (lambda a: number(a, "the slope"), lambda a: array(a, "the slope"),
                  lambda a: whole_number(a, "the slope")):
        with pytest.raises(Exception) as info:
            check(answer)
        assert str(info.value).startswith("the slope should be ") and words in str(info.value)
    with pytest.raises(Exception, match="should be a number, like 3.7, but you gave"):
        number(answer, "the slope")


def test_check_double_says_none_plainly():
    assert "did your function return its result" in check_double(None).message.lower()


def test_nan_is_not_a_number():
    with pytest.raises(Exception, match="nan"):
        number(float("nan"), "x")


@pytest.mark.parametrize("answer", [37, 37.0, np.int64(37), np.array(37), [37], np.float32(37)])
def test_whole_number_accepts_every_kind_of_whole_number(answer):
    assert whole_number(answer, "n") == 37 and type(whole_number(answer, "n")) is int


def test_whole_number_refuses_fractions():
    with pytest.raises(Exception, match="37.5 is not a whole number. Because."):
        whole_number(37.5, "n", fraction_hint="Because.")


@pytest.mark.parametrize("answer, right", [((8, 8), (8, 8)), ([8, 8], (8, 8)), (64, (64,)), (np.int64(64), (64,)),
                                           (np.zeros((8, 8)).shape, (8, 8)), ((8.0, 8), (8, 8))])
def test_shape_accepts_tuples_lists_and_numbers(answer, right):
    assert shape(answer, "s") == right


@pytest.mark.parametrize("answer, words", [("88", "the text '88'"), (None, "None"), ((8.5, 8), "8.5 is not a whole"),
                                           (("8", "8"), "the text '8'"), (True, "yes/no")])
def test_shape_refuses_what_is_not_a_shape(answer, words):
    with pytest.raises(Exception, match=words):
        shape(answer, "s")
