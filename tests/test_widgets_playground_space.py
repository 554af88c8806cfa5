"""The Playground over its whole control space: settings drawn by hypothesis from every control's range (every data
set, 2 to 5 classes, any set of inputs, noise, train part, depth 0 to 10, width 1 to 32, every activation, learning
rate, optimiser, L1, L2 and batch size), trained two epochs. Whatever the setting, what the browser is sent must be
the truth about the network drawn, computed here in numpy: the loss and accuracy on the training and the test points
with the weights it ends with; a run that blows up stops with a message and sends no NaN; its share code brings the
same setup back. Derandomised, so every run tries the same settings."""
import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlkit import datasets, widgets
from dlkit.widgets import playground as P

from in_lessons.by_hand import FUNCTIONS
from test_widgets_playground import Browser

CONTROLS = st.fixed_dictionaries({
    "dataset": st.sampled_from(datasets.CLASSIFICATION + datasets.REGRESSION),
    "classes": st.integers(2, 5),
    "features": st.sets(st.sampled_from(tuple(P.FEATURES)), min_size=1).map(sorted).map(tuple),
    "noise": st.sampled_from(np.round(np.arange(0, 0.51, 0.05), 2).tolist()),
    "train_ratio": st.sampled_from(np.round(np.arange(0.1, 0.91, 0.1), 1).tolist()),
    "depth": st.integers(0, P.MAX_DEPTH),
    "width": st.integers(1, P.MAX_WIDTH),
    "activation": st.sampled_from(P.PLAYGROUND_ACTIVATIONS),
    "lr": st.sampled_from(P.LEARNING_RATES),
    "optimizer": st.sampled_from(P.OPTIMIZERS),
    "l2": st.sampled_from(P.L2_CHOICES),
    "l1": st.sampled_from(P.L2_CHOICES),
    "batch_size": st.integers(1, 50),
})


def truth(pg, X, y):
    """(loss, accuracy or None) of the network as it is, on points X of the plane, written out in numpy."""
    a = pg.inputs(X)
    for layer in pg.network.layers:
        kind = type(layer).__name__
        a = a @ layer.W + layer.b if kind == "Dense" else FUNCTIONS[kind](a)
    y = np.asarray(y)
    if pg.network.output_activation == "sigmoid":
        p = np.clip(a[:, 0], 1e-12, 1 - 1e-12)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), np.mean((p >= 0.5) == y)
    if pg.network.output_activation == "softmax":
        p = np.clip(a[np.arange(len(y)), y.astype(int)], 1e-12, 1)
        return -np.mean(np.log(p)), np.mean(a.argmax(axis=1) == y)
    return np.mean((a[:, 0] - y) ** 2), None


def sent_numbers(content):
    return [v for key in ("train_loss", "val_loss", "train_accuracy", "val_accuracy")
            for v in content["history"][key]]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(CONTROLS)
def test_every_setting_sends_the_truth_about_the_network_drawn(controls):
    pg = widgets.Playground(n=200, **controls)
    browser = Browser(pg)
    pg.train(2)
    content, _ = browser.frames()[-1]
    json.dumps(content, allow_nan=False)  # nothing the browser cannot read: a blown-up loss is sent as null
    if pg.history.diverged:
        assert "diverged" in pg.text() and not pg.controls["play"].value, pg.text()
        return
    X_train, y_train, X_test, y_test = pg.data
    h = content["history"]
    assert content["epoch"] == 2 and len(h["train_loss"]) == 2
    for part, X, y in (("train", X_train, y_train), ("val", X_test, y_test)):
        loss, accuracy = truth(pg, X, y)
        sent = h[f"{part}_loss"][-1]
        if math.isfinite(loss) and loss < 1e6:  # a loss that large is not read to its last digits
            assert sent is not None and np.isclose(sent, loss, rtol=1e-6, atol=1e-9), (part, sent, loss, controls)
        if accuracy is None:
            assert h[f"{part}_accuracy"][-1] is None
        else:
            assert np.isclose(h[f"{part}_accuracy"][-1], accuracy), (part, controls)
    twin = widgets.Playground(n=200)
    twin.controls["share"].value = pg.share_code()
    assert {k: twin.value(k) for k in controls} == {k: pg.value(k) for k in controls}
