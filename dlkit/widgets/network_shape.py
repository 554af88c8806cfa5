"""Depth and width: the drawing of a network and how many parameters it has."""
from __future__ import annotations

import ipywidgets as W

from .. import plots
from ..network import Network, mlp
from ..validate import count
from .explorer import Explorer, slider


class NetworkShapeExplorer(Explorer):
    """Depth (hidden layers) and width (nodes per hidden layer): the network
    ``mlp([n_inputs] + [width] * depth + [n_outputs])``, drawn, with its parameter count
    worked out layer by layer: a Dense layer with n_in inputs and n_out nodes has (n_in + 1)·n_out
    parameters (one weight per input and one bias, for every node). Depth 0 is a single layer: the
    inputs wired straight to the output, the single node of lesson 01.

    Every network is built here (seeded), so the drawing never depends on the lesson's variables.
    """

    MAX_DEPTH, MAX_WIDTH = 20, 16

    picture_width = "900px"

    def __init__(self, depth=2, width=4, n_inputs=2, n_outputs=1, activation="relu", seed=0):
        for name, value, low, top in (("depth", depth, 0, self.MAX_DEPTH), ("width", width, 1, self.MAX_WIDTH)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= top:
                raise ValueError(f"{name} should be a whole number from {low} to {top}, but got {value!r}")
        self.n_inputs, self.n_outputs, self.activation, self.seed = n_inputs, n_outputs, activation, seed
        self.controls = {
            "depth": slider(W.IntSlider, depth, 0, self.MAX_DEPTH, 1, "depth"),
            "width": slider(W.IntSlider, width, 1, self.MAX_WIDTH, 1, "width"),
        }
        self.layout([["depth", "width"]])
        self.redraw()

    def sizes(self) -> list[int]:
        """Nodes per layer, input first: [n_inputs] + [width] * depth + [n_outputs]."""
        return [self.n_inputs] + [self.value("width")] * self.value("depth") + [self.n_outputs]

    def network(self) -> Network:
        return mlp(self.sizes(), activation=self.activation, output="sigmoid" if self.n_outputs == 1 else "softmax",
                   seed=self.seed)

    def redraw(self):
        depth, width, sizes = self.value("depth"), self.value("width"), self.sizes()
        self.net = self.network()
        n = self.net.n_parameters()
        written = str(sizes) if depth <= 6 else f"[{self.n_inputs}] + [{width}] * {depth} + [{self.n_outputs}]"
        outputs = ("the output node (the single node of lesson 01; " if self.n_outputs == 1
                   else f"the {self.n_outputs} output nodes (")
        hidden = (f"no hidden layer: the inputs go straight to {outputs}the width does nothing here)" if depth == 0 else
                  f"{count(depth, 'hidden layer')} of {count(width, 'node')}")
        self.say(f"<b>mlp({written})</b>: {hidden}, <b>{n} parameters</b><br>"
                 f"parameters per Dense layer, (inputs + 1 bias) × nodes: {parameter_sum(sizes)}")
        fig = plots.Figure(figsize=(9, 3.6))
        fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.02)
        plots.draw_network(self.net, ax=fig.add_subplot())
        self.show(fig)


def parameter_sum(sizes) -> str:
    """The parameter count as a sum over the Dense layers, equal middle layers grouped:
    [2, 4, 4, 4, 1] -> '(2+1)·4 + 2 × (4+1)·4 + (4+1)·1 = 12 + 2 × 20 + 5 = 57'."""
    groups = []  # [n_in, n_out, how many in a row]
    for n_in, n_out in zip(sizes, sizes[1:]):
        if groups and groups[-1][:2] == [n_in, n_out]:
            groups[-1][2] += 1
        else:
            groups.append([n_in, n_out, 1])
    times = lambda k: f"{k} × " if k > 1 else ""  # noqa: E731
    formula = " + ".join(f"{times(k)}({n_in}+1)·{n_out}" for n_in, n_out, k in groups)
    if len(groups) == 1 and groups[0][2] == 1:
        return f"{formula} = {(sizes[0] + 1) * sizes[1]}"
    terms = " + ".join(f"{times(k)}{(n_in + 1) * n_out}" for n_in, n_out, k in groups)
    total = sum(k * (n_in + 1) * n_out for n_in, n_out, k in groups)
    return f"{formula} = {terms} = {total}"
