"""The checks of lesson 00: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson00 as ex


def test_parameter_count():
    assert ex.check_parameter_count(37).correct
    assert ex.check_parameter_count(...).status == "not attempted"
    assert "forgot" not in ex.check_parameter_count(37).message
    assert "not the biases" in ex.check_parameter_count(28).message          # weights only
    assert "input nodes have no bias" in ex.check_parameter_count(39).message  # a bias on the inputs too
    assert "number of nodes" in ex.check_parameter_count(11).message          # counted nodes
    assert "output node's bias" in ex.check_parameter_count(36).message
    assert "whole number" in ex.check_parameter_count("37").message
    assert ex.check_parameter_count(50).status == "hint"


def test_no_hidden_layer():
    assert ex.check_no_hidden_layer("gaussian").correct
    assert ex.check_no_hidden_layer(" Gaussian ").correct
    assert ex.check_no_hidden_layer(...).status == "not attempted"
    assert "opposite corners" in ex.check_no_hidden_layer("xor").message
    assert "ring" in ex.check_no_hidden_layer("circle").message
    assert "arms" in ex.check_no_hidden_layer("spiral").message
    assert "not one of the four" in ex.check_no_hidden_layer("moons").message
    assert "in quotes" in ex.check_no_hidden_layer(3).message


@pytest.mark.parametrize("answer", [{"a", "c"}, ["c", "a"], "a, c", ("A", "C"), "ac", "CA", {"ac"}, "a and c"])
def test_supervised_accepts_any_spelling(answer):
    assert ex.check_supervised(answer).correct


def test_supervised_hints():
    assert ex.check_supervised(...).status == "not attempted"
    assert "look at task b again" in ex.check_supervised({"a", "b", "c"}).message   # clustering is not supervised
    assert "task c is supervised too" in ex.check_supervised({"a"}).message        # prices are labels
    assert "not one of them" in ex.check_supervised({"a", "e"}).message


@pytest.mark.parametrize("answer", [37.0, np.int64(37), np.array(37), [37]])
def test_parameter_count_any_kind_of_whole_number(answer):
    assert ex.check_parameter_count(answer).correct


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("37", "leave out the quotes"),
                                           ("many", "the text 'many'"), ({"n": 37}, "dictionary")])
def test_parameter_count_not_a_number(answer, words):
    message = ex.check_parameter_count(answer).message
    assert "should be one whole number" in message and words in message.lower()


@pytest.mark.parametrize("answer", [set(), [], "", " "])
def test_supervised_nothing_chosen_is_told_so(answer):
    message = ex.check_supervised(answer).message
    assert "chose none" in message and "supervised too" not in message
