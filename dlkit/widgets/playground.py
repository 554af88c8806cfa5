"""The Playground: train a small network on a 2-D toy set and watch every neuron learn, live."""
from __future__ import annotations

import base64
import html
import inspect
import json
import numbers
import os
import re
import urllib.parse
import warnings
import zlib
from dataclasses import replace

import ipywidgets as W
import numpy as np
from threadpoolctl import ThreadpoolController

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning, History
from ..optim import OPTIMIZERS, get_optimizer
from ..validate import count
from .explorer import Explorer, Switches, choice, slider, steps_slider
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
# The inputs a network can be given, each computed from a point's two coordinates (TensorFlow Playground's).
FEATURES = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1²": lambda X: X[:, 0] ** 2,
            "x2²": lambda X: X[:, 1] ** 2, "x1·x2": lambda X: X[:, 0] * X[:, 1],
            "sin x1": lambda X: np.sin(X[:, 0]), "sin x2": lambda X: np.sin(X[:, 1])}
OWN = "own"  # the data set a learner draws by clicking the picture
OWN_BOUNDS = (-6.0, 6.0, -6.0, 6.0)  # its plane (TensorFlow Playground's): fixed, so points stay where clicked
ERASE = "erase"
# A share code is data from a stranger (pasted into "share", or put in the page's address), so reading one is
# bounded before anything is built, and every setting in it is checked against the controls (_checked_state). The
# longest code a Playground can make (every control at its high end: every input, 10 hidden layers of 32 neurons,
# 5 classes, 1000 points of your own, and every weight a number with the longest text JSON writes) has about 153 500
# characters and 258 000 bytes of JSON (tests/test_share_codes.py measures it): the caps leave room above that.
# share_code() leaves the weights out, so the codes learners copy stay under 10 000 characters.
MAX_CODE_CHARS = 256 * 1024
MAX_STATE_BYTES = 512 * 1024  # the JSON a code unpacks to; a code that would unpack to more is not unpacked further
MAX_NESTING = 8  # a state nests 5 deep at most: {"weights": [[W, b], ...]} with W a list of rows of numbers
MAX_OWN_POINTS = 1000  # points of your own: far more clicks than a lesson asks for (add_point refuses more)
# The size of the toy sets (no control sets it: 500 unless given in code): from 10 (with the smallest training part,
# one point to train on) to 2000, four times the default, where a frame still takes a few hundredths of a second.
N_POINTS = (10, 2000)
MAX_SEED = 2 ** 32 - 1  # far more "new start" presses than anyone makes
MAX_WEIGHT = 1e6  # a weight typed on a link or given in a state; training that gets near this has diverged long ago
REBUILDS = ("dataset", "classes", "features", "noise", "train_ratio", "depth", "width", "activation",
            "layer_activations")  # these start training anew
LIVE = ("lr", "optimizer", "l2", "l1", "batch_size")  # these act on the training under way
LOOKS = ("show_test", "discretize")  # these change only the picture
SETTINGS = REBUILDS + LIVE + LOOKS  # every setting, as state() gives them


