"""The checks of lesson 02: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson02 as ex


def test_slopes_at_zero():
    assert ex.check_slopes_at_zero(0.25, 1.0).correct
    assert ex.check_slopes_at_zero(..., 1.0).status == "not attempted"
    assert "sigmoid(0), the value" in ex.check_slopes_at_zero(0.5, 1.0).message
    assert "tanh(0), the value" in ex.check_slopes_at_zero(0.25, 0.0).message
    assert "s (1 - s)" in ex.check_slopes_at_zero(1.0, 1.0).message
    assert "1 - tanh(z)^2" in ex.check_slopes_at_zero(0.25, 0.5).message


def test_collapse():
    W, b = ex.W1 @ ex.W2, ex.b1 @ ex.W2 + ex.b2
    assert ex.check_collapse(W, b).correct
    assert ex.check_collapse(W, float(b[0])).correct          # a plain number for the one bias is fine
    assert ex.check_collapse(..., b).status == "not attempted"
    assert "transposed" in ex.check_collapse(W.T, b).message
    assert "shape (2, 1)" in ex.check_collapse(ex.W1, b).message
    assert "W is not right yet" in ex.check_collapse(W + 1, b).message
    assert "lost b1" in ex.check_collapse(W, ex.b2).message
    assert "b2 as well" in ex.check_collapse(W, ex.b1 @ ex.W2).message
    assert "shape (1,)" in ex.check_collapse(W, ex.b1 + ex.b2).message
    assert "does not just add up" in ex.check_collapse(W, np.array([ex.b1.sum() + ex.b2[0]])).message


def test_properties():
    assert ex.check_properties("tanh", "sigmoid", "relu", "identity").correct
    assert ex.check_properties("Tanh", "sigmoid", "ReLU", "linear").correct
    assert ex.check_properties("tanh", ..., "relu", "identity").status == "not attempted"
    assert "never exactly flat" in ex.check_properties("tanh", "sigmoid", "leaky_relu", "identity").message
    assert "never negative" in ex.check_properties("sigmoid", "sigmoid", "relu", "identity").message
    assert "goes down to -1" not in ex.check_properties("tanh", "tanh", "relu", "identity").message
    assert "go down to -1" in ex.check_properties("tanh", "tanh", "relu", "identity").message
    assert "does not bend at all" in ex.check_properties("tanh", "sigmoid", "relu", "relu").message
    assert "answer with one of" in ex.check_properties("tanh", "sigmoid", "relu", "softplus").message


def test_shrink():
    assert ex.check_shrink(0.25 ** 10).correct
    assert ex.check_shrink(9.54e-7).correct
    assert ex.check_shrink(...).status == "not attempted"
    assert "multiplies" in ex.check_shrink(2.5).message
    assert "ten of them" in ex.check_shrink(0.25).message
    assert "count again" in ex.check_shrink(0.25 ** 9).message
    assert "shrinks" in ex.check_shrink(4 ** 10).message
    assert "value at 0" in ex.check_shrink(0.5 ** 10).message


@pytest.mark.parametrize("s, t", [(0.25, 1), (np.float64(0.25), np.array(1.0)), ([0.25], 1.0), (0.25, 1.0)])
def test_slopes_right_within_rounding(s, t):
    assert ex.check_slopes_at_zero(s, t).correct


def test_slopes_near_miss_and_odd_answers():
    # 0.25 and 1 are exact: a 1-digit 0.2 or 0.3 is another answer, not a rounding of 0.25
    for s in (0.2, 0.3, 0.2501):
        assert ex.check_slopes_at_zero(s, 1).message.startswith("use sigmoid'(z) = s (1 - s)")
    assert ex.check_slopes_at_zero(0.25, 0.98).message.startswith("use tanh'(z)")
    assert "Did your function return" in ex.check_slopes_at_zero(None, 1).message
    assert "the text '1'" in ex.check_slopes_at_zero(0.25, "1").message
    assert "you gave None" in ex.check_collapse(None, 2.0).message
    assert "you gave the text" in ex.check_collapse(ex.W1 @ ex.W2, "2").message


@pytest.mark.parametrize("answer", [0.25 ** 10, 9.5e-7, 9.54e-7, 9.53e-7, 9.537e-7, np.float32(0.25 ** 10), 1 / 4 ** 10])
def test_shrink_right_within_rounding(answer):
    assert ex.check_shrink(answer).correct


@pytest.mark.parametrize("answer", [1e-6, 0.000001, 9e-7])
def test_shrink_near_miss_asks_for_digits(answer):
    message = ex.check_shrink(answer).message
    assert message.startswith("Close!") and "more digits" in message and "chain rule" not in message


@pytest.mark.parametrize("answer", [0.0, 1e-9, 1e-12, -9.54e-7])   # tiny is not right: the tolerance is relative
def test_shrink_tiny_wrong_answers_are_not_right(answer):
    result = ex.check_shrink(answer)
    assert not result.correct and not result.message.startswith("Close!")


def test_shrink_wrong_method_rounded_keeps_its_hint():
    assert "count again" in ex.check_shrink(3.8e-6).message       # 0.25 ** 9 = 3.81e-6, to 2 digits
    assert "value at 0" in ex.check_shrink(0.00098).message       # 0.5 ** 10 = 9.77e-4, to 2 digits


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("1e-6", "leave out the quotes"),
                                           (["tiny"], "the list"), ({"x": 1}, "dictionary")])
def test_shrink_not_a_number(answer, words):
    message = ex.check_shrink(answer).message
    assert "should be a number" in message and words in message.lower()
