"""The checks of lesson 04: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

import dlkit
from exercises import lesson04 as ex


def test_mse():
    assert ex.check_mse(1.3125).correct
    assert ex.check_mse(dlkit.MSE()(ex.MSE_Y_HAT.reshape(-1, 1), ex.MSE_Y)).correct
    assert ex.check_mse(...).status == "not attempted"
    assert "SUM of the squared errors" in ex.check_mse(5.25).message
    assert "signed errors" in ex.check_mse(0.625).message
    assert "ABSOLUTE" in ex.check_mse(0.875).message
    assert "ROOT" in ex.check_mse(np.sqrt(1.3125)).message
    assert "not 3" in ex.check_mse(1.75).message
    assert "squared the mean error" in ex.check_mse(0.390625).message
    assert "single number" in ex.check_mse([1.0, 2.0]).message
    assert ex.check_mse(2.0).status == "hint"


def test_cross_entropy():
    assert ex.check_cross_entropy(-np.log(0.2)).correct
    assert ex.check_cross_entropy(1.609).correct          # rounded by hand
    assert ex.check_cross_entropy(dlkit.CrossEntropy()(ex.CE_P.reshape(1, -1), np.array([ex.CE_LABEL]))).correct
    assert ex.check_cross_entropy(...).status == "not attempted"
    assert "LARGEST probability" in ex.check_cross_entropy(-np.log(0.7)).message
    assert "class 0" in ex.check_cross_entropy(-np.log(0.1)).message
    assert "mind the sign" in ex.check_cross_entropy(np.log(0.2)).message
    assert "base 10" in ex.check_cross_entropy(-np.log10(0.2)).message
    assert "not the sum" in ex.check_cross_entropy(-np.log(ex.CE_P).sum()).message
    assert "1 - p" in ex.check_cross_entropy(0.8).message
    assert "WRONG" in ex.check_cross_entropy(-np.log(0.8)).message
    assert ex.check_cross_entropy(3.0).status == "hint"


def test_lower_loss():
    assert ex.check_lower_loss("b").correct
    assert ex.check_lower_loss(" B ").correct
    assert ex.check_lower_loss(...).status == "not attempted"
    assert "loss is not accuracy" in ex.check_lower_loss("a").message
    assert "averages -log p, not p" in ex.check_lower_loss("c").message
    assert "not for that reason" in ex.check_lower_loss("d").message
    assert "one letter" in ex.check_lower_loss("e").message
    assert "one letter" in ex.check_lower_loss(2).message


def test_lower_loss_agrees_with_dlkit():
    bce = dlkit.BinaryCrossEntropy()
    ones = np.ones(4)   # the probabilities are for the true class, so the label is 1 throughout
    assert bce(ex.P_TRUE_B.reshape(-1, 1), ones) < bce(ex.P_TRUE_A.reshape(-1, 1), ones)


NOT_NUMBERS = [(None, "did your function return"), ("1.3", "leave out the quotes"), (["a"], "the list"),
               ({"a": 1}, "dictionary")]


@pytest.mark.parametrize("answer", [1.3125, 1.31, 1.312, np.float32(1.3125), np.array([1.3125]), 21 / 16])
def test_mse_right_within_rounding(answer):
    assert ex.check_mse(answer).correct


@pytest.mark.parametrize("answer", [1.3, 1.31, 1.313, 1.312])   # 1.3125 to the digits given, as for 1.6 (1.609)
def test_mse_right_to_the_digits_given(answer):
    assert ex.check_mse(answer).correct


@pytest.mark.parametrize("answer", [1.0, 1, 1.28, 1.32])   # 1.0 is 24% off: not a rounding a learner makes
def test_mse_other_numbers_get_the_lessons_hint(answer):
    message = ex.check_mse(answer).message
    assert message.startswith("error = prediction - truth")


def test_mse_wrong_method_rounded_keeps_its_hint():
    assert "ROOT" in ex.check_mse(1.15).message          # RMSE 1.1456, to 3 digits
    assert "ROOT" in ex.check_mse(1.1).message           # ... and to 2
    assert "ABSOLUTE" in ex.check_mse(0.88).message


@pytest.mark.parametrize("answer, words", NOT_NUMBERS)
def test_mse_not_a_number(answer, words):
    message = ex.check_mse(answer).message
    assert "should be a number" in message and words in message.lower()


@pytest.mark.parametrize("answer", [1.609, 1.61, 1.6, np.float64(-np.log(0.2)), np.array(1.6094)])
def test_cross_entropy_right_within_rounding(answer):
    assert ex.check_cross_entropy(answer).correct


@pytest.mark.parametrize("answer", [1.6, 1.61, 1.609])
def test_cross_entropy_right_to_the_digits_given(answer):
    assert ex.check_cross_entropy(answer).correct


@pytest.mark.parametrize("answer", [2, 1, 1.65])   # 24% and 38% off: not "Close!"
def test_cross_entropy_far_numbers_get_the_lessons_hint(answer):
    message = ex.check_cross_entropy(answer).message
    assert message.startswith("pick the probability")


def test_cross_entropy_rounded_on_the_way_is_close():
    assert ex.check_cross_entropy(1.605).message.startswith("Close!")


def test_cross_entropy_wrong_method_rounded_keeps_its_hint():
    assert "base 10" in ex.check_cross_entropy(0.7).message       # -log10 0.2 = 0.699
    assert "LARGEST probability" in ex.check_cross_entropy(0.36).message


@pytest.mark.parametrize("answer, words", NOT_NUMBERS)
def test_cross_entropy_not_a_number(answer, words):
    message = ex.check_cross_entropy(answer).message
    assert "should be a number" in message and words in message.lower()


def test_cross_entropy_class_1s_probability_read_off_the_row_is_named_as_that():
    result = ex.check_cross_entropy(0.7)  # the largest probability itself, not -log10 0.2 = 0.699
    assert not result.correct and "class 1's probability itself" in result.message
    assert "log base 10" in ex.check_cross_entropy(0.699).message


@pytest.mark.parametrize("answer", [2.32, 2.322, 2.3219, -np.log2(0.2)])
def test_cross_entropy_log_base_2_is_named_as_that_and_nothing_else(answer):
    # -log2 0.2 = 2.32 is within 1% of -ln 0.1 = 2.303: it must not be taken for class 0's probability
    message = ex.check_cross_entropy(answer).message
    assert "base 2" in message and "class 0" not in message


def test_cross_entropy_2_point_3_could_be_either_mistake_and_names_both():
    message = ex.check_cross_entropy(2.3).message   # -ln 0.1 and -log2 0.2, both to 2 digits
    assert "base 2" in message and "class 0" in message
