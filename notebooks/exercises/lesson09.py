"""Exercises for lesson 09 · Training deep stacks."""
from __future__ import annotations

import warnings

import numpy as np

from .checking import Hint, exercise, judge, number


def _name(answer, what, options):
    if not isinstance(answer, str):
        raise Hint(f"{what} should be a name in quotes, one of: {', '.join(repr(o) for o in options)}")
    name = answer.strip().lower().replace("-", "_").replace(" ", "_")
    name = {"glorot": "xavier", "kaiming": "he", "leakyrelu": "leaky_relu", "zero": "zeros"}.get(name, name)
    if name not in options:
        raise Hint(f"{answer!r} is not one of dlkit's choices for {what}: {', '.join(repr(o) for o in options)}")
    return name


# -- 1. The sigmoid's slope, ten layers deep --------------------------------------------------------

MEANINGS = {
    "a": "the first layer's gradient is at most about a millionth of the last layer's, so it barely learns",
    "b": "the first layer learns about a million times faster than the last one",
    "c": "the loss shrinks to about a millionth of its first value after ten layers",
}


@exercise
def check_fade(answer, meaning):
    """0.25 ** 10, the most that ten sigmoid slopes can multiply a gradient by; and what that means (a)."""
    value = number(answer, "your number")
    right = 0.25 ** 10
    wrong = [
        (0.25 * 10, "that is 0.25 × 10. The slopes are multiplied one after another, ten times: 0.25 ** 10."),
        (1 / right, "that is 4 ** 10, the number upside down: each factor 0.25 makes the gradient smaller."),
        (0.25 ** 9, "off by one factor: ten sigmoid layers give ten factors of 0.25, so 0.25 ** 10."),
        (0.25 ** 11, "off by one factor: ten sigmoid layers give ten factors of 0.25, so 0.25 ** 10."),
        (0.5 ** 10, "0.5 is the sigmoid's output at z = 0; its slope there is 0.5 × (1 - 0.5) = 0.25."),
    ]
    if not judge(value, right, wrong):
        raise Hint("multiply 0.25 by itself ten times (in Python: 0.25 ** 10).")
    if not isinstance(meaning, str) or meaning.strip().lower().strip("()") not in MEANINGS:
        raise Hint(f"your number is right ({right:.2e}). Now answer meaning with 'a', 'b' or 'c'.")
    choice = meaning.strip().lower().strip("()")
    if choice == "b":
        raise Hint("the number is right, but it works the other way: a gradient multiplied by 0.25 ten times "
                   "gets smaller, and a small gradient means a small step for the first layer's weights.")
    if choice == "c":
        raise Hint("the number is right, but it is not about the loss, which is computed once at the output. "
                   "It is about the gradient that backpropagation carries down to the first layer.")
    return (f"0.25 ** 10 = {right:.2e}: about one millionth. The sigmoid slopes alone shrink the gradient that "
            "reaches the first layer a million-fold; the weights on the way can make it smaller still.")


# -- 2. Which initialisation for a ReLU stack ---------------------------------------------------------

INITS = ("xavier", "he", "normal", "uniform", "zeros")


def relu_signal_ratio(init, depth=20, width=16, activation="relu"):
    """How much of the signal survives a ReLU stack at initialisation, measured as the lesson's figure and its
    deep-stack explorer do: how much the examples differ (the std over the lesson's training points, root mean
    square over the units) at the last hidden layer, divided by the first's (one forward pass, no training)."""
    import dlkit
    from dlkit.datasets import circle, train_test_split
    X, y = circle(n=300, noise=0.05, seed=0)
    X_train = train_test_split(X / 6, y, test_ratio=0.3, seed=0, stratify=True)[0]   # as in the lesson
    net = dlkit.mlp([2] + [width] * depth + [1], activation=activation, init=init, output="sigmoid", seed=0)
    hidden = [step.output for step in net.trace(X_train)[:-2] if isinstance(step.layer, dlkit.Activation)]
    spread = [np.sqrt(a.var(axis=0).mean()) for a in (hidden[0], hidden[-1])]
    return float(spread[1] / spread[0])


