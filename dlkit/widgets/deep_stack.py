"""Deep stacks: does the signal reach the output, and the gradient the first layer?"""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning
from ..validate import count
from .explorer import Explorer, button, choice, slider


class DeepStackExplorer(Explorer):
    """A deep, narrow network on the circle data: choose depth (up to 30), activation and
    initialisation, and see how the spread of the activations and the size of the gradients change from
    layer to layer. Sigmoid stacks with small random weights lose their gradient long before the first
    layer; ReLU with He and tanh with Xavier initialisation keep it alive. The verdict tells a gradient
    that fades (vanishing) from one that is cut off (dead ReLU units: a layer that outputs 0 for every
    example passes nothing on, and every gradient before it is exactly 0)."""

    picture_width = "900px"

    def __init__(self, depth=10, activation="sigmoid", init="normal", width=16, seed=0):
        self.width, self.seed = width, seed
        X, y = datasets.circle(n=200, noise=0.1, seed=seed)
        self.X, self.y = datasets.Standardizer().fit_transform(X), y
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
        self.epochs, self.losses = 0, []
        self.redraw()

    def train(self, epochs=5):
        """A few epochs of plain SGD on all the data, then a redraw."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)
            history = self.network.fit(self.X, self.y, lr=0.1, epochs=epochs, batch_size=20, seed=self.seed)
        self.epochs += history.epochs
        self.losses += history.train_loss
        self.redraw()

    def gradient_norms(self) -> np.ndarray:
        """||dW|| of every Dense layer (first layer first) for the loss on all the data, at the current weights."""
        self.network.gradients(self.X, self.y)  # binary cross-entropy, the default for a sigmoid output
        return np.array([np.linalg.norm(d.dW) for d in self.network.dense_layers])

    def redraw(self):
        hidden = plots.layer_values(self.network, self.X)[1][1:-1]
        self.spread = np.array([a.std() for a in hidden])
        self.dead = np.array([np.mean(np.all(a == 0, axis=0)) for a in hidden])  # share of units silent on every example
        self.norms = self.gradient_norms()
        fig, (left, right) = plots.panels(2, 2, panel=(4.4, 3.2))
        plots.per_layer(left, self.spread, "std of activations", "spread of each layer's activations", decades=6)
        plots.per_layer(right, self.norms, "||dW||", "gradient size per layer")
        trained = f"after {count(self.epochs, 'epoch')}, loss {self.losses[-1]:.3f}" if self.epochs else "untrained"
        self.say(f"{trained}. {gradient_verdict(self.norms, self.dead)}")
        self.show(fig)


def gradient_verdict(norms, dead=None) -> str:
    """One sentence on per-layer gradient norms (first layer first) and, per hidden layer, the share of
    its units that output 0 for every example (dead ReLUs)."""
    dead = np.zeros(max(len(norms) - 1, 0)) if dead is None else np.asarray(dead)
    if not np.all(np.isfinite(norms)):
        return "The gradients are not finite numbers any more: training blew up."
    if np.any(dead == 1):
        k = int(np.argmax(dead == 1)) + 1
        return (f"Dead ReLUs: every unit of hidden layer {k} outputs 0 for every example, so no signal passes "
                f"beyond it and the weight gradients of layers 1 to {k + 1} are exactly 0 (drawn at the bottom). That is not "
                f"a gradient fading away: it is cut off, and training cannot bring those layers back.")
    dying = f" ({dead.mean():.0%} of the hidden units are dead: 0 for every example.)" if dead.any() else ""
    if np.all(norms == 0):
        return f"Every gradient is exactly 0: nothing can learn.{dying}"
    if norms.max() < 1e-8:
        return (f"Every gradient is tiny (at most {norms.max():.0e}): the signal faded away layer by layer, "
                f"so no layer can learn.{dying}")
    if norms[0] == 0:
        return f"The first layer's gradient is exactly 0: it cannot learn.{dying}"
    ratio = norms[0] / norms[-1]
    if ratio < 1e-3:
        return f"The first layer's gradient is {ratio:.1e} times the last layer's: vanishing.{dying}"
    if ratio > 1e3:
        return f"The first layer's gradient is {ratio:.1e} times the last layer's: exploding.{dying}"
    return f"The first layer's gradient is {ratio:.1e} times the last layer's: it reaches the first layer.{dying}"
