"""Live widgets: pictures that answer a slider at once.

    from dlkit import widgets
    widgets.Playground()            # train a network live, in the spirit of the TensorFlow Playground
    widgets.NodeExplorer()          # one node: two weights, a bias and its decision line
    widgets.LearningRateExplorer()  # gradient descent that crawls, converges, oscillates or diverges
    widgets.BackpropStepper()       # one example forward and backward, a layer at a time
    widgets.DeepStackExplorer()     # 30 layers deep: which gradients survive?

Each explorer shows as one box in a notebook. Its controls are in ``.controls`` (by name), its picture
is ``.image`` (an ``ipywidgets.Image``) and ``.png()`` returns that picture's PNG bytes, so code (a test,
an exercise) can drive an explorer exactly as a learner does with the mouse. Everything is seeded: the
same settings always give the same pictures. The training and the maths are dlkit's own (``mlp``,
``Trainer``, ``trace``, ``gradcheck``); this module only wires them to controls and pictures.
"""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np

from . import datasets, plots
from .gradcheck import gradcheck
from .layers import Dense, activation
from .losses import BinaryCrossEntropy
from .network import DivergenceWarning, Network, default_loss, mlp
from .optim import OPTIMIZERS, get_optimizer

WIDE = {"description_width": "90px"}


def _slider(kind, value, low, high, step, description, **options):
    """A slider with room for its name, sized so that three fit side by side."""
    return kind(value=value, min=low, max=high, step=step, description=description, style=WIDE,
                layout=W.Layout(width="300px"), continuous_update=True, **options)


def _choice(options, value, description):
    return W.Dropdown(options=options, value=value, description=description, style=WIDE,
                      layout=W.Layout(width="300px"))


class Explorer:
    """What every explorer shares: named controls, a picture, a message line, all in one box.

    Subclasses fill ``self.controls``, lay them out in ``rows`` and call ``_finish(rows)``.
    """

    def _finish(self, rows, picture_width="100%"):
        self.image = W.Image(format="png", layout=W.Layout(width=picture_width, max_width="1000px"))
        self.message = W.HTML()
        self.box = W.VBox([W.HBox(row) for row in rows] + [self.message, self.image])

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)

    def png(self) -> bytes:
        """The picture on display, as PNG bytes."""
        return bytes(self.image.value)

    def _show(self, fig):
        self.image.value = plots.png(fig)


# ---------------------------------------------------------------------------------------------
# The Playground

