"""Pictures of networks and of training, drawn with matplotlib.

    from dlkit import plots
    plots.draw_network(net, heatmaps=True, X=X)        # every neuron as a picture over the input plane
    plots.decision_surface(net, X_train, y_train, X_test=X_test, y_test=y_test)
    plots.loss_curves(history)

Every function returns a matplotlib Figure, which a notebook shows as a picture. Functions that draw
on one Axes take ``ax=`` to draw into a figure of your own. Nothing here uses pyplot, so drawing works
without a screen and leaves no figures behind.

Colours follow the TensorFlow Playground: blue for positive values and class 1, orange for negative
values and class 0, white near zero. Every colour of the course is defined once, below ("The course's
colours"): one colour per meaning (a class, a penguin species, "you are here", "the lowest point") in every
lesson and widget, and one rule for colour scales (``colour_scale``): sigmoid 0..1, tanh -1..1, ReLU 0..top,
others -top..top, with a colour bar (``colour_bar``) wherever the range is not stated beside the picture.

The live widgets (``dlkit.widgets``) reuse the drawing classes below (``NetworkDrawing``,
``SurfaceDrawing``, ``CurveDrawing``): they build the picture once and, after each bit of training,
only hand new numbers to the artists already there, which is several times faster than drawing anew.
"""
from __future__ import annotations

import io

import matplotlib.figure
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.lines import Line2D
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, LogNorm, Normalize, to_rgb, to_rgba
from matplotlib.patches import Circle, Rectangle
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from . import metrics
from .layers import ACTIVATIONS, Dense, activation_name, elementwise_activation
from .validate import as_inputs, count

# ---------------------------------------------------------------------------------------------
# The course's colours: each meaning has one colour, here, used by every lesson and widget

