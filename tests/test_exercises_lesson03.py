"""The checks of lesson 03: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

import dlkit
from exercises import lesson03 as ex


def test_shape():
    assert ex.check_shape((50, 6)).correct
    assert ex.check_shape([50, 6]).correct
    assert ex.check_shape(...).status == "not attempted"
    assert "ONE example" in ex.check_shape((6,)).message
    assert "shape of the weights" in ex.check_shape((10, 6)).message
    assert "wrong order" in ex.check_shape((6, 50)).message
    assert "first hidden layer" in ex.check_shape((50, 10)).message
    assert "output layer" in ex.check_shape((50, 3)).message
    assert "input X itself" in ex.check_shape((50, 4)).message
    assert "a tuple of whole numbers" in ex.check_shape(6).message
    assert ex.check_shape((7, 7)).status == "hint"


def test_shape_answer_matches_dlkit():
    net = dlkit.mlp(ex.SHAPE_SIZES, seed=0)
    steps = net.trace(np.zeros((ex.SHAPE_N, ex.SHAPE_SIZES[0])))
    second_dense = [s for s in steps if isinstance(s.layer, dlkit.Dense)][1]
    assert ex.check_shape(second_dense.output.shape).correct


def test_parameter_count():
    assert ex.check_parameter_count(dlkit.mlp(ex.COUNT_SIZES).n_parameters()).correct
    assert ex.check_parameter_count(67).correct
    assert ex.check_parameter_count(...).status == "not attempted"
    assert "also has a bias" in ex.check_parameter_count(56).message
    assert "input nodes have no bias" in ex.check_parameter_count(71).message
    assert "only one layer" in ex.check_parameter_count(64).message
    assert "only one layer" in ex.check_parameter_count(59).message
    assert "do not multiply together" in ex.check_parameter_count(96).message
    assert "number of nodes" in ex.check_parameter_count(15).message
    assert "whole number" in ex.check_parameter_count("67").message
    assert ex.check_parameter_count(100).status == "hint"


@pytest.mark.parametrize("W1", [[[1.0, -1.0]], [[-1.0, 1.0]]])
def test_abs_weights_right(W1):
    assert ex.check_abs_weights(np.array(W1), np.zeros(2)).correct


def test_abs_weights_hints():
    zero = np.zeros(2)
    assert ex.check_abs_weights(..., zero).status == "not attempted"
    assert "same side of 0" in ex.check_abs_weights(np.array([[1.0, 1.0]]), zero).message
    assert "shape (1, 2)" in ex.check_abs_weights(np.array([1.0, -1.0]), zero).message
    assert "shape (1, 2)" in ex.check_abs_weights(np.array([[1.0], [-1.0]]), zero).message
    assert "one bias per hidden unit" in ex.check_abs_weights(np.array([[1.0, -1.0]]), np.zeros(1)).message
    assert "corner at x = 1" in ex.check_abs_weights(np.array([[1.0, -1.0]]), np.array([-1.0, 1.0])).message
    assert "whole stretch" in ex.check_abs_weights(np.array([[1.0, -1.0]]), np.array([-1.0, -1.0])).message
    assert "do you need a bias" in ex.check_abs_weights(np.array([[1.0, -1.0]]), np.array([1.0, 1.0])).message
    assert "slopes are off" in ex.check_abs_weights(np.array([[2.0, -2.0]]), zero).message


def test_trace():
    assert ex.check_trace(2.0).correct
    assert ex.check_trace(...).status == "not attempted"
    assert "ReLU turns every negative z into 0" in ex.check_trace(-4.0).message   # z instead of relu(z)
    assert "output bias" in ex.check_trace(3.0).message
    assert "hidden biases" in ex.check_trace(4.0).message
    assert "column j of W1" in ex.check_trace(-1.0).message                       # W1 read by rows
    assert "one layer at a time" in ex.check_trace(7.0).message


def test_trace_answer_matches_dlkit():
    hidden, out = dlkit.Dense(2, 2), dlkit.Dense(2, 1)
    hidden.W[...], hidden.b[...] = ex.TRACE_W1, ex.TRACE_B1
    out.W[...], out.b[...] = ex.TRACE_W2, ex.TRACE_B2
    y = dlkit.Network([hidden, dlkit.ReLU(), out]).forward(ex.TRACE_X)[0, 0]
    assert ex.check_trace(y).correct


@pytest.mark.parametrize("answer", [(50.0, 6.0), np.zeros((50, 6)).shape, np.array([50, 6])])
def test_shape_any_kind_of_tuple(answer):
    assert ex.check_shape(answer).correct


@pytest.mark.parametrize("answer, words", [("56", "the text '56'"), ("(50, 6)", "the text"), (None, "None"),
                                           ((50.5, 6), "50.5 is not a whole number")])
def test_shape_odd_answers(answer, words):
    result = ex.check_shape(answer)
    assert not result.correct and words in result.message


@pytest.mark.parametrize("answer", [2, 2.0, np.int64(2), np.array([[2.0]])])
def test_trace_right_within_rounding(answer):
    assert ex.check_trace(answer).correct


def test_trace_near_miss_and_odd_answers():
    for near in (2.01, 1.999, 2.05):   # the output is exactly 2: nothing to round, so no "Close!"
        result = ex.check_trace(near)
        assert not result.correct and result.message.startswith("go one layer at a time")
    assert "Did your function return" in ex.check_trace(None).message
    assert "leave out the quotes" in ex.check_trace("2").message.lower()
    assert "you gave None" in ex.check_abs_weights(None, [0.0, 0.0]).message
    assert "you gave the text" in ex.check_abs_weights([[1.0, -1.0]], "0").message
    assert ex.check_abs_weights([[1, -1]], [0, 0]).correct


@pytest.mark.parametrize("W1", [[[1.0, 0.0]], [[0.0, -1.0]], [[0.0, 0.0]]])
def test_abs_weights_a_zero_weight_is_not_called_a_sign(W1):
    message = ex.check_abs_weights(np.array(W1), np.zeros(2)).message
    assert "same sign" not in message and "weight 0" in message