MAX_DEPTH, MAX_WIDTH = 10, 32
GRID = 40  # heatmaps and prediction on a 40 x 40 grid: smooth enough, and one cheap forward pass
FRAME_DPI = 72
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "linear")
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
        self.controls = c = {
            "dataset": _choice(datasets.CLASSIFICATION + datasets.REGRESSION, dataset, "data"),
            "noise": _slider(W.FloatSlider, noise, 0.0, 0.5, 0.05, "noise"),
            "train_ratio": _slider(W.FloatSlider, train_ratio, 0.1, 0.9, 0.1, "train part"),
            "depth": _slider(W.IntSlider, depth, 0, MAX_DEPTH, 1, "depth", tooltip="number of hidden layers"),
            "width": _slider(W.IntSlider, width, 1, MAX_WIDTH, 1, "width", tooltip="neurons per hidden layer"),
            "activation": _choice(PLAYGROUND_ACTIVATIONS, activation, "activation"),
            "lr": _slider(W.FloatLogSlider, lr, -5, 1, 0.25, "learning rate", base=10, readout_format=".2g"),
            "optimizer": _choice(OPTIMIZERS, optimizer, "optimiser"),
            "l2": _choice(sorted(set(L2_CHOICES) | {float(l2)}), float(l2), "L2"),
            "batch_size": _slider(W.IntSlider, batch_size, 1, 50, 1, "batch size"),
            "play": W.Play(value=0, min=0, max=10**9, interval=50, show_repeat=False, layout=W.Layout(width="90px")),
            "step": W.Button(description="one step", layout=W.Layout(width="90px")),
            "reset": W.Button(description="reset", layout=W.Layout(width="90px")),
            "epoch": W.Label(layout=W.Layout(width="110px")),
        }
        self._finish([[c["play"], c["step"], c["reset"], c["epoch"], c["dataset"]],
                      [c["lr"], c["optimizer"], c["l2"]],
                      [c["depth"], c["width"], c["activation"]],
                      [c["noise"], c["train_ratio"], c["batch_size"]]])
        for name in REBUILDS:
            c[name].observe(lambda change: self._rebuild(), names="value")
        c["lr"].observe(lambda change: setattr(self.trainer.optimizer, "lr", change["new"]), names="value")
        c["l2"].observe(lambda change: setattr(self.trainer.optimizer, "weight_decay", change["new"]), names="value")
        c["optimizer"].observe(lambda change: self._new_optimizer(), names="value")
        c["batch_size"].observe(lambda change: setattr(self.trainer, "batch_size", change["new"]), names="value")
        c["play"].observe(self._tick, names="value")
        c["step"].on_click(lambda button: self.step())
        c["reset"].on_click(lambda button: self._rebuild())
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
        self.message.value = ""
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

    def _tick(self, change):
        # Each tick of Play is its own message, so the kernel stays free to hear other controls
        # between frames. If a frame takes longer than the interval, the browser does not pile up
        # ticks: ipywidgets sends at most one message per widget while the kernel is busy, and merges
        # the rest into the next one.
        if change["new"] > change["old"]:  # the stop button rewinds the counter: that is no tick
            self.step()

    def redraw(self):
        """Draw the current state (the figure is reused: only its numbers change) and show it."""
        self.picture.update(self.history)
        self.image.value = plots.png(self.picture.figure)
        self.controls["epoch"].value = f"epoch {self.trainer.epoch}"
        if self.history.diverged:
            self.controls["play"].playing = False
            self.message.value = f"<b>{self.history.message}</b> Press reset to start again."


# ---------------------------------------------------------------------------------------------
# One node

class NodeExplorer(Explorer):
    """One node with two inputs: a = f(w1 x1 + w2 x2 + b). Move w1, w2 and b and watch its output over
    the plane and its decision line, where z = w1 x1 + w2 x2 + b = 0 (there a sigmoid gives 0.5 and a tanh 0:
    the activation changes the colours, never the line)."""

    BOUNDS = (-4, 4, -4, 4)
    EXAMPLE = np.array([2.0, 1.0])  # one point whose numbers are written out

    def __init__(self, w1=1.0, w2=-0.5, b=0.5, activation="sigmoid"):
        self.controls = c = {
            "w1": _slider(W.FloatSlider, w1, -3, 3, 0.1, "weight w1"),
            "w2": _slider(W.FloatSlider, w2, -3, 3, 0.1, "weight w2"),
            "b": _slider(W.FloatSlider, b, -3, 3, 0.1, "bias b"),
            "activation": _choice(("sigmoid", "tanh", "relu", "identity"), activation, "activation"),
        }
        self._finish([[c["w1"], c["w2"], c["b"]], [c["activation"]]], picture_width="480px")
        for control in c.values():
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def node(self) -> Network:
        """The node as a dlkit network: Dense(2 -> 1) with the sliders' weights, then the activation."""
        dense = Dense(2, 1, seed=0)
        dense.W[:, 0] = self.controls["w1"].value, self.controls["w2"].value
        dense.b[0] = self.controls["b"].value
        return Network([dense, activation(self.controls["activation"].value)])

    def redraw(self):
        w1, w2, b = (self.controls[k].value for k in ("w1", "w2", "b"))
        net, name, x = self.node(), self.controls["activation"].value, self.EXAMPLE
        zs, activations = plots.layer_values(net, x[None])
        z, a = zs[0][0, 0], activations[-1][0, 0]
        self.message.value = (f"z = w1·x1 + w2·x2 + b = {w1:.1f}·x1 {_signed(w2)}·x2 {_signed(b)}, &nbsp; "
                              f"a = {name}(z)<br>at the point x = ({x[0]:g}, {x[1]:g}): z = {z:.2f}, a = {a:.3f}")
        fig, ax = plots.figure_and_axes(figsize=(5, 4.4))
        surface = plots.SurfaceDrawing(net, ax, resolution=80, bounds=self.BOUNDS)
        fig.colorbar(surface.image, ax=ax, shrink=0.8, label="a")
        plots.decision_line(ax, (w1, w2), b, self.BOUNDS)
        ax.plot(*x, "o", color="black", markersize=5)
        ax.annotate(f"a = {a:.2f}", x, xytext=(6, 6), textcoords="offset points", fontsize=9)
        ax.set_title(f"output a = {name}(z) over the plane", fontsize=10)
        self._show(fig)


