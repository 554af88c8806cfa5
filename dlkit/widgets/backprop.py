"""Backpropagation, one layer at a time: one example forward, the loss, then backward."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from ..gradcheck import gradcheck
from ..network import mlp
from .explorer import LINE, SMALL, Explorer, button, own_copy, vector


class BackpropStepper(Explorer):
    """One example through a small network: "next step" walks forward layer by layer (z and a on every
    node), computes the loss, then walks backward layer by layer (delta = dL/dz on the nodes, dW on the
    links). "check" compares every gradient with finite differences (``dlkit.gradcheck``).

    The stepper works on its own copy of the network, taken when it is made, and computes every number
    once, then: later cells that train the learner's network or compute other gradients with it
    (``gradcheck``, ``fit``) cannot change what it shows. The snapshot is kept in ``zs``, ``activations``,
    ``deltas`` (dL/dz per layer) and ``dWs``.
    """

    picture_width = "760px"

    def __init__(self, net=None, example=None, y=None):
        given = net is not None
        self.net = own_copy(net) if given else mlp([2, 3, 2, 1], activation="tanh", output="sigmoid", seed=0)
        self.example = _one_example(example if example is not None else (1.0, -2.0), self.net.n_inputs)
        target = np.asarray(1.0 if y is None else y, dtype=float)
        self.y = (target[0] if target.ndim == 2 and len(target) == 1 else target)[None]  # y[:1] is one row too
        # The real computation, done once with dlkit: forward, loss, backward. The steps only reveal it.
        self.loss_fn = self.net.default_loss()
        self.zs, self.activations = plots.layer_values(self.net, self.example[None])
        self.loss, _ = self.net.gradients(self.example[None], self.y, self.loss_fn)  # forward, loss, backward
        dense = self.net.dense_layers
        self.deltas = [d.db.copy() for d in dense]  # for one example, db is delta = dL/dz
        self.dWs = [d.dW.copy() for d in dense]
        n_columns = len(self.net.sizes)
        self.stages = ([("forward", c) for c in range(n_columns)] + [("loss", n_columns - 1)]
                       + [("backward", c) for c in range(n_columns - 1, 0, -1)])
        self.stage = 0
        self.controls = {"next": button("next step", button_style="info"), "restart": button("start again"),
                             "check": button("check with finite differences", width="240px")}
        self.check_report = None
        self.report = W.HTML()
        self.layout([["next", "restart", "check"]], extra=[self.report])
        self.origin = ("a copy of your network, taken when this stepper was made: later cells do not change it"
                       if given else "a small network made for this stepper")
        self.on("next", self.next)
        self.on("restart", self.restart)
        self.on("check", self.check)
        self.redraw()

    def next(self):
        """Go to the next stage (back to the first after the last, as "start again" does)."""
        if self.stage + 1 == len(self.stages):
            self.restart()
        else:
            self.stage += 1
            self.redraw()

    def restart(self):
        self.stage, self.report.value = 0, ""  # a new walk through: the last check's report goes too
        self.redraw()

    def check(self):
        """Backprop against finite differences on this example (on a copy, so the snapshot stays)."""
        self.check_report = gradcheck(own_copy(self.net), self.loss_fn, self.example[None], self.y)
        report = self.check_report
        verdict = ("they DISAGREE" if report.mismatched else "some gradients are too small to check"
                   if report.too_small else "they agree")
        self.report.value = (f"Finite differences vs backprop: {verdict}, largest relative error "
                             f"{self.check_report.max_error:.1e}<pre>{self.check_report}</pre>")

    def redraw(self):
        kind, column = self.stages[self.stage]
        last = len(self.net.sizes) - 1
        shown = range(column + 1) if kind == "forward" else range(column, last + 1)
        # The drawing reads the weights and gradients of self.net: its own copy, which nothing else touches.
        fig = plots.draw_network(self.net, example=self.example, show_values=True, backward=kind == "backward",
                                 highlight=column, columns=shown if kind != "loss" else range(last + 1))
        title = f"loss L = {self.loss:.4f}" if kind == "loss" else f"{kind}: layer {column}" if column else "input"
        fig.axes[0].set_title(title, fontsize=11)
        self.say(f"{LINE}step {self.stage + 1} of {len(self.stages)}: {self._explain(kind, column)}</div>"
                 f"{SMALL}{self._scales(kind)}<br>({self.origin})</div>")
        self.show(fig)

    def _scales(self, kind):
        """The colours of the picture in words, with their ranges (it has no colour bar): nodes white at 0 (0.5 for a
        sigmoid), blue above, orange below, each column on its activation's scale going forward and every δ on one
        scale going back; links blue for +, orange for -, as wide as their size relative to the widest."""
        if kind == "backward":
            low, high = plots.colour_range("identity", np.concatenate(self.deltas))
            widest = max(np.abs(dW).max() for dW in self.dWs)
            return (f"Colours: every δ from {low:.3g} to {high:.3g}, white at 0, blue above, orange below; links "
                    f"dL/dw, blue + and orange −, the widest |dL/dw| = {widest:.3g}.")
        kinds = ["inputs"] + plots._activation_names(self.net)[1:]
        ranges = []
        for name, values in zip(kinds, self.activations):
            low, high = plots.colour_range("identity" if name == "inputs" else name, values)
            if f"{name} {low:.3g} to {high:.3g}" not in ranges:
                ranges.append(f"{name} {low:.3g} to {high:.3g}")
        widest = max(np.abs(d.W).max() for d in self.net.dense_layers)
        return (f"Colours: a on each column's scale ({', '.join(ranges)}), white at 0 (sigmoid 0.5), blue above, "
                f"orange below; links w, blue + and orange −, the widest |w| = {widest:.3g}.")

    def _explain(self, kind, column):
        if kind == "forward" and column == 0:
            return f"the example x = {vector(self.example)} enters the input layer."
        if kind == "forward":
            return (f"layer {column}: z = a<sub>prev</sub> W + b = {vector(self.zs[column - 1])}, then a = f(z) = "
                    f"{vector(self.activations[column])}.")
        if kind == "loss":
            return (f"the prediction ŷ = {vector(self.activations[-1])} meets the target y = {vector(self.y)}: "
                    f"loss L = {self.loss:.4f}.")
        onward = (f"δ W<sup>T</sup> goes on to layer {column - 1}." if column > 1
                  else "the inputs have no weights to learn, so backpropagation stops here.")
        return (f"layer {column} backward: δ = dL/dz = {vector(self.deltas[column - 1])}; "
                f"dW = a<sub>prev</sub><sup>T</sup> δ, largest |dW| {np.abs(self.dWs[column - 1]).max():.3f}; {onward}")


def _one_example(example, n_inputs) -> np.ndarray:
    """One example as a flat row of n_inputs numbers: X[0] as it is, X[:1] (one row, as lesson 03 writes one example)
    unwrapped; anything else a plain error."""
    row = np.asarray(example, dtype=float)
    if row.ndim == 2 and len(row) == 1:
        row = row[0]
    if row.shape != (n_inputs,):
        raise ValueError(f"example should be one example, {n_inputs} numbers (a row of X, like X[0]), but got an "
                         f"array of shape {row.shape}")
    return row
