"""One node with two inputs: its weighted sum, its activation and its decision line."""
from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.transforms import blended_transform_factory

from .. import plots
from ..layers import Dense, activation
from ..network import Network
from .explorer import Explorer, choice, signed, slider

# The unbounded outputs can go past the stated top: an arrow on the colour bar says so, and its label.
LABEL_X = 0.962  # the colour bar's label, across the figure (0 left edge, 1 right edge): clear of "-0.5", inside
ARROWS = {"relu": ("max", "{top:g} and above at the top"), "identity": ("both", "beyond ±{top:g} at the ends")}


class NodeExplorer(Explorer):
    """One node with two inputs: a = f(w1 x1 + w2 x2 + b). Move w1, w2 and b and watch its output over
    the plane and its decision line, where z = w1 x1 + w2 x2 + b = 0 (there a sigmoid gives 0.5 and a tanh 0:
    the activation changes the colours, never the line).

    The colours follow the course's rule (``plots.colour_scale``), fixed by the activation so that they mean the
    same at every setting of the sliders: sigmoid 0..1, tanh -1..1, ReLU 0..TOP, identity -TOP..TOP (past TOP the
    end colour, and an arrow on the colour bar). The picture is built once; a redraw hands it new numbers."""

    BOUNDS = (-4, 4, -4, 4)
    EXAMPLE = np.array([2.0, 1.0])  # one point whose numbers are written out
    RESOLUTION = 80
    TOP = 8.0  # the stated top of the ReLU and identity colour scales (w = (1, 1), b = 0 reaches it at a corner)

    picture_width = "480px"

    def __init__(self, w1=1.0, w2=-0.5, b=0.5, activation="sigmoid"):
        self.controls = {
            "w1": slider(W.FloatSlider, w1, -3, 3, 0.1, "weight w1"),
            "w2": slider(W.FloatSlider, w2, -3, 3, 0.1, "weight w2"),
            "b": slider(W.FloatSlider, b, -3, 3, 0.1, "bias b"),
            "activation": choice(("sigmoid", "tanh", "relu", "identity"), activation, "activation"),
        }
        self.layout([["w1", "w2", "b"], ["activation"]])
        self.bar_place = None
        self._build()
        self.redraw()
        self.fig.set_layout_engine("none")  # keep the first drawing's layout: faster, and nothing jumps
        # the colour bar's box in it: as wide as drawn, as tall as before any arrows shortened it
        drawn, whole = self.bar.ax.get_position(), self.bar.ax.get_position(original=True)
        self.bar_place = (drawn.x0, whole.y0, drawn.width, whole.height)

    def node(self) -> Network:
        """The node as a dlkit network: Dense(2 -> 1) with the sliders' weights, then the activation."""
        dense = Dense(2, 1, seed=0)
        dense.W[:, 0] = self.controls["w1"].value, self.controls["w2"].value
        dense.b[0] = self.controls["b"].value
        return Network([dense, activation(self.controls["activation"].value)])

    def _build(self):
        """The figure, drawn once: the output over the plane, its colour bar, the line z = 0, the arrow w, the point."""
        self.fig, ax = plots.figure_and_axes(figsize=(5, 4.4))
        self.ax, self.points, self.kind = ax, plots.grid(self.BOUNDS, self.RESOLUTION), None
        self.surface = ax.imshow(np.zeros((self.RESOLUTION, self.RESOLUTION)), extent=self.BOUNDS, origin="lower",
                               interpolation="bilinear", aspect="auto")
        self.bar = plots.colour_bar(ax, self.surface, "a", shrink=0.8)
        self.line = ax.plot([], [], color="black", linewidth=1.5, label="z = 0")[0]
        self.arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": "black"},
                                 annotation_clip=True)
        ax.plot(*self.EXAMPLE, "o", color="black", markersize=5)
        self.label = ax.annotate("", self.EXAMPLE, xytext=(6, 6), textcoords="offset points", fontsize=9)
        ax.set_xlim(self.BOUNDS[:2])
        ax.set_ylim(self.BOUNDS[2:])
        ax.set_xlabel("x1")
        ax.set_ylabel("x2", labelpad=1)

    def _scale(self, name):
        """The colour scale of an activation, with a colour bar to match (made anew in its place when it changes)."""
        if name == self.kind:
            return
        self.kind = name
        cmap, norm = plots.colour_scale(name, top=self.TOP, light=True)
        self.surface.callbacks.disconnect(self.surface.colorbar_cid)  # the old bar goes: it would follow the new scale
        if self.bar_place is None:  # the first scale: its bar takes the place of the one _build made
            cax = self.bar.ax
            cax.clear()
        else:  # later ones: a new bar in the first one's place (the old bar's box was shortened by any arrows)
            self.bar.ax.remove()
            cax = self.fig.add_axes(self.bar_place, label="<colorbar>")  # as matplotlib labels a bar's axes
        self.surface.set(cmap=cmap, norm=norm)
        extend, beyond = ARROWS.get(name, ("neither", ""))
        label = f"a = {name}(z)" + (", " + beyond.format(top=self.TOP) if beyond else "")
        self.bar = self.fig.colorbar(self.surface, cax=cax, extend=extend, label=label)
        # Three short ticks (0, 0.5, 1; -1, 0, 1; ...) and the label at one place for every activation: the layout is
        # kept from the first drawing, and wider ticks (tanh's -1.00, -0.75, ...) pushed the label off the picture.
        ticks = np.linspace(norm.vmin, norm.vmax, 3)
        self.bar.set_ticks(ticks, labels=[f"{t:g}" for t in ticks])
        self.bar.ax.yaxis.set_label_coords(LABEL_X, 0.5, transform=blended_transform_factory(self.fig.transFigure,
                                                                                              self.bar.ax.transAxes))

    def redraw(self):
        w1, w2, b = (self.controls[k].value for k in ("w1", "w2", "b"))
        net, name, x = self.node(), self.controls["activation"].value, self.EXAMPLE
        zs, activations = plots.layer_values(net, x[None])
        z, a = zs[0][0, 0], activations[-1][0, 0]
        self.say(f"z = w1·x1 + w2·x2 + b = {w1:.1f}·x1 {signed(w2)}·x2 {signed(b)}, &nbsp; "
                 f"a = {name}(z)<br>at the point x = ({x[0]:g}, {x[1]:g}): z = {z:.2f}, a = {a:.3f}")
        self._scale(name)
        self.surface.set_data(net.forward(self.points)[:, 0].reshape(self.RESOLUTION, self.RESOLUTION))
        self.line.set_data(*plots.decision_boundary((w1, w2), b, self.BOUNDS))
        w = np.array([w1, w2])
        self.arrow.set_visible(bool(np.any(w)))
        if np.any(w):  # from the point of the line nearest to the origin, one unit along w: where z grows
            foot = -b * w / (w @ w)
            self.arrow.xy, self.arrow.xyann = foot + w / np.linalg.norm(w), foot
        self.label.set_text(f"a = {a:.2f}")
        self.ax.set_title(f"output a = {name}(z) over the plane", fontsize=10)
        self.show(self.fig)
