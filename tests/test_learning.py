"""dlkit really learns: XOR, handwritten digits, and a spiral that needs depth."""
import numpy as np

import dlkit
from dlkit.datasets import Standardizer, load_digits, spiral, train_test_split


def test_xor_reaches_100_percent():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 1, 1, 0])
    net = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
    net.fit(X, y, lr=0.5, epochs=1000, batch_size=4)
    assert np.array_equal(net.predict(X), y)


def test_a_single_node_cannot_learn_xor():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 1, 1, 0])
    net = dlkit.mlp([2, 1], output="sigmoid", seed=0)  # no hidden layer: one straight decision line
    net.fit(X, y, lr=0.5, epochs=1000, batch_size=4)
    assert np.mean(net.predict(X) == y) <= 0.75


def test_digits_test_accuracy_at_least_95_percent():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_ratio=0.25, seed=0)
    scaler = Standardizer().fit(X_train)
    net = dlkit.mlp([64, 32, 10], activation="relu", output="softmax", seed=0)
    net.fit(scaler.transform(X_train), y_train, lr=0.05, epochs=30, batch_size=32)
    accuracy = np.mean(net.predict(scaler.transform(X_test)) == y_test)
    assert accuracy >= 0.95, accuracy


def test_spiral_defeats_a_small_shallow_network_but_not_a_deeper_one():
    X, y = spiral(n=400, noise=0.0, seed=0)
    X = X / 6  # the Playground's [-6, 6] frame scaled to [-1, 1]
    accuracy = {}
    for name, sizes in {"shallow": [2, 4, 1], "deep": [2, 16, 16, 16, 1]}.items():
        net = dlkit.mlp(sizes, activation="relu", output="sigmoid", seed=0)
        net.fit(X, y, optimizer="adam", lr=0.01, epochs=300, batch_size=32)
        accuracy[name] = np.mean(net.predict(X) == y)
    assert accuracy["shallow"] < 0.8 and accuracy["deep"] > 0.97, accuracy