class TrainingPicture:
    """The Playground's picture, built once per network and then only updated (fast):
    the network with a heatmap per neuron, the prediction with the data, the loss curves and the
    gradient size of each layer."""

    def __init__(self, net, X_train, y_train, X_test, y_test, features=None, bounds=None):
        self.net, self.features = net, features or (lambda points: points)
        self.figure = fig = plots.Figure(figsize=(13, 4.6), dpi=FRAME_DPI)
        bounds = bounds or plots.bounds_of(np.concatenate([X_train, X_test]), margin=0.05)
        self.points = plots.grid(bounds, GRID)  # one grid for the heatmaps and the prediction
        self.drawing = plots.NetworkDrawing(net, fig.add_axes([0.0, 0.02, 0.44, 0.96]), heatmaps=True,
                                            bounds=bounds, resolution=GRID, features=features)
        self.surface = plots.SurfaceDrawing(net, fig.add_axes([0.47, 0.11, 0.23, 0.8]), X_train, y_train, X_test,
                                            y_test, resolution=GRID, bounds=bounds, features=features)
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
        _, activations = plots.layer_values(self.net, self.features(self.points))  # every neuron, one pass
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
    kernel and browser can do. The learning rate, optimiser, L1, L2 and batch size act at once on the
    training under way; the data, classes, input features, hidden layers, neurons and activation build a new
    network (seeded: the same settings give the same start; "new start" draws another). Attributes:
    ``network``, ``trainer``, ``history``, ``data`` (X_train, y_train, X_test, y_test as points of the plane),
    ``view`` (the picture; ``view.last_frame`` is what the browser was sent last); methods ``train(epochs)``,
    ``step()``, ``png()`` (the same picture drawn by matplotlib), ``state()`` and ``Playground.from_state``.
    """

    def __init__(self, dataset="circle", noise=0.1, train_ratio=0.5, batch_size=10, depth=2, width=4,
                 activation="tanh", lr=0.03, optimizer="sgd", l2=0.0, l1=0.0, features=("x1", "x2"), classes=2,
                 show_test=True, discretize=False, layer_activations="", points=(), n=500, seed=0):
        self.n, self.seed = n, seed
        self.points = [list(p) for p in points]  # the learner's own data: [x1, x2, label] each
        wide = {"description_width": "120px"}
        self.controls = {
            "dataset": choice(datasets.CLASSIFICATION + (OWN,) + datasets.REGRESSION, dataset, "data"),
            "classes": slider(W.IntSlider, classes, 2, 5, 1, "classes",
                              tooltip="number of classes (spiral, gaussian and your own data)"),
            "point_label": W.Label("click adds", layout=W.Layout(width="70px")),
            "point": W.ToggleButtons(options=["0", "1", ERASE], value="1", style={"button_width": "60px"},
                                     tooltip="what a click on the picture does: add a point of this class, or erase"),
            "clear": W.Button(description="clear points", layout=W.Layout(width="100px")),
            "features": Switches(tuple(FEATURES), features, "inputs"),
            "noise": slider(W.FloatSlider, noise, 0.0, 0.5, 0.05, "noise"),
            "train_ratio": slider(W.FloatSlider, train_ratio, 0.1, 0.9, 0.1, "train part"),
            "depth": slider(W.IntSlider, depth, 0, MAX_DEPTH, 1, "hidden layers", style=wide),
            "width": slider(W.IntSlider, width, 1, MAX_WIDTH, 1, "neurons per layer", style=wide),
            "activation": choice(PLAYGROUND_ACTIVATIONS, activation, "activation"),
            "layer_activations": W.Text(value=layer_activations, description="per layer", continuous_update=False,
                                        placeholder="e.g. relu, tanh (empty: the same for all)",
                                        style={"description_width": "70px"}, layout=W.Layout(width="330px")),
            "lr": steps_slider(LEARNING_RATES, lr, "learning rate"),
            "optimizer": choice(OPTIMIZERS, optimizer, "optimiser"),
            "l2": choice(sorted(set(L2_CHOICES) | {float(l2)}), float(l2), "L2"),
            "l1": choice(sorted(set(L2_CHOICES) | {float(l1)}), float(l1), "L1"),
            "batch_size": slider(W.IntSlider, batch_size, 1, 50, 1, "batch size"),
            "show_test": W.Checkbox(value=show_test, description="show test data", indent=False,
                                    layout=W.Layout(width="140px")),
            "discretize": W.Checkbox(value=discretize, description="discretise output", indent=False,
                                     layout=W.Layout(width="150px")),
            "play": W.ToggleButton(value=False, description="play", icon="play", layout=W.Layout(width="90px")),
            "step": W.Button(description="one step", layout=W.Layout(width="90px")),
            "reset": W.Button(description="reset", layout=W.Layout(width="90px"), tooltip="the same start again"),
            "new_start": W.Button(description="new start", layout=W.Layout(width="90px"),
                                  tooltip="other starting weights and another draw of the data"),
            "share": W.Text(description="share", style={"description_width": "50px"}, continuous_update=False,
                            layout=W.Layout(width="560px"),
                            tooltip="this setup as a code: copy it, or paste one and press Enter"),
        }
        self.view = PlaygroundView(self._answer)
        self.layout([["play", "step", "reset", "new_start", "dataset", "classes"], ["features"],
                     ["lr", "optimizer", "batch_size"], ["depth", "width", "activation"],
                     ["noise", "train_ratio", "l2", "l1"], ["layer_activations", "point_label", "point", "clear"],
                     ["show_test", "discretize", "share"]], redraw_on=(),
                    picture=self.view)
        # Play and the view share one switch. The browser-side link pauses at once, before the kernel hears
        # of it; the kernel-side link keeps both in step when code presses play (or a divergence stops it).
        self._links = (W.jslink((self.controls["play"], "value"), (self.view, "playing")),
                       W.link((self.controls["play"], "value"), (self.view, "playing")))
        self.controls["play"].observe(self._on_play, names="value")
        self.on(REBUILDS, self._rebuild)
        self.on(("lr", "l2", "l1", "optimizer"), self._new_optimizer)
        self.on("batch_size", self._new_batch_size)
        self.on("clear", self.clear_points)
        self.on(LOOKS, self._new_looks)
        self.on("step", self.step)
        self.on("reset", self._rebuild)
        self.on("new_start", self._new_start)
        self.on("share", self._load_shared)
        self.version = 0  # counts networks: a frame says which one it shows
        self._measured = (None, [], [])  # the trainer, and its epochs' training loss and accuracy (shown_history)
        self._rebuild()

    # -- the Python face ----------------------------------------------------------------------------
    @property
    def history(self):
        """The History of the training under way (losses, accuracies, gradient norms per epoch); empty while
        there is nothing to train on (your own data, before it has points of two classes)."""
        return self.trainer.history if self.trainer is not None else History()

    @property
    def shown_history(self) -> History:
        """The History as the Playground draws and writes it: the training loss and accuracy of each epoch measured
        like the test ones, on all the points with the weights at the epoch's end, so that both describe the network
        drawn (the History's own are means over the epoch's steps, taken while the weights were changing)."""
        if self.trainer is None:
            return self.history
        if self._measured[0] is not self.trainer:  # a new network or new data: its history starts again
            self._measured = (self.trainer, [], [])
        return replace(self.history, train_loss=self._measured[1], train_accuracy=self._measured[2])

    def _measure_new_epochs(self):
        """Measure each epoch just finished, with the weights it ended with (see shown_history)."""
        shown = self.shown_history
        losses, accuracies = shown.train_loss, shown.train_accuracy
        while len(losses) < self.history.epochs:
            now = self.trainer.measure()
            losses.append(now["loss"])
            accuracies.append(now["accuracy"])

    def inputs(self, X) -> np.ndarray:
        """The network's inputs for points X (N, 2) of the plane: one column per chosen feature."""
        X = np.asarray(X, dtype=np.float64)
        return np.column_stack([FEATURES[name](X) for name in self.value("features")])

    def train(self, epochs=1):
        """Train ``epochs`` more epochs (stopping early if training diverges), then show the result."""
        with BLAS.limit(limits=1, user_api="blas"):
            self._train(epochs)
            self._send(full=False)

    def step(self):
        """One frame: one more epoch of training, then the new picture."""
        self.train(1)

    def state(self, weights=False) -> dict:
        """Every setting and the seed (and with ``weights=True`` the network's weights as lists), JSON-able:
        ``Playground.from_state(state)`` rebuilds the same Playground, which trains to the same numbers."""
        state = {name: _plain(self.value(name)) for name in SETTINGS}
        state.update(points=[list(p) for p in self.points], n=self.n, seed=self.seed)
        if weights:
            state["weights"] = [[d.W.tolist(), d.b.tolist()] for d in self.network.dense_layers]
        return state

    @classmethod
    def from_state(cls, state) -> "Playground":
        """A Playground from ``state()`` (or from the share code a learner copied, as text). The state is checked as
        a pasted code is: one that no Playground can have is a ValueError saying why."""
        pg = cls()
        pg._take_state(state)
        return pg

    @classmethod
    def from_url(cls, query: str | None = None) -> "Playground":
        """The Playground a page's address asks for (``?state=CODE``; Voila gives the kernel the address's query
        as QUERY_STRING), or a new one when it asks for none."""
        query = os.environ.get("QUERY_STRING", "") if query is None else query
        code = urllib.parse.parse_qs(query.lstrip("?")).get("state", [""])[0]
        pg = cls()
        if code:
            try:
                pg._take_state(code)
            except ValueError as error:  # a code cut short, or made to harm: the new Playground, and say why
                pg.say(f"<b>The share code in this page's address cannot be used</b>: {html.escape(str(error))}. "
                       "Copy the address again, whole. Here is a new Playground.")
        return pg

    def share_code(self) -> str:
        """This setup (settings and seed, not the weights) as a short text to copy: a classmate pastes it into
        "share", or a teacher adds it to the Playground page's address as ``?state=CODE``. Only the settings
        that differ from a new Playground's are in it, so it stays short."""
        defaults = _defaults()
        return encode_state({k: v for k, v in self.state().items() if v != defaults.get(k)})

    # -- what the controls do -------------------------------------------------------------------------
    def _rebuild(self):
        """New data, network and trainer from the controls' values; seeded, so reproducible."""
        if getattr(self, "_moving", False):
            return
        c = {name: self.controls[name].value for name in SETTINGS}
        multiclass = c["dataset"] in datasets.MULTICLASS + (OWN,)
        self.controls["classes"].disabled = not multiclass
        classes = c["classes"] if multiclass else 2
        self.controls["point"].options = [str(k) for k in range(classes)] + [ERASE]
        try:
            activations = self._layer_activations(c)
        except ValueError as error:
            self.say(f"<b>per layer</b>: {html.escape(str(error))}")
            return
        X_train, y_train, X_test, y_test = self._data(c, classes)
        if c["dataset"] in datasets.REGRESSION:
            output = "identity"
        else:
            output = "sigmoid" if classes == 2 else "softmax"
        self.network = mlp(_layer_sizes(c), activation=activations, output=output, seed=self.seed)
        self.data = (X_train, y_train, X_test, y_test)
        self.trainer, self._optimizer_kind = None, c["optimizer"]
        waiting = self._too_few_points(y_train, y_test)
        if not waiting:
            self.trainer = self.network.trainer(self.inputs(X_train), y_train, optimizer=get_optimizer(
                c["optimizer"], c["lr"], c["l2"], c["l1"]), batch_size=c["batch_size"],
                validation_data=(self.inputs(X_test), y_test), seed=self.seed)
        self.version += 1
        self.frames = FrameMaker(self.network, self.data, self.version, inputs=self.inputs,
                                 input_names=list(c["features"]), bounds=OWN_BOUNDS if c["dataset"] == OWN else None)
        self._picture = None  # the matplotlib picture, made when png() asks for it
        self.say(waiting)
        self._show_code()
        self.redraw()

    def _data(self, c, classes):
        """The training and test points (of the plane) for the settings ``c``: a toy set, or your own points."""
        if c["dataset"] == OWN:
            points = np.asarray(self.points, dtype=np.float64).reshape(-1, 3)
            X, y = points[:, :2], points[:, 2].astype(int)
            if len(X) < 2:
                return X, y, X, y
        else:
            extra = {"classes": classes} if c["dataset"] in datasets.MULTICLASS else {}
            X, y = datasets.make(c["dataset"], n=self.n, noise=c["noise"], seed=self.seed, **extra)
        X_train, X_test, y_train, y_test = datasets.train_test_split(
            X, y, test_ratio=round(1 - c["train_ratio"], 6), seed=self.seed)
        return X_train, y_train, X_test, y_test

    def _too_few_points(self, y_train, y_test) -> str:
        """What to do before your own data can be trained on ('' when it can): points of two classes, in both the
        training and the test part."""
        if self.value("dataset") != OWN:
            return ""
        if len(np.unique(y_train)) >= 2 and len(y_test) >= 1:
            return ""
        return ("<b>Your own data</b>: click the picture to add points of the class chosen in <i>click adds</i> "
                f"(now {len(self.points)}). Training starts when the training part has points of two classes "
                "and the test part has one.")

    def _layer_activations(self, c):
        """The activation of each hidden layer: the one chosen for all, or those typed in "per layer"."""
        text = c["layer_activations"].strip()
        if not text:
            return c["activation"]
        names = [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]
        if len(names) != c["depth"]:
            raise ValueError(f"give one activation per hidden layer ({c['depth']}), separated by commas; "
                             f"got {len(names)}: {', '.join(names)}")
        unknown = [name for name in names if name not in PLAYGROUND_ACTIVATIONS]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not one of {', '.join(PLAYGROUND_ACTIVATIONS)}")
        return names

    # -- your own data, and weights typed in ------------------------------------------------------------
    def add_point(self, x1, x2, label):
        """Add a point of class ``label`` at (x1, x2) to your own data (as a click on the picture does); the
        data set becomes "own" if it was not. The network keeps its weights; the data's history starts again."""
        if len(self.points) >= MAX_OWN_POINTS:
            raise ValueError(f"your own data holds at most {MAX_OWN_POINTS} points: erase some to add others")
        x1, x2 = float(x1), float(x2)
        if not (all(np.isfinite([x1, x2])) and OWN_BOUNDS[0] <= x1 <= OWN_BOUNDS[1]
                and OWN_BOUNDS[2] <= x2 <= OWN_BOUNDS[3]):
            raise ValueError(f"a point must lie in the picture, x1 and x2 between -6 and 6, but got ({x1}, {x2})")
        classes = self.value("classes")
        if int(label) != label or not 0 <= label < classes:
            raise ValueError(f"label should be a class 0 to {classes - 1}, but got {label!r}")
        self.points.append([round(x1, 3), round(x2, 3), int(label)])
        self._data_changed()

    def erase_point(self, x1, x2, within=0.6):
        """Remove your own data's point nearest to (x1, x2), if one lies within ``within``."""
        if self.points:
            distances = np.hypot(*(np.asarray(self.points)[:, :2] - [x1, x2]).T)
            nearest = int(np.argmin(distances))
            if distances[nearest] <= within:
                del self.points[nearest]
                self._data_changed()

    def clear_points(self):
        """Remove all of your own data's points."""
        self.points = []
        self._data_changed()

    def _data_changed(self):
        weights = [(d.W.copy(), d.b.copy()) for d in self.network.dense_layers]
        if self.value("dataset") != OWN:
            self.controls["dataset"].value = OWN  # rebuilds
        else:
            self._rebuild()
        for d, (W_, b) in zip(self.network.dense_layers, weights):
            if d.W.shape == W_.shape:
                d.W[...], d.b[...] = W_, b
        self.redraw()

    def set_weight(self, layer, i, j, value):
        """Set the weight from node i of one layer to node j of the next (``layer`` 0 is from the inputs), as
        typing a number on a link does; training goes on from it."""
        dense = self.network.dense_layers
        if not (isinstance(layer, (int, np.integer)) and 0 <= layer < len(dense)):
            raise ValueError(f"layer should be 0 to {len(dense) - 1} (0: the links from the inputs), but got {layer!r}")
        W_ = dense[layer].W
        if not (0 <= i < W_.shape[0] and 0 <= j < W_.shape[1]):
            raise ValueError(f"layer {layer} links {count(W_.shape[0], 'node')} to {W_.shape[1]}: no link ({i}, {j})")
        value = float(value)
        if not (np.isfinite(value) and abs(value) <= MAX_WEIGHT):  # so that a state with it can be shared
            raise ValueError(f"a weight must be a number from {-MAX_WEIGHT:g} to {MAX_WEIGHT:g}, not {value}")
        W_[i, j] = value
        self.redraw()

    def _new_start(self):
        """Other starting weights and another draw of the data, with every setting kept."""
        self.seed += 1
        self._rebuild()

    def _new_optimizer(self):
        """The optimiser as the controls say, for the same network: training goes on from the current weights
        (a new learning rate, L1 or L2 keeps the optimiser's memory; another kind starts a new one)."""
        self._show_code()
        if self.trainer is None:
            return
        c, optimizer = self.controls, self.trainer.optimizer
        if c["optimizer"].value == self._optimizer_kind:
            optimizer.lr, optimizer.weight_decay, optimizer.l1 = c["lr"].value, c["l2"].value, c["l1"].value
        else:
            self.trainer.optimizer = get_optimizer(c["optimizer"].value, c["lr"].value, c["l2"].value, c["l1"].value)
            self._optimizer_kind = c["optimizer"].value

    def _new_looks(self):
        """Show test data, discretise: the picture changes, and so does the setup a share code gives."""
        self._show_code()
        self.redraw()

    def _new_batch_size(self):
        self._show_code()
        if self.trainer is not None:
            self.trainer.batch_size = self.value("batch_size")

    def _load_shared(self):
        """A share code pasted into "share": take it whole, or say why it cannot be used and change nothing."""
        code = self.value("share").strip()
        if not code or code == self.share_code():
            return
        try:
            self._take_state(code)
        except ValueError as error:
            self.say(f"<b>That share code cannot be used</b>: {html.escape(str(error))}. Nothing was changed; "
                     "copy the code again, whole.")
            self._show_code()

    def _show_code(self):
        self.controls["share"].value = self.share_code()

    # -- taking a state (a share code): data from a stranger, checked whole before anything changes ----------
    def _take_state(self, state):
        """Take a state, or the share code of one, as "share" and the page's address do. It is checked whole
        first, so one that cannot be used is a ValueError and changes nothing; one that can sets every control
        together, then builds the network once (with the state's weights, if it has them)."""
        state = self._checked_state(decode_state(state) if isinstance(state, str) else state)
        self._moving = True  # one rebuild at the end, not one per control
        try:
            for name in SETTINGS:
                self._set_control(name, state[name])
        finally:
            self._moving = False
        self.n, self.seed, self.points = state["n"], state["seed"], state["points"]
        self._rebuild()
        if "weights" in state:
            self._set_weights(state["weights"])

    def _set_control(self, name, value):
        control = self.controls[name]
        if name == "features":
            value = tuple(value)
        elif isinstance(control, (W.SelectionSlider, W.Dropdown)) and value not in _choices(control):
            # A number between the steps (from a Playground made in code, e.g. lr=0.05): offered too, as the
            # constructor offers it.
            values = sorted(set(_choices(control)) | {value})
            control.options = [(f"{v:g}", v) for v in values] if isinstance(control, W.SelectionSlider) else values
        control.value = value

    def _checked_state(self, state) -> dict:
        """``state`` checked against what this Playground's controls offer (each slider's range, each drop-down's
        options), so that the checks follow the controls. What it leaves out is a new Playground's. Returns the
        whole state, or raises a ValueError that says, in a learner's words, the first thing wrong."""
        if not isinstance(state, dict):
            raise ValueError("it holds no settings")
        unknown = sorted(_shown(key) for key in state if key not in SETTINGS + ("points", "n", "seed", "weights"))
        if unknown:  # refused rather than ignored: a setting a Playground lacks means a code of something else
            more = f" (and {len(unknown) - 3} more)" if len(unknown) > 3 else ""
            raise ValueError(f"a Playground has no setting {', '.join(unknown[:3])}{more}")
        given, checked = {**_defaults(), **state}, {}
        for name in SETTINGS:  # in this order: "per layer" is checked with the depth and activation before it
            checked[name] = self._checked_setting(name, given[name], checked)
        checked["n"] = _whole(given["n"], *N_POINTS, "the number of points")
        checked["seed"] = _whole(given["seed"], 0, MAX_SEED, "the seed")
        checked["points"] = _checked_points(given["points"], checked["classes"])
        if "weights" in state:
            checked["weights"] = _checked_weights(state["weights"], _layer_sizes(checked))
        return checked

    def _checked_setting(self, name, value, checked):
        """``value`` for the control ``name``, if the control can take it (``checked``: the settings before it)."""
        control = self.controls[name]
        label = _label(control)
        if isinstance(control, W.Checkbox):
            if not isinstance(value, bool):
                raise ValueError(f"{label} should be true or false, not {_shown(value)}")
            return value
        if isinstance(control, W.IntSlider):
            return _whole(value, control.min, control.max, label)
        if isinstance(control, W.FloatSlider):
            return _number(value, control.min, control.max, label)
        if isinstance(control, Switches):
            if not (isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)
                    and len(set(value)) == len(value) and set(value) <= set(control.options)):
                raise ValueError(f"{label} should be some of {', '.join(control.options)}, each once, "
                                 f"not {_shown(value)}")
            return [option for option in control.options if option in value]  # in the buttons' order, as state()
        if isinstance(control, W.Text):  # "per layer": empty, or one activation for each hidden layer
            activations = _choices(self.controls["activation"])
            longest = 2 * (len(max(activations, key=len)) + 2) * self.controls["depth"].max  # room for spaces
            if not isinstance(value, str) or len(value) > longest:
                raise ValueError(f"{label} should be a short text (at most {longest} characters), not "
                                 f"{_shown(value) if not isinstance(value, str) else f'{len(value)} characters'}")
            try:
                self._layer_activations({**checked, name: value})
            except ValueError as error:
                raise ValueError(f"{label}: {error}") from None
            return value
        options = _choices(control)  # a drop-down, or a slider in steps
        if all(isinstance(option, str) for option in options):
            if not (isinstance(value, str) and value in options):
                raise ValueError(f"{label} should be one of {', '.join(options)}, not {_shown(value)}")
            return value
        # Numbers in steps (learning rate, L1, L2): one between two steps is taken too, as the constructor takes it.
        return _number(value, min(options), max(options), label)

    def _set_weights(self, weights):
        for d, (W_, b) in zip(self.network.dense_layers, weights):  # shapes checked with the state
            d.W[...], d.b[...] = W_, b
        self.redraw()

    def _train(self, epochs):
        if self.trainer is None:  # your own data, not enough of it yet: the message says what to do
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # the widget shows the message itself
            for _ in range(epochs):
                if self.history.diverged:
                    break
                self.trainer.run_epoch()
                self._measure_new_epochs()
        if self.history.diverged and not self.message.value:
            self.controls["play"].value = False
            self.say(f"<b>{self.history.message}</b> Press reset to start again.")

    def _answer(self, request: dict):
        """What the browser says (see playground_view.REQUESTS): "hello" (a view appeared: send everything),
        "frame" (it can draw the next one), "point" (a click on the picture), "weight" (a weight typed in)."""
        kind = request["type"]
        with self._events, BLAS.limit(limits=1, user_api="blas"):
            if kind == "hello":
                self._send(full=True)
            elif kind == "frame":
                if self.view.playing and self.trainer is not None and not self.history.diverged:
                    self._train(1)
                    self._send(full=False, reply=True)
                else:  # paused meanwhile: say so, so the browser may ask again when play is pressed
                    self.view.send({"type": "idle", "reply": True})
            else:
                try:
                    if kind == "point" and self.value("dataset") != OWN:  # a stray click keeps the data set
                        self.say("To add points of your own, choose data <i>own</i> first.")
                    elif kind == "point" and self.value("point") == ERASE:
                        self.erase_point(request["x1"], request["x2"])
                    elif kind == "point":
                        self.add_point(request["x1"], request["x2"], int(self.value("point")))
                    else:
                        self.set_weight(int(request["layer"]), int(request["i"]), int(request["j"]), request["value"])
                except (KeyError, TypeError, ValueError) as error:
                    self.say(f"<b>{html.escape(str(error))}</b>")

    def _send(self, full, reply=False):
        if getattr(self, "_moving", False):  # controls are being set together: the rebuild after them sends
            return
        looks = {name: self.value(name) for name in LOOKS}
        message = self.text() if self.history.diverged else ""
        self.view.push(*self.frames.frame(self.shown_history, full=full, reply=reply, message=message, **looks))

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

    # -- the matplotlib picture -------------------------------------------------------------------------
    @property
    def picture(self) -> TrainingPicture:
        """The same picture drawn by matplotlib (for png() and figure), brought up to date."""
        if self._picture is None:
            self._picture = TrainingPicture(self.network, *self.data, features=self.inputs, bounds=self.frames.bounds)
        self._picture.update(self.shown_history)
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


