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
