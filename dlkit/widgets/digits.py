"""Train a digit reader a few epochs at a time: its accuracy and its first layer's weights as 8 x 8 pictures."""
from __future__ import annotations

import warnings

import ipywidgets as W
import numpy as np

from .. import plots
from ..network import mlp
from ..training import DivergenceWarning
from ..validate import count
from .explorer import LINE, SMALL, Explorer, button, choice, dead_units, slider

WIDTHS = (4, 8, 16, 32, 64)
SHOWN_UNITS = 16  # weight pictures of at most this many first-layer units
FIGSIZE, DPI = (12.5, 3.6), 80  # 1000 x 288 pixels: fits a notebook 1366 pixels wide


class DigitTrainer(Explorer):
    """A digit reader ``mlp([64] + [width] * hidden layers + [10])`` (ReLU, softmax output) trained with
    plain SGD in batches of 32, five epochs per click of "train 5 epochs".

    The left panel shows the accuracy after every epoch (epoch 0: untrained). Both curves are measured the
    same way, with the weights at the end of each epoch: on all the training images and on all the test
    images (fit's History would average the training accuracy over the epoch's batches instead, while the
    weights change). The right panel shows the first layer's weights, one 8 x 8 picture per unit (a column
    of W, shape (64, width)); with no hidden layer the first layer is the output layer, one picture per
    digit. Blue pixels push a unit up, orange ones down.

    Changing the depth or the width starts a fresh network; "new network" starts one from the next seed;
    the learning rate applies from the next click. The explorer keeps its own copy of the images; its
    network, accuracies and learning rates are ``network``, ``train_accuracy``, ``test_accuracy`` (one
    entry per epoch, epoch 0 first) and ``learning_rates`` (one per trained epoch).
    """

    picture_width = "100%"  # of the notebook's width, up to the picture's own 1000 pixels

    def __init__(self, X_train, y_train, X_test, y_test, depth=1, width=16, lr=0.1, seed=0):
        self.X_train, self.y_train = _images("X_train", X_train, y_train)
        self.X_test, self.y_test = _images("X_test", X_test, y_test)
        if width not in WIDTHS:
            raise ValueError(f"width should be one of {WIDTHS}, but got {width!r}")
        self.seed = seed
        self.controls = {
            "depth": slider(W.IntSlider, depth, 0, 3, 1, "hidden layers"),
            "width": choice(WIDTHS, width, "width"),
            "lr": slider(W.FloatLogSlider, lr, -2, 0.5, 0.1, "learning rate", base=10, readout_format=".2g"),
            "train": button("train 5 epochs", button_style="info"),
            "new": button("new network"),
        }
        self.layout([["depth", "width", "lr"], ["train", "new"]], redraw_on=())
        self.on(("depth", "width"), self.new_network)
        self.on("train", self.train)
        self.on("new", lambda: self.new_network(self.seed + 1))
        self.new_network()

    def new_network(self, seed=None):
        """A fresh, untrained network with the controls' depth and width (seeded: same seed, same start)."""
        if seed is not None:
            self.seed = seed
        depth, width = self.value("depth"), self.value("width")
        self.controls["width"].disabled = depth == 0  # no hidden layer, no width to choose
        self.network = mlp([64] + [width] * depth + [10], activation="relu", output="softmax", seed=self.seed)
        self.trainer = self.network.trainer(self.X_train, self.y_train, batch_size=32, seed=self.seed)
        self.train_accuracy, self.test_accuracy, self.learning_rates = [], [], []
        self._measure()
        self.redraw()

    def _measure(self):
        """Accuracy with the current weights on all the training and all the test images."""
        self.train_accuracy.append(self.network.evaluate(self.X_train, self.y_train)["accuracy"])
        self.test_accuracy.append(self.network.evaluate(self.X_test, self.y_test)["accuracy"])

    @property
    def epochs(self) -> int:
        return len(self.learning_rates)

    def train(self, epochs=5):
        """``epochs`` more epochs at the slider's learning rate (none after a divergence), then a redraw."""
        if self.trainer.history.diverged:  # nothing to train: the message keeps the rate at which it blew up
            self.redraw()
            return
        self.trainer.optimizer.lr = self.value("lr")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # the message line says it instead
            for _ in range(epochs):
                self.trainer.run_epoch()  # does nothing once training has diverged
                if self.trainer.history.diverged:
                    break
                self.learning_rates.append(self.value("lr"))
                self._measure()
        self.redraw()

    def _lowest_lr(self) -> float:
        lr = self.controls["lr"]
        return lr.base ** lr.min  # a log slider's ends are powers of its base

    def redraw(self):
        net = self.network
        right = round(self.test_accuracy[-1] * len(self.y_test))
        if self.trainer.history.diverged:
            state = (f"<b>training diverged</b> in epoch {self.epochs + 1} at learning rate "
                     f"{self.trainer.optimizer.lr:.2g}: the weights blew up, so training has stopped. "
                     + ("Choose a smaller learning rate and press" if self.trainer.optimizer.lr > 1.001 * self._lowest_lr()
                        else "Press") + " <b>new network</b> to start again.")
        elif self.epochs == 0:
            state = (f"<b>not trained yet</b>: with its random start it reads {right} of the {len(self.y_test)} test "
                     f"images right (test accuracy {self.test_accuracy[-1]:.3f}; guessing gives about 0.1). "
                     "Press <b>train 5 epochs</b>.")
        else:
            state = (f"after {count(self.epochs, 'epoch')}: test accuracy <b>{self.test_accuracy[-1]:.3f}</b> ({right} of "
                     f"{len(self.y_test)} test images right), training accuracy {self.train_accuracy[-1]:.3f}.")
        if not self.trainer.history.diverged:  # a dead layer explains a reader stuck at chance
            dead = dead_units(net, self.X_train, "training image", [str(d) for d in range(10)])
            state += f"<br>{dead}" if dead else ""
        self.say(f"{LINE}network {net.sizes} (seed {self.seed}), {net.n_parameters():,} parameters: {state}</div>\n"
                 f"{SMALL}"
                 "Both curves are measured the same way: with the weights at the end of each epoch, on all "
                 f"{len(self.y_train):,} training and all {len(self.y_test)} test images. The gap between them is how "
                 "much better the network reads images it learned from; a dip in both means that epoch's last "
                 "steps left the weights worse.</div>")
        # Placed by hand (no constrained layout: with 17 panels it took half the redraw time).
        fig = plots.Figure(figsize=FIGSIZE, dpi=DPI)
        self._curves(fig.add_axes([0.055, 0.15, 0.27, 0.75]))
        self._weights(fig, left=0.36, right=0.91)
        self.show(fig)

    def _curves(self, ax):
        epochs = np.arange(self.epochs + 1)
        ax.plot(epochs, self.train_accuracy, **plots.TRAIN_CURVE, marker=".", label="training")
        ax.plot(epochs, self.test_accuracy, **plots.TEST_CURVE, marker=".", label="test")
        ax.set(xlabel="epoch (0: untrained)", ylabel="fraction right", ylim=(0, 1.02),
               xlim=(-0.5, max(5, self.epochs) + 0.5))
        diverged = self.trainer.history.diverged
        ax.set_title("accuracy, then training diverged" if diverged else "accuracy at the end of each epoch",
                     fontsize=10, color="firebrick" if diverged else "black")
        ax.legend(fontsize=8, loc="best")
        ax.grid(alpha=0.3)

    def _weights(self, fig, left, right):
        """The first layer's columns as square 8 x 8 pictures, all on one colour scale centred on 0, in the
        part of ``fig`` from ``left`` to ``right`` (fractions of its width), and that scale's colour bar after them
        (its range is the largest weight shown, so it changes as the network trains)."""
        W_first = self.network.dense_layers[0].W
        n = min(SHOWN_UNITS, W_first.shape[1])
        if self.network.depth == 0:
            titles, heading = [f"digit {d}" for d in range(n)], "weights of each output unit (one per digit)"
        else:
            titles, heading = [f"unit {j + 1}" for j in range(n)], f"first-layer weights of units 1 to {n}"
        shown = W_first[:, :n]
        finite = np.isfinite(shown)
        top = float(np.abs(shown[finite]).max()) if finite.any() else 0.0
        top = top if top > 0 else 1.0
        if not finite.all():
            heading += ": some are no longer numbers (blank)"
        elif self.trainer.history.diverged:
            heading += ": a few blew up, so the rest look white"
        else:
            heading += "; blue pushes the unit up, orange down"
        fig.text((left + right) / 2, 0.98, heading, ha="center", va="top", fontsize=10)
        # A grid of cells below the heading; in each, a square picture with its title above it.
        ncols = {4: 4, 8: 4, 10: 5}.get(n, 8)
        nrows = -(-n // ncols)
        fig_w, fig_h = FIGSIZE[0] * DPI, FIGSIZE[1] * DPI          # in pixels
        cell_w, cell_h = (right - left) * fig_w / ncols, 0.9 * fig_h / nrows
        title = 14
        side = min(0.86 * cell_w, 0.9 * cell_h - title)
        for j in range(n):
            row, col = divmod(j, ncols)
            x = left * fig_w + (col + 0.5) * cell_w - side / 2
            y = 0.9 * fig_h - (row + 0.5) * cell_h - (side + title) / 2  # the picture and its title, centred
            ax = fig.add_axes([x / fig_w, y / fig_h, side / fig_w, side / fig_h])
            image = ax.imshow(shown[:, j].reshape(8, 8), cmap=plots.CMAP, vmin=-top, vmax=top)
            ax.set_title(titles[j], fontsize=8, pad=3)
            ax.set_axis_off()
        bar = fig.colorbar(image, cax=fig.add_axes([right + 0.01, 0.12, 0.01, 0.72]))
        bar.set_ticks([-top, 0, top], labels=[f"{-top:.2g}", "0", f"{top:.2g}"])
        bar.ax.tick_params(labelsize=8)
        bar.ax.set_title("weight", fontsize=8)


def _images(name, X, y):
    X, y = np.array(X, dtype=float), np.array(y).ravel()  # copies: later cells cannot change them
    if X.ndim != 2 or X.shape[1] != 64:
        raise ValueError(f"{name} should hold 8 x 8 images as rows of 64 numbers, shape (N, 64), but has shape "
                         f"{X.shape}")
    if len(y) != len(X):
        raise ValueError(f"{name} has {count(len(X), 'image')} but its labels have {len(y)}")
    return X, y
