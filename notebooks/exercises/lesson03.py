"""Exercises for lesson 03 · Layers and forward propagation."""
from __future__ import annotations

import numbers

import numpy as np

from .checking import Hint, array, exercise, judge, number, parameter_count, whole_number
from .checking import shape as as_shape


# -- 1. Predict a shape ---------------------------------------------------------------------------
# X holds 50 examples with 4 features each; net = dlkit.mlp([4, 10, 6, 3]).
# What is the shape of z for the SECOND hidden layer (what its Dense layer gives out)?

SHAPE_N = 50
SHAPE_SIZES = [4, 10, 6, 3]


@exercise
def check_shape(answer):
    """The shape of the second hidden layer's z when 50 examples go through mlp([4, 10, 6, 3])."""
    if isinstance(answer, numbers.Number):   # a lone 6 is a count of nodes, not the shape of a batch
        raise Hint("answer with a shape, a tuple of whole numbers like (7, 2).")
    shape = as_shape(answer, "your answer")
    right = (SHAPE_N, SHAPE_SIZES[2])
    if shape == right:
        return ("(50, 4) @ W1 (4, 10) gives (50, 10); then (50, 10) @ W2 (10, 6) gives (50, 6). The number "
                "of rows never changes: one row per example, all the way up.")
    if shape == (SHAPE_SIZES[2],):
        raise Hint("(6,) would be the z of ONE example. X holds 50 examples, and each one gets its own row.")
    if shape == (SHAPE_SIZES[1], SHAPE_SIZES[2]):
        raise Hint("(10, 6) is the shape of the weights W of the second Dense layer. The question asks "
                   "for what comes OUT of that layer: X2 @ W2 + b2, one row per example.")
    if shape == (SHAPE_SIZES[2], SHAPE_N):
        raise Hint("you have the two numbers in the wrong order: rows are examples, columns are nodes.")
    if shape == (SHAPE_N, SHAPE_SIZES[1]):
        raise Hint("(50, 10) is the first hidden layer. The second hidden layer has 6 nodes.")
    if shape == (SHAPE_N, SHAPE_SIZES[3]):
        raise Hint("(50, 3) is what comes out of the output layer. The second hidden layer is one step earlier.")
    if shape == (SHAPE_N, SHAPE_SIZES[0]):
        raise Hint("(50, 4) is the input X itself. Each Dense layer changes the number of columns to its "
                   "own number of nodes.")
    raise Hint("follow the shapes: (N, D_in) @ (D_in, D_out) gives (N, D_out). Start from X (50, 4) and go "
               "through the first two Dense layers of mlp([4, 10, 6, 3]).")


# -- 2. Count the parameters of mlp([4, 8, 3]) ---------------------------------------------------

COUNT_SIZES = [4, 8, 3]


@exercise
def check_parameter_count(answer):
    """The number of weights plus biases of dlkit.mlp([4, 8, 3])."""
    answer = whole_number(answer, "the number of parameters (weights plus biases)")
    right = parameter_count(COUNT_SIZES)  # (4*8 + 8) + (8*3 + 3) = 67
    if answer == right:
        return ("W1 is (4, 8) and b1 is (8,): 40 numbers; W2 is (8, 3) and b2 is (3,): 27 numbers. "
                "67 in all, the same as net.n_parameters().")
    if answer == parameter_count(COUNT_SIZES, biases=False):
        raise Hint(f"{answer} counts the entries of W1 and W2, but every hidden and output node also has a bias.")
    if answer == right + COUNT_SIZES[0]:
        raise Hint("the 4 input nodes have no bias (they compute nothing); only hidden and output nodes do.")
    if answer == 4 * 8 + 8 * 3 + 8 or answer == 4 * 8 + 8 * 3 + 3:
        raise Hint("you counted the biases of only one layer: the hidden layer has 8, the output layer 3.")
    if answer == 4 * 8 * 3:
        raise Hint("the layers do not multiply together: each neighbouring pair (4 -> 8, then 8 -> 3) has "
                   "its own weight matrix. Add the two counts.")
    if answer in (sum(COUNT_SIZES), sum(COUNT_SIZES[1:])):
        raise Hint(f"{answer} is a number of nodes. Count the arrows (one weight each) between neighbouring "
                   "layers, plus one bias per hidden and output node.")
    raise Hint("for each pair of neighbouring layers of sizes a and b there are a·b weights (W has shape "
               "(a, b)) and b biases. Do it for (4, 8) and (8, 3), then add.")


# -- 3. Weights that make |x| ------------------------------------------------------------------------
# A network with 1 input, 2 hidden ReLU units and 1 output. The output layer is fixed:
#     y = 1 * h1 + 1 * h2 + 0
# Choose the hidden layer's W1 (shape (1, 2)) and b1 (shape (2,)) so that y = |x| for every x.

ABS_W2 = np.array([[1.0], [1.0]])
ABS_B2 = np.array([0.0])
ABS_X = np.linspace(-3, 3, 13).reshape(-1, 1)


def _abs_net_output(W1, b1, X=ABS_X):
    """The same maths as dlkit.Network([Dense(1, 2), ReLU(), Dense(2, 1)]) with these weights."""
    import dlkit  # the checks use dlkit itself, so the answer is judged by the same code the lesson uses
    hidden = dlkit.Dense(1, 2)
    hidden.W[...] = W1
    hidden.b[...] = b1
    out = dlkit.Dense(2, 1)
    out.W[...] = ABS_W2
    out.b[...] = ABS_B2
    return dlkit.Network([hidden, dlkit.ReLU(), out]).forward(X)[:, 0]


