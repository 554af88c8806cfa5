"""What a Playground shows, checked against a forward pass written here: used by the lessons that have one,
and by the Playground's own tests.

The browser draws the Playground from the numbers in the last frame the kernel sent (``view.last_frame``):
the frame is decoded here from its documented format (dlkit/widgets/playground_view.py), not with dlkit's
code, and compared with plain numpy maths on the network's weights.
"""
import numpy as np
import pytest

from . import by_hand


def decode(values, centre, scale):
    """A byte b stands for centre + (b - 128) / 127 * scale."""
    return centre + (np.asarray(values, dtype=float) - 128.0) / 127.0 * np.asarray(scale, dtype=float)


def read_frame(content, buffers) -> dict:
    """A frame as numbers: the inputs' and each hidden layer's values on the neuron grid (points, nodes), each
    output on the output grid (points, outputs), the (W, b) of each layer, the grids' points, and the data when
    the frame has it."""
    sizes, n, g = content["sizes"], content["neuron_grid"], content["output_grid"]
    node_bytes = np.asarray(buffers[0], dtype=float).ravel()
    scales, layers, at = list(content["node_scales"]), [], 0
    for width in sizes[:-1]:
        block = node_bytes[at:at + width * n * n].reshape(width, n * n).T  # (points, nodes)
        layers.append(decode(block, 0.0, scales[:width]))
        scales, at = scales[width:], at + width * n * n
    assert at == len(node_bytes) and not scales, "the frame has more (or fewer) node pictures than nodes"
    output = decode(np.asarray(buffers[1], dtype=float).reshape(sizes[-1], g * g).T,
                    content["output_centre"], content["output_scale"])
    flat, weights = np.asarray(buffers[2], dtype=float).ravel(), []
    for a, b in zip(sizes, sizes[1:]):
        weights.append((flat[:a * b].reshape(a, b), flat[a * b:a * b + b]))
        flat = flat[a * b + b:]
    assert flat.size == 0
    x1lo, x1hi, x2lo, x2hi = content["bounds"]
    x1, x2 = np.linspace(x1lo, x1hi, g), np.linspace(x2lo, x2hi, g)
    every = g // n  # the neuron pictures are rows and columns every/2, every/2 + every, ... of the output grid
    frame = {"inputs": layers[0], "hidden": layers[1:], "output": output, "weights": weights,
             "epoch": content["epoch"],
             "output_points": np.column_stack([a.ravel() for a in np.meshgrid(x1, x2)]),  # row = x2, column = x1
             "neuron_points": np.column_stack([a.ravel() for a in np.meshgrid(x1[every // 2::every], x2[every // 2::every])]),
             "history": content["history"], "content": content}
    if content["full"]:
        p, n_train, n_test = np.asarray(buffers[3], dtype=float).ravel(), content["n_train"], content["n_test"]
        frame["data"] = (p[:2 * n_train].reshape(-1, 2), p[2 * n_train:3 * n_train],
                         p[3 * n_train:3 * n_train + 2 * n_test].reshape(-1, 2), p[3 * n_train + 2 * n_test:])
    return frame


FEATURES = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1²": lambda X: X[:, 0] ** 2,
            "x2²": lambda X: X[:, 1] ** 2, "x1·x2": lambda X: X[:, 0] * X[:, 1],
            "sin x1": lambda X: np.sin(X[:, 0]), "sin x2": lambda X: np.sin(X[:, 1])}


def features(points, names):
    """The network's inputs for points of the plane, written out here (not the Playground's code)."""
    return np.column_stack([FEATURES[name](np.asarray(points, dtype=float)) for name in names])


def check_frame(frame, layers, X_test=None, y_test=None, X_train=None, y_train=None):
    """The frame's pictures and weights are those of the network described by ``layers`` (by_hand.DESCRIBE),
    fed the frame's input features; with X_test, y_test (points of the plane), its test loss and accuracy too, and
    with X_train, y_train the training ones (measured the same way: the network drawn, on all those points)."""
    names = frame["content"]["input_names"]
    dense = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for kind, W, b in layers if kind == "Dense"]
    assert len(frame["weights"]) == len(dense)
    for (W, b), (W_sent, b_sent) in zip(dense, frame["weights"]):
        assert W_sent == pytest.approx(W, rel=1e-6, abs=1e-7) and b_sent == pytest.approx(b, rel=1e-6, abs=1e-7)
    # The prediction on the output grid, to within the byte's resolution (half of scale / 127, after rounding).
    outputs = by_hand.forward(layers, features(frame["output_points"], names))
    last = outputs[-1]  # the output, or with several classes each class's probability
    centre, scale = frame["content"]["output_centre"], frame["content"]["output_scale"]
    assert frame["output"] == pytest.approx(np.clip(last, centre - scale, centre + scale), abs=scale / 254 + 1e-9)
    # Every input's and hidden neuron's picture: its value on the neuron grid, scaled to its own largest |value|.
    small_inputs = features(frame["neuron_points"], names)
    on_small = by_hand.forward(layers, small_inputs)
    activations = [a for (kind, _, _), a in zip(layers, on_small) if kind != "Dense"][:len(frame["hidden"])]
    for expected, sent in zip([small_inputs] + activations, [frame["inputs"]] + frame["hidden"]):
        largest = np.abs(expected).max(axis=0)
        assert np.abs(sent).max(axis=0) == pytest.approx(np.where(largest > 0, largest, 0), rel=1e-6)  # own scale
        assert sent == pytest.approx(expected, abs=float(largest.max()) / 254 + 1e-9)
    for part, X, y in (("val", X_test, y_test), ("train", X_train, y_train)):
        if X is None or not frame["history"][f"{part}_loss"]:
            continue
        p = by_hand.forward(layers, features(X, names))[-1]
        if layers[-1][0] == "Softmax":
            expected = float(-np.mean(np.log(p[np.arange(len(p)), np.asarray(y, dtype=int)])))
            right = np.mean(p.argmax(axis=1) == y)
        else:
            expected = by_hand.binary_cross_entropy(p, y)
            right = np.mean((p[:, 0] >= 0.5) == y)
        assert frame["history"][f"{part}_loss"][-1] == pytest.approx(expected, rel=1e-7), part
        assert frame["history"][f"{part}_accuracy"][-1] == pytest.approx(right), part


def check_playground(lesson, name, steps=3):
    """Press "one step" ``steps`` times on the Playground bound to ``name`` in the lesson's kernel, then check
    the last frame its browser view was sent: the epoch, the test loss, the prediction, every neuron's
    picture and the weights, against maths on the network's weights."""
    start = lesson.get(f"{name}.trainer.epoch")
    for _ in range(steps):
        lesson.run(f"{name}.controls['step'].click()")
    seen = lesson.get(f"dict(layers={by_hand.DESCRIBE.format(net=name + '.network')}, data={name}.data, "
                      f"frame={name}.view.last_frame, output={name}.network.output_activation)")
    frame = read_frame(*seen["frame"])
    assert frame["epoch"] == start + steps
    X_train, y_train, X_test, y_test = (np.asarray(a, dtype=float) for a in seen["data"])
    if seen["output"] in ("sigmoid", "softmax"):
        check_frame(frame, seen["layers"], X_test, y_test, X_train, y_train)
    else:
        check_frame(frame, seen["layers"])
    return seen
