"""The learning rate: gradient descent on losses simple enough to see whole.

Each loss returns its value and its gradient side by side; they work on one weight w or, for the bowl,
on a pair (w1, w2). The verdict ("too slow", "good", "exact", "oscillating", "stuck", "between valleys",
"divergent") is read from the whole path, one direction at a time (``walk``): which valley it ends in, whether
its steps jump over that valley's bottom, and whether those jumps shrink or keep bouncing over its last steps.
For f = w² each step multiplies w by r = 1 - 2·lr, so lr < 0.5 goes straight down, lr = 0.5 lands on the
minimum in one step, 0.5 < lr < 1 jumps from side to side, lr > 1 diverges.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as W
import numpy as np
from matplotlib.ticker import MaxNLocator

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
class Valley:
    """A stretch of one weight between two peaks of the loss (or a peak and infinity), with its lowest point."""
    name: str
    low: float
    high: float
    bottom: float


@dataclass
class Landscape:
    f: callable
    start: object
    minimum: object  # where the lowest point is: the verdicts measure the distance to it
    lr: float  # the learning rate the explorer starts from on this landscape
    directions: tuple  # what each weight is called in the verdict
    valleys: tuple = ()  # one weight only: its valleys, left to right (none given: one valley, bottom at minimum)

    def valleys_of(self, j):
        """The valleys along weight j: the landscape's own, or one valley around the minimum."""
        if self.valleys:
            return self.valleys
        return (Valley("", -np.inf, np.inf, float(np.broadcast_to(self.minimum, len(self.directions))[j])),)


def _where_slope_is_zero(slope, low, high):
    """Bisection: the weight between low and high where ``slope`` (with opposite signs at the two ends) is 0."""
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if np.sign(slope(middle)) == np.sign(slope(low)) else (low, middle)
    return (low + high) / 2


def _bumpy_valleys():
    """The three valleys of ``bumpy``, split by the two peaks where its slope turns from uphill to downhill."""
    slope = lambda w: bumpy(w)[1]  # noqa: E731
    peak, side = _where_slope_is_zero(slope, 1.0, 2.2), _where_slope_is_zero(slope, 2.2, 3.2)
    return (Valley("left-hand", -np.inf, -peak, -side), Valley("middle", -peak, peak, 0.0),
            Valley("right-hand", peak, np.inf, side))


