"""The Playground's picture, drawn by the browser: the kernel sends numbers, a canvas turns them into pixels.

Drawing a frame with matplotlib and sending it as a PNG took 96% of every frame, so the kernel now only
trains and measures, and the browser draws (``playground_view.js``, a plain ES module that anywidget
loads: no build step). A frame is a small JSON message plus a few binary buffers:

    nodes    uint8, every input's and hidden neuron's value on a NEURON_GRID x NEURON_GRID grid, one after another
    output   uint8, each output's value on an OUTPUT_GRID x OUTPUT_GRID grid (TensorFlow Playground's density),
             one output after another (several for several classes: each class's probability)
    weights  float32, every layer's W (row by row) and then its b, layer after layer
    points   float32, the data (only in a "full" frame: after a rebuild, or when a new view asks)

A byte b stands for t = (b - 128) / 127 in [-1, 1], the colour scale of the picture (orange -1, white 0,
blue 1; 0 is exactly 128, so a silent neuron is exactly white): t = (value - centre) / scale, with the
centre and the scale in the JSON part, so a test (or a hover read-out) gets the value back as
centre + t * scale. Each input and hidden neuron has its own scale, its largest |value| on the grid, so a
neuron with small outputs is as readable as one with large ones.

The browser paces the frames. While playing, it asks for a frame ({"type": "frame"}) when the last one
has arrived and the one before is drawn: one frame is being computed while the other is drawn, never
more, so nothing queues and every slider's message reaches the kernel between two frames. A view that
appears (a page opened, a notebook re-rendered) says {"type": "hello"} and gets a full frame.
"""
from __future__ import annotations

import math
import pathlib

import anywidget
import numpy as np
import traitlets

from .. import plots

# What the browser may say: "hello" (a new view: send everything), "frame" (ready for the next one), "point"
# (the learner clicked the data panel at x1, x2) and "weight" (the learner typed a new value for one weight).
REQUESTS = ("hello", "frame", "point", "weight")
NEURON_GRID = 25   # each neuron's small picture
OUTPUT_GRID = 100  # the prediction, 10 000 points: its every 4th row and column give the neuron pictures
HERE = pathlib.Path(__file__).parent


class PlaygroundView(anywidget.AnyWidget):
    """The canvas. ``playing`` is shared with the browser; ``last_frame`` is what was sent last (content,
    buffers), for tests and exercises to read exactly what the learner's browser was given."""

    _esm = HERE / "playground_view.js"
    _css = HERE / "playground_view.css"
    playing = traitlets.Bool(False).tag(sync=True)

    def __init__(self, on_request):
        super().__init__()
        self.last_frame = None
        self._on_request = on_request  # called with the browser's message (a dict whose "type" is in REQUESTS)
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("type") in REQUESTS:
            self._on_request(content)

    def push(self, content: dict, buffers: list):
        self.last_frame = (content, buffers)
        self.send(content, buffers)


