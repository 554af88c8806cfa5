"""Deep stacks: does the signal reach the output, the gradient the first layer, and does the loss fall?"""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning
from ..validate import count
from .explorer import Explorer, button, choice, slider

LR, BATCH = 0.1, 20  # plain SGD, as in the lesson
TINY = 1e-3  # a ||dW|| below this is tiny: steps of lr x gradient hardly move the weights (the relu + xavier stack
# of depth 20 has 1e-4 to 4e-4 in every layer, and plain SGD cannot train it)
FADES = 10  # the examples' spread falls (grows) by this factor or more from the first hidden layer to the last
VANISHES = 1e-3  # ... and falls below this share of the first's: lost, as a gradient that falls this far vanishes
# (lesson 09's ReLU + He stack of depth 20 shrinks it 15 times and trains: "shrinks", not "fades")
NOISE = 1e-12  # a spread below this is rounding noise: not quoted
DEAD_MANY = 0.2  # from this share of dead units on, the message says where they come from

RIGHT_SIDE_MARGIN = 0.15  # accuracy this far above always answering the larger class: something learned


class DeepStackExplorer(Explorer):
    """A deep, narrow network on the circle data: choose depth (up to 30), activation and initialisation,
    and see the loss, how much the examples differ at each layer (the signal going up) and how large each layer's
    gradient is (coming down). "train 5 epochs" runs plain SGD; the loss curve holds the loss on all the data after
    every step, so a jump on the way shows. The message compares the loss with guessing, and tells a gradient that
    fades (vanishing) or is tiny everywhere from one that is cut off by dead ReLU units (0 for every example)."""

    picture_width = "100%"  # three panels: as wide as the notebook allows

    def __init__(self, depth=10, activation="sigmoid", init="normal", width=16, seed=0):
        self.width, self.seed = width, seed
        X, y = datasets.circle(n=200, noise=0.1, seed=seed)
        self.X, self.y = datasets.Standardizer().fit_transform(X), y
        share = float(np.mean(y))
        self.share, self.guess = share, float(-(share * np.log(share) + (1 - share) * np.log(1 - share)))
        self.controls = {
            "depth": slider(W.IntSlider, depth, 1, 30, 1, "hidden layers"),
            "activation": choice(("sigmoid", "tanh", "relu"), activation, "activation"),
            "init": choice(("normal", "xavier", "he"), init, "initialisation"),
            "train": button("train 5 epochs"),
        }
        self.layout([["depth", "activation", "init"], ["train"]], redraw_on=())
        self.on(("depth", "activation", "init"), self.rebuild)
        self.on("train", self.train)
        self.rebuild()

    def rebuild(self):
        c = self.controls
        self.network = mlp([2] + [self.width] * c["depth"].value + [1], activation=c["activation"].value,
                           output="sigmoid", init=c["init"].value, seed=self.seed)
        self.trainer = self.network.trainer(self.X, self.y, lr=LR, batch_size=BATCH, seed=self.seed)
        self.steps_per_epoch = -(-len(self.X) // BATCH)
        self.losses = [self.loss()]  # on all the data: before training, then after every step
        self.dead_before = None
        self.redraw()

    @property
    def epochs(self) -> int:
        return self.trainer.epoch

    def loss(self) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self.network.loss(self.X, self.y))

    def train(self, epochs=5):
        """A few epochs of plain SGD, one mini-batch at a time, keeping the loss on all the data after each step."""
        target = self.trainer.epoch + epochs
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)
            while self.trainer.epoch < target and not self.trainer.history.diverged:
                self.trainer.step()
                self.losses.append(self.loss())
        self.redraw()

    def gradient_norms(self) -> np.ndarray:
        """||dW|| of every Dense layer (first layer first) for the loss on all the data, at the current weights."""
        with np.errstate(over="ignore", invalid="ignore"):
            self.network.gradients(self.X, self.y)  # binary cross-entropy, the default for a sigmoid output
        return np.array([np.linalg.norm(d.dW) for d in self.network.dense_layers])

    def redraw(self):
        with np.errstate(over="ignore", invalid="ignore"):
            hidden = plots.layer_values(self.network, self.X)[1][1:-1]
            # How much the examples differ at each hidden layer: the std over the examples, as a root mean square
            # over the layer's units (a layer that gives every example the same numbers has 0).
            self.spread = np.array([np.sqrt(a.var(axis=0).mean()) for a in hidden])
        self.dead = np.array([np.mean(np.all(a == 0, axis=0)) for a in hidden])  # share of units 0 for every example
        if self.dead_before is None:
            self.dead_before = self.dead.mean()
        self.norms = self.gradient_norms()
        fig, (curve, up, down) = plots.panels(3, 3, panel=(3.6, 3.0))
        self._draw_losses(curve)
        plots.per_layer(up, self.spread, "std over the examples", "signal: how much the examples differ", decades=6)
        up.set_xlabel("hidden layer (1 = nearest the input)")
        plots.per_layer(down, self.norms, "||dW||", "gradient size per layer")
        signal = signal_verdict(self.spread, self.dead, self.dead_before, self.epochs)
        self.say("<br>".join([self.loss_verdict(), signal, gradient_verdict(self.norms, self.dead)]))
        self.show(fig)

    def _draw_losses(self, ax):
        steps = np.arange(len(self.losses)) / self.steps_per_epoch
        plots.log_curve(ax, steps, self.losses, marker="o", markersize=2, **plots.TRAIN_CURVE, linewidth=1)
        ax.axhline(self.guess, color="0.4", linestyle="--", linewidth=1, label=f"guessing ({self.guess:.3f})")
        ax.legend(fontsize=7, loc="lower left")
        ax.set_xlim(-0.2, max(steps[-1], 1) + 0.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss on all the data")
        ax.set_title("loss after every step (log scale)", fontsize=10)
        ax.grid(alpha=0.3)

    def loss_verdict(self) -> str:
        """The loss now against guessing the share of class 1 for every point, and any jump on the way."""
        now, guess = self.losses[-1], self.guess
        guessing = f"guessing {self.share:.0%} for every point (loss {guess:.3f})"
        if self.trainer.history.diverged:
            return (f"Training blew up in epoch {self.epochs + 1}: the loss became {now:.3g}. Change a control to "
                    "start again.")
        if not self.epochs:
            return f"Untrained: loss {now:.3f} on all the data, against {guessing}. Train to see whether it learns."
        accuracy = float(np.mean(self.network.predict(self.X) == self.y))
        ratio = now / guess
        # Near the loss of guessing, a network may still put most points on the right side, with probabilities
        # close to 0.5: it has found where the classes lie, not yet how sure to be. The accuracy tells the two apart.
        right_side = accuracy >= max(self.share, 1 - self.share) + RIGHT_SIDE_MARGIN
        verdict = (f"{'worse than' if ratio > 1.05 else 'no better than'} {guessing}, yet {accuracy:.0%} of the points "
                   "are on the right side: it has found where the classes lie, but is still unsure (its "
                   "probabilities stay near 0.5)" if ratio >= 0.95 and right_side else
                   f"worse than {guessing}: it has not learned" if ratio > 1.05 else
                   f"no better than {guessing}: it has not learned" if ratio >= 0.95 else
                   f"a little below {guessing}: it has begun to learn" if ratio >= 0.75 else
                   f"below {guessing}: it is learning" if ratio >= 0.3 else
                   f"far below {guessing}: it has learned")
        text = f"After {count(self.epochs, 'epoch')}: loss {now:.3f}, accuracy {accuracy:.2f}: {verdict}."
        peak = int(np.nanargmax(self.losses))
        if self.losses[peak] > 2 * max(self.losses[0], guess):
            epoch = -(-peak // self.steps_per_epoch)
            text += (f" On the way the loss jumped to {self.losses[peak]:.2g} (in epoch {epoch}): a step threw the "
                     "weights off.")
        return text


def signal_verdict(spread, dead, dead_before=None, epochs=0) -> str:
    """One sentence on the signal going up: how much the examples differ from the first hidden layer to the last
    (``spread``), and the share of units that output 0 for every example (``dead``, per hidden layer)."""
    dead = np.asarray(dead)
    if np.any(dead == 1):
        k = int(np.argmax(dead == 1)) + 1
        return (f"Dead ReLUs: every unit of hidden layer {k} outputs 0 for every example, so nothing passes "
                f"beyond it: every example looks the same to the layers above.")
    if len(spread) == 1:
        text = f"The examples differ by {_spread(spread[0])} (std) at the hidden layer."
    else:
        ratio = spread[-1] / spread[0] if spread[0] > 0 else np.inf
        how = ("fades" if ratio < VANISHES else "shrinks" if ratio < 1 / FADES else "grows" if ratio > FADES
               else f"stays within a factor {FADES}")
        text = (f"The signal {how} on the way up: how much the examples differ goes from {_spread(spread[0])} "
                f"(layer 1) to {_spread(spread[-1])} (layer {len(spread)})")
        if how == "shrinks":
            text += f", {1 / ratio:.0f} times smaller (a factor {ratio ** (1 / (len(spread) - 1)):.2f} per layer)"
        text += "."
    share = dead.mean()
    if share > 0:
        before = f" ({dead_before:.0%} before training)" if epochs and dead_before is not None else ""
        text += (f" {share:.0%} of the hidden units are dead{before}: they output 0 for every example, so they pass "
                 "nothing on and their weights get no gradient.")
        if share >= DEAD_MANY:
            text += " Deep, narrow ReLU stacks lose units like this."
    return text


def _spread(v):
    """A spread as the message writes it. Below 1e-12 it is rounding noise (the examples' numbers agree to 12
    digits), so no digits are quoted."""
    return f"{v:.1e}" if v >= NOISE else f"under {NOISE:.0e}"


def gradient_verdict(norms, dead=None) -> str:
    """One sentence on per-layer gradient norms (first layer first): by their size and by how the first layer's
    compares with the last one's; ``dead``: per hidden layer, the share of its units that output 0 for every
    example (a layer dead all through cuts the gradient off)."""
    dead = np.zeros(max(len(norms) - 1, 0)) if dead is None else np.asarray(dead)
    norms = np.asarray(norms, dtype=float)
    if not np.all(np.isfinite(norms)):
        return "The gradients are not finite numbers any more: training blew up."
    if np.any(dead == 1):
        k = int(np.argmax(dead == 1)) + 1
        return (f"So the weight gradients of layers 1 to {k + 1} are exactly 0 (crosses at the bottom): not a "
                "gradient fading away but cut off, and training can never bring those layers back.")
    if np.all(norms == 0):
        return "Every gradient is exactly 0: nothing can learn."
    first, last = f"{norms[0]:.1e}", f"{norms[-1]:.1e}"
    if norms.max() < TINY:
        return (f"Every layer's gradient is tiny (at most {norms.max():.1e}): each step of plain SGD (lr {LR:g}) "
                "hardly moves any weight.")
    ratio = norms[0] / norms[-1]
    if ratio < 1e-3:
        return (f"The gradient is vanishing on the way down: the first layer's is {first}, the last layer's "
                f"{last}: the first layers hardly learn.")
    if norms[0] < TINY:
        return (f"The first layer's gradient is tiny: the first layer's is {first}, the last layer's {last}: the "
                "first layers hardly learn.")
    if ratio > 1e3:
        return f"The gradient is exploding on the way down: the first layer's is {first}, the last layer's {last}."
    return f"The gradient reaches the first layer: the first layer's is {first}, the last layer's {last}."
