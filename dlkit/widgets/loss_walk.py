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
    (``plots.YOU_ARE_HERE``), so both show where they meet. The bias b stays as the node had it. The prediction's
    colours have a colour bar (0 to 1, white at 0.5). A point is counted as class 1 where y_hat >= 0.5 (z >= 0, dlkit's
    rule): the message says so when some y_hat is exactly 0.5, which the picture cannot show (at w = (0, 0) with
    b = 0, every one). ``features``
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
        names = self.classes if self.classes is not None else ("class 0", "class 1")
        colours = plots.class_colours(names)
        self.surface = plots.SurfaceDrawing(self.node, left, self.X, self.y, resolution=60, bounds=self.bounds,
                                            colours=colours)
        bar = plots.colour_bar(left, self.surface.image, f"ŷ, the probability of {names[1]}")
        bar.set_ticks([0, 0.5, 1], labels=["0", "0.5", "1"])
        self.boundary = left.plot([], [], color="black", linewidth=1.5)[0]  # where y_hat = 0.5, i.e. z = 0
        # With w = (0, 0) there is no line and one colour everywhere: the picture says what that colour decides.
        self.flat = left.text(0.5, 0.5, "", ha="center", va="center", transform=left.transAxes, fontsize=9,
                              bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "0.6"})
        left.set_xlabel(self.features[0])
        left.set_ylabel(self.features[1])
        if self.classes is not None:
            plots.class_legend(left, self.classes, colours, points=None, loc="upper right", bbox_to_anchor=None,
                               framealpha=0.8, frameon=True)
        _, self.star = plots.loss_map(right, self.ws, self.landscape)
        self.dot = right.plot([], [], **plots.YOU_ARE_HERE, clip_on=False)[0]  # visible at the edges of the map too
        # A margin around the map, so that the ring at a corner or an edge covers no tick label.
        margin = 0.07 * self.LIMIT
        right.set_xlim(-self.LIMIT - margin, self.LIMIT + margin)
        right.set_ylim(-self.LIMIT - margin, self.LIMIT + margin)
        right.set_xlabel(f"w1, the weight of {self.features[0]}")
        right.set_ylabel(f"w2, the weight of {self.features[1]}")
        self.axes = left, right
        left.set_title(" ", fontsize=10)
        right.set_title(" ", fontsize=10, pad=12)  # room above the map for the ring at its top edge

    def _ties(self, w1, w2) -> list[str]:
        """What the node decides where y_hat is exactly 0.5 (z = 0, a tie; dlkit counts it as class 1), in short lines;
        none if no point is there."""
        names = self.classes if self.classes is not None else ("class 0", "class 1")
        rule = f"(ŷ ≥ 0.5 counts as {names[1]})"
        if w1 == w2 == 0:  # z = b for every point
            p = 1 / (1 + np.exp(-self.bias))
            return [f"ŷ = {p:.3f} everywhere (no decision line):", f"every point counted as {names[int(p >= 0.5)]}"] + (
                [rule] if self.bias == 0 else [])
        on_line = int(np.sum(self.X @ (w1, w2) + self.bias == 0))
        return [f"{on_line} on the line (ŷ = 0.5 exactly)", f"counted as {names[1]} {rule}"] if on_line else []

    def redraw(self):
        if self.on_step("w1") or self.on_step("w2"):  # a typed number goes to the nearest step first
            return
        w1, w2 = self.value("w1"), self.value("w2")
        result = self.loss_at(w1, w2)  # also puts (w1, w2) into the node the picture draws
        loss, right, n = result["loss"], result["accuracy"], len(self.y)
        self.surface.update()
        self.boundary.set_data(*plots.decision_boundary((w1, w2), self.bias, self.bounds))
        self.dot.set_data([w1], [w2])
        ties = self._ties(w1, w2)
        self.flat.set_text("\n".join(ties) if w1 == w2 == 0 else "")
        self.axes[0].title.set_text(f"the node's prediction: {percent(round(right * n), n)} right")
        self.axes[1].title.set_text(f"loss at ({w1:.2f}, {w2:.2f}) = {loss:.3f}   (○ you, ★ lowest)")
        self.say(f"w = ({w1:.2f}, {w2:.2f}), bias b = {self.bias:.2f} (fixed): <b>loss = {loss:.3f}</b>, "
                 f"<b>{percent(round(right * n), n)} right</b> ({round(right * n)} of {n}). "
                 + (" ".join(ties) + ". " if ties else "") +
                 f"Lowest loss on the map: {self.best[2]:.3f}, at w = ({self.best[0]:.2f}, {self.best[1]:.2f})."
                 "<br><small>(a copy of the node and the data, taken when this explorer was made: "
                 "later cells do not change it)</small>")
        self.show(self.fig)


def percent(k, n) -> str:
    """k of n as a whole percentage, never 0% or 100% unless it is: 218 of 219 is 99%, not 100%."""
    return f"{min(max(round(100 * k / n), 1 if k else 0), 99 if k < n else 100)}%"


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
