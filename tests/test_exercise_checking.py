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

from exercises.checking import (agrees, array, judge, number, rounded, shape, significant_digits,  # noqa: E402
                                whole_number)


@pytest.mark.parametrize("answer, right", [
    (0.438, 0.437823), (0.437, 0.437823), (0.4378, 0.437823), (0.44, 0.437823),   # rounded or cut off, 2+ digits
    (1.3, 1.3125), (1.31, 1.3125), (1.312, 1.3125), (1.6, 1.6094), (1.61, 1.6094),
    (9.5e-7, 0.25 ** 10), (9.54e-7, 0.25 ** 10), (-0.2, -0.2), (2, 2.0), (2.0, 2), (0, 0.0), (0.6, 0.1 * 6),
])
def test_right_is_the_value_to_the_digits_given(answer, right):
    assert agrees(answer, right)


@pytest.mark.parametrize("answer, right", [
    (1e-6, 0.25 ** 10), (0.439, 0.437823), (0.43, 0.437823), (1.32, 1.3125), (2.01, 2), (1.99, 2), (0.4, 0.437823),
    (1e-9, 0.25 ** 10), (0.0, 0.25 ** 10), (1e-7, 0.0),   # tolerances are relative: tiny is not "right"
])
def test_not_right_to_the_digits_given(answer, right):
    assert not agrees(answer, right)


@pytest.mark.parametrize("answer, digits", [(0.25, 2), (9.5e-7, 2), (1600, 2), (2.0, 1), (2.01, 3), (0.4378, 4),
                                            (-1.3125, 5), (0.1 * 3, 17)])
def test_significant_digits_typed(answer, digits):
    assert significant_digits(answer) == digits


def test_rounded_gives_rounded_and_cut_off_values():
    assert rounded(0.437823, 2) == pytest.approx(sorted({0.44, 0.43}))
    assert rounded(0.25 ** 10, 1) == pytest.approx([9e-7, 1e-6])
    assert rounded(-0.188, 2) == pytest.approx([-0.19, -0.18])
    assert rounded(-0.2, 2) == pytest.approx([-0.2])


WRONG = [(0.5, "that is the value, not the slope."), (0.188, "slope at the wrong place.")]


def _verdict(answer, right, wrong=WRONG, **kw):
    try:
        return "right" if judge(answer, right, wrong, **kw) else "wrong"
    except Exception as hint:
        return "close" if str(hint).startswith("Close!") else str(hint)


def test_judge_right_wrong_close_and_unknown():
    assert judge(0.25, 0.25, WRONG) is True
    with pytest.raises(Exception, match="the value, not the slope"):
        judge(0.5, 0.25, WRONG)
    with pytest.raises(Exception, match="the wrong place"):
        judge(0.19, 0.25, WRONG)                 # a wrong value rounded to 2 digits keeps its hint
    with pytest.raises(Exception, match=r"^Close! 0\.4 is near the answer, but give it to more digits"):
        judge(0.4, 0.4378, WRONG)                # the right value to 1 digit, 9% off
    with pytest.raises(Exception, match=r"^Close! slope = 0\.2502 .* round a number along the way"):
        judge(0.2502, 0.25, WRONG, name="slope")  # within 1%, with 4 digits: rounded on the way
    with pytest.raises(Exception, match="the wrong place"):
        judge(0.1885, 0.25, WRONG)               # near a wrong value, nearer than to the right one
    assert judge(0.3, 0.7, WRONG) is False       # unknown: the check gives its own hint


@pytest.mark.parametrize("answer, right, verdict", [
    # the same digits are right in every lesson: 04 ex1 (1.3125) and 04 ex2 (1.609) alike
    (1.3, 1.3125, "right"), (1.31, 1.3125, "right"), (1.6, 1.6094, "right"), (9.5e-07, 0.25 ** 10, "right"),
    # "Close! more digits" only for a 1-digit rounding within 10%
    (0.4, 0.43782, "close"), (1e-6, 0.25 ** 10, "close"),
    # a 1-digit number far off says nothing about the method: not "close"
    (0.2, 0.25, "wrong"), (0.3, 0.25, "wrong"), (1, 1.6094, "wrong"), (2, 1.6094, "wrong"), (1.0, 1.3125, "wrong"),
    # a whole answer takes only itself
    (2, 2, "right"), (2.0, 2, "right"), (2.01, 2, "wrong"), (1.99, 2, "wrong"),
])
def test_one_rule_for_every_numeric_answer(answer, right, verdict):
    assert _verdict(answer, right, [], exact=float(right).is_integer()) == verdict


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