ORANGE, BLUE, GREEN = "#f59322", "#0877bd", "#2ca02c"
CLASS_COLOURS = [ORANGE, BLUE, GREEN, "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
# The penguins, in the order of load_penguins().class_names (so CLASS_COLOURS[label] gives the same colour).
SPECIES_COLOURS = {"Adelie": ORANGE, "Chinstrap": BLUE, "Gentoo": GREEN}
OTHERS = "#8c8c8c"  # "the rest" of a one-against-the-rest task (Gentoo vs the rest): no species' colour
NAMED_COLOURS = {**SPECIES_COLOURS, "the rest": OTHERS}
# Markers on a map of the loss: the lowest point is a white star; "you are here" a crimson ring around your
# spot, wide enough to hold the star, so both stay visible where they meet.
MINIMUM = {"marker": "*", "color": "white", "markeredgecolor": "black", "markersize": 12, "linestyle": "none",
           "zorder": 4}
YOU_ARE_HERE = {"marker": "o", "markerfacecolor": "none", "markeredgecolor": "crimson", "markeredgewidth": 2.5,
                "markersize": 19, "linestyle": "none", "zorder": 5}
LOSS_CMAP = "viridis"  # maps of the loss, on a log scale
# Curves: one quantity (a function, its slope, a loss, a gradient's size per layer) in near-black; over training, the
# training data's in near-black, solid, and the test data's in grey, dashed. Never orange or blue, which mean classes
# (and signs); a path the weights take is drawn in the crimson of "you are here".
CURVE = {"color": "0.15"}
TRAIN_CURVE = CURVE
TEST_CURVE = {"color": "0.55", "linestyle": "--"}
PATH = {"color": YOU_ARE_HERE["markeredgecolor"], "marker": "o", "markersize": 3.5, "linewidth": 1}
# Models compared side by side (lesson 12's learning curves): black and greys, each model with a marker and a line
# style of its own, so that no model is drawn in a colour that means a class.
MODEL_STYLES = [{"color": grey, "marker": marker, "linestyle": style} for grey, marker, style in zip(
    ["0.0", "0.22", "0.38", "0.7"] * 2, "os^DvPX*", ["-", "--", ":", "-."] * 2)]


def pale(colour) -> tuple:
    """A colour mixed with white: what a surface is painted in under dots of that colour."""
    return tuple(0.55 + 0.45 * np.array(to_rgb(colour))) + (1.0,)


def class_colours(names) -> list:
    """The colour of each class, by its name where the course has one for it (a penguin species, "the rest"),
    otherwise by its place in the list."""
    return [NAMED_COLOURS.get(str(name), CLASS_COLOURS[k % len(CLASS_COLOURS)]) for k, name in enumerate(names)]


def _diverging(low, high, name):
    return LinearSegmentedColormap.from_list(name, [low, "white", high])


CMAP = _diverging(ORANGE, BLUE, "dlkit")  # negative -> 0 -> positive
PALE_CMAP = _diverging(pale(ORANGE), pale(BLUE), "dlkit_pale")  # under points
RELU_CMAP = LinearSegmentedColormap.from_list("dlkit_relu", ["white", BLUE])  # 0 -> positive: never negative
PALE_RELU_CMAP = LinearSegmentedColormap.from_list("dlkit_relu_pale", ["white", pale(BLUE)])
HIGHLIGHT = "#fff1a8"
TRAIN_DOTS = {"edgecolors": "black", "linewidths": 0.7, "zorder": 3}  # large, rimmed: on top
TEST_DOTS = {"alpha": 0.55, "linewidths": 0, "zorder": 2}            # small, pale: underneath


# ---------------------------------------------------------------------------------------------
# Figures and grids, shared by every drawing

class Figure(matplotlib.figure.Figure):
    """A matplotlib Figure drawn by Agg that shows itself in a notebook as a PNG (no pyplot needed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        FigureCanvasAgg(self)  # the canvas that turns the figure into pixels, whatever pyplot's backend

    def _repr_png_(self):
        return png(self)


def png(fig) -> bytes:
    """The figure as PNG bytes. Fast compression: these pictures are shown, not archived."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def figure_and_axes(ax=None, figsize=(4.5, 3.5)):
    """(figure, axes) to draw on: ``ax`` itself, or the one Axes of a new Figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def panels(n, ncols, panel=(2.2, 1.8), fig=None):
    """n Axes in rows of ncols (on ``fig`` or a new Figure); returns (fig, axes)."""
    nrows = -(-n // ncols)
    if fig is None:
        fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows), layout="constrained")
    return fig, [fig.add_subplot(nrows, ncols, i + 1) for i in range(n)]


def bounds_of(X, margin=0.1) -> tuple:
    """(x1_min, x1_max, x2_min, x2_max) around the points X (N, 2), widened by ``margin`` of the range."""
    X = as_inputs(X, n_features=2, where="a picture of the input plane", before="plotting")
    low, high = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-9)
    return (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])


def grid(bounds, resolution=100) -> np.ndarray:
    """Points of a resolution x resolution grid over the plane, shape (resolution**2, 2), bottom row first:
    ``values.reshape(resolution, resolution)`` is then an image to show with ``origin="lower"``."""
    x1 = np.linspace(bounds[0], bounds[1], resolution)
    x2 = np.linspace(bounds[2], bounds[3], resolution)
    return np.column_stack([a.ravel() for a in np.meshgrid(x1, x2)])


def layer_values(net, X) -> tuple[list, list]:
    """Every layer's numbers for X in one forward pass (``net.trace``): returns (zs, activations).

    ``zs[k]`` is z = a W + b of Dense layer k+1, shape (N, width); ``activations[0]`` is X and
    ``activations[k]`` the a = f(z) of layer k (the network's output last).
    """
    steps = net.trace(X)
    zs, activations = [], [steps[0].input]
    for step in steps:
        if isinstance(step.layer, Dense):
            zs.append(step.output)
            activations.append(step.output)  # a = z until an activation layer follows
        else:
            activations[-1] = step.output
    return zs, activations


def _activation_names(net) -> list[str]:
    """The activation after each Dense layer, input column first: ['identity', 'tanh', ..., 'sigmoid']."""
    names = ["identity"]
    for layer in net.layers:
        if isinstance(layer, Dense):
            names.append("identity")
        elif activation_name(layer) is not None:
            names[-1] = activation_name(layer)
    return names


def colour_range(kind, values=None, top=None) -> tuple[float, float]:
    """The course's rule for the (low, high) of a colour scale, by what it shows: fixed where the activation is
    bounded (sigmoid and softmax 0..1, tanh -1..1); ReLU, never negative, 0..top; anything else -top..top, so
    that 0 is white. ``top``: a stated top (the picture's colour bar shows it); None: the largest |value|."""
    if kind in ("sigmoid", "softmax"):
        return 0.0, 1.0
    if kind == "tanh":
        return -1.0, 1.0
    if top is None:
        top = float(np.max(np.abs(values))) if values is not None and np.size(values) else 1.0
        top = top if np.isfinite(top) and top > 0 else 1.0
    return (0.0, float(top)) if kind == "relu" else (-float(top), float(top))


def colour_scale(kind, values=None, top=None, light=False):
    """(colour map, Normalize) for values of an activation, by ``colour_range``. Orange-white-blue, white at 0
    (0.5 for a sigmoid); ReLU white at 0 up to blue. ``light``: the pale colours used under data points."""
    low, high = colour_range(kind, values, top)
    if kind == "relu":
        return (PALE_RELU_CMAP if light else RELU_CMAP), Normalize(low, high)
    return (PALE_CMAP if light else CMAP), Normalize(low, high)


def colour_bar(ax, mappable, label, values=None, **options):
    """A colour bar beside ``ax`` (one axes, or several that share the bar: a row of panels) for ``mappable`` (an
    image, filled contours), labelled; with an arrow at an end when ``values`` go beyond it (they are drawn in the
    end colour)."""
    norm = mappable.norm
    if values is not None:
        values = np.asarray(values, dtype=float)
        over, under = np.nanmax(values) > norm.vmax, np.nanmin(values) < norm.vmin
        options.setdefault("extend", "both" if over and under else "max" if over else "min" if under else "neither")
    return np.ravel(ax)[0].figure.colorbar(mappable, ax=ax, label=label, **options)


def _message(ax, text):
    """An empty panel that says why it is empty."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


# ---------------------------------------------------------------------------------------------
# The network: nodes in columns, links coloured by the sign of their weight

class NetworkDrawing:
    """A drawn network whose colours can be refreshed after training with ``update()``.

    Columns of nodes (input, hidden..., output); a link's colour is the sign of its weight (blue +,
    orange -) and its width the size of the weight. With ``heatmaps`` every node is a small picture of
    its activation over the 2-D input plane (``bounds``, on a ``resolution`` x ``resolution`` grid).
    All those pictures are tiles of one big image (a mosaic): one image draws many times faster
    than hundreds of small ones.
    """

    def __init__(self, net, ax, heatmaps=False, bounds=(-6, 6, -6, 6), resolution=40, highlight=None, features=None):
        if heatmaps and net.n_inputs != 2 and features is None:
            raise ValueError("heatmaps show each neuron over the 2-D input plane, so they need a network "
                             f"with 2 inputs, but this one has {net.n_inputs}")
        # features: a function from points of the plane (N, 2) to the network's inputs (x1², sin x1, ...).
        self.features = features or (lambda points: points)
        self.net, self.ax, self.bounds, self.resolution = net, ax, bounds, resolution
        self.sizes, self.kinds, self.fills = net.sizes, _activation_names(net), None
        self.centres, self.half = self._layout()
        self.points = grid(bounds, resolution) if heatmaps else None
        node_points = 72 * self.half * self.inches_per_unit  # a node's half-width in points
        self.fontsize = float(np.clip(0.5 * node_points, 6, 10))
        self.crowded = node_points < 11 or sum(self.sizes) > 60  # too small or too many for numbers

        if highlight is not None:
            ax.axvspan(highlight - 0.5, highlight + 0.5, color=HIGHLIGHT, zorder=0)
        self.links = LineCollection(self._segments(), zorder=1, capstyle="round")
        # Thinner links when there are many, or they would cover everything.
        self.max_linewidth = float(np.clip(0.45 * node_points, 0.3, 4.0) / max(1.0, max(self.sizes) / 8))
        ax.add_collection(self.links)
        self.mosaic = self._mosaic() if heatmaps else None
        shape = (lambda x, y: Rectangle((x - self.half, y - self.half), 2 * self.half, 2 * self.half)) if heatmaps \
            else (lambda x, y: Circle((x, y), self.half))
        self.nodes = PatchCollection([shape(x, y) for column in self.centres for x, y in column], zorder=3,
                                     facecolor="none" if heatmaps else "white", edgecolor="0.35", linewidth=0.6)
        ax.add_collection(self.nodes)
        self._titles()
        ax.set_xlim(-0.6, len(self.sizes) - 0.4)
        ax.set_ylim(-self.height / 2 + 0.2, self.height / 2 + 0.2)  # equal units; room on top for titles
        ax.axis("off")
        self.update()

    # -- layout -----------------------------------------------------------------------------------
    def _layout(self):
        """Node centres per column (column k at x = k, centred on y = 0) and the nodes' half-size, in
        data units that are the same length across and up, so square nodes stay square."""
        width_in, height_in = _inches(self.ax)
        n, tallest = len(self.sizes), max(self.sizes)
        self.inches_per_unit = width_in / (n + 0.2)
        self.height = height_in / self.inches_per_unit  # the axes' height in data units
        # The spacing between the nodes of a column that lets the tallest one fill the height
        # (0.5 units are kept for the column titles).
        self.dy = min(1.0, (self.height - 0.5) / tallest)
        half = min(0.3, 0.36 * self.dy, 0.3 / self.inches_per_unit)  # never wider than 0.6 inch
        centres = [np.column_stack([np.full(k, float(c)), (np.arange(k)[::-1] - (k - 1) / 2) * self.dy])
                   for c, k in enumerate(self.sizes)]
        return centres, half

    def _segments(self):
        """Line segments (n_links, 2, 2) from each node to each node of the next column, in the
        order of ``W.ravel()`` of each Dense layer (W[i, j] joins node i to node j)."""
        parts = []
        for left, right in zip(self.centres, self.centres[1:]):
            start = np.broadcast_to((left + (self.half, 0))[:, None], (len(left), len(right), 2))
            end = np.broadcast_to((right - (self.half, 0))[None, :], (len(left), len(right), 2))
            parts.append(np.stack([start, end], axis=2).reshape(-1, 2, 2))
        return np.concatenate(parts)

    def _mosaic(self):
        """One image under all the nodes, see-through except for a tile at each node. ``corners`` holds
        each tile's top-left pixel (row, column)."""
        # A tile needs no more pixels than the node covers on screen: keep every stride-th grid point.
        node_pixels = 2 * self.half * self.inches_per_unit * self.ax.figure.dpi
        self.stride = max(1, round(self.resolution / max(node_pixels, 1)))
        tile = len(range(0, self.resolution, self.stride))
        pixel = 2 * self.half / tile  # a pixel's size in data units
        left, top = -self.half, (max(self.sizes) - 1) / 2 * self.dy + self.half
        self.corners = [[(int(round((top - y - self.half) / pixel)), int(round((x - self.half - left) / pixel)))
                         for x, y in column] for column in self.centres]
        rows = max(r for column in self.corners for r, _ in column) + tile
        cols = max(c for column in self.corners for _, c in column) + tile
        self.pixels = np.zeros((rows, cols, 4), dtype=np.uint8)  # alpha 0: see-through between tiles
        return self.ax.imshow(self.pixels, extent=(left, left + cols * pixel, top - rows * pixel, top),
                              origin="upper", interpolation="nearest", aspect="auto", zorder=2)

    def _titles(self):
        """Column names on top, and x1, x2, ... / y_hat beside the inputs and outputs, when there is room."""
        n, top = len(self.sizes), max(self.sizes) * self.dy / 2 + 0.05
        every = 1 if n <= 16 else 5
        for c in range(n):
            name = "input" if c == 0 else "output" if c == n - 1 else f"hidden {c}" if n <= 8 else str(c)
            if c in (0, n - 1) or c % every == 0:
                self.ax.text(c, top, name, ha="center", va="bottom", fontsize=max(7, min(self.fontsize + 1, 9)),
                             color="0.25")
        if self.crowded:
            return
        for column, side, label in ((0, -1, "x"), (n - 1, 1, "ŷ")):
            for j, (x, y) in enumerate(self.centres[column]):
                text = f"{label}{j + 1}" if column == 0 or self.sizes[-1] > 1 else label
                self.ax.text(x + side * (self.half + 0.04), y, text, ha="left" if side > 0 else "right",
                             va="center", fontsize=self.fontsize, color="0.25")

    # -- colours ----------------------------------------------------------------------------------
    def show_links(self, weights, faded=None):
        """Colour the links by the sign of ``weights`` (one number per link, in segment order) and set
        their width by its size relative to the largest; ``faded`` (bool per link) greys some out."""
        size = np.abs(weights)
        top = size.max() if size.size and np.isfinite(size.max()) and size.max() > 0 else 1.0
        colours = np.where(weights[:, None] >= 0, _rgba(BLUE), _rgba(ORANGE))
        if faded is not None:
            colours[faded] = _rgba("0.85")
        self.links.set_color(colours)
        self.links.set_linewidth(0.15 + self.max_linewidth * np.minimum(size / top, 1.0))

    def update(self, activations=None):
        """Re-colour links from the current weights and, with heatmaps, redraw every node's picture.
        ``activations``: ``layer_values(net, grid)[1]`` if already computed (saves a forward pass)."""
        self.show_links(np.concatenate([d.W.ravel() for d in self.net.dense_layers]))
        if self.mosaic is None:
            return
        if activations is None:
            activations = layer_values(self.net, self.features(self.points))[1]
        r, s = self.resolution, self.stride
        for corners, values, kind in zip(self.corners, activations, self.kinds):
            cmap, norm = colour_scale(kind, values)
            colours = cmap(norm(values), bytes=True)  # (r * r, nodes, 4)
            for j, (row, col) in enumerate(corners):
                tile = colours[:, j].reshape(r, r, 4)[::-s, ::s]  # the grid starts at the bottom, images at the top
                self.pixels[row:row + len(tile), col:col + len(tile)] = tile
        self.mosaic.set_data(self.pixels)

    def write(self, column, j, text):
        """Write a short text on node j of a column (skipped when the nodes are too small to read)."""
        if self.crowded:
            return
        x, y = self.centres[column][j]
        fill = self.fills[sum(self.sizes[:column]) + j] if self.fills is not None else (1, 1, 1, 1)
        dark = 0.3 * fill[0] + 0.6 * fill[1] + 0.1 * fill[2] < 0.5  # white text on dark nodes
        self.ax.text(x, y, text, ha="center", va="center", fontsize=self.fontsize, color="white" if dark else "black",
                     zorder=4, linespacing=1.1)

    def fill_nodes(self, values, shown, kinds=None):
        """Fill round nodes with the colour of their value (one array per column); columns not in
        ``shown`` stay white. kinds: each column's activation, which sets its colour scale; None: one
        scale, symmetric around 0, for all columns (so that sizes compare across layers)."""
        if kinds is None:
            scales = [colour_scale("identity", np.concatenate(values))] * len(values)
        else:
            scales = [colour_scale(kind, v) for kind, v in zip(kinds, values)]
        colours = [cmap(norm(v)) if c in shown else np.ones((len(v), 4))
                   for c, (v, (cmap, norm)) in enumerate(zip(values, scales))]
        self.fills = np.concatenate(colours)  # (all nodes, 4) RGBA, kept to choose readable text colours
        self.nodes.set_facecolor(self.fills)


def _rgba(colour):
    return np.array(to_rgba(colour))


def _inches(ax):
    """Width and height of an Axes in inches."""
    box = ax.get_position()
    width, height = ax.figure.get_size_inches()
    return box.width * width, box.height * height


def draw_network(net, ax=None, example=None, show_values=False, backward=False, heatmaps=False, X=None, y=None,
                 highlight=None, columns=None, colour_bars=False):
    """Draw a network: columns of nodes, links coloured by the sign of the weight and as wide as its size.

    example: one input row (n_inputs,). With ``show_values`` each node shows its z and a = f(z) for it,
    and round nodes are filled with the colour of a. With ``backward=True`` (after ``net.backward`` on
    that one example) each node shows delta = dL/dz (for one example that is the stored ``db``) and
    the links show the weight gradients dW instead of the weights.
    heatmaps: draw each node as a picture of its activation over the 2-D input plane (2-input nets
    only); X sets the plane's extent (default [-6, 6]^2) and, with y, the points appear on the output.
    highlight: a column to shade; columns: the columns whose numbers are written (default all).
    colour_bars (with heatmaps): a colour bar under the picture for each colour scale of the hidden and output
    columns (tanh -1..1, sigmoid 0..1: white does not mean the same number in both).
    Depth and width can be anything: nodes shrink, and numbers are skipped when they would not fit.
    """
    sizes = net.sizes
    fig, ax = figure_and_axes(ax, figsize=(min(2 + 1.4 * len(sizes), 16), min(1.8 + 0.45 * max(sizes), 10)))
    bounds = bounds_of(X) if X is not None else (-6, 6, -6, 6)
    drawing = NetworkDrawing(net, ax, heatmaps=heatmaps, bounds=bounds, highlight=highlight)
    columns = range(len(sizes)) if columns is None else columns
    if heatmaps and X is not None and y is not None:
        _points_on_node(drawing, X, y)
    if heatmaps and colour_bars:
        _heatmap_bars(drawing)
    if example is not None:
        _write_values(drawing, example, columns, show_values, backward)
    return fig


def _heatmap_bars(drawing):
    """A colour bar under the network for each colour scale its hidden and output pictures use: columns with the
    same fixed range (tanh, sigmoid) share one; a column whose range is its own (ReLU, identity) has its own."""
    n = len(drawing.sizes)
    activations = layer_values(drawing.net, drawing.features(drawing.points))[1]
    scales = {}   # key -> (kind, values, column names)
    for c in range(1, n):
        kind = drawing.kinds[c]
        key = kind if kind in ("tanh", "sigmoid", "softmax") else c
        scales.setdefault(key, (kind, activations[c], []))[2].append("output" if c == n - 1 else f"hidden {c}")
    for kind, values, names in scales.values():
        cmap, norm = colour_scale(kind, values)
        colour_bar(drawing.ax, ScalarMappable(norm, cmap), f"{' and '.join(names)} ({kind})", location="bottom",
                   shrink=0.5, aspect=35, pad=0.01)


def _points_on_node(drawing, X, y):
    """The data as tiny dots on the output node's picture."""
    (x, yc), h, b, X = drawing.centres[-1][0], drawing.half, drawing.bounds, np.asarray(X)
    px = x - h + 2 * h * (X[:, 0] - b[0]) / (b[1] - b[0])
    py = yc - h + 2 * h * (X[:, 1] - b[2]) / (b[3] - b[2])
    colours = [CLASS_COLOURS[int(v) % 10] for v in y] if np.asarray(y).dtype.kind in "iub" else "0.2"
    drawing.ax.scatter(px, py, s=1.5, c=colours, zorder=3, linewidths=0)


def _write_values(drawing, example, columns, show_values, backward):
    """Numbers on the nodes for one example: z and a going forward; delta = dL/dz and dW going backward."""
    net, dense = drawing.net, drawing.net.dense_layers
    zs, activations = layer_values(net, np.asarray(example, dtype=float).reshape(1, -1))
    if backward:
        into = np.concatenate([np.full(d.dW.size, k + 1) for k, d in enumerate(dense)])  # the column a link enters
        drawing.show_links(np.concatenate([d.dW.ravel() for d in dense]), faded=~np.isin(into, list(columns)))
        values = [np.zeros(net.n_inputs)] + [d.db for d in dense]  # for one example, db is delta = dL/dz
        texts = [[""] * net.n_inputs] + [[f"δ {v:.3g}" for v in delta] for delta in values[1:]]
        kinds = None  # one colour scale for every delta
    elif show_values:
        values = [a[0] for a in activations]
        texts = [[f"{x:.3g}" for x in values[0]]] + [[f"z {z:.2f}\na {a:.2f}" for z, a in zip(z_k[0], a_k)]
                                                     for z_k, a_k in zip(zs, values[1:])]
        kinds = drawing.kinds
    else:
        return
    if drawing.mosaic is None:
        drawing.fill_nodes(values, columns, kinds)
    for c in columns:
        for j, text in enumerate(texts[c]):
            drawing.write(c, j, text)


# ---------------------------------------------------------------------------------------------
# The prediction over the input plane

class SurfaceDrawing:
    """The network's prediction over the input plane, with the data on top; ``update()`` redraws it.

    Sigmoid output: the probability of class 1; softmax: the predicted class; otherwise the value.
    Training points are large dots with a dark rim, drawn on top; test points are small pale dots underneath,
    so a few training points stay visible among many test points. ``colours``: one per class (default
    CLASS_COLOURS; ``class_colours(names)`` gives the course's colours by name), for the dots and, paler, the
    surface. The colour range follows ``colour_scale``: fixed for sigmoid, softmax and tanh; for other outputs
    ``top`` (a stated top), else the targets' largest |value|, else (no targets) the drawn values' own.
    """

    def __init__(self, net, ax, X=None, y=None, X_test=None, y_test=None, resolution=100, bounds=None, features=None,
                 colours=None, top=None):
        self.net, self.ax, self.resolution = net, ax, resolution
        self.features = features or (lambda points: points)  # as in NetworkDrawing
        self.kind = net.output_activation
        self.colours = list(colours) if colours is not None else CLASS_COLOURS
        if bounds is None:
            known = [A for A in (X, X_test) if A is not None]
            bounds = bounds_of(np.concatenate(known)) if known else (-6, 6, -6, 6)
        self.points = grid(bounds, resolution)
        targets = [np.asarray(t, dtype=float) for t in (y, y_test) if t is not None]
        if top is None and targets:
            top = colour_range("identity", np.concatenate(targets))[1]
        cmap, self.norm = self._scale(top)
        # Unbounded values with no stated top and no targets to set their scale take their own range.
        self.own_range = self.kind not in ("sigmoid", "softmax", "tanh") and top is None
        self.image = ax.imshow(np.zeros((resolution, resolution)), extent=bounds, origin="lower", cmap=cmap,
                               norm=self.norm, interpolation="bilinear", aspect="auto")
        # Training dots as large as leaves the surface visible: 36 (points²) for 60 or fewer, smaller for more.
        size = float(np.clip(36 * np.sqrt(60 / max(len(X) if X is not None else 1, 1)), 12, 36))
        for points, labels, style in ((X_test, y_test, {**TEST_DOTS, "s": size / 4}),  # test first: underneath
                                      (X, y, {**TRAIN_DOTS, "s": size})):
            if points is not None and labels is not None:
                self._scatter(np.asarray(points), np.asarray(labels), style)
        ax.set_xlim(bounds[:2])
        ax.set_ylim(bounds[2:])
        ax.set_xlabel("x1")
        ax.set_ylabel("x2", labelpad=1)
        ax.set_title({"sigmoid": "probability of class 1", "softmax": "predicted class"}.get(self.kind, "prediction"),
                     fontsize=10)
        self.update()

    def _scale(self, top):
        """Colour map and range: pale (so the points stand out), in the classes' colours for probabilities and
        classes."""
        if self.kind == "sigmoid":  # class 0 -> white at 0.5 -> class 1
            return _diverging(pale(self.colours[0]), pale(self.colours[1]), "dlkit_classes"), Normalize(0, 1)
        if self.kind == "softmax":
            n = self.net.n_outputs
            return ListedColormap([pale(c) for c in self.colours[:n]]), Normalize(-0.5, n - 0.5)
        return colour_scale(self.kind, top=top or 1.0, light=True)

    def _scatter(self, X, labels, style):
        if self.kind in ("sigmoid", "softmax"):
            colours = [self.colours[int(v) % len(self.colours)] for v in labels]
        else:
            colours = colour_scale(self.kind, top=self.norm.vmax)[0](self.norm(labels))
        self.ax.scatter(X[:, 0], X[:, 1], c=colours, **style)

    def update(self, output=None):
        """Redraw the prediction; ``output``: the network's output on ``self.points`` if already computed."""
        if output is None:
            output = self.net.forward(self.features(self.points))
        values = output.argmax(axis=1) if self.kind == "softmax" else output[:, 0]
        self.image.set_data(values.reshape(self.resolution, self.resolution))
        if self.own_range:
            self.image.set_clim(*colour_range(self.kind, values))


def decision_boundary(w, b, bounds):
    """Two points (xs, ys) of the line w1 x1 + w2 x2 + b = 0 across ``bounds``; none when w = 0."""
    (w1, w2), (x_low, x_high, y_low, y_high) = w, bounds
    if abs(w2) > 1e-12:
        xs = np.array([x_low, x_high])
        return xs, -(w1 * xs + b) / w2
    if abs(w1) > 1e-12:
        return np.full(2, -b / w1), np.array([y_low, y_high])
    return [], []


def decision_line(ax, w, b, bounds):
    """The line where z = w1 x1 + w2 x2 + b = 0 across ``bounds``, with an arrow along w: the side it
    points to is where z grows."""
    w, low, high = np.asarray(w, dtype=float), bounds[0], bounds[1]
    if np.allclose(w, 0):
        return  # z = b everywhere: no line
    if abs(w[1]) > 1e-9:
        x1 = np.array([low, high])
        ax.plot(x1, -(w[0] * x1 + b) / w[1], color="black", linewidth=1.5, label="z = 0")
    else:
        ax.axvline(-b / w[0], color="black", linewidth=1.5, label="z = 0")
    # From the point of the line nearest the middle of the view (the origin's may lie outside it), a quarter of the
    # view long at most 1: so a line through the middle half of the view has its arrow in view.
    middle = np.array([(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2])
    foot = middle - (w @ middle + b) * w / (w @ w)
    length = min(1.0, (high - low) / 4, (bounds[3] - bounds[2]) / 4)
    ax.annotate("", xy=foot + length * w / np.linalg.norm(w), xytext=foot,
                arrowprops={"arrowstyle": "->", "color": "black"}, annotation_clip=True)
    ax.set_xlim(bounds[:2])
    ax.set_ylim(bounds[2:])


def decision_surface(net, X, y, ax=None, X_test=None, y_test=None, resolution=100, bounds=None, colours=None):
    """The prediction over the input plane (probability for sigmoid, class for softmax, value for
    regression) with the training points as large rimmed dots and the test points small and pale. X: (N, 2), y: (N,).
    colours: one per class (default CLASS_COLOURS), e.g. ``class_colours(["the rest", "Gentoo"])``."""
    if net.n_inputs != 2:
        raise ValueError(f"a decision surface is drawn over 2 inputs, but this network has {net.n_inputs}")
    fig, ax = figure_and_axes(ax, figsize=(4.2, 4))
    SurfaceDrawing(net, ax, X, y, X_test, y_test, resolution, bounds, colours=colours)
    return fig


def class_legend(ax, names, colours=None, points="point", **options):
    """A legend naming each class by the colour of its dots (``colours``: default ``class_colours(names)``), then
    how SurfaceDrawing draws a "training point" (large, dark rim) and a "test point" (small, pale); ``points``
    names them ("bird": training bird, test bird; None: left out). Right of the axes unless ``options`` say otherwise."""
    colours = class_colours(names) if colours is None else colours
    handles = [Line2D([], [], marker="o", linestyle="", color=colour, label=name) for name, colour in zip(names, colours)]
    if points:
        handles += [Line2D([], [], marker="o", linestyle="", color="0.5", markeredgecolor="black", markersize=6,
                           label=f"training {points}"),
                    Line2D([], [], marker="o", linestyle="", color="0.5", alpha=0.55, markersize=3, label=f"test {points}")]
    options = {"fontsize": 8, "loc": "upper left", "bbox_to_anchor": (1.02, 1), "frameon": False, **options}
    return ax.legend(handles=handles, **options)


# ---------------------------------------------------------------------------------------------
# Numbers per epoch, from a History

class CurveDrawing:
    """Lines of per-epoch numbers that follow a History; ``update(history)`` extends them.

    ``series(history)`` returns (label, values, style) triples; a line is made the first time its
    label appears and afterwards only gets new data.
    """

    def __init__(self, ax, series, title, ylabel, log=False, legend=True):
        self.ax, self.series, self.lines, self.legend, self.zeros = ax, series, {}, legend, None
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        if log:
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(numticks=4))
            ax.yaxis.set_minor_locator(NullLocator())  # minor ticks clutter small panels (and are slow to draw)
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)

    def update(self, history):
        added = False
        series = self.series(history)
        log = self.ax.get_yscale() == "log"
        zeros_x = []  # a log axis has no place for 0 (a dead layer's gradient): marked on the bottom edge
        for label, values, style in series:
            if label not in self.lines:
                self.lines[label] = self.ax.plot([], [], label=label, **style)[0]
                added = True
            values, epochs = np.asarray(values, dtype=float), np.arange(1, len(values) + 1)
            if log:
                zeros_x += list(epochs[values == 0])
                values = np.where(values == 0, np.nan, values)
            self.lines[label].set_data(epochs, values)
        if zeros_x or self.zeros is not None:
            added = added or self.zeros is None
            self.zeros = mark_zeros(self.ax, zeros_x, self.zeros)
        if added and (self.legend or self.zeros is not None):
            self.ax.legend(fontsize=7, loc="best")
        # Rescale only to numbers the axis can show: a log axis has nothing to fit when there are no
        # epochs yet (a run that diverged at once).
        shown = [v for line in self.lines.values() for v in line.get_ydata()]
        if any(np.isfinite(v) and (v > 0 or not log) for v in shown):
            self.ax.relim()
            self.ax.autoscale_view()
        if zeros_x:  # autoscaling skips the zeros (NaN on the lines): keep every epoch in view
            last = max(len(values) for _, values, _ in series)
            self.ax.set_xlim(0.5, last + 0.5)


def losses_of(history):
    """Series for CurveDrawing: train and test (validation) loss per epoch, those that have numbers."""
    both = [("train", history.train_loss, TRAIN_CURVE), ("test", history.val_loss, TEST_CURVE)]
    return [s for s in both if s[1]]


def accuracies_of(history):
    """Series for CurveDrawing: train and test accuracy per epoch (none for regression)."""
    both = [("train", history.train_accuracy, TRAIN_CURVE), ("test", history.val_accuracy, TEST_CURVE)]
    return [s for s in both if s[1] and s[1][0] is not None]


def gradient_norms_of(history):
    """Series for CurveDrawing: ||dW|| of each Dense layer per epoch."""
    if not history.grad_norms:
        return []
    norms = np.array(history.grad_norms, dtype=float)  # (epochs, Dense layers)
    n = norms.shape[1]
    colours = colormaps["viridis"](np.linspace(0, 0.9, max(n, 1)))
    # Only the first and last layers get a legend entry: the colour runs from one to the other.
    names = {0: "layer 1 (input side)", n - 1: f"layer {n} (output)"}
    return [(names.get(k, f"_layer {k + 1}"), norms[:, k], {"color": colours[k], "linewidth": 1.2})
            for k in range(n)]


def _curves(history, ax, series, title, ylabel, log=False, empty="no epochs yet"):
    fig, ax = figure_and_axes(ax, figsize=(4.5, 3))
    CurveDrawing(ax, series, title, ylabel, log).update(history)
    if not series(history):
        _message(ax, empty)
    return fig


def loss_curves(history, ax=None, log=False):
    """Training and validation loss per epoch (log=True: a log scale, which shows slow progress)."""
    return _curves(history, ax, losses_of, "loss", "loss", log)


def accuracy_curves(history, ax=None):
    """Training and validation accuracy per epoch (classifiers only)."""
    return _curves(history, ax, accuracies_of, "accuracy", "fraction right", empty="no accuracy (regression?)")


def gradient_norms(history, ax=None):
    """||dW|| of every Dense layer per epoch, log scale: vanishing (falling towards the input side)
    or exploding gradients show as lines far apart."""
    return _curves(history, ax, gradient_norms_of, "gradient size per layer", "||dW||", log=True)


# ---------------------------------------------------------------------------------------------
# Inside the layers

def activation_histograms(net, X, fig=None):
    """One histogram per hidden layer of its activations on X: piles at the ends of a sigmoid or tanh
    mean saturation (slope near 0), a pile at 0 for ReLU means dead units."""
    _, activations = layer_values(net, X)
    hidden, kinds = activations[1:-1], _activation_names(net)[1:-1]
    fig, axes = panels(max(len(hidden), 1), min(max(len(hidden), 1), 6), fig=fig)
    if not hidden:
        _message(axes[0], "no hidden layers")
    for k, (ax, a, kind) in enumerate(zip(axes, hidden, kinds), start=1):
        ax.hist(a.ravel(), bins=40, color="0.45")
        ax.set_title(f"layer {k} ({kind}): std {a.std():.2g}", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    return fig


def activation_functions(names=("sigmoid", "tanh", "relu", "leaky_relu")):
    """Each activation f(z) (top) and its slope f'(z) (bottom), from dlkit's own layer classes."""
    fig, axes = panels(2 * len(names), len(names), panel=(2.4, 1.9))
    z = np.linspace(-5, 5, 401)
    for i, name in enumerate(names):
        layer = elementwise_activation(name)
        for ax, values, label in ((axes[i], layer.function(z), f"{name}(z)"),
                                  (axes[len(names) + i], layer.derivative(z), "slope f'(z)")):
            ax.plot(z, values, **CURVE)
            ax.axhline(0, color="0.7", linewidth=0.6)
            ax.axvline(0, color="0.7", linewidth=0.6)
            ax.set_title(label, fontsize=9)
            ax.set_xlabel("z", fontsize=8)
            ax.tick_params(labelsize=7)
    return fig


def per_layer(ax, values, ylabel, title, decades=12):
    """Per-layer numbers (layer 1 first) on a log scale that always spans at least ``decades`` powers of
    ten, so that healthy layers look flat and a gradient that vanishes looks like a cliff. A value of
    exactly 0 is drawn as a red cross on the bottom edge (a log scale has no place for 0)."""
    values = np.asarray(values, dtype=float)
    log_curve(ax, np.arange(1, len(values) + 1), values, marker="o", markersize=3, **CURVE, decades=decades)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # layers 1, 2, 3: no tick at 2.5
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)


ZERO_STYLE = {"marker": "x", "color": "crimson", "linestyle": "none", "markersize": 7, "mew": 2,
              "label": "exactly 0"}
ZERO_HEIGHT = 0.03  # where the crosses sit: just above the bottom edge, in axes units (0 = bottom, 1 = top)


def mark_zeros(ax, x, line=None):
    """Red crosses along the bottom edge of a log axis at ``x``, where the value is exactly 0 (a log scale
    has no place for 0, and a line through it would just stop). Reuses ``line`` if given; returns it."""
    x = np.asarray(x, dtype=float)
    if line is None:  # x in data units, y in axes units: 0 is the bottom edge, whatever the scale
        line = ax.plot([], [], transform=ax.get_xaxis_transform(), **ZERO_STYLE)[0]
    line.set_data(x, np.full(len(x), ZERO_HEIGHT))
    return line


def log_curve(ax, x, values, decades=None, **style):
    """A line on a log y-axis that shows zeros instead of dropping them: a value of exactly 0 is marked
    with a red cross along the bottom edge, labelled "exactly 0". ``decades``: the axis spans at least that
    many powers of ten. Returns the line (its y data: the values, with NaN where they are 0)."""
    ax.set_yscale("log")
    x, values = np.asarray(x, dtype=float), np.asarray(values, dtype=float)
    zero = values == 0
    line = ax.plot(x, np.where(zero, np.nan, values), **style)[0]
    if zero.any():
        mark_zeros(ax, x[zero])
        ax.legend(fontsize=7, loc="best")
    shown = values[np.isfinite(values) & (values > 0)]
    if len(shown):
        top = 10 ** np.ceil(np.log10(shown.max()) + 0.5)
        ax.set_ylim(min(top / 10 ** decades if decades else top, shown.min() / 10), top)
    else:  # only zeros: a scale with numbers on it would suggest values that are not there
        ax.set_yticks([])
        ax.yaxis.set_minor_locator(NullLocator())
    if len(x):  # set by hand: autoscaling skips the zeros (NaN on the line, crosses placed in axes units)
        pad = 0.05 * (x.max() - x.min()) or 0.5
        ax.set_xlim(x.min() - pad, x.max() + pad)
    return line


# ---------------------------------------------------------------------------------------------
# Evaluation and images

def confusion_matrix(y_true, y_pred, class_names=None, ax=None):
    """Counts of (true class, predicted class) as a grid: the diagonal is what the network got right."""
    counts = metrics.confusion_matrix(y_true, y_pred, None if class_names is None else len(class_names))
    n = len(counts)
    fig, ax = figure_and_axes(ax, figsize=(1.2 + 0.45 * n, 1 + 0.45 * n))
    ax.imshow(counts, cmap="Blues")
    names = class_names if class_names is not None else [str(k) for k in range(n)]
    ax.set_xticks(range(n), names, rotation=90 if max(len(str(s)) for s in names) > 3 else 0)
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if n <= 20:
        for (i, j), count in np.ndenumerate(counts):
            ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                    color="white" if count > counts.max() / 2 else "black")
    return fig