def _signed(v):
    """A term of a sum written with its sign: 1.5 -> '+ 1.5', -0.5 -> '- 0.5'."""
    return f"{'-' if v < 0 else '+'} {abs(v):.1f}"


# ---------------------------------------------------------------------------------------------
# Learning rate: gradient descent on losses simple enough to see whole. Each loss returns its value
# and its gradient side by side; they work on one weight w or, for the bowl, on a pair (w1, w2).

def parabola(w):
    """f(w) = w^2, slope f'(w) = 2w: one weight, one minimum at 0."""
    return w ** 2, 2 * w


def bumpy(w):
    """f(w) = w^2 / 4 + 1 - cos(2w), slope w / 2 + 2 sin(2w): the lowest point is at 0, but there are
    side valleys where a small step gets stuck."""
    return w ** 2 / 4 + 1 - np.cos(2 * w), w / 2 + 2 * np.sin(2 * w)


def bowl(w):
    """f(w1, w2) = (w1^2 + 10 w2^2) / 2, gradient (w1, 10 w2): ten times steeper across than along.
    ``w`` has shape (..., 2)."""
    w1, w2 = w[..., 0], w[..., 1]
    return (w1 ** 2 + 10 * w2 ** 2) / 2, np.stack([w1, 10 * w2], axis=-1)


LANDSCAPES = {"parabola": (parabola, -4.0), "bumpy": (bumpy, 4.2), "bowl": (bowl, np.array([-4.5, 1.5]))}


def gradient_descent(f, start, lr, steps):
    """The points gradient descent visits: w_{t+1} = w_t - lr * f'(w_t). Shape (steps + 1,) or (steps + 1, 2)."""
    path = [np.asarray(start, dtype=float)]
    with np.errstate(over="ignore", invalid="ignore"):  # a divergent run overflows; that is the point
        for _ in range(steps):
            path.append(path[-1] - lr * f(path[-1])[1])
    return np.array(path)


def regime(f, path) -> str:
    """Name what gradient descent did along ``path``: 'divergent' (the loss grew), 'oscillating' (the steps
    keep reversing: each one overshoots the valley), 'too slow' (still taking big strides at the end:
    more steps, or a larger lr, needed) or 'good' (settled)."""
    with np.errstate(over="ignore", invalid="ignore"):
        losses = f(path)[0]
    if not np.all(np.isfinite(losses)) or losses[-1] > losses[0]:
        return "divergent"
    steps = np.diff(path, axis=0).reshape(len(path) - 1, -1)  # (steps, weights)
    reversals = np.mean(steps[1:] * steps[:-1] < 0, axis=0)  # per weight: how often a step turns back
    if len(steps) > 2 and reversals.max() > 0.5:
        return "oscillating"
    if np.linalg.norm(steps[-1]) > 0.05 * np.linalg.norm(steps[0]):
        return "too slow"
    return "good"


REGIME_TEXT = {"too slow": "too slow: the steps are tiny, so after all of them it is still on its way down",
               "good": "good: it goes down quickly and settles in a valley",
               "oscillating": "oscillating: every step overshoots the bottom and lands on the other side",
               "divergent": "divergent: every step overshoots further than the last; the loss explodes"}


