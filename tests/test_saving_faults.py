"""Saving and loading faults that once passed silently or escaped as the wrong error.

A parameter lost because two share a name; a learner's own ``Tanh`` taking the place of dlkit's; and files
damaged or forged so that ``load`` raised something other than its one ValueError, or loaded numbers that are not
weights.
"""
import json
import zipfile

import numpy as np
import pytest

import dlkit
from dlkit.layers import Layer


@pytest.fixture
def registry():
    """Classes defined in a test leave the layer registry as it was."""
    saved = dict(Layer.registry)
    yield Layer.registry
    Layer.registry.clear()
    Layer.registry.update(saved)


def write_npz(path, architecture, arrays):
    np.savez(path, __architecture__=np.array(architecture if isinstance(architecture, str) else
                                             json.dumps(architecture)), **arrays)
    return path


# -- parameter names ------------------------------------------------------------------------------------------

def test_two_parameters_of_one_layer_with_one_name_are_refused_at_save(registry, tmp_path):
    class TwoScales(dlkit.Layer):
        def __init__(self, n: int = 3):
            self.n, self.a, self.b = n, np.full(n, 2.0), np.full(n, 3.0)
            self.da, self.db = np.zeros(n), np.zeros(n)

        def forward(self, X):
            self.X = X
            return X * self.a + self.b

        def backward(self, grad):
            self.da[...], self.db[...] = (grad * self.X).sum(axis=0), grad.sum(axis=0)
            return grad * self.a

        def parameters(self):
            return [dlkit.Parameter("w", self.a, self.da), dlkit.Parameter("w", self.b, self.db)]  # one name twice

        def config(self):
            return {"n": self.n}

    net = dlkit.Network([dlkit.Dense(2, 3, seed=0), TwoScales()])
    with pytest.raises(ValueError, match=r"cannot save layer 1 \(TwoScales\): two of its parameters are named 'w', "
                                         r"so the file could keep only one of them\. Give each parameter in "
                                         r"TwoScales.parameters\(\) a name of its own"):
        net.save(tmp_path / "two")
    assert not (tmp_path / "two.npz").exists()


# -- layers are found by module and class name ----------------------------------------------------------------

def test_a_learners_own_tanh_lives_beside_dlkits(registry, tmp_path):
    class Tanh(dlkit.Activation):  # a learner's own, under the same name as dlkit's
        def function(self, Z):
            return np.tanh(Z)

        def derivative(self, Z):
            return 1 - np.tanh(Z) ** 2

    X = np.random.default_rng(0).normal(size=(4, 2))
    plain = dlkit.mlp([2, 3, 1], activation="tanh", seed=0)
    plain.save(tmp_path / "plain")                                  # failed: "Tanh" meant hers
    again = dlkit.load(tmp_path / "plain")
    assert type(again.layers[1]) is dlkit.Tanh and np.array_equal(again.forward(X), plain.forward(X))
    with np.load(tmp_path / "plain.npz") as data:
        assert [e["type"] for e in json.loads(str(data["__architecture__"]))] == ["dlkit.layers.Dense",
                                                                                 "dlkit.layers.Tanh",
                                                                                 "dlkit.layers.Dense"]
    hers = dlkit.Network([dlkit.Dense(2, 3, seed=0), Tanh(), dlkit.Dense(3, 1, seed=1)])
    hers.save(tmp_path / "hers")
    assert type(dlkit.load(tmp_path / "hers").layers[1]) is Tanh

    # a file written before (bare class names) still loads dlkit's own layers
    old = write_npz(tmp_path / "old.npz", [{"type": "Dense", "n_in": 2, "n_out": 3, "init": "xavier"}, {"type": "Tanh"},
                                           {"type": "Dense", "n_in": 3, "n_out": 1, "init": "xavier"}],
                    {name: p.value for name, p in plain.named_parameters()})
    loaded = dlkit.load(old)
    assert type(loaded.layers[1]) is dlkit.Tanh and np.array_equal(loaded.forward(X), plain.forward(X))


