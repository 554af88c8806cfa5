"""The learning rate: gradient descent on losses simple enough to see whole.

Each loss returns its value and its gradient side by side; they work on one weight w or, for the bowl,
on a pair (w1, w2). The verdict ("too slow", "good", "exact", "oscillating", "stuck", "divergent") is
decided by the maths of the path, one direction at a time: how far from the minimum it ends, and whether
its steps keep turning back. For f = w² each step multiplies w by r = 1 - 2·lr, so lr < 0.5 goes straight
down, lr = 0.5 lands on the minimum in one step, 0.5 < lr < 1 jumps from side to side, lr > 1 diverges.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as W
import numpy as np

from .. import plots
from ..validate import count
from .explorer import Explorer, choice, slider, steps_slider


def parabola(w):
    """f(w) = w^2, slope f'(w) = 2w: one weight, one minimum at 0."""
    return w ** 2, 2 * w


def bumpy(w):
    """f(w) = w^2 / 4 + 1 - cos(2w), slope w / 2 + 2 sin(2w): three valleys, the lowest at 0 and a
    shallower one on each side (near w = ±2.76) where gradient descent can settle."""
    return w ** 2 / 4 + 1 - np.cos(2 * w), w / 2 + 2 * np.sin(2 * w)


def bowl(w):
    """f(w1, w2) = (w1^2 + 10 w2^2) / 2, gradient (w1, 10 w2): ten times steeper across (w2) than along
    (w1). ``w`` has shape (..., 2)."""
    w1, w2 = w[..., 0], w[..., 1]
    return (w1 ** 2 + 10 * w2 ** 2) / 2, np.stack([w1, 10 * w2], axis=-1)


@dataclass
class Landscape:
    f: callable
    start: object
    minimum: object  # where the lowest point is: the verdicts measure the distance to it
    lr: float  # the learning rate the explorer starts from on this landscape
    directions: tuple  # what each weight is called in the verdict


LANDSCAPES = {
    "parabola": Landscape(parabola, -4.0, 0.0, 0.1, ("w",)),
    "bumpy": Landscape(bumpy, 4.2, 0.0, 0.1, ("w",)),
    # At lr 0.15 the flat direction creeps (each step keeps 85% of the distance) while the steep one
    # already jumps from side to side (each step multiplies it by 1 - 10·0.15 = -0.5): no single rate
    # suits both directions within 20 steps, which is the point of the bowl.
    "bowl": Landscape(bowl, np.array([-4.5, 1.5]), np.zeros(2), 0.15, ("w1 (along the flat direction)",
                                                                       "w2 (across the steep one)")),
}

# The rates the slider offers: the ones a learner would type, roughly evenly spaced on a log scale, with the
# edges of the regimes among them (0.5 and 1 for the parabola; 0.1 and 0.2 across the bowl).
LEARNING_RATES = (0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45,
                  0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0, 1.05, 1.1, 1.5, 2.0)
ARRIVED = 0.02  # within 2% of the starting distance from the minimum counts as there
EXACT = 1e-9  # a step that lands this close (relative) is exactly on the minimum
ORDER = ("divergent", "oscillating", "too slow", "stuck", "good", "exact")  # worst first


def gradient_descent(f, start, lr, steps):
    """The points gradient descent visits: w_{t+1} = w_t - lr * f'(w_t). Shape (steps + 1,) or (steps + 1, 2)."""
    path = [np.asarray(start, dtype=float)]
    with np.errstate(over="ignore", invalid="ignore"):  # a divergent run overflows; that is the point
        for _ in range(steps):
            path.append(path[-1] - lr * f(path[-1])[1])
    return np.array(path)


def direction_regime(x, minimum=None) -> str:
    """What gradient descent did along one weight, from its positions ``x`` (steps + 1 of them).

    With a known ``minimum``: 'divergent' (it ends further away than it started), 'exact' (a step lands on
    it), 'stuck' (its steps died out away from the minimum: a side valley), 'oscillating' (its steps keep
    turning back: each jumps over the minimum; it may or may not have arrived), 'good' (ends within 2% of
    the start's distance, going one way) or 'too slow' (still going one way, not there yet).
    Without one, "arrived" means the steps have shrunk to 2% of the largest."""
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        return "divergent"
    steps = np.diff(x)
    largest = np.abs(steps).max() if len(steps) else 0.0
    if minimum is None:
        gap0, arrived = largest, len(steps) > 0 and abs(steps[-1]) <= ARRIVED * largest
    else:
        gaps = np.abs(x - minimum)
        gap0 = gaps[0]
        if gap0 == 0:
            return "exact"
        if gaps[-1] > gap0 * (1 + 1e-9):
            return "divergent"
        if landed(gaps) is not None:
            return "exact"
        arrived = gaps[-1] <= ARRIVED * gap0
    settled = len(steps) > 0 and abs(steps[-1]) <= ARRIVED * largest
    if minimum is not None and settled and not arrived:
        return "stuck"  # its steps died out away from the minimum: a side valley, however it got there
    moving = np.sign(steps[np.abs(steps) > EXACT * max(gap0, 1e-300)])
    if len(moving) >= 2 and np.mean(moving[1:] != moving[:-1]) > 0.5:
        return "oscillating"  # most steps turn back: each one jumps over the minimum
    return "good" if arrived else "too slow"


