"""Lesson 06's checks: the right answer is correct, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson06 as ex

X, G = ex.DENSE_X, ex.DENSE_G


def test_node_gradients():
    assert ex.check_node_gradients(..., ...).status == "not attempted"
    assert ex.check_node_gradients(-0.2, ...).status == "not attempted"
    assert ex.check_node_gradients(-0.2, -0.4).correct
    assert ex.check_node_gradients(np.float64(-0.2), np.array(-0.4)).correct


def test_node_gradient_hints():
    def hint(dz, dw=-0.4):
        result = ex.check_node_gradients(dz, dw)
        assert result.status == "hint"
        return result.message

    assert "sigmoid(0) = 0.5, the node's output" in hint(-0.8 * 0.5)
    sigmoid_at_a = 1 / (1 + np.exp(-0.5))
    assert "slope at a = 0.5, not at z" in hint(-0.8 * sigmoid_at_a * (1 - sigmoid_at_a))
    assert "local slope alone" in hint(0.25)
    assert "passed through unchanged" in hint(-0.8)
    assert "you divided by the slope" in hint(-3.2)
    assert "sign is not" in hint(0.2)
    assert "not right yet" in hint(1.7)
    assert "dL/dx" in hint(-0.2, -0.1)            # used w instead of x
    assert "One more link" in hint(-0.2, -0.2)    # stopped at dL/dz
    assert "skipped the sigmoid's slope" in hint(-0.2, -1.6)
    assert "should be a number" in hint(-0.2, "minus 0.4")


def test_dense_gradients():
    assert ex.check_dense_gradients(..., ...).status == "not attempted"
    assert ex.check_dense_gradients(X.T @ G, G.sum(axis=0)).correct
    assert ex.check_dense_gradients((X.T @ G).tolist(), list(G.sum(axis=0))).correct


def test_dense_gradient_hints():
    def hint(dW, db=G.sum(axis=0)):
        result = ex.check_dense_gradients(dW, db)
        assert result.status == "hint"
        return result.message

    assert "G.T @ X pairs them the other way round" in hint(G.T @ X)
    assert "Which product" in hint(X @ X.T)
    assert "no division by the number of examples" in hint(X.T @ G / 4)
    assert "reshape is not a transpose" in hint((G.T @ X).reshape(3, 2))
    assert "dW is not right yet" in hint(X.T @ G + 1)
    assert "not over the nodes" in hint(X.T @ G, G.sum(axis=1))
    assert "without keepdims" in hint(X.T @ G, G.sum(axis=0, keepdims=True))
    assert "mean over the examples" in hint(X.T @ G, G.mean(axis=0))
    assert "without any X" in hint(X.T @ G, (X.T @ G).sum(axis=0))
    assert "db is not right yet" in hint(X.T @ G, G.sum(axis=0) + 1)


def test_softsign_derivative():
    def not_attempted(Z):
        return ...

    assert ex.check_softsign_derivative(not_attempted).status == "not attempted"
    assert ex.check_softsign_derivative(...).status == "not attempted"

    def right(Z):
        return 1 / (1 + np.abs(Z)) ** 2

    result = ex.check_softsign_derivative(right)
    assert result.correct and "gradcheck agrees" in result.message


def test_softsign_derivative_hints():
    def hint(f):
        result = ex.check_softsign_derivative(f)
        assert result.status == "hint", result
        return result.message

    assert "still the broken derivative" in hint(lambda Z: 1 / (1 + np.abs(Z)))
    assert "softsign itself" in hint(lambda Z: Z / (1 + np.abs(Z)))
    assert "right for positive z, wrong for negative z" in hint(lambda Z: 1 / (1 + Z) ** 2 + 0 * Z)
    assert "wrong sign" in hint(lambda Z: -1 / (1 + np.abs(Z)) ** 2)
    assert "finite difference" in hint(lambda Z: np.cos(Z))
    assert "same shape as Z" in hint(lambda Z: 1.0)
    assert "divides by zero" in hint(lambda Z: 1 / Z)
    assert "without brackets" in hint(0.25)
    assert "raised" in hint(lambda Z: Z.no_such_thing)
    assert "Did your function return its result?" in hint(lambda Z: print(1 / (1 + np.abs(Z)) ** 2))


@pytest.mark.parametrize("dz, dw", [(-0.2, -0.4), (-0.200, -0.40), (np.float32(-0.2), [-0.4])])
def test_node_gradients_right_within_rounding(dz, dw):
    assert ex.check_node_gradients(dz, dw).correct


def test_node_gradients_near_miss_and_wrong_methods_rounded():
    assert ex.check_node_gradients(-0.21, -0.4).message.startswith("dL_dz is not right yet")   # -0.2 is exact
    assert ex.check_node_gradients(-0.2, -0.41).message.startswith("dL_dw is not right yet")
    assert "slope at a = 0.5, not at z" in ex.check_node_gradients(-0.19, -0.4).message   # -0.188 to 2 digits
    assert "slope at a = 0.5, not at z" in ex.check_node_gradients(-0.188, -0.4).message


@pytest.mark.parametrize("dz, dw, words", [(None, -0.4, "did your function return"),
                                           (-0.2, "-0.4", "leave out the quotes"), (-0.2, {"w": 1}, "dictionary")])
def test_node_gradients_not_a_number(dz, dw, words):
    message = ex.check_node_gradients(dz, dw).message
    assert "should be a number" in message and words in message.lower()


def test_dense_gradients_not_numbers():
    assert "you gave None" in ex.check_dense_gradients(None, G.sum(axis=0)).message
    assert "you gave the text" in ex.check_dense_gradients(X.T @ G, "0.5, 0.3").message


def test_a_power_written_with_a_caret_is_told_how_python_writes_powers():
    """A walk: 1/(1+np.abs(Z))^2 got only "TypeError: ufunc 'bitwise_xor' not supported ..."."""
    message = ex.check_softsign_derivative(lambda Z: 1 / (1 + np.abs(Z)) ^ 2).message
    assert "write ** for powers" in message