def test_a_file_naming_a_learners_layer_the_old_way_finds_it_when_only_one_has_that_name(registry, tmp_path):
    class Doubler(dlkit.Activation):
        def function(self, Z):
            return 2 * Z

        def derivative(self, Z):
            return 2 * np.ones_like(Z)

    dense = {"type": "Dense", "n_in": 2, "n_out": 2, "init": "xavier"}
    weights = {"dense0.W": np.eye(2), "dense0.b": np.zeros(2)}
    path = write_npz(tmp_path / "old.npz", [dense, {"type": "Doubler"}], weights)
    assert type(dlkit.load(path).layers[1]) is Doubler

    def elsewhere():
        class Doubler(dlkit.Activation):  # another class of that name, defined in another place
            pass
        return Doubler

    assert elsewhere() is not Doubler
    with pytest.raises(ValueError, match=r"layer 1 is a 'Doubler', and this Python session has 2 layer classes of "
                                         r"that name"):
        dlkit.load(path)


# -- load: every failure is one ValueError --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 30_000 + "1" + "}" * 30_000])
def test_an_architecture_nested_too_deeply_is_a_value_error(tmp_path, text):
    path = write_npz(tmp_path / "deep.npz", text, {})
    assert path.stat().st_size < 1_000_000  # under the size cap: refused for its nesting, not its size
    with pytest.raises(ValueError, match="nested too deeply"):
        dlkit.load(path)


def small_network_file(tmp_path):
    return dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0).save(tmp_path / "small")


def test_a_damaged_zip_directory_is_a_value_error(tmp_path):
    """One byte of the zip's central directory: 'version needed to extract' 255 raised NotImplementedError."""
    data = bytearray(small_network_file(tmp_path).read_bytes())
    start = data.index(b"PK\x01\x02")
    data[start + 6] = 255                      # version needed to extract, of the first entry
    path = tmp_path / "damaged.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged"):
        dlkit.load(path)


def test_any_one_damaged_byte_gives_a_network_or_one_value_error(tmp_path):
    original = small_network_file(tmp_path).read_bytes()
    directory = original.index(b"PK\x01\x02")
    path = tmp_path / "damaged.npz"
    escaped = []
    for i in range(len(original)):
        values = (0x00, 0xFF, original[i] ^ 0x01) if i >= directory else (original[i] ^ 0xFF,)
        for value in values:
            data = bytearray(original)
            data[i] = value
            path.write_bytes(bytes(data))
            try:
                dlkit.load(path)
            except ValueError:
                pass
            except Exception as error:  # noqa: BLE001 - the point: nothing else may escape
                escaped.append(f"byte {i} = {value}: {type(error).__name__}: {error}")
    assert not escaped, "\n".join(escaped[:10])


@pytest.mark.parametrize("weights, what", [
    (np.array([[1 + 2j], [3.0]]), "complex numbers"),
    (np.array([["2024-01-01"], ["2024-01-02"]], dtype="datetime64[D]"), "dates"),
    (np.array([[1], [2]], dtype="timedelta64[s]"), "time spans"),
    (np.array([["a"], ["b"]]), "text"),
    (np.array([[1.0], [None]], dtype=object), "Python objects"),
])
def test_weights_that_are_not_real_numbers_are_refused(tmp_path, weights, what):
    path = write_npz(tmp_path / "odd.npz", [{"type": "Dense", "n_in": 2, "n_out": 1, "init": "xavier"}],
                     {"dense0.W": weights, "dense0.b": np.zeros(1)})
    message = ("holds Python objects; a network file holds numbers only" if weights.dtype == object else
               rf"holds {what} \(.*\), but a network's weights are real numbers")
    with pytest.raises(ValueError, match=rf"the array 'dense0.W' {message}"):
        dlkit.load(path)
