"""The Playground: train a small network on a 2-D toy set and watch every neuron learn, live."""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning
from ..optim import OPTIMIZERS, get_optimizer
from .explorer import Explorer, choice, slider, steps_slider

MAX_DEPTH, MAX_WIDTH = 10, 32
GRID = 40  # heatmaps and prediction on a 40 x 40 grid: smooth enough, and one cheap forward pass
FRAME_DPI = 72
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "linear")
LEARNING_RATES = (1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # as in TensorFlow Playground
L2_CHOICES = (0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3)
REBUILDS = ("dataset", "noise", "train_ratio", "depth", "width", "activation")  # these start training anew
LIVE = ("lr", "optimizer", "l2", "batch_size")  # these act on the training under way


class TrainingPicture:
    """The Playground's picture, built once per network and then only updated (fast):
    the network with a heatmap per neuron, the prediction with the data, the loss curves and the
    gradient size of each layer."""

    def __init__(self, net, X_train, y_train, X_test, y_test):
        self.net = net
        self.figure = fig = plots.Figure(figsize=(13, 4.6), dpi=FRAME_DPI)
        bounds = plots.bounds_of(np.concatenate([X_train, X_test]), margin=0.05)
        self.points = plots.grid(bounds, GRID)  # one grid for the heatmaps and the prediction
        self.drawing = plots.NetworkDrawing(net, fig.add_axes([0.0, 0.02, 0.44, 0.96]), heatmaps=True,
                                            bounds=bounds, resolution=GRID)
        self.surface = plots.SurfaceDrawing(net, fig.add_axes([0.47, 0.11, 0.23, 0.8]), X_train, y_train, X_test,
                                            y_test, resolution=GRID, bounds=bounds)
        # Tick labels are the slowest thing to draw, so the small panels keep few: the loss panel is a
        # bare sparkline with its numbers in the title; the gradient panel keeps its log-scale ticks.
        self.surface.ax.set(xticks=[], yticks=[], xlabel="", ylabel="")
        self.loss = plots.CurveDrawing(fig.add_axes([0.76, 0.6, 0.22, 0.3]), plots.losses_of, "loss", "", log=True,
                                       legend=False)
        self.gradients = plots.CurveDrawing(fig.add_axes([0.76, 0.1, 0.22, 0.36]), plots.gradient_norms_of,
                                            "||dW||: layer 1 purple ... last yellow", "", log=True, legend=False)
        for ax in (self.loss.ax, self.gradients.ax):
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
        self.loss.ax.set(xticks=[], yticks=[])

    def update(self, history):
        _, activations = plots.layer_values(self.net, self.points)  # every neuron on the grid, one pass
        self.drawing.update(activations)
        self.surface.update(activations[-1])
        self.loss.update(history)
        self.gradients.update(history)
        if history.diverged:
            self.loss.ax.set_title("loss: diverged", fontsize=10, color="firebrick")
        elif history.epochs:
            test = f", test (dashed) {history.val_loss[-1]:.3f}" if history.val_loss else ""
            self.loss.ax.set_title(f"loss: train {history.train_loss[-1]:.3f}{test}", fontsize=10)
        else:
            self.loss.ax.set_title("loss (press play to train)", fontsize=10)


class Playground(Explorer):
    """Train a small network on a 2-D toy set and watch it learn, live.

    Play runs training a frame at a time: one epoch, then a redraw. The learning rate, optimiser, L2
    and batch size act at once on the training under way; the data, depth, width and activation build
    a new network (seeded: the same settings give the same start). Attributes: ``network``,
    ``trainer``, ``history``, ``data`` (X_train, y_train, X_test, y_test); methods ``train(epochs)``,
    ``step()``, ``redraw()``, ``png()``.
    """

    def __init__(self, dataset="circle", noise=0.1, train_ratio=0.5, batch_size=10, depth=2, width=4,
                 activation="tanh", lr=0.03, optimizer="sgd", l2=0.0, n=500, seed=0):
        self.n, self.seed = n, seed
        self.controls = {
            "dataset": choice(datasets.CLASSIFICATION + datasets.REGRESSION, dataset, "data"),
            "noise": slider(W.FloatSlider, noise, 0.0, 0.5, 0.05, "noise"),
            "train_ratio": slider(W.FloatSlider, train_ratio, 0.1, 0.9, 0.1, "train part"),
            "depth": slider(W.IntSlider, depth, 0, MAX_DEPTH, 1, "depth", tooltip="number of hidden layers"),
            "width": slider(W.IntSlider, width, 1, MAX_WIDTH, 1, "width", tooltip="neurons per hidden layer"),
            "activation": choice(PLAYGROUND_ACTIVATIONS, activation, "activation"),
            "lr": steps_slider(LEARNING_RATES, lr, "learning rate"),
            "optimizer": choice(OPTIMIZERS, optimizer, "optimiser"),
            "l2": choice(sorted(set(L2_CHOICES) | {float(l2)}), float(l2), "L2"),
            "batch_size": slider(W.IntSlider, batch_size, 1, 50, 1, "batch size"),
            "play": W.Play(value=0, min=0, max=10**9, interval=50, show_repeat=False, layout=W.Layout(width="90px")),
            "step": W.Button(description="one step", layout=W.Layout(width="90px")),
            "reset": W.Button(description="reset", layout=W.Layout(width="90px")),
            "epoch": W.Label(layout=W.Layout(width="110px")),
        }
        self.layout([["play", "step", "reset", "epoch", "dataset"], ["lr", "optimizer", "l2"],
                     ["depth", "width", "activation"], ["noise", "train_ratio", "batch_size"]], redraw_on=())
        self.on(REBUILDS, self._rebuild)
        self.on("lr", lambda: setattr(self.trainer.optimizer, "lr", self.value("lr")))
        self.on("l2", lambda: setattr(self.trainer.optimizer, "weight_decay", self.value("l2")))
        self.on("optimizer", self._new_optimizer)
        self.on("batch_size", lambda: setattr(self.trainer, "batch_size", self.value("batch_size")))
        self.ticks = 0  # the Play counter's last value
        self.on("play", self._tick)
        self.on("step", self.step)
        self.on("reset", self._rebuild)
        self._rebuild()

    @property
    def history(self):
        """The History of the training under way (losses, accuracies, gradient norms per epoch)."""
        return self.trainer.history

    def _rebuild(self):
        """New data, network and trainer from the controls' values; seeded, so reproducible."""
        c = {name: self.controls[name].value for name in REBUILDS + LIVE}
        X, y = datasets.make(c["dataset"], n=self.n, noise=c["noise"], seed=self.seed)
        X_train, X_test, y_train, y_test = datasets.train_test_split(
            X, y, test_ratio=round(1 - c["train_ratio"], 6), seed=self.seed)
        output = "identity" if c["dataset"] in datasets.REGRESSION else "sigmoid"
        self.network = mlp([2] + [c["width"]] * c["depth"] + [1], activation=c["activation"], output=output,
                           seed=self.seed)
        self.trainer = self.network.trainer(X_train, y_train, optimizer=c["optimizer"], lr=c["lr"],
                                            batch_size=c["batch_size"], validation_data=(X_test, y_test),
                                            seed=self.seed, weight_decay=c["l2"])
        self.data = (X_train, y_train, X_test, y_test)
        self.picture = TrainingPicture(self.network, *self.data)
        self.say("")
        self.redraw()

    def _new_optimizer(self):
        """Another optimiser for the same network: training goes on from the current weights."""
        c = self.controls
        self.trainer.optimizer = get_optimizer(c["optimizer"].value, c["lr"].value, c["l2"].value)

    def train(self, epochs=1):
        """Train ``epochs`` more epochs (stopping early if training diverges), then redraw once."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # the widget shows the message itself
            for _ in range(epochs):
                if self.history.diverged:
                    break
                self.trainer.run_epoch()
        self.redraw()

    def step(self):
        """One frame: one more epoch of training, then a redraw."""
        self.train(1)

    def _tick(self):
        # Each tick of Play is its own message, so the kernel stays free to hear other controls
        # between frames. If a frame takes longer than the interval, the browser does not pile up
        # ticks: ipywidgets sends at most one message per widget while the kernel is busy, and merges
        # the rest into the next one.
        before, self.ticks = self.ticks, self.value("play")
        if self.ticks > before:  # the stop button rewinds the counter: that is no tick
            self.step()

    def redraw(self):
        """Draw the current state (the figure is reused: only its numbers change) and show it."""
        self.picture.update(self.history)
        self.show(self.picture.figure)
        self.controls["epoch"].value = f"epoch {self.trainer.epoch}"
        if self.history.diverged:
            self.controls["play"].playing = False
            self.say(f"<b>{self.history.message}</b> Press reset to start again.")