def encode_state(state: dict) -> str:
    """A state as a short text that survives copying and a URL: compact JSON, compressed, base64 (URL-safe)."""
    text = json.dumps(state, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")


def decode_state(code: str) -> dict:
    """The state a share code stands for. A code is a stranger's data, so it is read within bounds: too long,
    unpacking to too much, nested too deep or damaged, it is one ValueError saying so (never a MemoryError or a
    RecursionError). Its settings are checked by the Playground that takes it (Playground._checked_state)."""
    code = str(code).strip()
    if len(code) > MAX_CODE_CHARS:
        raise ValueError(f"it is too long to be a Playground's code ({len(code)} characters; at most {MAX_CODE_CHARS})")
    if code.startswith("?") or "state=" in code:  # a whole address or query pasted: take the code out of it
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(code).query or code.lstrip("?")).get("state", [""])[0]
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        # Unpacked up to one byte past the cap, never further: a short code can stand for a huge text (a "zip
        # bomb": 272 KB of code for 200 MiB of spaces), and that text is never made.
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(packed, MAX_STATE_BYTES + 1)
    except (ValueError, zlib.error):  # not base 64 (binascii.Error is a ValueError), or not compressed
        raise ValueError("not a Playground share code (it is damaged)") from None
    if len(data) > MAX_STATE_BYTES:
        raise ValueError(f"it unpacks to more than {MAX_STATE_BYTES // 1024} KB: too large for a Playground's settings")
    if not unpacker.eof:
        raise ValueError("not a Playground share code (it is cut short)")
    try:
        text = data.decode()
    except UnicodeDecodeError:
        raise ValueError("not a Playground share code (it is damaged)") from None
    if _nesting(text) > MAX_NESTING:  # before json.loads, which goes one level deeper into Python's stack for each
        raise ValueError("it is nested too deep to be a Playground's settings")
    try:
        state = json.loads(text, parse_constant=_not_a_number)
    except _NotANumber:
        raise
    except ValueError:  # damaged JSON, or an integer of thousands of digits (which Python refuses to read)
        raise ValueError("not a Playground share code (it is damaged)") from None
    if not isinstance(state, dict):
        raise ValueError("not a Playground share code (it holds no settings)")
    return state


