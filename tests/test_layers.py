"""Every layer's backward agrees with finite differences of its forward."""
import numpy as np
import pytest

import dlkit
from gradients import numeric_gradient, relative_error

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]


def away_from_kinks(X):
    """ReLU-like slopes jump at 0; keep inputs off the kink so finite differences are meaningful."""
    return np.where(np.abs(X) < 0.05, 0.3, X)


def check_layer_input_gradient(layer, X, upstream):
    """d(sum(upstream * layer(X)))/dX by backward and by finite differences."""
    layer.forward(X)
    analytic = layer.backward(upstream)
    numeric = numeric_gradient(lambda: np.sum(upstream * layer.forward(X)), X)
    return relative_error(analytic, numeric)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_activation_backward_matches_finite_differences(name, rng):
    X = away_from_kinks(rng.normal(size=(5, 4)))
    assert check_layer_input_gradient(dlkit.activation(name), X, rng.normal(size=(5, 4))) < 1e-7


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_derivative_is_the_slope_of_the_function(name, rng):
    act = dlkit.activation(name)
    z = away_from_kinks(rng.normal(size=50) * 3)
    eps = 1e-6
    numeric = (act.function(z + eps) - act.function(z - eps)) / (2 * eps)
    assert np.allclose(act.derivative(z), numeric, atol=1e-6)


@pytest.mark.parametrize("init", sorted(dlkit.INITIALISERS))
def test_dense_gradients_match_finite_differences(init, rng):
    layer = dlkit.Dense(3, 4, init=init, seed=0)
    layer.b[:] = rng.normal(size=4)
    X, upstream = rng.normal(size=(6, 3)), rng.normal(size=(6, 4))

    def f():
        return np.sum(upstream * layer.forward(X))

    f()
    dX = layer.backward(upstream)
    assert relative_error(dX, numeric_gradient(f, X)) < 1e-7
    if init != "zeros":  # with zero weights dX is exactly 0 and so is the numeric one: nothing to compare
        assert np.abs(dX).sum() > 0
    assert relative_error(layer.dW.copy(), numeric_gradient(f, layer.W)) < 1e-7
    assert relative_error(layer.db.copy(), numeric_gradient(f, layer.b)) < 1e-7


def test_dense_shapes_and_formula(rng):
    layer = dlkit.Dense(3, 2, seed=0)
    X = rng.normal(size=(5, 3))
    assert layer.W.shape == (3, 2) and layer.b.shape == (2,)
    assert np.allclose(layer(X), X @ layer.W + layer.b)


def test_backward_twice_does_not_accumulate(rng):
    layer = dlkit.Dense(3, 2, seed=0)
    X, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer.forward(X)
    layer.backward(g)
    first = layer.dW.copy(), layer.db.copy()
    layer.backward(g)
    assert np.array_equal(layer.dW, first[0]) and np.array_equal(layer.db, first[1])


def test_initialisers_have_their_scale():
    n_in, n_out = 400, 300
    he = dlkit.Dense(n_in, n_out, init="he", seed=0).W
    xavier = dlkit.Dense(n_in, n_out, init="xavier", seed=0).W
    assert abs(he.std() - np.sqrt(2 / n_in)) < 0.01 * np.sqrt(2 / n_in) * 5
    assert abs(xavier.std() - np.sqrt(2 / (n_in + n_out))) < 0.05 * np.sqrt(2 / (n_in + n_out))
    assert np.all(dlkit.Dense(3, 3, init="zeros").W == 0)
    assert np.abs(dlkit.Dense(50, 50, init="uniform", seed=0).W).max() <= 0.5


def test_same_seed_same_weights_different_seed_different():
    assert np.array_equal(dlkit.Dense(4, 3, seed=7).W, dlkit.Dense(4, 3, seed=7).W)
    assert not np.array_equal(dlkit.Dense(4, 3, seed=7).W, dlkit.Dense(4, 3, seed=8).W)


def test_softmax_and_sigmoid_stay_finite_for_huge_inputs():
    Z = np.array([[1000.0, 0.0, -1000.0], [-1e300, 0.0, 1e300]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow warnings either
        S = dlkit.Softmax().forward(Z)
        s = dlkit.Sigmoid().function(np.array([-1e4, 0.0, 1e4]))
    assert np.all(np.isfinite(S)) and np.allclose(S.sum(axis=1), 1)
    assert np.allclose(S[0], [1, 0, 0])
    assert np.allclose(s, [0, 0.5, 1])


def test_dropout_scales_in_training_and_is_identity_otherwise(rng):
    drop = dlkit.Dropout(0.5, seed=0)
    X = np.ones((200, 50))
    assert np.array_equal(drop.forward(X), X)  # not training: nothing changes
    drop.training = True
    out = drop.forward(X)
    assert set(np.unique(out)) == {0.0, 2.0}
    assert abs(out.mean() - 1.0) < 0.05  # the expected value is kept
    g = rng.normal(size=X.shape)
    assert np.array_equal(drop.backward(g), g * drop.mask)


@pytest.mark.parametrize("bad, message", [
    (lambda: dlkit.activation("relux"), "unknown activation 'relux'; choose one of: identity, linear, sigmoid"),
    (lambda: dlkit.Dense(3, 0), "n_out should be at least 1"),
    (lambda: dlkit.Dense(2.5, 3), "n_in should be a whole number"),
    (lambda: dlkit.Dense(3, 2, init="glorious"), "unknown initialiser 'glorious'"),
    (lambda: dlkit.Dense(3, 2).forward(np.ones((4, 5))), r"Dense\(3 -> 2\) expects 3 features per example, but got 5"),
    (lambda: dlkit.Dense(3, 2).forward([[1, 2]]), r"expects 3 features per example, but got 2"),
    (lambda: dlkit.ReLU().backward(np.ones(3)), "backward was called before forward"),
    (lambda: dlkit.Dense(3, 2).backward(np.ones((4, 2))), "backward was called before forward"),
    (lambda: dlkit.Dropout(1.0), r"dropout probability p should be in \[0, 1\)"),
    (lambda: dlkit.LeakyReLU(slope=-1), "slope should be a finite number greater than zero"),
])
def test_layer_errors_say_what_was_expected(bad, message):
    with pytest.raises((ValueError, TypeError, RuntimeError), match=message):
        bad()


def test_dropout_backward_matches_finite_differences(rng):
    """In training, dropout is a fixed mask times X; the same seed draws the same mask every time."""
    X, upstream = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))

    def training_dropout():
        drop = dlkit.Dropout(0.4, seed=3)
        drop.training = True
        return drop

    layer = training_dropout()
    layer.forward(X)
    analytic = layer.backward(upstream)
    numeric = numeric_gradient(lambda: np.sum(upstream * training_dropout().forward(X)), X)
    assert relative_error(analytic, numeric) < 1e-7
