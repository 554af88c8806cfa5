"""Exercises for lesson 05 · Gradient descent and the learning rate."""
from __future__ import annotations

import numpy as np

from .checking import Hint, exercise, judge, number


# -- 1. One step by hand -----------------------------------------------------------------------------
# L(w) = (w - 3)^2, the weight is w = 0, the learning rate is 0.1. Where is w after one step?

STEP_W, STEP_LR, STEP_TARGET = 0.0, 0.1, 3.0


@exercise
def check_one_step(answer):
    """The new w after one gradient-descent step on L(w) = (w - 3)^2 from w = 0 with lr = 0.1."""
    a = number(answer, "the new w")
    slope = 2 * (STEP_W - STEP_TARGET)                  # -6
    right = STEP_W - STEP_LR * slope                    # 0.6
    wrong = [
        (STEP_W + STEP_LR * slope, "you stepped uphill: the update SUBTRACTS lr·slope. Here the slope is "
                                   "negative, so w must grow."),
        (STEP_W - STEP_LR * slope / 2, "the slope of (w - 3)^2 is 2·(w - 3): you forgot the factor 2."),
        (STEP_W - slope, "you forgot the learning rate: the step is lr·slope, not the whole slope."),
        (STEP_W - STEP_LR * (STEP_W - STEP_TARGET) ** 2, "you used the loss L(w) = 9 instead of its slope "
                                                         "L'(w) = 2·(w - 3)."),
        (slope, "-6 is the slope at w = 0. The question asks for the new w = w - lr·slope."),
        (STEP_TARGET, "3 is where the minimum is; one step of size lr·slope does not get there."),
    ]
    if judge(a, right, wrong, exact=True):
        return ("the slope is 2·(0 - 3) = -6: the loss falls to the right. w - lr·slope = 0 - 0.1·(-6) = 0.6, "
                "a step to the right, towards the minimum at 3.")
    raise Hint("compute the slope L'(w) = 2·(w - 3) at w = 0 first, then w_new = w - lr·slope.")


# -- 2. A learning rate that converges in time ----------------------------------------------------
# L(w) = 2 (w - 1)^2, start at w = 5. Find an lr so that after 10 steps |w - 1| < 0.01.

PARABOLA_A, PARABOLA_MIN, START_W, N_STEPS, TOLERANCE = 2.0, 1.0, 5.0, 10, 0.01


def parabola_path(lr, w=START_W, steps=N_STEPS):
    """The weights visited by gradient descent on L(w) = 2 (w - 1)^2: [w0, w1, ..., w_steps]."""
    path = [float(w)]
    for _ in range(steps):
        slope = 2 * PARABOLA_A * (w - PARABOLA_MIN)
        w = w - lr * slope
        path.append(float(w))
    return path


@exercise
def check_learning_rate(lr):
    """A learning rate that brings w within 0.01 of the minimum of 2 (w - 1)^2 in 10 steps from w = 5."""
    lr = number(lr, "lr", "a number, like 0.05")
    if np.isinf(lr) and lr > 0:
        raise Hint("an infinite learning rate takes an infinite step: w leaves for infinity at once. Try a number "
                   "between 0 and 1.")
    if not np.isfinite(lr) or lr <= 0:
        raise Hint("a learning rate is a positive number: with lr <= 0, w stays put or walks uphill.")
    path = parabola_path(lr)
    end = path[-1]
    shown = ", ".join(f"{w:.3g}" for w in path[:6])
    if abs(end - PARABOLA_MIN) < TOLERANCE:
        factor = 1 - 2 * PARABOLA_A * lr
        if np.isclose(factor, 0):
            return (f"your lr = {lr:g} lands on the minimum in one step: each step multiplies the distance to "
                    "the minimum by 1 - 4·lr = 0. That is a property of this exact parabola; on a real loss "
                    "surface there is no such perfect rate, so any lr that shrinks the distance fast enough "
                    "will do.")
        return (f"after 10 steps w = {end:.4f}. Each step multiplies the distance to the minimum by "
                f"1 - 4·lr = {factor:.2f}; it has to shrink the first distance of 4 below 0.01 in 10 steps. "
                "The fastest rate here is lr = 0.25 (factor 0: one step); rates above it overshoot and zig-zag, "
                "and from about 0.39 on the zig-zag no longer shrinks fast enough.")
    if np.isclose(lr, 2 / (2 * PARABOLA_A)):
        raise Hint(f"w goes {shown}, ...: it jumps over the minimum to exactly as far on the other side, "
                   "forever. This lr is the edge between oscillating and diverging: take a smaller one.")
    if lr > 2 / (2 * PARABOLA_A):
        raise Hint(f"w goes {shown}, ...: it jumps over the minimum and lands FURTHER away each time. "
                   "The steps are too big: divergence. Try a much smaller lr.")
    if lr > 1 / (2 * PARABOLA_A):
        raise Hint(f"w goes {shown}, ...: it jumps from one side of the minimum to the other, and the swings "
                   f"shrink too slowly (still {abs(end - PARABOLA_MIN):.3f} away after 10 steps). Take a "
                   "smaller lr.")
    raise Hint(f"w goes {shown}, ... and after 10 steps is still {abs(end - PARABOLA_MIN):.3f} away from 1: "
               "the steps are too timid. Take a bigger lr.")