# JSON strings, each taken whole (so that brackets in them do not count): from a quote to the next quote that no
# backslash escapes, or to the end of the text. Possessive (*+): every quote starts a match that never backtracks,
# so the text is read once, whatever it holds.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.DOTALL)


def _nesting(text: str) -> int:
    """How deep the lists and objects of a JSON text nest, counted without parsing it: its strings taken out, each
    [ or { one level deeper, each ] or } one level back."""
    skeleton = np.frombuffer(_JSON_STRING.sub("", text).encode(), dtype=np.uint8)
    opens = (skeleton == ord("[")) | (skeleton == ord("{"))
    closes = (skeleton == ord("]")) | (skeleton == ord("}"))
    return int(np.cumsum(opens.astype(np.int32) - closes).max(initial=0))


class _NotANumber(ValueError):
    """NaN or Infinity in a code: its own message says so, where other errors of json.loads mean a damaged code."""


def _not_a_number(name):
    """json.loads reads NaN, Infinity and -Infinity (which JSON itself does not have) as numbers: no setting is one."""
    raise _NotANumber(f"it holds {name}, which no setting can be")


def _layer_sizes(c) -> list:
    """The number of neurons of each layer, inputs first, of the network the settings ``c`` ask for."""
    classes = c["classes"] if c["dataset"] in datasets.MULTICLASS + (OWN,) else 2
    outputs = 1 if c["dataset"] in datasets.REGRESSION or classes == 2 else classes
    return [len(c["features"])] + [c["width"]] * c["depth"] + [outputs]


