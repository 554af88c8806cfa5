"""The checks of lesson 04: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np

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