def landed(gaps):
    """The step that lands on the minimum, or None. Landing is one step that ends (almost) exactly there:
    it shrinks the distance by a factor of a million or more, which no steady approach does."""
    gaps = np.asarray(gaps, dtype=float)
    for k in range(1, len(gaps)):
        if gaps[k] <= EXACT * gaps[0] and gaps[k] <= 1e-6 * gaps[k - 1] and np.all(gaps[k:] <= EXACT * gaps[0]):
            return k
    return None


def direction_regimes(path, minimum=None) -> list[str]:
    """``direction_regime`` for each weight of a path of shape (steps + 1,) or (steps + 1, n)."""
    path = np.asarray(path, dtype=float).reshape(len(path), -1)
    minimum = np.broadcast_to(minimum, path.shape[1]) if minimum is not None else [None] * path.shape[1]
    return [direction_regime(path[:, j], m) for j, m in zip(range(path.shape[1]), minimum)]


def regime(f, path, minimum=None) -> str:
    """One word for the whole path: the worst of its directions. Without a known minimum, a loss that
    ends higher than it started counts as divergent."""
    verdicts = direction_regimes(path, minimum)
    if minimum is None:
        with np.errstate(over="ignore", invalid="ignore"):
            losses = f(np.asarray(path, dtype=float))[0]
        if not np.all(np.isfinite(losses)) or losses[-1] > losses[0]:
            return "divergent"
    return min(verdicts, key=ORDER.index)


def explain(verdict, x, minimum, steps) -> str:
    """The verdict for one direction in a learner's words, with the numbers that decided it."""
    x = np.asarray(x, dtype=float)
    left = abs(x[-1] - minimum) / abs(x[0] - minimum) if np.isfinite(x[-1]) and x[0] != minimum else 0.0
    if verdict == "too slow":
        return f"too slow: every step goes the right way, but after {count(steps, 'step')} {left:.0%} of the way is still to go"
    if verdict == "good":
        return "good: it goes straight down and settles at the bottom"
    if verdict == "exact":
        first = landed(np.abs(x - minimum))
        return f"exact: it lands on the bottom in {count(first, 'step')} and stays there"
    if verdict == "oscillating":
        ending = ("the jumps shrink, so it settles, zig-zagging" if left <= ARRIVED
                  else f"after {count(steps, 'step')} it is still bouncing, {left:.0%} of the starting distance away")
        return f"oscillating: each step jumps over the bottom to the other side; {ending}"
    if verdict == "stuck":
        return f"stuck: it settled in a side valley at {x[-1]:.2f}, not at the lowest point ({minimum:g})"
    return "divergent: each step lands further from the bottom than the last; the loss explodes"


class LearningRateExplorer(Explorer):
    """Gradient descent on a simple loss, step by step: the learning rate decides whether it crawls,
    converges, oscillates or diverges. The text names what happened, direction by direction; choosing
    another loss also sets the learning rate to that loss's starting value."""

    picture_width = "820px"

    def __init__(self, landscape="parabola", lr=None, steps=20):
        lr = LANDSCAPES[landscape].lr if lr is None else lr
        self.controls = {
            "landscape": choice(tuple(LANDSCAPES), landscape, "loss"),
            "lr": steps_slider(LEARNING_RATES, lr, "learning rate"),
            "steps": slider(W.IntSlider, steps, 1, 100, 1, "steps"),
        }
        self.layout([["landscape", "lr", "steps"]], redraw_on=("lr", "steps"))
        self.on("landscape", self._new_landscape)
        self.redraw()

    def _new_landscape(self):
        lr, start = self.controls["lr"], LANDSCAPES[self.value("landscape")].lr
        if lr.value != start:
            lr.value = start  # redraws
        else:
            self.redraw()

    def redraw(self):
        land = LANDSCAPES[self.value("landscape")]
        lr, steps = self.value("lr"), self.value("steps")
        self.path = path = gradient_descent(land.f, land.start, lr, steps)
        self.verdicts = direction_regimes(path, land.minimum)
        self.regime = min(self.verdicts, key=ORDER.index)
        columns = path.reshape(len(path), -1).T
        minimum = np.broadcast_to(land.minimum, len(columns))
        lines = [explain(v, x, m, steps) for v, x, m in zip(self.verdicts, columns, minimum)]
        if len(lines) == 1:
            self.say(f"lr = {lr:.3g}: <b>{lines[0]}</b>")
        else:
            self.say(f"lr = {lr:.3g}:" + "".join(f"<br>along {name}: <b>{line}</b>"
                                                 for name, line in zip(land.directions, lines)))
        fig, axes = plots.panels(2, 2, panel=(4.1, 3.2))
        plots.loss_landscape_path(land.f, path, ax=axes[0])
        with np.errstate(over="ignore", invalid="ignore"):
            self.losses = land.f(path)[0]
        plots.log_curve(axes[1], np.arange(len(path)), self.losses, marker="o", markersize=3, color=plots.ORANGE)
        axes[1].set_xlabel("step")
        axes[1].set_title("loss after each step (log scale)", fontsize=10)
        axes[1].grid(alpha=0.3)
        self.show(fig)