@exercise
def check_abs_weights(W1, b1):
    """Hidden weights W1 (1, 2) and biases b1 (2,) so that relu(x W1 + b1) @ [[1], [1]] = |x|."""
    W1 = array(W1, "W1", "an array of numbers, like np.array([[1.0, 2.0]])")
    b1 = array(b1, "b1", "an array of numbers, like np.array([1.0, 2.0])")
    if W1.shape == (2,) or W1.shape == (2, 1):
        raise Hint(f"W1 should have shape (1, 2): one row per input (there is 1) and one column per hidden "
                   f"unit (there are 2). Yours has shape {W1.shape}; try np.array([[w_a, w_b]]).")
    if W1.shape != (1, 2):
        raise Hint(f"W1 should have shape (1, 2), but yours has shape {W1.shape}.")
    if b1.shape != (2,):
        raise Hint(f"b1 should have shape (2,), one bias per hidden unit, but yours has shape {b1.shape}.")
    if not (np.all(np.isfinite(W1)) and np.all(np.isfinite(b1))):
        raise Hint("use ordinary finite numbers.")
    y = _abs_net_output(W1, b1)
    target = np.abs(ABS_X[:, 0])
    if np.allclose(y, target):
        return ("one unit passes the positive side, relu(x); the other passes the negative side flipped, "
                "relu(-x); their sum is |x|. Two bent pieces added make a V.")
    x = ABS_X[:, 0]
    if np.any(W1 == 0):
        raise Hint("a hidden unit with weight 0 ignores x: it gives relu(b) whatever x is, a flat line. Both "
                   "units need a nonzero weight: one should respond to positive x and the other to negative x.")
    if np.all(W1 > 0) or np.all(W1 < 0):
        raise Hint("both hidden units look at the same side of 0: with weights of the same sign, both are "
                   "silent (or both active) for the same x. One unit should respond to positive x and the "
                   "other to negative x.")
    zeros = x[np.isclose(y, 0)]
    if len(zeros) > 1:
        raise Hint(f"your network gives 0 on the whole stretch from x = {zeros.min():g} to {zeros.max():g}: "
                   "negative biases keep both ReLUs switched off near 0. |x| is 0 only at x = 0.")
    corner = float(x[np.argmin(y)])
    if np.isclose(y.min(), 0) and not np.isclose(corner, 0):
        raise Hint(f"your V has its corner at x = {corner:g}, not at 0: the biases shift the point where each "
                   "ReLU switches on (unit j switches on where x·W1[0, j] + b1[j] = 0).")
    if not np.allclose(b1, 0):
        raise Hint(f"at x = 1 your network gives {y[np.isclose(x, 1)][0]:g} and at x = 0 it gives "
                   f"{y[np.isclose(x, 0)][0]:g}, but |1| = 1 and |0| = 0. A nonzero bias moves the corner "
                   "of a ReLU away from x = 0, or lifts it: do you need a bias at all?")
    raise Hint("the slopes are off: for x > 0 the output must grow by exactly 1 per step of x, and for x < 0 "
               "too (going left). With the output weights fixed at 1, what must the hidden weights be?")


# -- 4. Trace one value by hand ---------------------------------------------------------------------

TRACE_X = np.array([[1.0, 2.0]])
TRACE_W1 = np.array([[1.0, -1.0],
                     [0.5, 1.0]])
TRACE_B1 = np.array([0.0, -4.0])
TRACE_W2 = np.array([[1.5],
                     [2.0]])
TRACE_B2 = np.array([-1.0])


def _relu(z):
    return np.maximum(z, 0)


@exercise
def check_trace(answer):
    """The output of x -> relu(x @ W1 + b1) @ W2 + b2 for TRACE_X and the TRACE_ weights."""
    a = number(answer, "the output")
    z1 = TRACE_X @ TRACE_W1 + TRACE_B1          # [2, -3]
    h = _relu(z1)                               # [2, 0]
    right = float((h @ TRACE_W2 + TRACE_B2)[0, 0])  # 3 + 0 - 1 = 2
    wrong = [
        (float((z1 @ TRACE_W2 + TRACE_B2)[0, 0]),
         "you used z = -3 of the second hidden unit where its activation belongs: ReLU turns every "
         "negative z into 0 before the output layer sees it."),
        (float((h @ TRACE_W2)[0, 0]), "you forgot the output bias b2 = -1."),
        (float((_relu(TRACE_X @ TRACE_W1) @ TRACE_W2 + TRACE_B2)[0, 0]),
         "you forgot the hidden biases b1 = [0, -4]: z1 = x @ W1 + b1."),
        (float((_relu(TRACE_X @ TRACE_W1.T + TRACE_B1) @ TRACE_W2 + TRACE_B2)[0, 0]),
         "you read W1 by rows: column j of W1 holds the weights of hidden unit j, so unit 1 gets "
         "1·x1 + 0.5·x2 and unit 2 gets -1·x1 + 1·x2."),
    ]
    if judge(a, right, wrong, exact=True):
        return (f"z1 = [1·1 + 2·0.5 + 0, 1·(-1) + 2·1 - 4] = [2, -3]; ReLU gives [2, 0]; then "
                f"2·1.5 + 0·2 - 1 = {right:g}. The second hidden unit was switched off by its ReLU.")
    raise Hint("go one layer at a time: z1 = x @ W1 + b1 (two numbers), h = relu(z1), then y = h @ W2 + b2.")