class FrameMaker:
    """Turns one network, its data and its training history into frames. Made anew for every network, so
    it keeps what stays the same between frames: the grid, the data, the output's colour scale.
    ``inputs`` maps points of the plane (N, 2) to the network's inputs (the chosen features)."""

    def __init__(self, net, data, version: int, inputs=None, input_names=("x1", "x2"), bounds=None):
        self.net, self.version, self.input_names = net, version, list(input_names)
        self.inputs = inputs or (lambda points: points)
        X_train, y_train, X_test, y_test = (np.asarray(a, dtype=np.float64) for a in data)
        self.bounds = bounds or plots.bounds_of(np.concatenate([X_train, X_test]), margin=0.05)
        self.grid = plots.grid(self.bounds, OUTPUT_GRID)  # bottom row first: row = x2, column = x1
        self.grid_inputs = self.inputs(self.grid)  # the network's inputs there: the same for every frame
        self.kind = net.output_activation  # sigmoid: P(class 1); softmax: each class's probability; else values
        # Probabilities are coloured around 0.5; values (regression) around 0, up to the largest |target|.
        if self.kind in ("sigmoid", "softmax"):
            self.output_centre, self.output_scale = 0.5, 0.5
        else:
            largest = float(np.abs(np.concatenate([y_train, y_test])).max(initial=0.0))
            self.output_centre, self.output_scale = 0.0, max(largest, 1e-9)
        self.points = np.concatenate([X_train.ravel(), y_train.ravel(), X_test.ravel(), y_test.ravel()])
        self.n_train, self.n_test = len(X_train), len(X_test)
        self.sent = 0  # how many epochs of history the views have

    def frame(self, history, full: bool, reply: bool, message: str = "", show_test=True,
              discretize=False) -> tuple[dict, list]:
        """The JSON part and the buffers of one frame. ``full``: everything, for a new view or a new
        network; else only the history the views do not have yet. ``reply``: it answers a frame request.
        ``message``: a divergence explained, drawn on the picture."""
        _, activations = plots.layer_values(self.net, self.grid_inputs)  # every node on the grid, one pass
        step = OUTPUT_GRID // NEURON_GRID
        node_scales, nodes = [], []
        for values in activations[:-1]:  # the inputs, then each hidden layer
            on_small_grid = values.reshape(OUTPUT_GRID, OUTPUT_GRID, -1)[step // 2::step, step // 2::step]
            scale = np.abs(on_small_grid).max(axis=(0, 1))
            scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
            node_scales += scale.tolist()
            nodes.append(to_bytes(on_small_grid / scale).transpose(2, 0, 1).ravel())  # node by node
        output = activations[-1].T.ravel()  # output by output, each over the whole grid
        output_bytes = to_bytes((output - self.output_centre) / self.output_scale)
        weights = np.concatenate([np.concatenate([d.W.ravel(), d.b]) for d in self.net.dense_layers])

        start = 0 if full else self.sent
        content = {
            "type": "frame", "version": self.version, "full": full, "reply": reply,
            "epoch": history.epochs, "sizes": self.net.sizes, "input_names": self.input_names,
            "activation": _hidden_activation(self.net), "kind": self.kind,
            "classifier": self.kind in ("sigmoid", "softmax"),
            "bounds": list(self.bounds), "neuron_grid": NEURON_GRID, "output_grid": OUTPUT_GRID,
            "node_scales": node_scales, "output_centre": self.output_centre, "output_scale": self.output_scale,
            "history": {"from": start, **{key: [_json_number(v) for v in getattr(history, key)[start:]]
                                          for key in ("train_loss", "val_loss", "train_accuracy", "val_accuracy")},
                        "grad_norms": [[_json_number(v) for v in row] for row in history.grad_norms[start:]]},
            "diverged": history.diverged, "message": message,
            "show_test": bool(show_test), "discretize": bool(discretize),
        }
        with np.errstate(over="ignore"):  # weights past float32's range after a blow-up are sent as infinite
            buffers = [np.concatenate(nodes), output_bytes, weights.astype(np.float32)]
        if full:
            content.update(n_train=self.n_train, n_test=self.n_test)
            buffers.append(self.points.astype(np.float32))
        self.sent = history.epochs
        return content, [memoryview(np.ascontiguousarray(b)) for b in buffers]


def to_bytes(t) -> np.ndarray:
    """t in [-1, 1] (clipped; NaN becomes 0) as bytes 1..255: 128 + 127 t, rounded."""
    t = np.nan_to_num(np.asarray(t, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.rint(128.0 + 127.0 * np.clip(t, -1.0, 1.0)).astype(np.uint8)


def _json_number(v):
    """JSON has no NaN or infinity: a diverged loss is sent as null (the browser draws a gap)."""
    return None if v is None or not math.isfinite(v) else float(v)


def _hidden_activation(net) -> str:
    """The hidden layers' activation ('tanh', ...); '' with no hidden layer."""
    names = plots._activation_names(net)  # input, hidden layers..., output
    return names[1] if len(names) > 2 else ""