@exercise
def check_relu_init(answer):
    """The initialiser made for ReLU layers: 'he'."""
    name = _name(answer, "init", INITS)
    if name == "zeros":
        raise Hint("with all weights 0 every hidden unit computes the same thing and gets the same gradient "
                   "(here 0), so they never become different. Random weights are needed, at the right scale.")
    ratio = relu_signal_ratio(name)
    measured = (f"Measured on a depth-20 ReLU stack of width 16: the examples differ {ratio:.1g} times as much at "
                "layer 20 as at layer 1.")
    if name == "he":
        xavier = relu_signal_ratio("xavier")
        return (f"He draws weights with variance 2 / n_in: twice Xavier's for a square layer, to make up for the "
                f"half of its inputs a ReLU sets to zero. Measured on a depth-20 ReLU stack of width 16, as in the "
                f"lesson's figure: how much the examples differ shrinks by a factor of {ratio ** (1 / 19):.2f} per "
                f"layer, so at layer 20 it is {1 / ratio:.0f} times smaller than at layer 1. It shrinks, but slowly "
                f"enough for the stack to train. With Xavier it is {xavier ** (1 / 19):.2f} per layer: by layer 20 the "
                f"examples differ only {xavier:.1g} times as much as at layer 1.")
    if name == "xavier":
        raise Hint("Xavier is made for tanh and sigmoid, which pass on both signs. A ReLU sets about half of its "
                   "inputs to zero, so each layer halves the signal's variance: over 19 more layers it falls to 0.5 ** 19 ≈ 2e-6, and "
                   "its size (the square root) to about 1e-3. "
                   f"{measured} Which init doubles the variance to make up for it?")
    if name == "normal":
        raise Hint("'normal' uses a fixed standard deviation of 0.1, whatever the layer's width. For 16 inputs "
                   f"that is too small: the signal shrinks at every layer. {measured} Pick the init whose "
                   "scale follows n_in and suits ReLU.")
    raise Hint("'uniform' is the Playground's fixed range [-0.5, 0.5]; it ignores the layer's width, so it is right "
               f"only by luck, and here it is a little too small. {measured} Pick the init whose scale follows "
               "n_in and suits ReLU.")


# -- 3. A recipe that trains fifteen layers ------------------------------------------------------------

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu")
DEPTH, WIDTH, LR, EPOCHS, LOSS_TARGET = 15, 16, 0.1, 80, 0.1


def deep_recipe_run(activation, init):
    """mlp([2] + [16] * 15 + [1]) with this activation and init, plain SGD lr 0.1, 80 epochs on
    circle(n=200, noise=0.05, seed=0) / 6, seed 0: (final training loss, inf if training diverged; the first
    layer's gradient over the last layer's at the end of epoch 1)."""
    import dlkit
    from dlkit.datasets import circle
    X, y = circle(n=200, noise=0.05, seed=0)
    net = dlkit.mlp([2] + [WIDTH] * DEPTH + [1], activation=activation, init=init, output="sigmoid", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dlkit.DivergenceWarning)
        history = net.fit(X / 6, y, optimizer="sgd", lr=LR, epochs=EPOCHS, seed=0)
    if history.diverged:
        return float("inf"), None
    first, last = history.grad_norms[0][0], history.grad_norms[0][-1]
    return history.train_loss[-1], first / last if last else None


def deep_recipe_loss(activation, init):
    """The final training loss of ``deep_recipe_run`` (inf if training diverged)."""
    return deep_recipe_run(activation, init)[0]


@exercise
def check_deep_recipe(activation, init):
    """An activation and init with which a depth-15 stack trains to a loss below 0.1 with plain SGD."""
    act = _name(activation, "activation", ACTIVATION_NAMES)
    ini = _name(init, "init", INITS)
    if ini == "zeros":
        raise Hint("with all weights 0 every unit of a layer is the same unit, and stays so: the stack cannot "
                   "learn anything a single node could not. Choose a random init.")
    loss, gradient_ratio = deep_recipe_run(act, ini)
    if loss < LOSS_TARGET:
        reach = (" (within a factor of 10: every layer learns from the start)" if 0.1 <= gradient_ratio <= 10
                 else "")
        return (f"{act} + {ini}: the training loss reached {loss:.2g} after {EPOCHS} epochs of plain SGD. Measured "
                f"in its first epoch, the first layer's gradient was {gradient_ratio:.2g} times the last layer's"
                f"{reach}.")
    got = f"{act} + {ini} ends at a loss of {loss:.3f} (0.693 is guessing)."
    if act == "sigmoid":
        raise Hint(f"{got} The sigmoid's slope is at most 0.25, so 15 layers shrink the gradient by 0.25 ** 15 "
                   "≈ 1e-9 whatever the init. Choose an activation whose slope is 1 near z = 0.")
    if ini == "normal":
        raise Hint(f"{got} 'normal' has a fixed standard deviation of 0.1, too small for 16 inputs: the signal "
                   "fades layer after layer. Choose an init whose scale follows the layer's width.")
    if act in ("relu", "leaky_relu"):
        ratio = relu_signal_ratio(ini, depth=DEPTH, activation=act)
        raise Hint(f"{got} A ReLU zeroes about half of its inputs, so with {ini}'s weights the signal shrinks layer "
                   f"after layer: measured before training, the examples differ {ratio:.1g} times as much at layer "
                   f"{DEPTH} as at layer 1. Its layers need weights with variance 2 / n_in. "
                   "Which init is made for ReLU?")
    raise Hint(f"{got} Look at the lesson's table: which init kept tanh's signal alive at depth 20?")
