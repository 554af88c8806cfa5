"""A training run, epoch by epoch: the weights kept after every epoch, replayed with a slider."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from ..validate import count
from .explorer import LINE, SMALL, Explorer, own_copy, slider



def _pairs(name, X, y, n_inputs):
    X, y = np.array(X, dtype=float), np.array(y).ravel()  # copies: later cells cannot change them
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(f"{name} should have shape (N, {n_inputs}), one row per point, but has shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"{name} has {count(len(X), 'point')} but its labels have {len(y)}")
    return X, y


class EpochExplorer(Explorer):
    """Slide through a training run epoch by epoch: the network's probability of class 1 over the plane
    with the weights it had after that epoch, and the loss curves with a marker at that epoch.

    ``snapshots[k]`` holds the values of ``net.parameters()`` after epoch k + 1 (for instance kept by a
    ``fit`` callback). The explorer copies the network and the snapshots when it is made and puts each
    epoch's weights into its own copy: moving the slider never changes your network. Every number it shows
    is measured with that epoch's weights on all the points (``net.evaluate``): loss and accuracy on the
    training and on the test points, per epoch in ``train_loss``, ``train_accuracy``, ``test_loss``,
    ``test_accuracy``. (fit's History averages the training loss over an epoch's batches instead, while the
    weights change, so its training curve can differ a little from this one.)
    """

    picture_width = "100%"  # of the notebook's width, up to the picture's own 920 pixels (set below)
    RESOLUTION = 60
    FIGSIZE, DPI = (10, 3.8), 92

    def __init__(self, net, snapshots, X_train, y_train, X_test, y_test, epoch=None):
        if net.n_inputs != 2 or net.output_activation != "sigmoid":
            raise ValueError("the epoch explorer draws a classifier of points on a plane: it needs a network with "
                             f"2 inputs and a sigmoid output, but this one has {count(net.n_inputs, 'input')} and a "
                             f"{net.output_activation} output")
        self.net = own_copy(net)
        shapes = [p.value.shape for p in self.net.parameters()]
        if len(snapshots) == 0:
            raise ValueError("snapshots is empty: train with a callback that keeps the weights after every epoch")
        self.snapshots = []
        for k, kept in enumerate(snapshots, start=1):
            kept = [np.array(v, dtype=float) for v in kept]
            if [v.shape for v in kept] != shapes:
                raise ValueError(f"the weights kept after epoch {k} have shapes {[v.shape for v in kept]}, but the "
                                 f"network's parameters have shapes {shapes} (W and b of each Dense layer)")
            self.snapshots.append(kept)
        self.X_train, self.y_train = _pairs("X_train", X_train, y_train, 2)
        self.X_test, self.y_test = _pairs("X_test", X_test, y_test, 2)
        self.bounds = plots.bounds_of(np.concatenate([self.X_train, self.X_test]), margin=0.05)
        self.n_epochs = len(self.snapshots)
        # Measured once, epoch by epoch, with the kept weights: the curves and the text read these.
        train, test = [], []
        for k in range(1, self.n_epochs + 1):
            self._use(k)
            train.append(self.net.evaluate(self.X_train, self.y_train))
            test.append(self.net.evaluate(self.X_test, self.y_test))
        self.train_loss, self.train_accuracy = (np.array([m[key] for m in train]) for key in ("loss", "accuracy"))
        self.test_loss, self.test_accuracy = (np.array([m[key] for m in test]) for key in ("loss", "accuracy"))

        self.controls = {"epoch": slider(W.IntSlider, epoch or self.n_epochs, 1, self.n_epochs, 1, "epoch")}
        self.controls["epoch"].layout.width = "600px"  # one step of the slider per epoch: make it long
        self.layout([["epoch"]])
        self.image.layout.max_width = f"{self.FIGSIZE[0] * self.DPI}px"  # narrower screens shrink it, none stretch it
        self.redraw()

    def _use(self, epoch):
        """Put the weights kept after ``epoch`` (counting from 1) into the explorer's own network."""
        for p, value in zip(self.net.parameters(), self.snapshots[epoch - 1]):
            p.value[...] = value

    def redraw(self):
        k = self.value("epoch")
        self._use(k)
        i = k - 1
        self.say(f"{LINE}after epoch {k} of {self.n_epochs}: training loss <b>{self.train_loss[i]:.3f}</b> (accuracy "
                 f"{self.train_accuracy[i]:.2f}), test loss <b>{self.test_loss[i]:.3f}</b> (accuracy "
                 f"{self.test_accuracy[i]:.2f})</div>\n{SMALL}Large dots with a dark rim: the {len(self.X_train)} "
                 f"training points; small pale dots: the {len(self.X_test)} test points. The explorer works on its "
                 "own copy of the network and of the weights kept after each epoch: moving the slider does not "
                 "change your network.</div>")
        fig = plots.Figure(figsize=self.FIGSIZE, dpi=self.DPI, layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.25])
        surface = plots.SurfaceDrawing(self.net, left, self.X_train, self.y_train, self.X_test, self.y_test,
                                       resolution=self.RESOLUTION, bounds=self.bounds)
        plots.colour_bar(left, surface.image, "probability of class 1", shrink=0.8)  # sigmoid: always 0 to 1
        left.set_title(f"after epoch {k}: test accuracy {self.test_accuracy[i]:.2f}", fontsize=10)
        epochs = np.arange(1, self.n_epochs + 1)
        right.plot(epochs, self.train_loss, **plots.TRAIN_CURVE, label="training")
        right.plot(epochs, self.test_loss, **plots.TEST_CURVE, label="test")
        right.axvline(k, color="0.5", linewidth=1, zorder=1, label="_chosen epoch")
        right.plot([k, k], [self.train_loss[i], self.test_loss[i]], "o", color="black", markersize=4, zorder=3,
                   label="_losses at the chosen epoch")
        margin = 0.02 * self.n_epochs + 0.5  # so that a marker on the first or last epoch is not cut in half
        right.set(xlabel="epoch", ylabel="loss", xlim=(1 - margin, self.n_epochs + margin), ylim=(0, None))
        right.set_title(f"loss with each epoch's weights (epoch {k} marked)", fontsize=10)
        right.legend(fontsize=8, loc="upper left")
        right.grid(alpha=0.3)
        self.show(fig)
