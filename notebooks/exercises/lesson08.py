"""Exercises for lesson 08 · Hidden layers and depth."""
from __future__ import annotations


import numpy as np

from .checking import Hint, exercise, parameter_count, whole_number


# -- 1. Counting parameters -------------------------------------------------------------------------

COUNT_SIZES = [2, 16, 16, 16, 5]   # 2 inputs, 3 hidden layers of 16, 5 classes (the five-arm spiral)


@exercise
def check_parameter_count(answer):
    """How many parameters has mlp([2, 16, 16, 16, 5])? Weights a*b between layers of a and b nodes,
    plus one bias per node that computes: 48 + 272 + 272 + 85 = 677."""
    n = whole_number(answer, "the number of parameters")
    right = parameter_count(COUNT_SIZES)
    if n == right:
        return ("2·16+16 = 48, then 16·16+16 = 272 twice, then 16·5+5 = 85: 677 numbers to learn. "
                "dlkit.mlp([2, 16, 16, 16, 5]).n_parameters() agrees.")
    weights = parameter_count(COUNT_SIZES, biases=False)
    if n == weights:
        raise Hint(f"{n} counts the weights (one per link), but not the biases: every node in a hidden or "
                   "output layer has one bias too.")
    if n == right + COUNT_SIZES[0]:
        raise Hint("the input nodes have no bias: they only hold the numbers x1 and x2. Only nodes that "
                   "compute a weighted sum have one.")
    if n == right - COUNT_SIZES[-1]:
        raise Hint("you forgot the biases of the 5 output nodes: they compute a weighted sum plus a bias too.")
    if n in (sum(COUNT_SIZES), sum(COUNT_SIZES[1:])):
        raise Hint(f"{n} is the number of nodes. Count the links instead: every node of one layer is "
                   "joined to every node of the next (a·b weights), plus one bias per computing node.")
    if n == parameter_count([2, 16, 16, 16, 1]):
        raise Hint("that is the count for one output node. This network tells 5 classes apart, so its "
                   "output layer has 5 nodes, each with 16 weights and a bias.")
    if n in (parameter_count([2, 16, 16, 5]), parameter_count([2, 16, 16, 16, 16, 5])):
        raise Hint("check how many weight matrices there are: 3 hidden layers sit between input and output, "
                   "so there are 4 Dense layers: 2->16, 16->16, 16->16 and 16->5.")
    if n == 2 * 16 + 16 * 16 * 16 * 5 or n == 2 * 16 * 16 * 16 * 5:
        raise Hint("the layers are not multiplied together: add up, layer by layer, a·b weights + b biases.")
    raise Hint("go layer by layer: a Dense layer from a nodes to b nodes has a·b weights and b biases. "
               "There are four of them here (2->16, 16->16, 16->16, 16->5); add up their counts.")


# -- 2. XOR: with or without a hidden layer ----------------------------------------------------------

def _xor_accuracy(depth):
    """Test accuracy on XOR of a network with `depth` hidden layers of 4 tanh nodes (seeded, fast)."""
    import dlkit
    from dlkit.datasets import train_test_split, xor
    X, y = xor(n=400, noise=0.1, seed=0)
    X_train, X_test, y_train, y_test = train_test_split(X / 6, y, test_ratio=0.5, seed=0, stratify=True)
    net = dlkit.mlp([2] + [4] * depth + [1], activation="tanh", output="sigmoid", seed=0)
    net.fit(X_train, y_train, optimizer="adam", lr=0.03, epochs=150, seed=0)
    return net.evaluate(X_test, y_test)["accuracy"]