class LearningRateExplorer(Explorer):
    """Gradient descent on a simple loss, step by step: the learning rate decides whether it crawls,
    converges, oscillates or diverges. The text line names what happened."""

    def __init__(self, landscape="parabola", lr=0.1, steps=20):
        self.controls = c = {
            "landscape": _choice(tuple(LANDSCAPES), landscape, "loss"),
            "lr": _slider(W.FloatLogSlider, lr, -3, 0.5, 0.05, "learning rate", base=10, readout_format=".3g"),
            "steps": _slider(W.IntSlider, steps, 1, 100, 1, "steps"),
        }
        self._finish([[c["landscape"], c["lr"], c["steps"]]], picture_width="820px")
        for control in c.values():
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def redraw(self):
        f, start = LANDSCAPES[self.controls["landscape"].value]
        lr, steps = self.controls["lr"].value, self.controls["steps"].value
        path = gradient_descent(f, start, lr, steps)
        self.regime = regime(f, path)
        self.message.value = f"lr = {lr:.3g}: <b>{REGIME_TEXT[self.regime]}</b>"
        fig, axes = plots.panels(2, 2, panel=(4.1, 3.2))
        plots.loss_landscape_path(f, path, ax=axes[0])
        with np.errstate(over="ignore", invalid="ignore"):
            losses = f(path)[0]
        axes[1].semilogy(np.arange(len(path)), np.where(np.isfinite(losses), losses, np.nan) + 1e-12, "-o",
                         markersize=3, color=plots.ORANGE)
        axes[1].set_xlabel("step")
        axes[1].set_title("loss after each step (log scale)", fontsize=10)
        axes[1].grid(alpha=0.3)
        self._show(fig)


# ---------------------------------------------------------------------------------------------
# Backpropagation, one layer at a time

class BackpropStepper(Explorer):
    """One example through a small network: "next step" walks forward layer by layer (z and a on every
    node), computes the loss, then walks backward layer by layer (delta = dL/dz on the nodes, dW on the
    links). "check" compares every gradient with finite differences (``dlkit.gradcheck``)."""

    def __init__(self, net=None, example=None, y=None):
        self.net = net if net is not None else mlp([2, 3, 2, 1], activation="tanh", output="sigmoid", seed=0)
        self.example = np.asarray(example if example is not None else (1.0, -2.0), dtype=float)
        self.y = np.asarray([1.0 if y is None else y])
        # The real computation, done once with dlkit: forward, loss, backward. The steps only reveal it.
        self.loss_fn = default_loss(self.net)
        self.loss = self.loss_fn(self.net.forward(self.example[None]), self.y)
        self.net.backward(self.loss_fn.backward())
        n_columns = len(self.net.sizes)
        self.stages = ([("forward", c) for c in range(n_columns)] + [("loss", n_columns - 1)]
                       + [("backward", c) for c in range(n_columns - 1, 0, -1)])
        self.stage = 0
        self.controls = c = {"next": W.Button(description="next step", button_style="info"),
                             "restart": W.Button(description="start again"),
                             "check": W.Button(description="check with finite differences")}
        c["check"].layout.width = "240px"
        self.check_report = None
        self.report = W.HTML()
        self._finish([[c["next"], c["restart"], c["check"]]], picture_width="760px")
        self.box.children += (self.report,)
        c["next"].on_click(lambda button: self.next())
        c["restart"].on_click(lambda button: self.restart())
        c["check"].on_click(lambda button: self.check())
        self.redraw()

    def next(self):
        """Go to the next stage (back to the first after the last)."""
        self.stage = (self.stage + 1) % len(self.stages)
        self.redraw()

    def restart(self):
        self.stage = 0
        self.redraw()

    def check(self):
        """Backprop against finite differences on this example; shows the report."""
        self.check_report = gradcheck(self.net, self.loss_fn, self.example[None], self.y)
        verdict = "they agree" if self.check_report.ok else "they DISAGREE"
        self.report.value = (f"Finite differences vs backprop: {verdict}, largest relative error "
                             f"{self.check_report.max_error:.1e}<pre>{self.check_report}</pre>")

    def redraw(self):
        kind, column = self.stages[self.stage]
        last = len(self.net.sizes) - 1
        shown = range(column + 1) if kind == "forward" else range(column, last + 1)
        fig = plots.draw_network(self.net, example=self.example, show_values=True, backward=kind == "backward",
                                 highlight=column, columns=shown if kind != "loss" else range(last + 1))
        title = f"loss L = {self.loss:.4f}" if kind == "loss" else f"{kind}: layer {column}" if column else "input"
        fig.axes[0].set_title(title, fontsize=11)
        self.message.value = f"step {self.stage + 1} of {len(self.stages)}: {self._explain(kind, column)}"
        self._show(fig)

    def _explain(self, kind, column):
        zs, activations = plots.layer_values(self.net, self.example[None])
        if kind == "forward" and column == 0:
            return f"the example x = {_vector(self.example)} enters the input layer."
        if kind == "forward":
            return (f"layer {column}: z = a<sub>prev</sub> W + b = {_vector(zs[column - 1])}, then a = f(z) = "
                    f"{_vector(activations[column])}.")
        if kind == "loss":
            return (f"the prediction ŷ = {_vector(activations[-1])} meets the target y = {_vector(self.y)}: "
                    f"loss L = {self.loss:.4f}.")
        dense = self.net.dense_layers[column - 1]
        onward = (f"δ W<sup>T</sup> goes on to layer {column - 1}." if column > 1
                  else "the inputs have no weights to learn, so backpropagation stops here.")
        return (f"layer {column} backward: δ = dL/dz = {_vector(dense.db)}; dW = a<sub>prev</sub><sup>T</sup> δ, "
                f"largest |dW| {np.abs(dense.dW).max():.3f}; {onward}")


