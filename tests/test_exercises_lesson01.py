"""The checks of lesson 01: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson01 as ex


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_node_output():
    assert ex.check_node_output(sigmoid(-0.25)).correct
    assert ex.check_node_output(0.4378).correct            # rounded to 4 digits is fine
    assert ex.check_node_output(...).status == "not attempted"
    assert "is z" in ex.check_node_output(-0.25).message
    assert "forgot the bias" in ex.check_node_output(sigmoid(-0.5)).message
    assert "forgot the bias and the activation" in ex.check_node_output(-0.5).message
    assert "sign in the exponent" in ex.check_node_output(sigmoid(0.25)).message
    assert "tanh" in ex.check_node_output(np.tanh(-0.25)).message
    assert "x2 = -1" in ex.check_node_output(sigmoid(2.75)).message
    assert "between 0 and 1" in ex.check_node_output(3.0).message
    assert "single number" in ex.check_node_output([0.4, 0.5]).message


def test_not_gate():
    assert ex.check_not(-2, 1).correct
    assert ex.check_not([-10.0], 5.0).correct
    assert ex.check_not(..., 1).status == "not attempted"
    assert "b must be positive" in ex.check_not(-2, -1).message
    assert "still positive" in ex.check_not(-1, 3).message
    assert "exactly on the boundary" in ex.check_not(-1, 1).message
    assert "needs 1 number" in ex.check_not([1, 2], 1).message


def test_and_gate():
    assert ex.check_and([1, 1], -1.5).correct
    assert ex.check_and(np.array([20.0, 20.0]), -30).correct
    assert ex.check_and(..., ...).status == "not attempted"
    assert "that is OR" in ex.check_and([1, 1], -0.5).message
    assert "bias must be negative" in ex.check_and([1, 1], 0.5).message
    assert "never says 1" in ex.check_and([1, 1], -3).message
    assert "exactly on the line" in ex.check_and([1, 1], -1).message
    assert "both weights should be positive" in ex.check_and([1, -1], -0.5).message
    assert "needs 2 numbers" in ex.check_and([1], -1).message


def test_which_gate():
    assert ex.check_gate("NAND").correct
    assert ex.check_gate("not and").correct
    assert ex.check_gate(...).status == "not attempted"
    assert "weights are negative" in ex.check_gate("AND").message
    assert "NOR would say 0" in ex.check_gate("nor").message
    assert "no straight line" in ex.check_gate("XOR").message
    assert "OR would say 1" in ex.check_gate("OR").message
    assert "not a gate" in ex.check_gate("maybe").message


NOT_NUMBERS = [(None, "did your function return its result"), ("abc", "the text 'abc'"),
               ("0.44", "leave out the quotes"), (["a", "b"], "the list"), ({"a": 0.44}, "a dictionary")]


@pytest.mark.parametrize("answer", [0.4378, 0.438, 0.437, 0.44, np.float32(0.4378), np.array(0.4378), [0.4378]])
def test_node_output_right_within_rounding(answer):
    assert ex.check_node_output(answer).correct


@pytest.mark.parametrize("answer", [0.4, 0.43, 0.439, 0.4348])   # 0.4348: e^0.25 rounded to 1.3 on the way
def test_node_output_near_miss_asks_for_digits_not_a_new_method(answer):
    message = ex.check_node_output(answer).message
    assert message.startswith("Close!") and "compute z" not in message


def test_node_output_wrong_method_rounded_keeps_its_hint():
    assert "forgot the bias" in ex.check_node_output(0.378).message    # sigmoid(-0.5) = 0.3775, to 3 digits
    assert "forgot the bias" in ex.check_node_output(0.38).message     # ... and to 2


@pytest.mark.parametrize("answer, words", NOT_NUMBERS + [(True, "yes/no")])
def test_node_output_not_a_number(answer, words):
    message = ex.check_node_output(answer).message
    assert "should be a number" in message and words in message.lower()


@pytest.mark.parametrize("w, b", [(None, 1), ([-2], None), ("-2", 1)])
def test_not_gate_not_numbers(w, b):
    assert "you gave" in ex.check_not(w, b).message


def test_and_gate_odd_weights():
    assert "you gave the list [1, None]" in ex.check_and([1, None], -1.5).message
    assert "nan" in ex.check_and([1, float("nan")], -1.5).message
    assert "you gave None" in ex.check_and(None, -1.5).message
    assert ex.check_and(np.array([1, 1]), np.float32(-1.5)).correct