def _label(control) -> str:
    """A control's name, as the learner reads it next to it."""
    return control.children[0].value if isinstance(control, Switches) else control.description


def _choices(control) -> list:
    """The values a drop-down (or a slider in steps, whose options are (label, value) pairs) offers."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


def _shown(value) -> str:
    """A value from a code, short enough for a message whatever the code holds (a long text, a long list)."""
    if isinstance(value, (list, tuple, dict)) and len(value) > 4:
        return f"{len(value)} items"
    if isinstance(value, numbers.Integral) and abs(value) > 10 ** 30:  # a googol is 101 digits
        return "a number far too large"
    text = repr(value[:40] + "..." if isinstance(value, str) and len(value) > 40 else value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value, low, high, what) -> int:
    """``value`` if it is a whole number from ``low`` to ``high`` (not 2.0, not true), else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ValueError(f"{what} should be a whole number from {low} to {high}, not {_shown(value)}")
    return int(value)


def _number(value, low, high, what) -> float:
    """``value`` if it is a number from ``low`` to ``high`` (NaN is not: it compares false), else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low <= value <= high:
        raise ValueError(f"{what} should be a number from {low:g} to {high:g}, not {_shown(value)}")
    return float(value)


def _checked_points(points, classes) -> list:
    """Your own data from a state: at most MAX_OWN_POINTS points [x1, x2, class], each in the picture."""
    if not isinstance(points, (list, tuple)):
        raise ValueError(f"the points of your own data should be a list, not {_shown(points)}")
    if len(points) > MAX_OWN_POINTS:
        raise ValueError(f"it has {len(points)} points of your own data; a Playground holds at most {MAX_OWN_POINTS}")
    low1, high1, low2, high2 = OWN_BOUNDS
    checked = []
    for point in points:
        if not (isinstance(point, (list, tuple)) and len(point) == 3):
            raise ValueError(f"a point of your own data should be x1, x2 and its class, not {_shown(point)}")
        x1, x2, label = point
        checked.append([_number(x1, low1, high1, "a point's x1"), _number(x2, low2, high2, "a point's x2"),
                        _whole(label, 0, classes - 1, "a point's class")])
    return checked


def _checked_weights(weights, sizes) -> list:
    """The weights [[W, b], ...] of a state, if they fit the network of ``sizes``: W has a row per neuron of the
    layer before, of a number per neuron of the layer, b a number per neuron; each number is a weight a link takes."""
    shapes = list(zip(sizes[:-1], sizes[1:]))
    if not (isinstance(weights, (list, tuple)) and len(weights) == len(shapes)
            and all(isinstance(layer, (list, tuple)) and len(layer) == 2 for layer in weights)):
        raise ValueError(f"the weights should be a [W, b] pair for each of the network's {count(len(shapes), 'layer')}")
    return [[_numbers(W_, (n_in, n_out), f"the weights of layer {k}"),
             _numbers(b, (n_out,), f"the biases of layer {k}")]
            for k, ((W_, b), (n_in, n_out)) in enumerate(zip(weights, shapes), 1)]


def _numbers(value, shape, what):
    """``value`` as nested lists of ``shape`` of weights (numbers within MAX_WEIGHT), else a ValueError."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not shape:
        return _number(value, -MAX_WEIGHT, MAX_WEIGHT, "a weight")
    if not (isinstance(value, (list, tuple)) and len(value) == shape[0]):
        raise ValueError(f"{what} do not fit the network of these settings")
    return [_numbers(v, shape[1:], what) for v in value]


def _defaults() -> dict:
    """The settings of a new Playground, as state() gives them."""
    return {name: _plain(p.default) for name, p in inspect.signature(Playground).parameters.items()}


def _plain(value):
    """A control's value as JSON has it (tuples become lists, numpy numbers plain numbers)."""
    if isinstance(value, tuple):
        return list(value)
    return value.item() if isinstance(value, np.generic) else value