LANDSCAPES = {
    "parabola": Landscape(parabola, -4.0, 0.0, 0.1, ("w",)),
    "bumpy": Landscape(bumpy, 4.2, 0.0, 0.1, ("w",), _bumpy_valleys()),
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
ARRIVED = 0.02  # within 2% of the way from the start to the bottom counts as there
EXACT = 1e-9  # a step that lands this close (relative) is exactly on the minimum
TAIL = 10  # "its last steps": whether it settles is judged on the last 10 steps (all of them, if fewer)
SHRINK = 0.9  # jumps that settle: each one shorter than the one before, by this factor or more on average
PACE_STEPS = 20  # a rate whose pace reaches the bottom within 20 steps (the explorer's start) is not called too slow
ORDER = ("divergent", "between valleys", "oscillating", "too slow", "stuck", "good", "exact")  # worst first


def gradient_descent(f, start, lr, steps):
    """The points gradient descent visits: w_{t+1} = w_t - lr * f'(w_t). Shape (steps + 1,) or (steps + 1, 2)."""
    path = [np.asarray(start, dtype=float)]
    with np.errstate(over="ignore", invalid="ignore"):  # a divergent run overflows; that is the point
        for _ in range(steps):
            path.append(path[-1] - lr * f(path[-1])[1])
    return np.array(path)


def direction_regime(x, minimum=None) -> str:
    """What gradient descent did along one weight, from its positions ``x`` (steps + 1 of them): the first word
    of ``walk`` (one valley with its bottom at ``minimum``).

    Without a known minimum (a loss the lesson computes with dlkit): 'divergent' is left to ``regime``;
    'oscillating' when most steps turn back, else 'good' once the steps have shrunk to 2% of the largest,
    'too slow' before."""
    if minimum is not None:
        return walk(x, (Valley("", -np.inf, np.inf, float(minimum)),))[0]
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        return "divergent"
    steps = np.diff(x)
    largest = np.abs(steps).max() if len(steps) else 0.0
    moving = np.sign(steps[np.abs(steps) > EXACT * max(largest, 1e-300)])
    if len(moving) >= 2 and np.mean(moving[1:] != moving[:-1]) > 0.5:
        return "oscillating"  # most steps turn back: each one jumps over the minimum
    return "good" if len(steps) > 0 and abs(steps[-1]) <= ARRIVED * largest else "too slow"


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


def _valley_of(w, valleys):
    return next(v for v in valleys if v.low <= w <= v.high)


def walk(x, valleys) -> tuple[str, str]:
    """(verdict, sentence) for gradient descent along one weight, from its positions ``x`` (steps + 1 of them) and
    the valleys of the loss along it (left to right; the lowest bottom is the lowest point). Read from the whole path:

    - 'divergent': it ends further from the lowest point than it started (or the numbers overflow);
    - 'exact': one step lands (almost) exactly on the lowest point, and it stays;
    - 'between valleys': its last steps (the last 10, or all if fewer) visit more than one valley;
    - otherwise it ends in one valley, and its last steps either all stay on one side of that valley's bottom
      ('good' within 2% of the way from the start to the bottom, 'too slow' before; 'stuck' when that bottom is
      not the lowest) or jump over it ('oscillating'). Jumps that each get shorter, by a factor 0.9 a step or more on
      average, settle once within 2% ('stuck' in a side valley); jumps that do not shrink, or hardly,
      keep bouncing ('oscillating', 'it has not settled').
    """
    x = np.asarray(x, dtype=float)
    n = len(x) - 1
    lowest = min(valleys, key=lambda v: abs(v.bottom)) if len(valleys) > 1 else valleys[0]  # bumpy: 0 is lowest
    several = len(valleys) > 1
    gap = np.abs(x - lowest.bottom)
    if not np.all(np.isfinite(x)):
        return "divergent", "divergent: the steps grow until the numbers overflow; the loss explodes"
    if gap[-1] > gap[0] * (1 + 1e-9):
        if np.all(np.diff(gap) > 0):
            first = "its one step lands" if n == 1 else "every step lands further from the bottom than the one before:"
            return "divergent", (f"divergent: {first} further from the bottom than where it started"
                                 if n == 1 else f"divergent: {first} the loss explodes")
        return "divergent", f"divergent: after {count(n, 'step')} it is further from the bottom than where it started"
    k = landed(gap) if gap[0] > 0 else 0
    if k is not None:
        return "exact", (f"exact: it lands on the bottom in {count(k, 'step')} and stays there" if k else
                         "exact: it starts on the bottom and stays there")
    k = min(n, TAIL)
    tail = x[-(k + 1):]
    last = f"its last {count(k, 'step')}" if k < n else ("its one step" if n == 1 else f"its {count(n, 'step')}")
    visited = [v for v in valleys if np.any((tail >= v.low) & (tail <= v.high))]
    if len(visited) > 1:
        if n == 1:
            moves = (f"its one step jumps from the {_valley_of(x[0], valleys).name} valley to the "
                     f"{_valley_of(x[1], valleys).name} one")
        else:
            names = ", ".join(v.name for v in visited[:-1]) + f" and {visited[-1].name}"
            moves = f"{last} jump between the {names} valleys"
        return "between valleys", f"between valleys: {moves}, so it has settled in none; it ends at {x[-1]:.2f}"
    end = visited[0]
    where = f" of the {end.name} valley ({_at(end.bottom)})" if several else ""
    side_note = f"; that is a side valley: the lowest point is at {_at(lowest.bottom)}" if end is not lowest else ""
    tiny = EXACT * abs(x[0] - end.bottom)
    side = np.sign(tail - end.bottom)
    crossings = np.sum(side[:-1] * side[1:] < 0)
    left = abs(x[-1] - end.bottom) / abs(x[0] - end.bottom)
    if crossings == 0:
        whole = np.sign(x - end.bottom)
        one_way = np.all((x >= end.low) & (x <= end.high)) and not np.any(whole[:-1] * whole[1:] < 0)
        every = ("its one step goes" if n == 1 else "every step goes" if one_way else f"{last} go")
        if left > ARRIVED and left ** (PACE_STEPS / n) <= ARRIVED:  # not there yet, but the rate is not too slow
            to_go = f"after {count(n, 'step')} {_share(left)} of the way to the bottom{where} is still to go"
            pace = f"at this pace it gets there in {count(_steps_to_arrive(left, n), 'step')}"
            return (("good", f"good: {every} downhill without overshooting; {to_go}, and {pace}") if end is lowest
                    else ("stuck", f"stuck: {every} downhill into the {end.name} valley; {to_go}, and {pace}"
                                   f"{side_note}"))
        return _by_arrival(left, end is lowest,
                           ("good", f"good: {every} downhill without overshooting, and it settles at the bottom"),
                           ("stuck", f"stuck: it settled at the bottom{where}{side_note}"),
                           ("too slow", f"too slow: {every} the right way, but after {count(n, 'step')} "
                                        f"{_share(left)} of the way to the bottom{where} is still to go{side_note}"))
    if n == 1:
        return "oscillating", (f"oscillating: its one step jumps over the bottom{where} to the other side, landing "
                               f"{_share(left)} of the starting distance away{side_note}")
    jumps = np.abs(np.diff(tail))
    shorter = (jumps[1:] < jumps[:-1]) | (jumps[1:] <= tiny)
    if np.all(shorter) and (jumps[-1] <= tiny or jumps[-1] <= SHRINK ** (k - 1) * jumps[0]):
        shrink = f"it jumps over the bottom{where}, and each jump is shorter than the one before"
        return _by_arrival(left, end is lowest, ("oscillating", f"oscillating: {shrink}, so it settles, zig-zagging"),
                           ("stuck", f"stuck: {shrink}, so it settles there, zig-zagging{side_note}"),
                           ("oscillating", f"oscillating: {shrink}; after {count(n, 'step')} it is still "
                                           f"{_share(left)} of the starting distance away{side_note}"))
    never = ", and it never gets near it" if side_note and not np.any((x >= lowest.low) & (x <= lowest.high)) else ""
    hardly = ("the jumps shrink only a little (each is more than 90% of the one before)" if np.all(shorter)
              else "the jumps do not shrink")
    jumping = "keeps jumping" if crossings > 1 else "jumps"
    return "oscillating", (f"oscillating: it {jumping} over the bottom{where}, moving between {tail.min():.2f} and "
                           f"{tail.max():.2f} in {last}, and {hardly}: it has not settled{side_note}{never}")


def _steps_to_arrive(left, n) -> int:
    """Steps in all until within 2% of the way to the bottom, if each step keeps the share of the distance the first
    n kept on average (exact for a quadratic, where every step keeps the same share)."""
    return max(n + 1, int(np.ceil(n * np.log(ARRIVED) / np.log(left))))


def _by_arrival(left, lowest, there, side_valley, not_yet):
    """The (verdict, sentence) for where a path ends: within 2% of the way to the bottom of the lowest valley
    (``there``), of a side valley (``side_valley``), or farther (``not_yet``); ``left``: the share of the way to go."""
    return not_yet if left > ARRIVED else there if lowest else side_valley


def _at(w):
    """A valley's bottom as the message writes it: 0, 2.76, -2.76."""
    return f"{w:.2f}" if w else "0"


def _share(v):
    """A share as a percentage; one decimal where whole percents would round a real change away (99.8%, 2.2%), and
    never 0.0% or 100.0% for a share that is not: "under 0.1%", "over 99.9%"."""
    if 0 < v < 0.0005:
        return "under 0.1%"
    if 0.9995 <= v < 1:
        return "over 99.9%"
    # one decimal near 2% too, where "arrived" begins: 2.2% still to go must not read as 2%
    return f"{v:.1%}" if 0 < v < 0.05 or 0.995 <= v < 1 else f"{v:.0%}"


def describe(landscape, lr, steps) -> str:
    """The explorer's message (HTML) for a landscape's name, a learning rate and a number of steps."""
    land = LANDSCAPES[landscape]
    columns = gradient_descent(land.f, land.start, lr, steps).reshape(steps + 1, -1).T
    lines = [walk(x, land.valleys_of(j))[1] for j, x in enumerate(columns)]
    if len(lines) == 1:
        return f"lr = {lr:.3g}: <b>{lines[0]}</b>"
    return f"lr = {lr:.3g}:" + "".join(f"<br>along {name}: <b>{line}</b>" for name, line in zip(land.directions, lines))


class LearningRateExplorer(Explorer):
    """Gradient descent on a simple loss, step by step: the learning rate decides whether it crawls,
    converges, oscillates or diverges. The text names what happened, direction by direction; choosing
    another loss also sets the learning rate to that loss's starting value."""

    picture_width = "820px"

    def __init__(self, landscape="parabola", lr=None, steps=20):
        landscape_choice = choice(tuple(LANDSCAPES), landscape, "loss")  # a name it does not know: a plain error
        self.controls = {
            "landscape": landscape_choice,
            "lr": steps_slider(LEARNING_RATES, LANDSCAPES[landscape].lr if lr is None else lr, "learning rate"),
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
        columns = path.reshape(len(path), -1).T
        self.verdicts = [walk(x, land.valleys_of(j))[0] for j, x in enumerate(columns)]
        self.regime = min(self.verdicts, key=ORDER.index)
        self.say(describe(self.value("landscape"), lr, steps))
        fig, axes = plots.panels(2, 2, panel=(4.1, 3.2))
        plots.loss_landscape_path(land.f, path, ax=axes[0])
        with np.errstate(over="ignore", invalid="ignore"):
            self.losses = land.f(path)[0]
        plots.log_curve(axes[1], np.arange(len(path)), self.losses, marker="o", markersize=3, **plots.TRAIN_CURVE)
        axes[1].xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # steps 0, 1, 2: no 0.5
        axes[1].set_xlabel("step")
        axes[1].set_title("loss after each step (log scale)", fontsize=10)
        axes[1].grid(alpha=0.3)
        self.show(fig)
