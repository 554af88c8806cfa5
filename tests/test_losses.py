"""Losses: values by hand, gradients by finite differences, stability, and clear errors."""
import numpy as np
import pytest

import dlkit
from gradients import numeric_gradient, relative_error


def loss_gradient_error(loss, y_hat, y):
    loss(y_hat, y)
    analytic = loss.backward()
    return relative_error(analytic, numeric_gradient(lambda: loss(y_hat, y), y_hat))


def test_mse_by_hand():
    assert dlkit.MSE()(np.array([[1.0], [3.0]]), np.array([0.0, 1.0])) == pytest.approx((1 + 4) / 2)


def test_binary_cross_entropy_by_hand():
    p, y = np.array([[0.9], [0.2]]), np.array([1, 0])
    assert dlkit.BinaryCrossEntropy()(p, y) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)


def test_cross_entropy_by_hand_labels_and_one_hot_agree():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert dlkit.CrossEntropy()(p, np.array([0, 2])) == pytest.approx(expected)
    assert dlkit.CrossEntropy()(p, np.eye(3)[[0, 2]]) == pytest.approx(expected)


@pytest.mark.parametrize("loss, make", [
    (dlkit.MSE(), lambda r: (r.normal(size=(6, 2)), r.normal(size=(6, 2)))),
    (dlkit.BinaryCrossEntropy(), lambda r: (r.uniform(0.1, 0.9, size=(6, 1)), r.integers(0, 2, 6))),
    (dlkit.BinaryCrossEntropy(from_logits=True), lambda r: (r.normal(size=(6, 1)), r.integers(0, 2, 6))),
    (dlkit.CrossEntropy(), lambda r: (r.dirichlet(np.ones(4), size=6), r.integers(0, 4, 6))),
    (dlkit.CrossEntropy(from_logits=True), lambda r: (r.normal(size=(6, 4)), r.integers(0, 4, 6))),
], ids=lambda value: "inputs" if getattr(value, "__name__", "") == "<lambda>" else repr(value))
# (a lambda's repr holds its address, which differs between pytest-xdist's workers: they must collect the same ids)
def test_loss_gradients_match_finite_differences(loss, make, rng):
    y_hat, y = make(rng)
    assert loss_gradient_error(loss, y_hat, y) < 1e-7


def test_fused_softmax_cross_entropy_equals_softmax_then_cross_entropy(rng):
    Z, y = rng.normal(size=(5, 3)), rng.integers(0, 3, 5)
    softmax = dlkit.Softmax()
    separate = dlkit.CrossEntropy()
    value = separate(softmax.forward(Z), y)
    grad_through_softmax = softmax.backward(separate.backward())
    fused = dlkit.CrossEntropy(from_logits=True)
    assert fused(Z, y) == pytest.approx(value)
    # the simplification: softmax's Jacobian times cross-entropy's gradient is just (p - onehot) / N
    assert np.allclose(fused.backward(), grad_through_softmax)
    assert np.allclose(fused.backward(), (softmax.forward(Z) - np.eye(3)[y]) / 5)


def test_losses_stay_finite_for_huge_scores():
    Z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        ce = dlkit.CrossEntropy(from_logits=True)
        value = ce(Z, np.array([1, 1]))  # the first example is confidently wrong
        grad = ce.backward()
        bce = dlkit.BinaryCrossEntropy(from_logits=True)
        b = bce(np.array([[1e4], [-1e4]]), np.array([0, 0]))
    assert np.isfinite(value) and value == pytest.approx(2e4 / 2)
    assert np.all(np.isfinite(grad)) and np.all(np.isfinite(bce.backward()))
    assert np.isfinite(b) and b == pytest.approx(1e4 / 2)
    # probabilities of exactly 0 or 1 are clipped, not log(0)
    assert np.isfinite(dlkit.CrossEntropy()(np.array([[1.0, 0.0]]), np.array([1])))
    assert np.isfinite(dlkit.BinaryCrossEntropy()(np.array([[1.0]]), np.array([0])))


def test_losses_by_name():
    assert isinstance(dlkit.get_loss("mse"), dlkit.MSE)
    assert isinstance(dlkit.get_loss("binary_cross_entropy"), dlkit.BinaryCrossEntropy)
    assert isinstance(dlkit.get_loss("cross_entropy"), dlkit.CrossEntropy)
    with pytest.raises(ValueError, match="unknown loss 'hinge'; choose one of: mse"):
        dlkit.get_loss("hinge")


@pytest.mark.parametrize("call, message", [
    (lambda: dlkit.CrossEntropy()(np.full((2, 3), 1 / 3), np.array([0, 3])),
     "y contains the label 3, but the network has 3 outputs"),
    (lambda: dlkit.CrossEntropy()(np.full((2, 3), 1 / 3), np.array([0.0, 1.5])), "whole numbers"),
    (lambda: dlkit.CrossEntropy()(np.full((2, 3), 1 / 3), np.array([-1, 0])), "label -1"),
    (lambda: dlkit.CrossEntropy()(np.full((2, 3), 1 / 3), np.array(["a", "b"])), "y holds text labels, such as .a."),
    (lambda: dlkit.CrossEntropy()(np.full((2, 3), 1 / 3), np.array([0, 1, 2])), "2 examples but y has 3"),
    (lambda: dlkit.BinaryCrossEntropy()(np.full((2, 1), 0.5), np.array([0, 2])), "targets between 0 and 1"),
    (lambda: dlkit.BinaryCrossEntropy()(np.full((2, 2), 0.5), np.array([0, 1])), "one output per example"),
    (lambda: dlkit.MSE()(np.zeros((2, 2)), np.zeros(3)), "2 examples but y has 3"),
    (lambda: dlkit.MSE().backward(), "before computing the loss"),
])
def test_loss_errors_say_what_was_expected(call, message):
    with pytest.raises((ValueError, TypeError, RuntimeError), match=message):
        call()
