"""The Playground: train a small network on a 2-D toy set and watch every neuron learn, live."""
from __future__ import annotations

import base64
import html
import inspect
import json
import os
import urllib.parse
import warnings
import zlib

import ipywidgets as W
import numpy as np
import traitlets
from threadpoolctl import ThreadpoolController

from .. import datasets, plots
from ..network import mlp
from ..training import DivergenceWarning, History
from ..optim import OPTIMIZERS, get_optimizer
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
        self.on(LOOKS, self.redraw)
        self.on("step", self.step)
        self.on("reset", self._rebuild)
        self.on("new_start", self._new_start)
        self.on("share", self._load_shared)
        self.version = 0  # counts networks: a frame says which one it shows
        self._rebuild()

    # -- the Python face ----------------------------------------------------------------------------
    @property
    def history(self):
        """The History of the training under way (losses, accuracies, gradient norms per epoch); empty while
        there is nothing to train on (your own data, before it has points of two classes)."""
        return self.trainer.history if self.trainer is not None else History()

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
        """A Playground from ``state()`` (or from the share code a learner copied, as text)."""
        state = dict(decode_state(state) if isinstance(state, str) else state)
        weights = state.pop("weights", None)
        unknown = set(state) - set(SETTINGS) - {"points", "n", "seed"}
        if unknown:
            raise ValueError(f"a Playground state has no setting {sorted(unknown)}; it knows {list(SETTINGS)}")
        pg = cls(**state)
        if weights is not None:
            pg._set_weights(weights)
        return pg

    @classmethod
    def from_url(cls, query: str | None = None) -> "Playground":
        """The Playground a page's address asks for (``?state=CODE``; Voila gives the kernel the address's query
        as QUERY_STRING), or a new one when it asks for none."""
        query = os.environ.get("QUERY_STRING", "") if query is None else query
        code = urllib.parse.parse_qs(query.lstrip("?")).get("state", [""])[0]
        if not code:
            return cls()
        try:
            return cls.from_state(code)
        except (ValueError, TypeError, traitlets.TraitError) as error:  # a code cut short: a new one, and say why
            pg = cls()
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
            output, outputs = "identity", 1
        else:
            output, outputs = ("sigmoid", 1) if classes == 2 else ("softmax", classes)
        self.network = mlp([len(c["features"])] + [c["width"]] * c["depth"] + [outputs], activation=activations,
                           output=output, seed=self.seed)
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
            raise ValueError(f"layer {layer} links {W_.shape[0]} nodes to {W_.shape[1]}: no link ({i}, {j})")
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"a weight must be a number, not {value}")
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

    def _new_batch_size(self):
        self._show_code()
        if self.trainer is not None:
            self.trainer.batch_size = self.value("batch_size")

    def _load_shared(self):
        """A share code pasted into "share": take its settings (an unreadable code says so, and changes nothing)."""
        code = self.value("share").strip()
        if not code or code == self.share_code():
            return
        before = {name: self.controls[name].value for name in SETTINGS}
        self._moving = True  # one rebuild at the end, not one per control
        try:
            state = {**_defaults(), **decode_state(code)}  # what the code leaves out is a new Playground's
            unknown = set(state) - set(SETTINGS) - {"points", "n", "seed", "weights"}
            if unknown:
                raise ValueError(f"it has settings a Playground does not know: {sorted(unknown)}")
            for name in SETTINGS:
                if name in state:
                    self.controls[name].value = tuple(state[name]) if name == "features" else state[name]
        except (ValueError, TypeError, traitlets.TraitError) as error:
            for name, value in before.items():
                self.controls[name].value = value
            self.say(f"<b>That share code cannot be used</b>: {html.escape(str(error))}. Copy it again, whole.")
            self._show_code()
            return
        finally:
            self._moving = False
        self.seed = int(state.get("seed", self.seed))
        self.points = [list(p) for p in state.get("points", [])]
        self._rebuild()

    def _show_code(self):
        self.controls["share"].value = self.share_code()

    def _set_weights(self, weights):
        dense = self.network.dense_layers
        if len(weights) != len(dense):
            raise ValueError(f"the state has weights for {len(weights)} layers, but the network has {len(dense)}")
        for d, (W_, b) in zip(dense, weights):
            W_, b = np.asarray(W_, dtype=np.float64), np.asarray(b, dtype=np.float64)
            if W_.shape != d.W.shape or b.shape != d.b.shape:
                raise ValueError(f"the state's weights have shape {W_.shape} where the network has {d.W.shape}")
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
        self.view.push(*self.frames.frame(self.history, full=full, reply=reply, message=message, **looks))

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


def encode_state(state: dict) -> str:
    """A state as a short text that survives copying and a URL: compact JSON, compressed, base64 (URL-safe)."""
    text = json.dumps(state, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")


def decode_state(code: str) -> dict:
    """The state a share code stands for; a damaged code is one ValueError saying so."""
    code = str(code).strip()
    if code.startswith("?") or "state=" in code:  # a whole address or query pasted: take the code out of it
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(code).query or code.lstrip("?")).get("state", [""])[0]
    try:
        text = zlib.decompress(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)), bufsize=4096).decode()
        state = json.loads(text)
    except (ValueError, zlib.error, UnicodeDecodeError) as error:
        raise ValueError(f"not a Playground share code ({type(error).__name__})") from None
    if not isinstance(state, dict):
        raise ValueError("not a Playground share code (it holds no settings)")
    return state


def _defaults() -> dict:
    """The settings of a new Playground, as state() gives them."""
    return {name: _plain(p.default) for name, p in inspect.signature(Playground).parameters.items()}


def _plain(value):
    """A control's value as JSON has it (tuples become lists, numpy numbers plain numbers)."""
    if isinstance(value, tuple):
        return list(value)
    return value.item() if isinstance(value, np.generic) else value

