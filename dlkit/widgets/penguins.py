"""Penguins by two measurements: choose them, the task and the network; it trains and shows what it learned."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from ..datasets import Standardizer, train_test_split
from ..network import mlp
from ..validate import count
from .explorer import Explorer, choice, dead_units, slider

TASKS = {"species": "all three species", "gentoo": "Gentoo vs the rest"}
WIDTHS = (1, 2, 3, 4, 8, 16, 32)


class PenguinLab(Explorer):
    """Two measurements of the penguins, a task and a network: every change trains a new network with
    lesson 11's recipe and shows its decision surface, its test accuracy and its training accuracy.

    The recipe (seeded, so the same settings always give the same network): split the birds 70/30 keeping
    the species' shares (``train_test_split(..., test_ratio=0.3, stratify=True)``), standardise both sides
    with the training birds' mean and std, train ``mlp([2, width x depth, outputs])`` with ReLU hidden
    layers for 100 epochs, ``lr=0.1``, batches of 32. Task "species": softmax over the 3 species;
    task "gentoo": one sigmoid node, 1 for Gentoo.

    ``penguins`` is the table, as ``dlkit.datasets.load_penguins()`` returns it (X (n, d), y (n,),
    feature_names, class_names); the lab keeps its own copy. After a redraw it keeps what it trained:
    ``net``, ``X_train``, ``X_test`` (standardised, (n, 2)), ``y_train``, ``y_test``, ``scaler``,
    ``accuracy`` (test) and ``train_accuracy``.
    """

    picture_width = "600px"
    EPOCHS, LR, BATCH, TEST_RATIO = 100, 0.1, 32, 0.3

    def __init__(self, penguins, x="bill_length_mm", y="bill_depth_mm", task="species", depth=1, width=8, seed=0):
        for name in ("X", "y", "feature_names", "class_names"):
            if not hasattr(penguins, name):
                raise TypeError("PenguinLab needs the penguins table, as dlkit.datasets.load_penguins() returns it "
                                f"(with .X, .y, .feature_names, .class_names), but got {type(penguins).__name__}")
        self.features = list(penguins.feature_names)
        self.class_names = list(penguins.class_names)
        self.table = np.array(penguins.X, dtype=float)  # copies: later cells cannot change what the lab trains on
        self.species = np.array(penguins.y)
        if self.table.ndim != 2 or self.table.shape != (len(self.species), len(self.features)):
            raise ValueError(f"the table should have one row per bird and one column per measurement: X has shape "
                             f"{self.table.shape}, y has {count(len(self.species), 'bird')}, and there are "
                             f"{count(len(self.features), 'feature name')}")
        if len(self.features) < 2:
            raise ValueError(f"two measurements are needed for a picture of the plane, but the table has only "
                             f"{self.features}")
        if "Gentoo" not in self.class_names:
            raise ValueError(f"the task 'Gentoo vs the rest' needs a class named Gentoo, but the classes are "
                             f"{self.class_names}")
        for given, name in ((x, "x"), (y, "y")):
            if given not in self.features:
                raise ValueError(f"{name}={given!r} is not a measurement of this table; choose from {self.features}")
        if task not in TASKS:
            raise ValueError(f"task should be one of {list(TASKS)}, but got {task!r}")
        if width not in WIDTHS:
            raise ValueError(f"width should be one of {WIDTHS}, but got {width!r}")
        self.seed = seed
        self.controls = {
            "x": choice(self.features, x, "x axis"),
            "y": choice(self.features, y, "y axis"),
            "task": choice([(label, key) for key, label in TASKS.items()], task, "task"),
            "depth": slider(W.IntSlider, depth, 0, 3, 1, "hidden layers"),
            "width": choice(WIDTHS, width, "width"),
        }
        self.controls["depth"].continuous_update = False  # each value trains a network: train on release only
        self.layout([["x", "y", "task"], ["depth", "width"]])
        self.redraw()

    def labels(self, task) -> np.ndarray:
        """The targets of a task: the species 0, 1, 2, or 1 for Gentoo and 0 for the rest."""
        return self.species if task == "species" else (self.species == self.class_names.index("Gentoo")).astype(int)

    def train(self, x, y, task, hidden):
        """Lesson 11's recipe on the measurements ``x`` and ``y``; returns the trained network."""
        columns = [self.features.index(x), self.features.index(y)]
        X_train, X_test, self.y_train, self.y_test = train_test_split(
            self.table[:, columns], self.labels(task), test_ratio=self.TEST_RATIO, seed=self.seed, stratify=True)
        self.scaler = Standardizer().fit(X_train)  # the training birds set the scale, for both sides
        self.X_train, self.X_test = self.scaler.transform(X_train), self.scaler.transform(X_test)
        outputs, output = (len(self.class_names), "softmax") if task == "species" else (1, "sigmoid")
        net = mlp([2, *hidden, outputs], activation="relu", output=output, seed=self.seed)
        net.fit(self.X_train, self.y_train, lr=self.LR, epochs=self.EPOCHS, batch_size=self.BATCH, seed=self.seed)
        return net

    def redraw(self):
        x, y, task = self.value("x"), self.value("y"), self.value("task")
        hidden = [self.value("width")] * self.value("depth")
        fig, ax = plots.figure_and_axes(figsize=(6, 4.3))
        if x == y:
            self.net = None
            self.say("Choose two <b>different</b> measurements: one for each axis.")
            plots._message(ax, "choose two different measurements")
            self.show(fig)
            return
        self.net = net = self.train(x, y, task, hidden)
        right, n_test = int(np.sum(net.predict(self.X_test) == self.y_test)), len(self.y_test)
        self.accuracy = right / n_test
        self.train_accuracy = float(np.mean(net.predict(self.X_train) == self.y_train))
        names = self.class_names if task == "species" else ["the rest", "Gentoo"]
        dead = dead_units(net, self.X_train, "training bird", names)  # a dead layer explains a stuck network
        self.say(f"network <b>{net.sizes}</b>, {net.n_parameters()} parameters, trained on "
                 f"{count(len(self.y_train), 'bird')}: test accuracy <b>{self.accuracy:.3f}</b> ({right} of {n_test} test birds right), "
                 f"training accuracy {self.train_accuracy:.3f}" + (f"<br>{dead}" if dead else ""))
        colours = plots.class_colours(names)  # each species in its colour of every lesson; "the rest" in grey
        surface = plots.SurfaceDrawing(net, ax, self.X_train, self.y_train, self.X_test, self.y_test, resolution=60,
                                       colours=colours)
        if task == "gentoo":  # shaded by the probability of Gentoo: the bar gives the scale
            plots.colour_bar(ax, surface.image, "probability of Gentoo", location="bottom", shrink=0.6, aspect=30)
        ax.set_xlabel(f"{x} (standardised)")
        ax.set_ylabel(f"{y} (standardised)")
        ax.set_title(f"{TASKS[task]}, {count(len(hidden), 'hidden layer')}: "
                     f"test accuracy {self.accuracy:.3f}", fontsize=10)
        plots.class_legend(ax, names, colours, points="bird")
        self.show(fig)