def _vector(v):
    """Numbers in brackets, 3 decimals: (0.984, -0.954)."""
    return "(" + ", ".join(f"{x:.3f}" for x in np.ravel(v)) + ")"


# ---------------------------------------------------------------------------------------------
# Deep stacks: does the gradient reach the first layer?

class DeepStackExplorer(Explorer):
    """A deep, narrow network on the circle data: choose depth (up to 30), activation and
    initialisation, and see how the spread of the activations and the size of the gradients change from
    layer to layer. Sigmoid stacks with small random weights lose their gradient long before the first
    layer; ReLU with He and tanh with Xavier initialisation keep it alive."""

    def __init__(self, depth=10, activation="sigmoid", init="normal", width=16, seed=0):
        self.width, self.seed = width, seed
        X, y = datasets.circle(n=200, noise=0.1, seed=seed)
        self.X, self.y = datasets.Standardizer().fit_transform(X), y
        self.controls = c = {
            "depth": _slider(W.IntSlider, depth, 1, 30, 1, "hidden layers"),
            "activation": _choice(("sigmoid", "tanh", "relu"), activation, "activation"),
            "init": _choice(("normal", "xavier", "he"), init, "initialisation"),
            "train": W.Button(description="train 5 epochs"),
        }
        self._finish([[c["depth"], c["activation"], c["init"]], [c["train"]]], picture_width="900px")
        for name in ("depth", "activation", "init"):
            c[name].observe(lambda change: self.rebuild(), names="value")
        c["train"].on_click(lambda button: self.train())
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
        loss = BinaryCrossEntropy()
        loss(self.network.forward(self.X), self.y)
        self.network.backward(loss.backward())
        return np.array([np.linalg.norm(d.dW) for d in self.network.dense_layers])

    def redraw(self):
        hidden = plots.layer_values(self.network, self.X)[1][1:-1]
        spread = np.array([a.std() for a in hidden])
        norms = self.gradient_norms()
        fig, (left, right) = plots.panels(2, 2, panel=(4.4, 3.2))
        plots.per_layer(left, spread + 1e-30, "std of activations", "spread of each layer's activations", decades=6)
        plots.per_layer(right, norms + 1e-30, "||dW||", "gradient size per layer")
        trained = f"after {self.epochs} epochs, loss {self.losses[-1]:.3f}" if self.epochs else "untrained"
        self.message.value = f"{trained}. {_gradient_verdict(norms)}"
        self._show(fig)


def _gradient_verdict(norms):
    """One sentence on per-layer gradient norms (first layer first)."""
    if not np.all(np.isfinite(norms)):
        return "The gradients are not finite numbers any more: training blew up."
    if norms.max() < 1e-8:
        return (f"Every gradient is tiny (at most {norms.max():.0e}): the signal faded away layer by layer, "
                "so no layer can learn.")
    ratio = norms[0] / norms[-1]
    return f"The first layer's gradient is {ratio:.1e} times the last layer's{' (vanishing!)' if ratio < 1e-3 else ''}."
