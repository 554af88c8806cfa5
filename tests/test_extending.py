"""dlkit at its edges: a learner's own layer, misuse, reuse and hostile files.

Each test is a class of fault that once gave silently wrong results: a custom layer never trained, an
optimiser's memory leaking between networks, a last update's blow-up unnoticed, decay dropped, a shared
layer corrupting backprop, odd targets "working", and files that allocate what they declare.
"""
import io
import json
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

import dlkit
from dlkit.datasets import circle


class Scale(dlkit.Layer):
    """A learner's own layer, written like Dense: y = x * gamma, one gamma per feature."""

    def __init__(self, n: int, start: float = 1.0):
        self.n, self.start = n, start
        self.gamma = np.full(n, float(start))
        self.dgamma = np.zeros(n)
        self.X = None

    def forward(self, X):
        self.X = X
        return X * self.gamma

    def backward(self, grad):
        self.dgamma[...] = (grad * self.X).sum(axis=0)
        return grad * self.gamma

    def parameters(self):
        return [dlkit.Parameter("gamma", self.gamma, self.dgamma)]

    def config(self):
        return {"n": self.n, "start": self.start}


def scaled_network(seed=0):
    return dlkit.Network([dlkit.Dense(2, 4, seed=seed), dlkit.Tanh(), Scale(4), dlkit.Dense(4, 1, seed=seed + 1),
                          dlkit.Sigmoid()])


@pytest.fixture(scope="module")
def data():
    X, y = circle(n=120, noise=0.1, seed=0)
    return X / 6, y


def test_a_custom_layer_is_trained_counted_checked_zeroed_and_saved(data, tmp_path):
    X, y = data
    net = scaled_network()
    assert [name for name, _ in net.named_parameters()] == ["dense0.W", "dense0.b", "scale0.gamma", "dense1.W",
                                                            "dense1.b"]
    assert net.n_parameters() == 12 + 4 + 5
    assert dlkit.gradcheck(net, None, X[:6], y[:6]).ok
    net.fit(X, y, optimizer="adam", lr=0.05, epochs=5, seed=0)
    gamma = net.layers[2].gamma
    assert not np.allclose(gamma, 1.0), "the custom layer's parameter was never trained"
    net.zero_grad()
    assert np.all(net.layers[2].dgamma == 0)
    path = net.save(tmp_path / "scaled")                         # no .npz: save adds it, load finds it
    again = dlkit.load(tmp_path / "scaled")
    assert path.name == "scaled.npz" and np.array_equal(again.layers[2].gamma, gamma)
    assert np.array_equal(again.forward(X), net.forward(X))


def test_a_layer_whose_parameters_are_not_parameters_is_refused():
    class Broken(Scale):
        def parameters(self):
            return [self.gamma]                                   # an array, not a Parameter

    with pytest.raises(TypeError, match=r"Broken.parameters\(\) should return dlkit.Parameter objects"):
        dlkit.Network([dlkit.Dense(2, 4), Broken(4)])


def test_a_layer_object_may_appear_only_once():
    tanh = dlkit.Tanh()
    with pytest.raises(ValueError, match="layer 3 is the same object as layer 1"):
        dlkit.Network([dlkit.Dense(2, 3), tanh, dlkit.Dense(3, 3), tanh, dlkit.Dense(3, 1)])


@pytest.mark.parametrize("make", [lambda: dlkit.Adam(lr=0.01), lambda: dlkit.SGD(lr=0.1, momentum=0.9)],
                         ids=["adam", "momentum"])
def test_one_optimiser_reused_for_ten_networks_gives_what_fresh_ones_give(make, data):
    X, y = data
    shared = make()
    for seed in range(10):
        reused = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=seed)
        reused.fit(X, y, optimizer=shared, epochs=2, seed=seed)
        fresh = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=seed)
        fresh.fit(X, y, optimizer=make(), epochs=2, seed=seed)
        for a, b in zip(reused.parameters(), fresh.parameters()):
            assert np.array_equal(a.value, b.value), f"network {seed}: the reused optimiser remembered another net"
        del reused, fresh  # freed arrays may be reused by the next network: its memory must not be inherited


def test_weight_decay_is_honoured_or_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="weight_decay=0.5 was given together with an optimiser object"):
        dlkit.get_optimizer(dlkit.SGD(lr=0.1), weight_decay=0.5)
    with pytest.raises(ValueError, match="set it on the optimiser"):
        dlkit.mlp([2, 4, 1], output="sigmoid").fit(X, y, optimizer=dlkit.SGD(lr=0.1), weight_decay=0.5)
    assert dlkit.get_optimizer(dlkit.SGD(lr=0.1, weight_decay=0.5), weight_decay=0.5).weight_decay == 0.5


def test_a_blow_up_in_the_very_last_update_is_caught(data):
    X, y = data
    net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
    with pytest.warns(dlkit.DivergenceWarning):
        history = net.fit(X, y, lr=1e300, epochs=1, batch_size=len(X))  # one step: its loss was measured before it
    assert history.diverged


@pytest.mark.parametrize("y_shape, message", [((120, 1, 1), "one label or one row of targets per example"),
                                              ((120, 2), "binary cross-entropy takes one label")])
def test_odd_targets_are_refused(data, y_shape, message):
    X, _ = data
    with pytest.raises(ValueError, match=message):
        dlkit.mlp([2, 4, 1], output="sigmoid").fit(X, np.zeros(y_shape), epochs=1)