def image_grid(images, titles=None, ncols=10, cmap="gray_r", vmin=None, vmax=None, colour_bar=None):
    """Small images in a grid. images: (n, height, width), or (n, pixels) with a square number of pixels.
    ``colour_bar``: a label; one colour bar for the whole grid shows the range its colours stand for."""
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"images of {images.shape[1]} pixels are not square; pass them as (n, height, width)")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images should have shape (n, height, width), but got {images.shape}")
    ncols = min(ncols, len(images))
    fig, axes = panels(len(images), ncols, panel=(0.95, 1.1 if titles is not None else 0.95))
    for k, (ax, image) in enumerate(zip(axes, images)):
        shown = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(str(titles[k]), fontsize=8)
    if colour_bar:
        fig.colorbar(shown, ax=list(axes), label=colour_bar, shrink=0.8, aspect=30)
    return fig


def weight_images(dense_layer, shape=(8, 8), n=16):
    """The incoming weights of the first n units of a Dense layer, each as an image of ``shape``
    (e.g. 8 x 8 for the digits): blue pixels push the unit up, orange ones push it down."""
    if not isinstance(getattr(dense_layer, "W", None), np.ndarray):
        raise TypeError(f"weight_images draws one Dense layer's weights, but got {type(dense_layer).__name__}: for a "
                        "network's first layer, pass net.dense_layers[0]")
    W = dense_layer.W
    if int(np.prod(shape)) != W.shape[0]:
        raise ValueError(f"an image of shape {shape} needs {int(np.prod(shape))} inputs, but the layer has "
                         f"{count(W.shape[0], 'input')}")
    n = min(n, W.shape[1])
    top = float(np.abs(W[:, :n]).max()) or 1.0
    images = W[:, :n].T.reshape(n, *shape)
    return image_grid(images, titles=[f"unit {j + 1}" for j in range(n)], ncols=8, cmap=CMAP, vmin=-top, vmax=top,
                      colour_bar="weight")