@exercise
def check_xor(depth0_can, depth1_can):
    """Can a network with no hidden layer solve XOR? With one hidden layer of 4 nodes? (False, True)"""
    for value, name in ((depth0_can, "depth0_can"), (depth1_can, "depth1_can")):
        if not isinstance(value, (bool, np.bool_)):
            quotes = " (without quotes)" if isinstance(value, str) else ""  # "True" typed as a string
            raise Hint(f"{name} should be True or False{quotes}, but got {value!r}")
    if depth0_can and depth1_can:
        raise Hint("with no hidden layer the network is one node: sigmoid(w1·x1 + w2·x2 + b). Its boundary "
                   "is one straight line. Can one line put the top-right and bottom-left quadrants on one "
                   "side and the other two on the other side?")
    if depth0_can:
        raise Hint("you have it the wrong way round: a network without hidden layers draws one straight "
                   "line; a hidden layer gives it several lines to combine.")
    if not depth1_can:
        raise Hint("one hidden layer changes the picture: each hidden node draws its own line, and the output "
                   "node combines them. Two lines can fence off the two diagonal quadrants, so one hidden "
                   "layer of 4 nodes has more than enough.")
    a0, a1 = _xor_accuracy(0), _xor_accuracy(1)
    return (f"measured: no hidden layer reaches {a0:.2f} test accuracy (a coin toss), one hidden layer of 4 "
            f"tanh nodes reaches {a1:.2f}. One line cannot do XOR; a few lines combined can.")


# -- 3. The smallest network for the circle ----------------------------------------------------------

SMALL_BUDGET = 13    # parameters: depth 1 with 3 nodes, the fewest that pass (tests/test_exercises_lesson08.py)
TARGET = 0.95


def circle_test_accuracy(depth, width):
    """Test accuracy of mlp([2] + [width] * depth + [1], tanh) on the noisy circle, trained as in the lesson.

    The same recipe as the notebook's own ``circle_test_accuracy``: circle(n=400, noise=0.1, seed=0)
    scaled by 1/6, half for training, Adam lr 0.03 for 150 epochs, seed 0. Returns (accuracy, n_parameters).
    """
    import dlkit
    from dlkit.datasets import circle, train_test_split
    X, y = circle(n=400, noise=0.1, seed=0)
    X_train, X_test, y_train, y_test = train_test_split(X / 6, y, test_ratio=0.5, seed=0, stratify=True)
    net = dlkit.mlp([2] + [width] * depth + [1], activation="tanh", output="sigmoid", seed=0)
    net.fit(X_train, y_train, optimizer="adam", lr=0.03, epochs=150, seed=0)
    return net.evaluate(X_test, y_test)["accuracy"], net.n_parameters()


@exercise
def check_smallest_net(depth, width):
    """The smallest (fewest parameters) tanh network with >= 95% test accuracy on the noisy circle."""
    depth = whole_number(depth, "depth")
    width = whole_number(width, "width")
    if depth < 0 or width < 1:
        raise Hint("depth counts hidden layers (0 or more) and width is the number of nodes in each (1 or more)")
    if depth > 6 or width > 64:
        raise Hint(f"depth {depth} and width {width} is far more than this small task needs: start small "
                   "(depth 0 or 1, a few nodes) and grow only when the accuracy is not there.")
    if depth == 0:
        raise Hint("with depth 0 the network draws one straight line, and no line separates a disc from the "
                   "ring around it (it gets about 0.53). Add a hidden layer.")
    accuracy, n = circle_test_accuracy(depth, width)
    if accuracy < TARGET:
        if width <= 2 and depth == 1:
            lines = "one straight line" if width == 1 else "two straight lines"
            raise Hint(f"depth 1, width {width} reaches {accuracy:.2f}. The hidden layer draws {lines}, and "
                       f"{lines} cannot fence in a disc. How many straight lines does it take to enclose a region?")
        if width <= 2:
            raise Hint(f"depth {depth}, width {width} reaches {accuracy:.2f}. Layers of {width} node{'s' if width > 1 else ''} are no "
                       "wider than the input, and a network that narrow cannot enclose a region however deep it "
                       "is: its class-1 area always runs off to the edge of the plane. Widen the layers instead.")
        raise Hint(f"depth {depth}, width {width} reaches {accuracy:.2f}, below {TARGET}: give it a little more "
                   "room (a node more per layer).")
    if n > SMALL_BUDGET:
        raise Hint(f"depth {depth}, width {width} works ({accuracy:.2f} test accuracy), but it has {n} "
                   "parameters. A smaller network also passes 0.95: try fewer layers or fewer nodes.")
    return (f"depth {depth}, width {width}: {accuracy:.2f} test accuracy with only {n} parameters. Three lines are "
            "the fewest that fence in a region (a triangle); the output node rounds its corners.")
