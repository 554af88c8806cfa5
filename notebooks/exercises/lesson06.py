"""Exercises for lesson 06 · Backpropagation."""
from __future__ import annotations

import functools

import numpy as np

from dlkit.layers import Sigmoid

from .checking import Hint, Result, array, exercise, judge, not_a, number

SIGMOID = Sigmoid()


def _sigmoid(z):
    """dlkit's own sigmoid: the checks use the same maths as the lessons."""
    z = np.asarray(z, dtype=float)
    return SIGMOID.function(z) if z.ndim else float(SIGMOID.function(z))


# -- 1. One node, by hand ---------------------------------------------------------------------------
# The node of the exercise: z = w*x + b with w = 0.5, x = 2.0, b = -1.0, so z = 0 and a = sigmoid(0) = 0.5.
# The gradient arriving from above is dL/da = -0.8.

NODE_W, NODE_X, NODE_B, UPSTREAM = 0.5, 2.0, -1.0, -0.8


def _node_gradients():
    z = NODE_W * NODE_X + NODE_B
    a = _sigmoid(z)
    dL_dz = UPSTREAM * a * (1 - a)
    return z, a, dL_dz, dL_dz * NODE_X



@exercise
def check_node_gradients(dL_dz, dL_dw):
    """dL/dz and dL/dw for the node w = 0.5, x = 2, b = -1 (so z = 0), with dL/da = -0.8 arriving from above."""
    dL_dz, dL_dw = number(dL_dz, "dL_dz"), number(dL_dw, "dL_dw")
    z, a, right_z, right_w = _node_gradients()
    slope = a * (1 - a)                                   # sigmoid'(0) = 0.25
    wrong_z = [
        (UPSTREAM * a, "dL_dz: you multiplied by sigmoid(0) = 0.5, the node's output. The chain rule needs the "
                       "sigmoid's slope at z: sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))."),
        (UPSTREAM * _sigmoid(a) * (1 - _sigmoid(a)), "dL_dz: that is the slope at a = 0.5, not at z = 0. The "
                                                     "activation's slope is taken at its own input, z."),
        (slope, "dL_dz: 0.25 is the local slope alone. Multiply it by the gradient arriving from above, "
                "dL/da = -0.8."),
        (UPSTREAM, "dL_dz: that is the upstream gradient passed through unchanged. The sigmoid scales it by its "
                   "slope at z."),
        (UPSTREAM / slope, "dL_dz: you divided by the slope; the chain rule multiplies the local slope by the "
                           "upstream gradient."),
        (-right_z, "dL_dz: the size is right but the sign is not. Both factors keep their signs: (-0.8) * 0.25."),
    ]
    if not judge(dL_dz, right_z, wrong_z, name="dL_dz", exact=True):
        raise Hint("dL_dz is not right yet: it is (gradient from above) * (slope of the sigmoid at z = 0).")
    wrong_w = [
        (right_z * NODE_W, "dL_dw: you multiplied by w. That gives dL/dx (z = w*x + b changes by w per unit of x); "
                           "for the weight you need dz/dw = x = 2."),
        (right_z, "dL_dw: that is dL/dz (and dL/db, since dz/db = 1). One more link: dz/dw = x = 2."),
        (UPSTREAM * NODE_X, "dL_dw: you skipped the sigmoid's slope. The path from L to w goes through a and z: "
                            "dL/da * da/dz * dz/dw."),
    ]
    if not judge(dL_dw, right_w, wrong_w, name="dL_dw", exact=True):
        raise Hint("dL_dw is not right yet: multiply dL/dz by dz/dw, and z = w*x + b changes by x per unit of w.")
    return (f"dL/dz = (-0.8) * 0.25 = {right_z:.2f} and dL/dw = dL/dz * x = {right_w:.2f}. "
            "(dL/db is -0.2 too, and dL/dx = dL/dz * w = -0.1.)")


# -- 2. The gradients of a Dense layer --------------------------------------------------------------

DENSE_X = np.array([[1.0, 2.0, 0.0],
                    [0.0, -1.0, 1.0],
                    [2.0, 0.5, -1.0],
                    [1.0, 1.0, 1.0]])          # 4 examples, 3 inputs
DENSE_G = np.array([[0.1, -0.2],
                    [0.3, 0.0],
                    [-0.1, 0.4],
                    [0.2, 0.1]])               # dL/dZ: 4 examples, 2 output nodes