# ---------------------------------------------------------------------------------------------
# Other pictures: an autodiff graph, gradient descent on a loss landscape

def scalar_graph(value, ax=None):
    """The computation graph of a ``dlkit.scalar.Value``, the result on the right: each box shows a value's
    label, data and grad; the operation that made a value is written in orange where its arrows arrive."""
    order = value.graph()  # inputs first
    steps = {id(value): 0}  # how many operations lie between a value and the result
    for v in reversed(order):
        for p in v.parents:
            steps[id(p)] = max(steps.get(id(p), 0), steps[id(v)] + 1)
    columns = {}
    for v in order:
        columns.setdefault(steps[id(v)], []).append(v)
    n, tallest = len(columns), max(len(vs) for vs in columns.values())
    place = {id(v): (n - 1 - s, (len(vs) - 1) / 2 - i) for s, vs in columns.items() for i, v in enumerate(vs)}
    fig, ax = figure_and_axes(ax, figsize=(1.9 * n + 0.5, 0.95 * tallest + 0.6))
    boxes = {}
    for v in order:
        name = f"{v.label}\n" if v.label else ""
        boxes[id(v)] = ax.text(*place[id(v)], f"{name}data {v.data:.4g}\ngrad {v.grad:.4g}", ha="center",
                               va="center", fontsize=8, bbox={"boxstyle": "round", "facecolor": "#eaf3fa",
                                                              "edgecolor": BLUE})
    for v in order:
        x, y = place[id(v)]
        if v.op:
            ax.text(x - 0.33, y + 0.1, v.op, ha="right", va="bottom", fontsize=9, color="0.15", weight="bold")
        for p in v.parents:  # arrows from box to box, clipped at the boxes' edges
            ax.annotate("", xy=(x, y), xytext=place[id(p)], arrowprops={
                "arrowstyle": "->", "color": "0.5", "patchA": boxes[id(p)].get_bbox_patch(),
                "patchB": boxes[id(v)].get_bbox_patch()})
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(-tallest / 2, tallest / 2)
    ax.axis("off")
    return fig


