"""The Playground: train a small network on a 2-D toy set and watch every neuron learn, live."""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np
from threadpoolctl import ThreadpoolController

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning
from ..optim import OPTIMIZERS, get_optimizer
from .explorer import Explorer, choice, slider, steps_slider
from .playground_view import FrameMaker, PlaygroundView

MAX_DEPTH, MAX_WIDTH = 10, 32
GRID = 40  # heatmaps and prediction on a 40 x 40 grid: smooth enough, and one cheap forward pass
FRAME_DPI = 72
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "linear")
LEARNING_RATES = (1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # as in TensorFlow Playground
L2_CHOICES = (0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3)
# The Playground's matrices are small: a second BLAS thread gains nothing, and while it waits for work it
# spins, taking the core that the browser drawing the frames needs (measured: 30 ms of CPU a frame at
# depth 8, width 16, instead of 19, for the same wall time). So its training and frames use one thread.
BLAS = ThreadpoolController()
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

    The browser draws the picture (``PlaygroundView``) from numbers the kernel sends; while playing, it
    asks for a frame (one epoch of training) as soon as it can draw one, so the frame rate follows what
    kernel and browser can do. The learning rate, optimiser, L2 and batch size act at once on the training
    under way; the data, depth, width and activation build a new network (seeded: the same settings give
    the same start). Attributes: ``network``, ``trainer``, ``history``, ``data`` (X_train, y_train, X_test,
    y_test), ``view`` (the picture; ``view.last_frame`` is what the browser was sent last); methods
    ``train(epochs)``, ``step()``, ``png()`` (the same picture drawn by matplotlib, for documents and tests).
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
            "play": W.ToggleButton(value=False, description="play", icon="play", layout=W.Layout(width="90px")),
            "step": W.Button(description="one step", layout=W.Layout(width="90px")),
            "reset": W.Button(description="reset", layout=W.Layout(width="90px")),
        }
        self.view = PlaygroundView(self._answer)
        self.layout([["play", "step", "reset", "dataset"], ["lr", "optimizer", "l2"],
                     ["depth", "width", "activation"], ["noise", "train_ratio", "batch_size"]], redraw_on=(),
                    picture=self.view)
        # Play and the view share one switch. The browser-side link pauses at once, before the kernel hears
        # of it; the kernel-side link keeps both in step when code presses play (or a divergence stops it).
        self._links = (W.jslink((self.controls["play"], "value"), (self.view, "playing")),
                       W.link((self.controls["play"], "value"), (self.view, "playing")))
        self.controls["play"].observe(self._on_play, names="value")
        self.on(REBUILDS, self._rebuild)
        self.on("lr", lambda: setattr(self.trainer.optimizer, "lr", self.value("lr")))
        self.on("l2", lambda: setattr(self.trainer.optimizer, "weight_decay", self.value("l2")))
        self.on("optimizer", self._new_optimizer)
        self.on("batch_size", lambda: setattr(self.trainer, "batch_size", self.value("batch_size")))
        self.on("step", self.step)
        self.on("reset", self._rebuild)
        self.version = 0  # counts networks: a frame says which one it shows
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
        self.version += 1
        self.frames = FrameMaker(self.network, self.data, self.version)
        self._picture = None  # the matplotlib picture, made when png() asks for it
        self.say("")
        self.redraw()

    def _new_optimizer(self):
        """Another optimiser for the same network: training goes on from the current weights."""
        c = self.controls
        self.trainer.optimizer = get_optimizer(c["optimizer"].value, c["lr"].value, c["l2"].value)

    def train(self, epochs=1):
        """Train ``epochs`` more epochs (stopping early if training diverges), then show the result."""
        with BLAS.limit(limits=1, user_api="blas"):
            self._train(epochs)
            self._send(full=False)

    def step(self):
        """One frame: one more epoch of training, then the new picture."""
        self.train(1)

    def _train(self, epochs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # the widget shows the message itself
            for _ in range(epochs):
                if self.history.diverged:
                    break
                self.trainer.run_epoch()
        if self.history.diverged and not self.message.value:
            self.controls["play"].value = False
            self.say(f"<b>{self.history.message}</b> Press reset to start again.")

    def _answer(self, request):
        """The browser asks: "hello" (a view appeared: send everything) or "frame" (it can draw the next one)."""
        with self._events, BLAS.limit(limits=1, user_api="blas"):
            if request == "hello":
                self._send(full=True)
            elif self.view.playing and not self.history.diverged:
                self._train(1)
                self._send(full=False, reply=True)
            else:  # paused meanwhile: say so, so the browser may ask again when play is pressed
                self.view.send({"type": "idle", "reply": True})

    def _send(self, full, reply=False):
        self.view.push(*self.frames.frame(self.history, full=full, reply=reply))

    def redraw(self):
        """Send the whole picture again (every open view redraws it)."""
        self._send(full=True)

    def _on_play(self, change):
        # The browser's messages for one click (the button, the view's switch, a frame request) can reach the
        # kernel in any order; a click that arrives after the divergence it caused must not restart play.
        if change["new"] and self.history.diverged:
            self.controls["play"].value = False
            return
        self.controls["play"].description, self.controls["play"].icon = (
            ("pause", "pause") if change["new"] else ("play", "play"))

    @property
    def picture(self) -> TrainingPicture:
        """The same picture drawn by matplotlib (for png() and figure), brought up to date."""
        if self._picture is None:
            self._picture = TrainingPicture(self.network, *self.data)
        self._picture.update(self.history)
        return self._picture

    @property
    def figure(self):
        return self.picture.figure

    @figure.setter
    def figure(self, _):  # Explorer.layout clears it; the Playground's figure is made on demand
        pass

    def png(self) -> bytes:
        """The current state as a PNG drawn by matplotlib in the kernel (the live picture is drawn by the
        browser): for the README, exercises and tests."""
        return plots.png(self.picture.figure)
