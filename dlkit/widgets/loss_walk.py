"""Walk the loss landscape of one node with two weights: its prediction and its loss at (w1, w2)."""
from __future__ import annotations


import ipywidgets as W
import numpy as np

from .. import plots
from ..network import Network
from ..validate import as_inputs
from .explorer import Explorer, own_copy, slider


class LossWalk(Explorer):
    """One sigmoid node with two weights, y_hat = sigmoid(w1 x1 + w2 x2 + b), on a yes/no data set.
    Move w1 and w2: the left panel shows what the node predicts over the input plane (with its decision
    line, where y_hat = 0.5), the right one where (w1, w2) stands on the map of the loss, the mean
    binary cross-entropy -[y ln y_hat + (1 - y) ln(1 - y_hat)] over the examples, with its colour bar; the
    lowest point is the course's star (``plots.MINIMUM``), "you are here" a ring around (w1, w2)
    (``plots.YOU_ARE_HERE``), so both show where they meet. The bias b stays as the node had it. ``features``
    name the two inputs and ``classes`` the labels 0 and 1 (for the legend, in ``plots.class_colours(classes)``).

    The explorer keeps its own copies of the node, X (N, 2) and y (N,) of 0s and 1s, taken when it is made,
    and draws its map of the loss once from them (``ws``, ``landscape[i, j]`` = loss at w1 = ws[j],
    w2 = ws[i]): later cells that change the node or the data cannot change what it shows.
    """

    LIMIT, STEP, RESOLUTION = 10.0, 0.25, 81

    picture_width = "900px"

    def __init__(self, node, X, y, w1=-4.0, w2=4.0, features=("x1", "x2"), classes=None):
        self.node = own_copy(_one_node(node))
        self.X = as_inputs(X, n_features=2, where="the node").copy()  # as_inputs may hand back X itself
        self.y = _labels(y, len(self.X))
        self.features, self.classes = tuple(features), classes  # classes: the names of labels 0 and 1
        self.bias = float(self.node.dense_layers[0].b[0])
        self.ws = np.linspace(-self.LIMIT, self.LIMIT, self.RESOLUTION)
        self.landscape = np.array([[self.loss_at(a, b)["loss"] for a in self.ws] for b in self.ws])
        i, j = np.unravel_index(self.landscape.argmin(), self.landscape.shape)
        self.best = (self.ws[j], self.ws[i], self.landscape[i, j])
        self.controls = {"w1": slider(W.FloatSlider, w1, -self.LIMIT, self.LIMIT, self.STEP, "w1"),
                         "w2": slider(W.FloatSlider, w2, -self.LIMIT, self.LIMIT, self.STEP, "w2")}
        self.layout([["w1", "w2"]])
        self._build()
        self.redraw()
        self.fig.set_layout_engine("none")  # keep the layout of the first drawing: faster, and nothing jumps

    def loss_at(self, w1, w2) -> dict:
        """dlkit's loss and accuracy of the node (its own copy) with weights (w1, w2)."""
        self.node.dense_layers[0].W[:, 0] = (w1, w2)
        return self.node.evaluate(self.X, self.y)

    def _build(self):
        """The figure, drawn once; redraw then only updates the prediction, the line, the dot and the titles."""
        self.fig = plots.Figure(figsize=(10, 4), dpi=90, layout="constrained")
        left, right = self.fig.subplots(1, 2)
        self.bounds = plots.bounds_of(self.X)
        colours = plots.class_colours(self.classes if self.classes is not None else ("0", "1"))
        self.surface = plots.SurfaceDrawing(self.node, left, self.X, self.y, resolution=60, bounds=self.bounds,
                                            colours=colours)
        self.boundary = left.plot([], [], color="black", linewidth=1.5)[0]  # where y_hat = 0.5, i.e. z = 0
        left.set_xlabel(self.features[0])
        left.set_ylabel(self.features[1])
        if self.classes is not None:
            plots.class_legend(left, self.classes, colours, points=None, loc="upper right", bbox_to_anchor=None,
                               framealpha=0.8, frameon=True)
        _, self.star = plots.loss_map(right, self.ws, self.landscape)
        self.dot = right.plot([], [], **plots.YOU_ARE_HERE, clip_on=False)[0]  # visible at the edges of the map too
        right.set_xlabel(f"w1, the weight of {self.features[0]}")
        right.set_ylabel(f"w2, the weight of {self.features[1]}")
        self.axes = left, right

    def redraw(self):
        w1, w2 = self.value("w1"), self.value("w2")
        result = self.loss_at(w1, w2)  # also puts (w1, w2) into the node the picture draws
        loss, right, n = result["loss"], result["accuracy"], len(self.y)
        self.surface.update()
        self.boundary.set_data(*plots.decision_boundary((w1, w2), self.bias, self.bounds))
        self.dot.set_data([w1], [w2])
        self.axes[0].set_title(f"the node's prediction: {right:.0%} right", fontsize=10)
        self.axes[1].set_title(f"loss at ({w1:.2f}, {w2:.2f}) = {loss:.3f}   (○ you, ★ lowest)", fontsize=10,
                               pad=12)  # room above the map for the ring at its top edge
        self.say(f"w = ({w1:.2f}, {w2:.2f}), bias b = {self.bias:.2f} (fixed): <b>loss = {loss:.3f}</b>, "
                 f"<b>{right:.0%} right</b> ({round(right * n)} of {n}). "
                 f"Lowest loss on the map: {self.best[2]:.3f}, at w = ({self.best[0]:.2f}, {self.best[1]:.2f})."
                 "<br><small>(a copy of the node and the data, taken when this explorer was made: "
                 "later cells do not change it)</small>")
        self.show(self.fig)


def _one_node(node):
    """The network, checked to be one node with two weights and a sigmoid output."""
    if not isinstance(node, Network):
        raise TypeError(f"node should be a dlkit Network such as Network([Dense(2, 1), Sigmoid()]), "
                        f"but got {type(node).__name__}")
    if node.sizes != [2, 1] or node.output_activation != "sigmoid":
        raise ValueError("the loss walk needs one node with two weights and a sigmoid output, "
                         "Network([Dense(2, 1), Sigmoid()]), but got a network with layer sizes "
                         f"{node.sizes} ending in {node.output_activation}")
    return node


def _labels(y, n):
    """y as an array of n labels, each 0 or 1."""
    y = np.array(y, copy=True)
    if y.shape != (n,):
        raise ValueError(f"y should hold one label per example, {n} in all, but has shape {y.shape}")
    if y.dtype.kind not in "iubf" or not np.isin(y, (0, 1)).all():
        raise ValueError(f"y should hold the labels 0 and 1 only, but it has {np.unique(y)[:5]}")
    return y.astype(np.int64)