LOSS_LEVELS = (0.1, 0.2, 0.3, 0.5, 1, 2, 4, 8, 16, 32)  # labelled contour lines and colour-bar ticks, where in range


def loss_map(ax, ws, landscape, minimum=True):
    """A map of the loss over two weights: ``landscape[i, j]`` is the loss at w1 = ws[j], w2 = ws[i]. Filled
    contours in LOSS_CMAP on a log scale (detail near the bottom), white labelled lines at round values, a colour
    bar of the loss and, with ``minimum``, the lowest point as the course's MINIMUM star. Returns
    (filled contours, the star or None); ``filled.norm`` colours a 3-D surface of the same loss alike."""
    landscape = np.asarray(landscape, dtype=float)
    low, high = float(landscape.min()), float(landscape.max())
    norm = LogNorm(low, high)
    filled = ax.contourf(ws, ws, landscape, levels=np.geomspace(low, high, 16), cmap=LOSS_CMAP, norm=norm)
    nice = [v for v in LOSS_LEVELS if low < v < high]
    lines = ax.contour(ws, ws, landscape, levels=nice, colors="white", linewidths=0.6)
    ax.clabel(lines, fontsize=7, fmt="%g")
    bar = colour_bar(ax, filled, "loss (log scale)")
    bar.set_ticks(nice, labels=[f"{v:g}" for v in nice])
    bar.minorticks_off()
    star = None
    if minimum:
        i, j = np.unravel_index(landscape.argmin(), landscape.shape)
        star = ax.plot(ws[j], ws[i], **MINIMUM, label="lowest loss")[0]
    return filled, star


