"""What a Playground shows, checked against a forward pass written here: used by the lessons that have one."""
import numpy as np
import pytest

from . import by_hand
from .reading import numbers_after


def check_playground(lesson, name, steps=3):
    """Press "one step" ``steps`` times on the Playground bound to ``name`` in the lesson's kernel, then
    compare its epoch counter, its test-loss readout, its prediction picture and its links with maths."""
    start = lesson.get(f"{name}.trainer.epoch")
    for _ in range(steps):
        lesson.run(f"{name}.controls['step'].click()")
    seen = lesson.get(
        f"dict(layers={by_hand.DESCRIBE.format(net=name + '.network')}, data={name}.data, "
        f"epoch_label={name}.controls['epoch'].value, title={name}.picture.loss.ax.get_title(), "
        f"grid={name}.picture.points, surface={name}.picture.surface.image.get_array().filled(np.nan), "
        f"widths={name}.picture.drawing.links.get_linewidths(), colours={name}.picture.drawing.links.get_colors(), "
        f"output={name}.network.output_activation)")
    assert seen["epoch_label"] == f"epoch {start + steps}"
    X_train, y_train, X_test, y_test = (np.asarray(a, dtype=float) for a in seen["data"])
    outputs = by_hand.forward(seen["layers"], X_test)
    if seen["output"] == "sigmoid":
        expected = by_hand.binary_cross_entropy(outputs[-1], y_test)
        assert numbers_after(seen["title"], "test (dashed)")[0] == pytest.approx(expected, abs=6e-4), seen["title"]
    # The prediction picture: the network's output at every point of its grid (row = x2, column = x1).
    prediction = by_hand.forward(seen["layers"], seen["grid"])[-1][:, 0]
    surface = np.asarray(seen["surface"], dtype=float)
    assert surface.ravel() == pytest.approx(prediction, abs=1e-9)
    # The links: one per weight, as wide as its size (the widest is the largest) and blue when positive.
    weights = np.concatenate([np.ravel(W) for kind, W, _ in seen["layers"] if kind == "Dense"])
    widths = np.asarray(seen["widths"], dtype=float)
    assert len(widths) == len(weights)
    assert np.all(np.diff(widths[np.argsort(np.abs(weights))]) >= -1e-12)  # wider for larger |weight|
    assert widths[np.argmax(np.abs(weights))] == pytest.approx(widths.max())
    blue = np.asarray(seen["colours"], dtype=float)[:, 2] > 0.5  # BLUE has a strong blue channel, ORANGE not
    assert np.array_equal(blue, weights >= 0)
    return seen
