"""Activation functions at one point z: their values, their slopes and their tangents."""
from __future__ import annotations

import numbers

import ipywidgets as W
import numpy as np

from .. import plots
from ..layers import ACTIVATIONS, elementwise_activation
from ..validate import choose
from .explorer import Explorer, slider

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
FLAT = 0.05  # a slope below this is "nearly flat": the node barely responds to a small change of z


class ActivationExplorer(Explorer):
    """Slide z along and read each activation's value f(z) and slope f'(z) there. Each panel draws f,
    the point (z, f(z)) and the tangent, the straight line y = f(z) + f'(z) (t - z) with the function's
    slope at z: where the tangent is flat, a node has stopped responding to small changes of z.

    The numbers come from dlkit's own activation layers (``.function`` and ``.derivative``), made for
    this explorer alone.
    """

    Z_RANGE = (-6.0, 6.0)

    picture_width = "920px"  # a notebook beside JupyterLab's file browser at 1366 px has about 930

    def __init__(self, z=1.0, names=NAMES):
        if isinstance(names, str):
            names = (names,)
        names = tuple(choose("activation", name, ACTIVATIONS) for name in names)
        self.layers = {name: elementwise_activation(name) for name in names}  # softmax: a plain error
        if not names:
            raise ValueError("names should list at least one activation, like ('sigmoid', 'tanh')")
        low, high = self.Z_RANGE
        if isinstance(z, bool) or not isinstance(z, numbers.Real) or not low <= z <= high:
            raise ValueError(f"z should be a number from {low:g} to {high:g}, but got {z!r}")
        self.z_grid = np.linspace(low, high, 241)
        self.controls = {"z": slider(W.FloatSlider, float(z), low, high, 0.1, "z", readout_format=".1f")}
        self.layout([["z"]])
        self._build()
        self.redraw()

    def at(self, z) -> dict:
        """{name: (f(z), f'(z))} for every activation shown."""
        point = np.array([float(z)])
        return {name: (float(f.function(point)[0]), float(f.derivative(point)[0])) for name, f in self.layers.items()}

    def _build(self):
        """The figure, drawn once: each panel's curve stays, redraw only moves its tangent and point."""
        n = len(self.layers)
        self.fig = plots.Figure(figsize=(1.84 * n, 2.45))
        self.fig.subplots_adjust(left=0.2 / n, right=0.99, bottom=0.17, top=0.8, wspace=0.35)
        self.panels = {}
        for ax, (name, f) in zip(self.fig.subplots(1, n, squeeze=False)[0], self.layers.items()):
            ax.plot(self.z_grid, f.function(self.z_grid), **plots.CURVE)
            tangent = ax.plot(self.z_grid, 0 * self.z_grid, "--", color="0.5", linewidth=1)[0]
            point = ax.plot(0, 0, "o", color="black", clip_on=False)[0]  # whole, even at the edge z = ±6
            ax.axhline(0, color="0.8", linewidth=0.6)
            ax.axvline(0, color="0.8", linewidth=0.6)
            ax.set_xlim(*self.Z_RANGE)
            top = 1.5 if np.ptp(f.function(self.z_grid)) <= 2 else self.Z_RANGE[1] + 0.5  # the point stays in view
            ax.set_ylim(-top, top)
            ax.set_xlabel("z", labelpad=1)
            ax.tick_params(labelsize=8)
            self.panels[name] = (ax, tangent, point)

    def redraw(self):
        if self.on_step("z"):
            return
        z = self.value("z")
        values = self.at(z)
        for name, (value, slope) in values.items():
            ax, tangent, point = self.panels[name]
            tangent.set_ydata(value + slope * (self.z_grid - z))  # the straight line with slope f'(z) through (z, f(z))
            point.set_data([z], [value])
            ax.set_title(f"{name}({z:.1f}) = {value:.3f}\nslope = {slope:.3f}", fontsize=9.5)
        value_row = " &nbsp;·&nbsp; ".join(f"{name} {v:.3f}" for name, (v, _) in values.items())
        slope_row = " &nbsp;·&nbsp; ".join(f"{name} {s:.3f}" for name, (_, s) in values.items())
        kink = (" (At the kink z = 0 there is no single slope; dlkit takes the one on the left: 0 for ReLU, 0.01 for "
                "leaky ReLU, as in the table above.)"
                if z == 0 and {"relu", "leaky_relu"} & set(values) else "")
        self.say(f"<b>at z = {z:.1f}</b> &nbsp; value f(z): {value_row}<br>"
                 f"<b>at z = {z:.1f}</b> &nbsp; slope f'(z): {slope_row}<br>{flatness(values)}{kink}")
        self.show(self.fig)


def flatness(values: dict) -> str:
    """One sentence on which tangents are flat, from {name: (value, slope)}."""
    flat = [name for name, (_, slope) in values.items() if slope == 0]
    nearly = [name for name, (_, slope) in values.items() if 0 < abs(slope) < FLAT]
    parts = []
    if flat:
        parts.append(f"{_and(flat)} {'is' if len(flat) == 1 else 'are'} exactly flat here (slope 0): "
                     f"no signal passes back through {'it' if len(flat) == 1 else 'them'}")
    if nearly:
        parts.append(f"{_and(nearly)} {'is' if len(nearly) == 1 else 'are'} nearly flat (slope below {FLAT:g}): "
                     "a small change of z barely changes the output")
    if not parts:
        return "No tangent is flat here: every one of these nodes still responds to a small change of z."
    return "; ".join(parts) + "."


def _and(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