@exercise
def check_dense_gradients(dW, db):
    """dL/dW and dL/db of a Dense(3 -> 2) layer whose input was DENSE_X and whose dL/dZ is DENSE_G."""
    X, G = DENSE_X, DENSE_G
    dW, db = array(dW, "dW"), array(db, "db")
    right_W, right_b = X.T @ G, G.sum(axis=0)
    if dW.shape != right_W.shape:
        if dW.shape == right_W.T.shape:
            raise Hint(f"dW has shape {dW.shape}, but it must have the shape of W, (3, 2): one row per input, "
                       "one column per output node. G.T @ X pairs them the other way round: use X.T @ G.")
        raise Hint(f"dW should have the shape of W, (3, 2) (inputs x outputs), but yours has shape {dW.shape}. "
                   "Which product of X (4, 3) and G (4, 2) gives (3, 2)?")
    if not np.allclose(dW, right_W):
        if np.allclose(dW, right_W / len(X)):
            raise Hint("dW: no division by the number of examples here. The 1/N of the mean loss is already "
                       "inside dL/dZ; the layer just adds up every example's contribution.")
        if np.allclose(dW, right_W.T.reshape(right_W.shape)):
            raise Hint("dW has the right shape but its numbers are scrambled: reshape is not a transpose. "
                       "Use X.T @ G.")
        raise Hint("dW is not right yet: entry [i, j] adds up, over the examples, input i times the gradient "
                   "of output node j. In one line: X.T @ G.")
    if db.shape != right_b.shape:
        if db.shape == (len(X),):
            raise Hint("db has one number per example, but there is one bias per output node: add up over the "
                       "examples, G.sum(axis=0), not over the nodes.")
        if db.shape == (1, 2):
            raise Hint("db should have the shape of b, (2,): use G.sum(axis=0) without keepdims.")
        raise Hint(f"db should have the shape of b, (2,), but yours has shape {db.shape}.")
    if not np.allclose(db, right_b):
        if np.allclose(db, G.mean(axis=0)):
            raise Hint("db: that is the mean over the examples. Add them up instead (sum): the 1/N is already "
                       "inside dL/dZ.")
        if np.allclose(db, X.sum(axis=0)[:2]) or np.allclose(db, (X.T @ G).sum(axis=0)):
            raise Hint("db: the bias enters as z = ... + b with slope 1, so dL/db adds up dL/dZ itself, "
                       "without any X in it.")
        raise Hint("db is not right yet: since dz/db = 1, dL/db is dL/dZ added up over the examples.")
    return ("dW = X.T @ G has the shape of W, and db = G.sum(axis=0) has the shape of b: "
            "exactly the two lines of Dense.backward.")


# -- 3. Fix a broken backward -----------------------------------------------------------------------

def _softsign(Z):
    return Z / (1 + np.abs(Z))


def _softsign_slope(Z):
    return 1 / (1 + np.abs(Z)) ** 2


PROBE = np.array([-3.0, -1.5, -0.5, -0.1, 0.0, 0.2, 0.7, 1.0, 2.5])


def _softsign_network(derivative):
    """A 2-4-1 network whose hidden activation is softsign with the given derivative."""
    from dlkit import Activation, Dense, Network, Sigmoid   # imported here: exercises load before dlkit is needed

    class Softsign(Activation):
        def function(self, Z):
            return _softsign(Z)

        def derivative(self, Z):
            return derivative(Z)

    return Network([Dense(2, 4, seed=1), Softsign(), Dense(4, 1, seed=2), Sigmoid()])


def _returns_ellipsis(f, *args):
    try:
        with np.errstate(all="ignore"):
            return f(*args) is Ellipsis
    except Exception:
        return False


@exercise
def _check_softsign(derivative):
    import dlkit

    if not callable(derivative):
        raise Hint("pass the function itself (softsign_derivative, without brackets).")
    with np.errstate(all="ignore"):   # a wrong formula may divide by zero; that becomes a hint, not a warning
        slope = derivative(PROBE.copy())
    if slope is None:
        raise not_a("an array of slopes, one per z", slope, "your function's result")
    slope = np.asarray(slope, dtype=float)
    if slope.shape != PROBE.shape:
        raise Hint(f"for an array Z of shape {PROBE.shape} your function returned shape {slope.shape}. A slope "
                   "is element-wise: one number per z, the same shape as Z (use numpy, e.g. np.abs).")
    right = _softsign_slope(PROBE)
    pos = PROBE > 0
    if not np.allclose(slope, right):
        if not np.all(np.isfinite(slope)):
            raise Hint("your function returned inf or NaN for some z: somewhere it divides by zero. With "
                       "1 + |z| in the denominator that cannot happen.")
        if np.allclose(slope, 1 / (1 + np.abs(PROBE))):
            raise Hint("that is still the broken derivative. Differentiate z / (1 + |z|) with the quotient rule "
                       "(for z > 0 it is z / (1 + z)): a square appears in the denominator.")
        if np.allclose(slope, _softsign(PROBE)):
            raise Hint("that is softsign itself, f(z); backward needs its slope f'(z).")
        if np.allclose(slope[pos], right[pos]):
            raise Hint("right for positive z, wrong for negative z. For z < 0, |z| = -z, so the function is "
                       "z / (1 - z): use np.abs(Z) so one formula covers both sides.")
        if np.allclose(slope, -right):
            raise Hint("the right size with the wrong sign: softsign goes up everywhere, so its slope is "
                       "positive everywhere.")
        raise Hint("not the slope of z / (1 + |z|) yet. Compare your function with a finite difference "
                   "(f(z + h) - f(z - h)) / (2h) at a few z, for example z = -2, 0.5 and 3.")
    rng = np.random.default_rng(0)
    X = rng.normal(0.0, 1.5, size=(6, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    report = dlkit.gradcheck(_softsign_network(derivative), None, X, y)
    if not report.ok:
        raise Hint(f"gradcheck still reports a mismatch (largest relative error {report.max_error:.1e}). "
                   "Check your function at z = 0 and for large |z|.")
    return (f"gradcheck agrees to a relative error of {report.max_error:.0e}: backprop through softsign "
            "is right now. The bug only showed in dense0, the layer below the broken slope.")


@functools.wraps(_check_softsign)
def check_softsign_derivative(derivative):
    """A corrected derivative for softsign, f(z) = z / (1 + |z|); checked by running dlkit.gradcheck."""
    if callable(derivative) and _returns_ellipsis(derivative, PROBE.copy()):
        return Result("not attempted", "replace the ... with your answer and run the cell again.")
    return _check_softsign(derivative)
