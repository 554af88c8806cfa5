"""The epoch explorer (lesson 07) without a kernel: it copies what it is given, checks it, and its slider
changes the picture."""
import numpy as np
import pytest

import dlkit
from dlkit import widgets

EPOCHS = 12


@pytest.fixture(scope="module")
def run():
    X, y = dlkit.datasets.circle(n=60, noise=0.2, seed=0)
    X = X / 6
    net = dlkit.mlp([2, 6, 1], activation="tanh", output="sigmoid", seed=0)
    snapshots = []
    net.fit(X[:30], y[:30], lr=0.5, epochs=EPOCHS, batch_size=10,
            callback=lambda epoch, history: snapshots.append([p.value.copy() for p in net.parameters()]))
    return net, snapshots, X[:30], y[:30], X[30:], y[30:]


def test_the_slider_runs_over_the_epochs_and_changes_the_picture(run):
    explorer = widgets.EpochExplorer(*run)
    slider = explorer.controls["epoch"]
    assert (slider.min, slider.max, slider.value) == (1, EPOCHS, EPOCHS)
    last = explorer.png()
    slider.value = 1
    assert explorer.png() != last
    assert explorer.text().startswith(f"after epoch 1 of {EPOCHS}:")
    assert len(explorer.test_loss) == len(explorer.train_accuracy) == EPOCHS


def test_it_works_on_copies_of_the_network_and_of_the_snapshots(run):
    net, snapshots, *data = run
    weights = [p.value.copy() for p in net.parameters()]
    kept = [[v.copy() for v in epoch] for epoch in snapshots]
    explorer = widgets.EpochExplorer(net, snapshots, *data, epoch=3)
    explorer.controls["epoch"].value = 1
    assert all(np.array_equal(p.value, w) for p, w in zip(net.parameters(), weights))  # the given network
    snapshots[0][0] += 100.0   # a later cell changing the list it was given ...
    try:
        before = explorer.png()
        explorer.controls["epoch"].value = 2
        explorer.controls["epoch"].value = 1
        assert explorer.png() == before  # ... changes nothing it shows
    finally:
        snapshots[0][0] -= 100.0
    assert all(np.allclose(a, b) for a, b in zip(snapshots[0], kept[0]))


def test_bad_arguments_get_plain_errors(run):
    net, snapshots, X, y, X_test, y_test = run
    with pytest.raises(ValueError, match="snapshots is empty"):
        widgets.EpochExplorer(net, [], X, y, X_test, y_test)
    with pytest.raises(ValueError, match="after epoch 2 have shapes"):
        widgets.EpochExplorer(net, [snapshots[0], snapshots[1][:2]], X, y, X_test, y_test)
    with pytest.raises(ValueError, match="2 inputs and a sigmoid output"):
        widgets.EpochExplorer(dlkit.mlp([3, 4, 1], output="sigmoid"), snapshots, X, y, X_test, y_test)
    with pytest.raises(ValueError, match=r"X_test should have shape \(N, 2\)"):
        widgets.EpochExplorer(net, snapshots, X, y, X_test[:, :1], y_test)
    with pytest.raises(ValueError, match="X_train has 30 points but its labels have 29"):
        widgets.EpochExplorer(net, snapshots, X, y[:29], X_test, y_test)


# -- Every epoch on the slider: the text and the picture against a forward pass written here -----------------------

def by_hand(weights, X, y):
    """The run's network, Dense -> tanh -> Dense -> sigmoid, by hand: (p over X, loss, accuracy). Accuracy: p >= 0.5
    is class 1."""
    W1, b1, W2, b2 = weights
    z = (np.tanh(np.asarray(X) @ W1 + b1) @ W2 + b2)[:, 0]
    p, y = 1 / (1 + np.exp(-z)), np.asarray(y, dtype=float)
    return p, float(np.mean(np.logaddexp(0, z) - y * z)), float(np.mean((p >= 0.5) == (y == 1)))


def test_every_epoch_says_and_draws_that_epochs_network(run, monkeypatch):
    from dlkit import plots
    monkeypatch.setattr(plots, "png", lambda fig: b"")
    net, snapshots, X, y, X_test, y_test = run
    explorer = widgets.EpochExplorer(*run)
    losses = np.array([[by_hand(w, X, y)[1], by_hand(w, X_test, y_test)[1]] for w in snapshots])
    for k in list(range(EPOCHS, 0, -1)) + [1, EPOCHS]:  # every epoch, then both ends again
        explorer.controls["epoch"].value = k
        weights = snapshots[k - 1]
        _, train_loss, train_acc = by_hand(weights, X, y)
        _, test_loss, test_acc = by_hand(weights, X_test, y_test)
        text = explorer.text()
        assert text.startswith(f"after epoch {k} of {EPOCHS}: training loss {train_loss:.3f} (accuracy "
                               f"{train_acc:.2f}), test loss {test_loss:.3f} (accuracy {test_acc:.2f})"), (k, text)
        assert f"the {len(X)} training points" in text and f"the {len(X_test)} test points" in text
        left, right = explorer.figure.axes[:2]
        assert left.get_title() == f"after epoch {k}: test accuracy {test_acc:.2f}"
        # The surface is this epoch's probability of class 1, with its 0..1 colour bar.
        image = left.images[0]
        x1_low, x1_high, x2_low, x2_high = image.get_extent()
        n = image.get_array().shape[0]
        g1, g2 = np.meshgrid(np.linspace(x1_low, x1_high, n), np.linspace(x2_low, x2_high, n))
        p, _, _ = by_hand(weights, np.column_stack([g1.ravel(), g2.ravel()]), np.zeros(n * n))
        assert np.allclose(np.asarray(image.get_array()).ravel(), p, atol=1e-9), k
        bar = image.colorbar
        assert bar is not None and bar.ax in explorer.figure.axes and image.get_clim() == (0, 1)
        assert (bar.norm.vmin, bar.norm.vmax) == (0, 1) and bar.ax.get_ylabel() == "probability of class 1"
        # The curves: every epoch's losses; the marker and the line at epoch k, both in view.
        lines = {line.get_label(): line for line in right.lines}
        assert np.allclose(lines["training"].get_ydata(), losses[:, 0]) and np.allclose(lines["test"].get_ydata(),
                                                                                        losses[:, 1])
        assert np.allclose(lines["_losses at the chosen epoch"].get_xdata(), [k, k])
        assert np.allclose(lines["_losses at the chosen epoch"].get_ydata(), [train_loss, test_loss])
        assert np.allclose(lines["_chosen epoch"].get_xdata(), [k, k])
        low, high = right.get_xlim()
        assert low < 1 and EPOCHS < high and right.get_ylim()[0] == 0 and losses.max() <= right.get_ylim()[1]
