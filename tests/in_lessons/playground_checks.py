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
    """A frame as numbers: each hidden layer's values on the neuron grid (points, neurons), the output on
    the output grid, the (W, b) of each layer, the grids' points, and the data when the frame has it."""
    sizes, n, g = content["sizes"], content["neuron_grid"], content["output_grid"]
    hidden_bytes = np.asarray(buffers[0], dtype=float).ravel()
    scales, hidden, at = list(content["hidden_scales"]), [], 0
    for width in sizes[1:-1]:
        block = hidden_bytes[at:at + width * n * n].reshape(width, n * n).T  # (points, neurons)
        hidden.append(decode(block, 0.0, scales[:width]))
        scales, at = scales[width:], at + width * n * n
    assert at == len(hidden_bytes) and not scales, "the frame has more (or fewer) neuron pictures than neurons"
    output = decode(buffers[1], content["output_centre"], content["output_scale"])
    flat, weights = np.asarray(buffers[2], dtype=float).ravel(), []
    for a, b in zip(sizes, sizes[1:]):
        weights.append((flat[:a * b].reshape(a, b), flat[a * b:a * b + b]))
        flat = flat[a * b + b:]
    assert flat.size == 0
    x1lo, x1hi, x2lo, x2hi = content["bounds"]
    x1, x2 = np.linspace(x1lo, x1hi, g), np.linspace(x2lo, x2hi, g)
    every = g // n  # the neuron pictures are rows and columns every/2, every/2 + every, ... of the output grid
    frame = {"hidden": hidden, "output": output, "weights": weights, "epoch": content["epoch"],
             "output_points": np.column_stack([a.ravel() for a in np.meshgrid(x1, x2)]),  # row = x2, column = x1
             "neuron_points": np.column_stack([a.ravel() for a in np.meshgrid(x1[every // 2::every], x2[every // 2::every])]),
             "history": content["history"], "content": content}
    if content["full"]:
        p, n_train, n_test = np.asarray(buffers[3], dtype=float).ravel(), content["n_train"], content["n_test"]
        frame["data"] = (p[:2 * n_train].reshape(-1, 2), p[2 * n_train:3 * n_train],
                         p[3 * n_train:3 * n_train + 2 * n_test].reshape(-1, 2), p[3 * n_train + 2 * n_test:])
    return frame


def check_frame(frame, layers, X_test=None, y_test=None):
    """The frame's pictures and weights are those of the network described by ``layers`` (by_hand.DESCRIBE)."""
    dense = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for kind, W, b in layers if kind == "Dense"]
    assert len(frame["weights"]) == len(dense)
    for (W, b), (W_sent, b_sent) in zip(dense, frame["weights"]):
        assert W_sent == pytest.approx(W, rel=1e-6, abs=1e-7) and b_sent == pytest.approx(b, rel=1e-6, abs=1e-7)
    # The prediction on the output grid, to within the byte's resolution (half of scale / 127, after rounding).
    outputs = by_hand.forward(layers, frame["output_points"])
    scale = frame["content"]["output_scale"]
    assert frame["output"] == pytest.approx(np.clip(outputs[-1][:, 0], frame["content"]["output_centre"] - scale,
                                                    frame["content"]["output_centre"] + scale), abs=scale / 254 + 1e-9)
    # Every hidden neuron's picture: its activation on the neuron grid, scaled to its own largest |value|.
    on_small = by_hand.forward(layers, frame["neuron_points"])
    activations = [a for (kind, _, _), a in zip(layers, on_small) if kind != "Dense"][:len(frame["hidden"])]
    for expected, sent in zip(activations, frame["hidden"]):
        largest = np.abs(expected).max(axis=0)
        assert np.abs(sent).max(axis=0) == pytest.approx(largest, rel=1e-6)  # each neuron's own scale
        assert sent == pytest.approx(expected, abs=float(largest.max()) / 254 + 1e-9)
    if X_test is not None and frame["history"]["val_loss"]:
        expected = by_hand.binary_cross_entropy(by_hand.forward(layers, X_test)[-1], y_test)
        assert frame["history"]["val_loss"][-1] == pytest.approx(expected, rel=1e-7)


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
    check_frame(frame, seen["layers"], *((X_test, y_test) if seen["output"] == "sigmoid" else ()))
    return seen