def loss_landscape_path(f, path, ax=None, bounds=None):
    """Gradient descent drawn on its loss: f(w) returns (value, gradient); path holds the points visited,
    (steps + 1,) for one weight (a curve) or (steps + 1, 2) for two (contours of f).
    bounds: (low, high) for one weight, (x_low, x_high, y_low, y_high) for two."""
    path = np.asarray(path, dtype=float)
    fig, ax = figure_and_axes(ax, figsize=(4.5, 3.5))
    shown = path[np.all(np.isfinite(path.reshape(len(path), -1)), axis=1)]
    if path.ndim == 1:
        low, high = bounds or (-5, 5)
        w = np.linspace(low, high, 400)
        curve = f(w)[0]
        ax.plot(w, curve, color="0.3")
        with np.errstate(over="ignore", invalid="ignore"):
            on_curve = f(shown)[0]
        ax.plot(shown, on_curve, **PATH)
        ax.set_xlim(low, high)
        ax.set_ylim(min(curve.min(), 0) - 0.5, curve.max() * 1.05)
        ax.set_xlabel("weight w")
        ax.set_ylabel("loss")
    else:
        bounds = bounds or (-5, 5, -3, 3)
        points = grid(bounds, 120)
        levels = f(points)[0].reshape(120, 120)
        ax.contour(np.linspace(*bounds[:2], 120), np.linspace(*bounds[2:], 120), levels,
                   levels=np.geomspace(0.05, levels.max(), 12), colors="0.6", linewidths=0.7)
        ax.plot(shown[:, 0], shown[:, 1], **PATH)
        ax.set_xlim(bounds[:2])
        ax.set_ylim(bounds[2:])
        ax.set_xlabel("weight w1")
        ax.set_ylabel("weight w2")
    ax.plot(*(shown[:1].T if path.ndim > 1 else (shown[:1], f(shown[:1])[0])), "o", color="black", markersize=5,
            label="start")
    ax.legend(fontsize=7, loc="upper right")
    return fig
