"""The checks of lesson 01: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np

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