# -- 3. Name the regime of each loss curve ----------------------------------------------------------

REGIMES = ("too slow", "good", "oscillating", "divergent")
MYSTERY_LRS = {"A": 5.0, "B": 0.03, "C": 2.0}   # learning rates behind the three mystery curves
MYSTERY_ANSWERS = {"A": "oscillating", "B": "too slow", "C": "good"}


def mystery_curves():
    """Three loss curves from dlkit: the same network on the moons data, three learning rates."""
    import dlkit
    X, y = dlkit.datasets.moons(n=200, noise=0.1, seed=1)
    curves = {}
    for name, lr in MYSTERY_LRS.items():
        net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=1)
        history = net.fit(X / 6, y, lr=lr, epochs=60, batch_size=len(X))
        curves[name] = history.train_loss
    return curves


def _regime(text):
    name = str(text).strip().lower().replace("_", " ").replace("-", " ")
    return {"slow": "too slow", "diverging": "divergent", "diverged": "divergent",
            "oscillate": "oscillating", "oscillates": "oscillating", "ok": "good"}.get(name, name)


@exercise
def check_regimes(answer):
    """A dict naming the regime of curves "A", "B", "C": each one of REGIMES."""
    if not isinstance(answer, dict):
        raise Hint('answer with a dict like {"A": "good", "B": "too slow", "C": "oscillating"}.')
    answer = {str(k).strip().upper(): v for k, v in answer.items()}
    missing = [k for k in MYSTERY_ANSWERS if k not in answer or answer[k] is Ellipsis]
    if missing:
        raise Hint(f"name a regime for every curve; missing: {', '.join(missing)}.")
    for name in MYSTERY_ANSWERS:
        regime = _regime(answer[name])
        if regime not in REGIMES:
            raise Hint(f"curve {name}: choose one of {', '.join(repr(r) for r in REGIMES)}.")
    a, b, c = (np.array(curve) for curve in mystery_curves().values())   # numbers quoted from the runs
    top = int(np.argmax(a))
    why = {
        "A": f"curve A falls to {a[:top].min():.2f}, then jumps up to {a[top]:.1f} in epoch {top + 1}, far above "
             "where it started, before it comes back down: the steps overshoot the valley. It ends at "
             f"{a[-1]:.3f}, a little below C's {c[-1]:.3f}: jumps can land somewhere better, but they are a "
             "gamble (from other starting weights the same rate sometimes ends above C).",
        "B": f"curve B falls at an almost steady slope, from {b[0]:.3f} to {b[-1]:.3f} in 60 epochs, and is still "
             "falling: it is on its way, slowly.",
        "C": f"curve C falls fast ({c[0]:.3f} to {c[9]:.3f} in 10 epochs), then settles smoothly at {c[-1]:.3f}.",
    }
    hints = {
        ("A", "good"): f"curve A ends a little lower than C ({a[-1]:.3f} against {c[-1]:.3f}), but on the way it "
                       f"climbs to {a[top]:.1f}, far ABOVE its starting loss: a good run never goes up like that.",
        ("A", "too slow"): "curve A climbs far ABOVE its starting loss and jumps around: a slow run creeps "
                           "down smoothly instead.",
        ("B", "good"): "curve B is smooth, but compare where it ends with where curve C ends after the same "
                       "60 epochs.",
        ("B", "oscillating"): "curve B never goes up: there is no back and forth in it.",
        ("C", "too slow"): "curve C gets most of the way down in the first few epochs; compare it with B.",
        ("C", "oscillating"): "curve C never goes up: there is no back and forth in it.",
    }
    for name, right in MYSTERY_ANSWERS.items():
        regime = _regime(answer[name])
        if regime == right:
            continue
        if regime == "divergent":
            raise Hint(f"curve {name} is not divergent: a diverged run stops with a message and history.diverged "
                       "set; all three curves here run for 60 epochs. Look at its shape again.")
        raise Hint(hints.get((name, regime), f"look at curve {name} again: smooth or jagged, fast or slow?"))
    return " ".join(why[k] for k in MYSTERY_ANSWERS) + " None diverged: all three ran the full 60 epochs."
