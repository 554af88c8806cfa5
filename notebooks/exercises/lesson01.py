"""Exercises for lesson 01 · A single node."""
from __future__ import annotations

import numpy as np

from dlkit.layers import Sigmoid

from .checking import Hint, array, exercise, judge, number

SIGMOID = Sigmoid()


def _sigmoid(z):
    """dlkit's own sigmoid: the checks use the same maths as the lessons."""
    z = np.asarray(z, dtype=float)
    return SIGMOID.function(z) if z.ndim else float(SIGMOID.function(z))


# -- 1. One node's output by hand -------------------------------------------------------------------

NODE_X = np.array([2.0, -1.0])    # the example
NODE_W = np.array([0.5, 1.5])     # the node's weights
NODE_B = 0.25                     # its bias


@exercise
def check_node_output(answer):
    """The output a = sigmoid(w1 x1 + w2 x2 + b) of the node with NODE_W, NODE_B on NODE_X."""
    a = number(answer, "the output a")
    z = float(NODE_X @ NODE_W + NODE_B)          # 1.0 - 1.5 + 0.25 = -0.25
    right = float(_sigmoid(z))
    wrong = [
        (z, f"{z:g} is z, the weighted sum plus bias. The node still has to apply its activation: "
            "a = sigmoid(z) = 1 / (1 + e^(-z))."),
        (z - NODE_B, "that is the weighted sum alone: you forgot the bias and the activation."),
        (_sigmoid(z - NODE_B), "you forgot the bias: z = w1·x1 + w2·x2 + b, with b = 0.25."),
        (_sigmoid(-z), "check the sign in the exponent: sigmoid(z) = 1 / (1 + e^(-z)), and here z is negative, "
                       "so the output is a little below 0.5."),
        (np.tanh(z), "that is tanh(z); this node's activation is the sigmoid, 1 / (1 + e^(-z))."),
        (_sigmoid(float(np.abs(NODE_X) @ NODE_W + NODE_B)), "watch the sign of x2 = -1: the second product is "
                                                             "1.5·(-1) = -1.5."),
    ]
    if judge(a, right, wrong):
        return f"z = 0.5·2 + 1.5·(-1) + 0.25 = {z:.2f}, and sigmoid({z:.2f}) = {right:.4f}."
    if not 0 < a < 1:
        raise Hint("a sigmoid's output is always between 0 and 1: compute z first, then 1 / (1 + e^(-z)).")
    raise Hint("compute z = 0.5·2 + 1.5·(-1) + 0.25 first, then a = 1 / (1 + e^(-z)).")


# -- 2 and 3. Logic gates made of one node -------------------------------------------------------------

INPUTS_1 = np.array([[0.0], [1.0]])
INPUTS_2 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _weights(w, n):
    w = array(w, "w", "a number" if n == 1 else f"a list of {n} numbers").reshape(-1)
    if w.size != n:
        raise Hint(f"this node has {n} input{'s' if n > 1 else ''}, so w needs {n} number{'s' if n > 1 else ''}, "
                   f"but yours has {w.size}")
    if not np.all(np.isfinite(w)):
        raise Hint("w should hold ordinary finite numbers")
    return w


def _table(inputs, z):
    return ", ".join(f"{tuple(int(v) for v in x)} -> z = {zi:g}" for x, zi in zip(inputs, z))


@exercise
def check_not(w, b):
    """A one-input node that outputs 1 for x = 0 and 0 for x = 1 (NOT): sigmoid(w x + b) >= 0.5 means 1."""
    w = _weights(w, 1)
    b = number(b, "b")
    z = INPUTS_1 @ w + b
    if z[0] == 0 or z[1] == 0:
        raise Hint(f"an input lands exactly on the boundary ({_table(INPUTS_1, z)}): z = 0 gives 0.5, "
                   "neither yes nor no. Move the line off the points.")
    if z[0] < 0:
        raise Hint(f"for x = 0 the weight does nothing, so z = b = {b:g}. NOT 0 is 1, so b must be positive.")
    if z[1] > 0:
        raise Hint(f"for x = 1, z = w + b = {z[1]:g}, still positive. Make w negative enough to pull z "
                   "below 0 when the input is on.")
    return f"{_table(INPUTS_1, z)}: the input switches the output off. A negative weight means 'inhibit'."


@exercise
def check_and(w, b):
    """A two-input node that outputs 1 only for (1, 1): AND."""
    w = _weights(w, 2)
    b = number(b, "b")
    z = INPUTS_2 @ w + b
    if np.any(z == 0):
        raise Hint(f"a corner lies exactly on the line z = 0 ({_table(INPUTS_2, z)}): the node says 0.5 "
                   "there. Shift the line a little with b.")
    out = (z > 0).astype(int)
    if out.tolist() == [0, 0, 0, 1]:
        return f"{_table(INPUTS_2, z)}: only (1, 1) is on the positive side of the line."
    if out.tolist() == [0, 1, 1, 1]:
        raise Hint("your node says 1 when either input is on: that is OR. Make b more negative, so one "
                   "input alone cannot push z above 0 but both together can.")
    if out.tolist() == [1, 1, 1, 1]:
        raise Hint(f"your node says 1 everywhere, even for (0, 0) where z = b = {b:g}. The bias must be negative.")
    if out.tolist() == [0, 0, 0, 0]:
        raise Hint(f"your node never says 1: even for (1, 1), z = w1 + w2 + b = {z[3]:g}. Make the weights "
                   "larger (or b less negative).")
    if np.any(w <= 0):
        raise Hint("both inputs should push towards 'yes', so both weights should be positive.")
    raise Hint(f"your node gives {_table(INPUTS_2, z)}. For AND, only (1, 1) may have z > 0.")


GATE_W = np.array([-2.0, -2.0])
GATE_B = 3.0
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0],
         "XOR": [0, 1, 1, 0], "XNOR": [1, 0, 0, 1]}


@exercise
def check_gate(answer):
    """Which gate does the node sigmoid(-2 x1 - 2 x2 + 3) compute on inputs in {0, 1}?"""
    if not isinstance(answer, str):
        raise Hint(f"answer with a gate's name in quotes: one of {', '.join(repr(g) for g in GATES)}.")
    name = answer.strip().upper().replace(" ", "").replace("-", "").replace("_", "")
    name = {"NOTAND": "NAND", "NOTOR": "NOR"}.get(name, name)
    if name not in GATES:
        raise Hint(f"{answer!r} is not a gate I know; choose one of {', '.join(repr(g) for g in GATES)}.")
    z = INPUTS_2 @ GATE_W + GATE_B
    truth = (z > 0).astype(int).tolist()
    if GATES[name] == truth:
        return f"{_table(INPUTS_2, z)}: 1 unless both inputs are on. That is NOT AND, NAND."
    if name in ("XOR", "XNOR"):
        raise Hint("a single node draws one straight line, and no straight line computes XOR or XNOR. "
                   "Work out z for each of the four corners.")
    if name == "AND":
        raise Hint("the weights are negative: switching an input on pulls z down, not up. "
                   "Work out z = -2·x1 - 2·x2 + 3 for each of the four corners.")
    if name == "OR":
        raise Hint("check (1, 1): z = -2 - 2 + 3 = -1 < 0, so the node says 0 there. OR would say 1.")
    if name == "NOR":
        raise Hint("check (0, 1): z = -2 + 3 = 1 > 0, so the node says 1 there. NOR would say 0.")
    raise Hint("work out z = -2·x1 - 2·x2 + 3 for (0, 0), (0, 1), (1, 0) and (1, 1); z > 0 means 1.")
