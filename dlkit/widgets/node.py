"""One node with two inputs: its weighted sum, its activation and its decision line."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from ..layers import Dense, activation
from ..network import Network
from .explorer import Explorer, choice, signed, slider


class NodeExplorer(Explorer):
    """One node with two inputs: a = f(w1 x1 + w2 x2 + b). Move w1, w2 and b and watch its output over
    the plane and its decision line, where z = w1 x1 + w2 x2 + b = 0 (there a sigmoid gives 0.5 and a tanh 0:
    the activation changes the colours, never the line)."""

    BOUNDS = (-4, 4, -4, 4)
    EXAMPLE = np.array([2.0, 1.0])  # one point whose numbers are written out

    picture_width = "480px"

    def __init__(self, w1=1.0, w2=-0.5, b=0.5, activation="sigmoid"):
        self.controls = {
            "w1": slider(W.FloatSlider, w1, -3, 3, 0.1, "weight w1"),
            "w2": slider(W.FloatSlider, w2, -3, 3, 0.1, "weight w2"),
            "b": slider(W.FloatSlider, b, -3, 3, 0.1, "bias b"),
            "activation": choice(("sigmoid", "tanh", "relu", "identity"), activation, "activation"),
        }
        self.layout([["w1", "w2", "b"], ["activation"]])
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
        self.say(f"z = w1·x1 + w2·x2 + b = {w1:.1f}·x1 {signed(w2)}·x2 {signed(b)}, &nbsp; "
                              f"a = {name}(z)<br>at the point x = ({x[0]:g}, {x[1]:g}): z = {z:.2f}, a = {a:.3f}")
        fig, ax = plots.figure_and_axes(figsize=(5, 4.4))
        surface = plots.SurfaceDrawing(net, ax, resolution=80, bounds=self.BOUNDS)
        fig.colorbar(surface.image, ax=ax, shrink=0.8, label="a")
        plots.decision_line(ax, (w1, w2), b, self.BOUNDS)
        ax.plot(*x, "o", color="black", markersize=5)
        ax.annotate(f"a = {a:.2f}", x, xytext=(6, 6), textcoords="offset points", fontsize=9)
        ax.set_title(f"output a = {name}(z) over the plane", fontsize=10)
        self.show(fig)