@pytest.mark.parametrize("bad, message", [
    (lambda net, X: net.backward(np.ones(3)), r"expects a gradient of shape \(5, 1\), the shape of its last output"),
    (lambda net, X: net.fit(X + 1j, np.zeros(5)), "should hold real numbers, but it holds complex numbers"),
    (lambda net, X: net.fit(X, np.zeros(5), callback=lambda history: None), r"callback\(epoch, history\)"),
    (lambda net, X: net.fit(X, np.zeros(5), callback="stop"), "callback should be a function"),
    (lambda net, X: setattr(net.trainer(X, np.zeros(5)), "batch_size", 0), "batch_size should be at least 1"),
])
def test_misuse_gets_plain_words(bad, message):
    net = dlkit.mlp([2, 3, 1], output="sigmoid", seed=0)
    X = np.ones((5, 2))
    net.forward(X)
    with pytest.raises((ValueError, TypeError), match=message):
        bad(net, X)


def test_lists_work_as_arrays():
    dense = dlkit.Dense(2, 3, seed=0)
    assert np.array_equal(dense.forward([[1.0, 2.0]]), dense.forward(np.array([[1.0, 2.0]])))
    assert dense.backward([[1.0, 0.0, 0.0]]).shape == (1, 2)


# -- files ----------------------------------------------------------------------------------------

def write_npz(path, architecture, arrays):
    np.savez_compressed(path, __architecture__=np.array(json.dumps(architecture)), **arrays)
    return path


@pytest.mark.parametrize("n, message", [
    (20000, "declares more than 50,000,000 parameters"),                           # 3.2 GB: over any course network
    (3000, r"dense0.W should have shape \(3000, 3000\), but it has shape \(1, 1\)"),  # 72 MB, but not in the file
])
def test_a_small_file_declaring_a_huge_layer_is_refused_fast_without_allocating(tmp_path, n, message):
    path = write_npz(tmp_path / "hostile.npz", [{"type": "Dense", "n_in": n, "n_out": n, "init": "xavier"}],
                     {"dense0.W": np.zeros((1, 1)), "dense0.b": np.zeros(1)})
    assert path.stat().st_size < 1000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValueError, match=message):
        dlkit.load(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 5_000_000  # nothing of the declared layer was allocated


def npy_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array))
    return buffer.getvalue()


def test_an_array_header_that_promises_more_than_the_file_holds_is_refused(tmp_path):
    # A well-formed archive whose array header says (9, 1) while only the 2 x 1 numbers are stored.
    forged = tmp_path / "forged.npz"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("__architecture__.npy", npy_bytes(json.dumps([{"type": "Dense", "n_in": 9, "n_out": 1}])))
        archive.writestr("dense0.W.npy", npy_bytes(np.zeros((2, 1))).replace(b"(2, 1)", b"(9, 1)"))
        archive.writestr("dense0.b.npy", npy_bytes(np.zeros(1)))
    with pytest.raises(ValueError, match=r"declares shape \(9, 1\) \(72 bytes\), but the file holds only 16"):
        dlkit.load(forged)


@pytest.mark.parametrize("architecture, message", [
    ("not json", "not valid JSON"),
    ({"type": "Dense"}, "should be a list of layers"),
    ([{"n_in": 2}], "should be a list of layers"),
    ([{"type": "Dense", "n_in": "2", "n_out": 1}], "whole-number sizes"),
    ([{"type": "Dense", "n_in": 2, "n_out": 1}, {"type": "Dense", "n_in": 3, "n_out": 1}], "expects 3 inputs"),
    ([{"type": "Dense", "n_in": 2, "n_out": 1}, {"type": "Teleporter"}], "does not define"),
    ([{"type": "Dense", "n_in": 2, "n_out": 1}, {"type": "Tanh", "speed": 3}], "cannot be rebuilt"),
])
def test_every_malformed_file_is_one_plain_value_error(tmp_path, architecture, message):
    text = architecture if isinstance(architecture, str) else json.dumps(architecture)
    path = tmp_path / "bad.npz"
    np.savez(path, __architecture__=np.array(text), **{"dense0.W": np.zeros((2, 1)), "dense0.b": np.zeros(1)})
    with pytest.raises(ValueError, match=message):
        dlkit.load(path)


def test_files_that_are_not_networks(tmp_path):
    (tmp_path / "notes.npz").write_text("hello")
    with pytest.raises(ValueError, match="not a .npz archive"):
        dlkit.load(tmp_path / "notes.npz")
    np.savez(tmp_path / "plain.npz", x=np.zeros(3))
    with pytest.raises(ValueError, match="no architecture entry"):
        dlkit.load(tmp_path / "plain.npz")
    np.savez(tmp_path / "objects.npz", __architecture__=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match="holds Python objects"):
        dlkit.load(tmp_path / "objects.npz")
    with pytest.raises(FileNotFoundError, match="no network file"):
        dlkit.load(tmp_path / "missing")


def test_save_and_load_agree_on_paths(tmp_path):
    net = dlkit.mlp([2, 3, 1], seed=0)
    written = net.save(tmp_path / "model")
    assert written == tmp_path / "model.npz"
    for name in ("model", "model.npz"):
        assert np.array_equal(dlkit.load(tmp_path / name).forward(np.ones((1, 2))), net.forward(np.ones((1, 2))))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dlkit.Network.load(str(tmp_path / "model"))
