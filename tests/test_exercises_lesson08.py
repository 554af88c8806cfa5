"""The checks of lesson 08: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

import dlkit
from exercises import lesson08 as ex


def test_parameter_count():
    right = dlkit.mlp(ex.COUNT_SIZES).n_parameters()
    assert right == 677
    assert ex.check_parameter_count(677).correct
    assert ex.check_parameter_count(677.0).correct
    assert ex.check_parameter_count(...).status == "not attempted"
    assert "not the biases" in ex.check_parameter_count(624).message
    assert "input nodes have no bias" in ex.check_parameter_count(679).message
    assert "biases of the 5 output nodes" in ex.check_parameter_count(672).message
    assert "number of nodes" in ex.check_parameter_count(55).message
    assert "5 nodes" in ex.check_parameter_count(609).message
    assert "4 Dense layers" in ex.check_parameter_count(405).message
    assert "4 Dense layers" in ex.check_parameter_count(949).message
    assert "not multiplied together" in ex.check_parameter_count(2 * 16 * 16 * 16 * 5).message
    assert "layer by layer" in ex.check_parameter_count(700).message
    assert "whole number" in ex.check_parameter_count(676.5).message
    assert "whole number" in ex.check_parameter_count("677").message


def test_xor():
    result = ex.check_xor(False, True)
    assert result.correct and "measured" in result.message
    assert ex.check_xor(..., True).status == "not attempted"
    assert "one straight line" in ex.check_xor(True, True).message
    assert "wrong way round" in ex.check_xor(True, False).message
    assert "each hidden node draws its own line" in ex.check_xor(False, False).message
    assert "True or False" in ex.check_xor("no", "yes").message


def test_xor_measurement_backs_the_answer():
    assert ex._xor_accuracy(0) < 0.7
    assert ex._xor_accuracy(1) >= 0.9


def test_smallest_net():
    assert ex.check_smallest_net(1, 3).correct
    four = ex.check_smallest_net(1, 4)  # works, but width 3 passes too: not the fewest
    assert not four.correct and "17 parameters" in four.message and "A smaller network also passes" in four.message
    assert ex.check_smallest_net(..., 3).status == "not attempted"
    assert "one straight line" in ex.check_smallest_net(0, 1).message
    assert "two straight lines cannot fence in" in ex.check_smallest_net(1, 2).message
    assert "cannot enclose a region however deep" in ex.check_smallest_net(2, 2).message
    assert "25 parameters" in ex.check_smallest_net(2, 3).message
    assert "A smaller network also passes" in ex.check_smallest_net(1, 8).message
    assert "far more than this small task needs" in ex.check_smallest_net(10, 100).message
    assert "whole number" in ex.check_smallest_net(1.5, 3).message


def test_smallest_net_budget_is_honest():
    """The budget is the fewest parameters that pass: "the fewest" is true of every answer the check accepts."""
    passing = [(d, w) for d in (1, 2) for w in (1, 2, 3, 4)
               if ex.circle_test_accuracy(d, w)[0] >= ex.TARGET]
    sizes = [ex.circle_test_accuracy(d, w)[1] for d, w in passing]
    assert min(sizes) == ex.SMALL_BUDGET
    assert (1, 3) in passing and (1, 2) not in passing


@pytest.mark.parametrize("answer", [np.int64(677), np.array(677), [677]])
def test_parameter_count_any_kind_of_whole_number(answer):
    assert ex.check_parameter_count(answer).correct


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("677", "leave out the quotes"),
                                           ({"n": 677}, "dictionary")])
def test_parameter_count_not_a_number(answer, words):
    message = ex.check_parameter_count(answer).message
    assert "should be one whole number" in message and words in message.lower()



def test_xor_answers_of_the_wrong_kind_get_advice_that_fits():
    """A walk: check_xor(0, 1) was told 'True or False (without quotes)', advice for a string, not for 0."""
    assert "quotes" not in ex.check_xor(0, 1).message and "True or False" in ex.check_xor(0, 1).message
    assert "without quotes" in ex.check_xor("False", "True").message
