"""Exercises for lesson 02 · Activation functions."""
from __future__ import annotations

import numpy as np

from .checking import Hint, array, close, exercise, judge, number


# -- 1. Slopes at zero --------------------------------------------------------------------------------

@exercise
def check_slopes_at_zero(sigmoid_slope, tanh_slope):
    """The slopes sigmoid'(0) and tanh'(0)."""
    s = number(sigmoid_slope, "sigmoid_slope")
    t = number(tanh_slope, "tanh_slope")
    if not judge(s, 0.25, [(0.5, "0.5 is sigmoid(0), the value. The slope is sigmoid'(z) = s (1 - s) with "
                                 "s = sigmoid(z).")], name="sigmoid_slope",
                 exact=True):
        raise Hint("use sigmoid'(z) = s (1 - s) where s = sigmoid(z); at z = 0, s = 0.5.")
    if not judge(t, 1.0, [(0.0, "0 is tanh(0), the value. The slope is tanh'(z) = 1 - tanh(z)^2.")],
                 name="tanh_slope", exact=True):
        raise Hint("use tanh'(z) = 1 - tanh(z)^2, with tanh(0) = 0.")
    return ("sigmoid'(0) = 0.25 and tanh'(0) = 1: both are steepest at 0, and tanh is four times "
            "steeper, so gradients pass through it with less loss.")


# -- 2. Two linear layers are one ---------------------------------------------------------------------

W1 = np.array([[1.0, -1.0, 0.0],
               [2.0, 0.0, 1.0]])      # (2, 3): 2 inputs -> 3 nodes
b1 = np.array([0.5, 0.0, -1.0])       # (3,)
W2 = np.array([[1.0], [2.0], [-1.0]])  # (3, 1): 3 nodes -> 1 output
b2 = np.array([0.5])                   # (1,)


@exercise
def check_collapse(W, b):
    """One layer (W, b) with X @ W + b == (X @ W1 + b1) @ W2 + b2 for every X."""
    W_right, b_right = W1 @ W2, b1 @ W2 + b2
    W, b = array(W, "W"), array(b, "b", "a number or an array of numbers")
    if W.shape == (1, 2) and np.allclose(W, W_right.T):
        raise Hint("your W is transposed: with rows as examples, X (N, 2) @ W must give (N, 1), "
                   "so W has shape (2, 1). Multiply in the order the data meets them: W1 @ W2.")
    if W.shape != W_right.shape:
        raise Hint(f"W should have shape {W_right.shape} (2 inputs -> 1 output), but yours has shape {W.shape}. "
                   "The data meets W1 first, then W2: W = W1 @ W2.")
    close(W, W_right, "W")
    if b.shape == (3,):
        raise Hint("b should have one number per output, shape (1,). b1 has 3 numbers: it has to pass through "
                   "the second layer (b1 @ W2) before it joins b2.")
    if b.size == 1 and np.isclose(b.reshape(-1)[0], b2[0]):
        raise Hint("you kept b2 but lost b1: b1 is added before the second layer, so it gets multiplied "
                   "by W2 too. b = b1 @ W2 + b2.")
    if b.size == 1 and np.isclose(b.reshape(-1)[0], (b1 @ W2)[0]):
        raise Hint("you have b1 @ W2; the second layer adds its own bias b2 as well.")
    if b.size == 1 and np.isclose(b.reshape(-1)[0], b1.sum() + b2[0]):
        raise Hint("b1 does not just add up: it passes through the second layer's weights. b = b1 @ W2 + b2.")
    close(b.reshape(-1), b_right, "b")
    return (f"W = W1 @ W2 = {W_right.ravel().tolist()} (as a column) and b = b1 @ W2 + b2 = {b_right[0]:g}: "
            "two linear layers, one linear layer in disguise.")


# -- 3. Which activation is it? ----------------------------------------------------------------------

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
PROPERTIES = (
    ("outputs always between -1 and 1", "tanh"),
    ("outputs between 0 and 1, slope never above 0.25", "sigmoid"),
    ("slope exactly 0 for every negative z", "relu"),
    ("stacking layers that use it collapses them into one layer", "identity"),
)
WHY = {
    "tanh": "tanh squashes every z into (-1, 1)",
    "sigmoid": "the sigmoid squashes into (0, 1), and its slope s (1 - s) peaks at 0.25",
    "relu": "ReLU is flat (slope 0) for all z < 0, which is how units die",
    "identity": "the identity does nothing, so linear layers stay linear and collapse",
}


@exercise
def check_properties(p1, p2, p3, p4):
    """Name the activation ("sigmoid", "tanh", "relu", "leaky_relu" or "identity") for each property."""
    answers = [p1, p2, p3, p4]
    for i, (a, (prop, right)) in enumerate(zip(answers, PROPERTIES), start=1):
        if not isinstance(a, str) or a.strip().lower().replace(" ", "_").replace("-", "_") not in NAMES + ("linear",):
            raise Hint(f"p{i}: answer with one of {', '.join(repr(n) for n in NAMES)}.")
        name = a.strip().lower().replace(" ", "_").replace("-", "_")
        name = "identity" if name == "linear" else name
        if name == right:
            continue
        if name == "leaky_relu" and right == "relu":
            raise Hint("p3: leaky ReLU keeps a small slope (0.01) for negative z, so it is never exactly flat there.")
        if name == "sigmoid" and right == "tanh":
            raise Hint("p1: the sigmoid's outputs are between 0 and 1, never negative.")
        if name == "tanh" and right == "sigmoid":
            raise Hint("p2: tanh's outputs go down to -1, and its slope reaches 1 at z = 0.")
        if right == "identity":
            raise Hint(f"p4: {name} bends somewhere, so a stack of layers using it does NOT collapse. "
                       "Which activation does not bend at all?")
        raise Hint(f"p{i} ('{prop}'): {name} does not have that property. Look at the plots of value and slope.")
    return "; ".join(WHY[r] for _, r in PROPERTIES) + "."


# -- 4. How much can ten sigmoids shrink a gradient? ---------------------------------------------------

@exercise
def check_shrink(answer):
    """The largest possible product of the slopes of 10 sigmoid nodes in a chain."""
    a = number(answer, "the answer")
    right = 0.25 ** 10
    wrong = [
        (2.5, "the chain rule multiplies the slopes along the chain; it does not add them."),
        (0.25, "0.25 is the slope of one sigmoid; there are ten of them in the chain."),
        (0.25 ** 9, "count again: ten sigmoids, ten slopes of at most 0.25 each."),
        (0.25 ** 11, "count again: ten sigmoids, ten slopes of at most 0.25 each."),
        (4 ** 10, "that is 1 / 0.25^10: the signal is multiplied by each slope, so it shrinks."),
        (0.5 ** 10, "0.5 is the sigmoid's value at 0; its largest slope is 0.25."),
    ]
    if judge(a, right, wrong):
        return (f"0.25^10 = {right:.2e}: even in the best case the signal for the first layer is about a "
                "million times weaker. Lesson 09 comes back to these vanishing gradients.")
    raise Hint("the chain rule multiplies one slope per sigmoid, and each slope is at most sigmoid'(0).")
