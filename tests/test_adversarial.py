"""Cases an adversarial review found, each against maths written here in numpy (not dlkit's own formulas)."""
import numpy as np
import pytest

import dlkit


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# -- 1. a learner's own loss formula is used, never dlkit's fused one ------------------------------------------

class WeightedBCE(dlkit.BinaryCrossEntropy):
    """Binary cross-entropy with the positives counted 10 times."""

    def value(self, p, y):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -np.mean(10 * y * np.log(p) + (1 - y) * np.log(1 - p))

    def gradient(self, p, y):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -(10 * y / p - (1 - y) / (1 - p)) / p.size


class WeightedCE(dlkit.CrossEntropy):
    """Cross-entropy with class 0 counted 5 times."""

    def value(self, p, onehot):
        w = np.where(onehot[:, :1] == 1, 5.0, 1.0)
        return -np.sum(w * onehot * np.log(p)) / len(p)

    def gradient(self, p, onehot):
        w = np.where(onehot[:, :1] == 1, 5.0, 1.0)
        return -w * onehot / p / len(p)


def _weighted_bce(p, y):
    return -np.mean(10 * y * np.log(p) + (1 - y) * np.log(1 - p))


def test_own_bce_formula_is_used_by_net_loss_and_fit():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 2)), (rng.random(40) < 0.3).astype(float)
    net = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
    p = net.forward(X)[:, 0]
    assert net.loss(X, y, WeightedBCE()) == pytest.approx(_weighted_bce(p, y), rel=1e-12)

    # one full-batch SGD step, by hand: the weighted loss's gradient through the network
    W1, b1, W2, b2 = (a.copy() for a in (net.layers[0].W, net.layers[0].b, net.layers[2].W, net.layers[2].b))
    h = np.tanh(X @ W1 + b1)
    q = sigmoid(h @ W2 + b2)[:, 0]
    dz = (-(10 * y / q - (1 - y) / (1 - q)) / len(y) * q * (1 - q))[:, None]
    W2_next = W2 - 0.5 * h.T @ dz
    history = net.fit(X, y, loss=WeightedBCE(), lr=0.5, epochs=1, batch_size=40)
    assert history.train_loss[0] == pytest.approx(_weighted_bce(q, y), rel=1e-12)
    np.testing.assert_allclose(net.layers[2].W, W2_next, rtol=1e-10)


def test_own_cross_entropy_formula_is_used_with_and_without_a_softmax():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 2)), rng.integers(0, 3, 30)
    onehot = np.eye(3)[y]
    w = np.where(y == 0, 5.0, 1.0)
    net = dlkit.mlp([2, 5, 3], activation="tanh", output="softmax", seed=0)
    p = net.forward(X)
    expected = -np.sum(w * np.log(p[np.arange(30), y])) / 30
    assert net.loss(X, y, WeightedCE()) == pytest.approx(expected, rel=1e-12)
    value, grad = WeightedCE().value_and_gradient(p, y)  # no network at all
    assert value == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(grad, -w[:, None] * onehot / p / 30, rtol=1e-12)
    history = net.fit(X, y, loss=WeightedCE(), lr=0.1, epochs=1, batch_size=30)
    assert history.train_loss[0] == pytest.approx(expected, rel=1e-12)


# -- 2. an old-protocol layer whose gradients share one array is refused, never guessed -----------------------

class SharedGradients(dlkit.Layer):
    def __init__(self, n=3):
        self.gamma, self.beta = np.ones(n), np.zeros(n)
        self.dgamma = self.dbeta = np.zeros(n)  # one array under two names

    def forward(self, X):
        self.X = X
        return X * self.gamma + self.beta

    def backward(self, grad):
        self.dgamma, self.dbeta = (grad * self.X).sum(axis=0), grad.sum(axis=0)
        return grad * self.gamma

    def parameters(self):
        return [dlkit.Parameter("gamma", self.gamma, self.dgamma),
                dlkit.Parameter("beta", self.beta, self.dbeta, decay=False)]


def test_parameters_sharing_one_gradient_array_are_refused():
    with pytest.raises(ValueError, match=r"self\.parameter\(\"gamma\"\)|own array") as error:
        dlkit.Network([dlkit.Dense(2, 3, seed=0), SharedGradients()])
    assert "dgamma" in str(error.value) and "dbeta" in str(error.value)


class SameGradientTwice(SharedGradients):
    def __init__(self, n=3):
        super().__init__(n)
        self.dbeta = np.zeros(n)

    def parameters(self):  # beta given gamma's gradient by mistake
        return [dlkit.Parameter("gamma", self.gamma, self.dgamma),
                dlkit.Parameter("beta", self.beta, self.dgamma, decay=False)]


def test_two_parameters_matched_to_one_attribute_are_refused():
    with pytest.raises(ValueError, match="dgamma"):
        dlkit.Network([dlkit.Dense(2, 3, seed=0), SameGradientTwice()])


# -- 3. losses that expect probabilities refuse values that are not -------------------------------------------

def test_bce_refuses_predictions_outside_0_1():
    with pytest.raises(ValueError, match="between 0 and 1.*from_logits=True"):
        dlkit.BinaryCrossEntropy()(np.array([[0.5], [1.7]]), [0, 1])
    assert dlkit.BinaryCrossEntropy()(np.array([[0.0], [1.0]]), [0, 1]) == pytest.approx(0, abs=1e-9)
    net = dlkit.mlp([2, 4, 1], activation="tanh", seed=0)  # identity output: scores, not probabilities
    X, y = np.random.default_rng(0).normal(size=(20, 2)) * 30, np.arange(20) % 2
    with pytest.raises(ValueError, match="sigmoid"):
        net.fit(X, y, loss="bce", epochs=2)


def test_cross_entropy_refuses_rows_that_are_not_probabilities():
    with pytest.raises(ValueError, match="between 0 and 1"):
        dlkit.CrossEntropy()(np.array([[3., 4.], [5., 6.]]), [0, 1])
    with pytest.raises(ValueError, match="add up to 1"):
        dlkit.CrossEntropy()(np.array([[0.2, 0.2], [0.5, 0.5]]), [0, 1])
    p = np.array([[0.25, 0.75], [0.5, 0.5]])
    assert dlkit.CrossEntropy()(p, [1, 0]) == pytest.approx(-np.mean(np.log([0.75, 0.5])), rel=1e-12)
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 3
    relu_out = dlkit.Network([dlkit.Dense(2, 3, seed=0), dlkit.ReLU()])
    with pytest.raises(ValueError, match="softmax"):
        relu_out.fit(X, y, loss="cross_entropy", epochs=1)


def test_sigmoid_output_with_cross_entropy_is_refused_up_front():
    net = dlkit.mlp([2, 4, 3], activation="tanh", output="sigmoid", seed=0)
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 3
    with pytest.raises(ValueError, match="softmax"):
        net.fit(X, y, loss="cross_entropy", epochs=1)
    with pytest.raises(ValueError, match="softmax"):
        net.loss(X, y, "cross_entropy")


# -- 4. one outlier in the last mini-batch is not a divergence ------------------------------------------------

def test_an_outlier_in_the_last_batch_does_not_stop_training():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (30, 1))
    y = np.sin(3 * X[:, 0])
    y[0] = 12.0
    net = dlkit.mlp([1, 16, 1], activation="tanh", seed=0)
    history = net.fit(X, y, optimizer="sgd", lr=0.01, epochs=100, batch_size=1)
    assert not history.diverged and history.epochs == 100
    full = np.mean((net.forward(X)[:, 0] - y) ** 2)  # the full-data loss stays near its start, never 10x it
    assert full < 10 * np.mean((dlkit.mlp([1, 16, 1], activation="tanh", seed=0).forward(X)[:, 0] - y) ** 2)


def test_a_truly_diverging_run_is_still_stopped():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (30, 1))
    with pytest.warns(dlkit.training.DivergenceWarning):
        history = dlkit.mlp([1, 16, 1], activation="tanh", seed=0).fit(X, np.sin(3 * X[:, 0]), lr=50.0, epochs=100,
                                                                         batch_size=1)
    assert history.diverged and history.epochs < 100


# -- 5. He initialisation for ReLU, whatever form the activation is given in ----------------------------------

@pytest.mark.parametrize("relu", ["relu", dlkit.ReLU(), dlkit.ReLU, dlkit.LeakyReLU(0.01), [dlkit.ReLU()],
                                  ["leaky_relu"]])
def test_relu_in_any_form_gets_he_initialisation(relu):
    W = dlkit.mlp([400, 300, 1], activation=relu, seed=0).layers[0].W
    assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)  # He: std sqrt(2 / n_in); Xavier is sqrt(1 / 350)


@pytest.mark.parametrize("tanh", ["tanh", dlkit.Tanh(), dlkit.Tanh, [dlkit.Sigmoid()]])
def test_other_activations_keep_xavier(tanh):
    W = dlkit.mlp([400, 300, 1], activation=tanh, seed=0).layers[0].W
    assert W.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)  # uniform in +-sqrt(6 / 700): std sqrt(2 / 700)


# -- 6. a learner's own subclass of Sigmoid or Softmax is that output ----------------------------------------

class MySigmoid(dlkit.Sigmoid):
    pass


class MySoftmax(dlkit.Softmax):
    pass


def test_own_sigmoid_subclass_is_a_sigmoid_output():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), np.arange(20) % 2
    net = dlkit.Network([dlkit.Dense(2, 1, seed=0), MySigmoid()])
    p = sigmoid(X @ net.layers[0].W + net.layers[0].b)[:, 0]
    assert isinstance(net.default_loss(), dlkit.BinaryCrossEntropy)
    np.testing.assert_array_equal(net.predict(X), (p >= 0.5).astype(int))
    assert net.evaluate(X, y)["accuracy"] == pytest.approx(np.mean((p >= 0.5) == y))
    assert net.loss(X, y) == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-12)
    with pytest.raises(ValueError, match="from_logits"):
        net.fit(X, y, loss=dlkit.BinaryCrossEntropy(from_logits=True))


def test_own_softmax_subclass_is_a_softmax_output():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), np.arange(20) % 3
    net = dlkit.Network([dlkit.Dense(2, 3, seed=0), MySoftmax()])
    z = X @ net.layers[0].W + net.layers[0].b
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert isinstance(net.default_loss(), dlkit.CrossEntropy)
    np.testing.assert_array_equal(net.predict(X), p.argmax(axis=1))
    assert net.loss(X, y) == pytest.approx(-np.mean(np.log(p[np.arange(20), y])), rel=1e-12)


# -- 7. a learner's lazy weight is left alone; wrong weights and gradients get plain messages -----------------

class LazyDense(dlkit.Layer):
    """Makes its weights in the first forward, when it sees how many inputs come."""

    def __init__(self, n_out):
        self.n_out, self.W, self.dW = n_out, None, None

    def forward(self, X):
        if self.W is None:
            self.W = np.random.default_rng(1).normal(0, 0.5, (X.shape[1], self.n_out))
        self.X = X
        return X @ self.W

    def backward(self, grad):
        self.dW = self.X.T @ grad
        return grad @ self.W.T

    def parameters(self):
        return [self.parameter("W")]


def test_a_lazy_weight_is_left_alone_and_trains():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 2)), rng.normal(size=(16, 3))
    lazy = LazyDense(3)
    net = dlkit.Network([dlkit.Dense(2, 3, seed=0), lazy])
    assert lazy.W is None  # Network() did not write into it
    dense = net.layers[0]
    h = X @ dense.W + dense.b
    W = np.random.default_rng(1).normal(0, 0.5, (3, 3))
    dW = h.T @ (2 * (h @ W - y) / y.size)
    net.fit(X, y, lr=0.1, epochs=1, batch_size=16)
    np.testing.assert_allclose(lazy.W, W - 0.1 * dW, rtol=1e-12)


def _dense_and_data():
    layer = dlkit.Dense(2, 3, seed=0)
    return layer, dlkit.Network([layer]), np.ones((4, 2)), np.zeros((4, 3))


def test_a_transposed_weight_is_named_with_its_right_shape():
    layer, net, X, y = _dense_and_data()
    with pytest.raises(ValueError, match=r"Dense\.W has shape \(3, 2\), but this layer takes 2 inputs to 3 outputs: "
                                         r"it should be \(2, 3\)"):
        layer.W = np.ones((3, 2))


def test_a_weight_set_to_none_is_named():
    layer, net, X, y = _dense_and_data()
    with pytest.raises(TypeError, match="Dense.W .*None"):
        layer.W = None


def test_whole_number_weights_work_as_numbers():
    layer, net, X, y = _dense_and_data()
    layer.W = np.ones((2, 3), dtype=int)
    np.testing.assert_allclose(net.forward(X), np.full((4, 3), 2.0))
    net.fit(X, y, epochs=1)  # and train as numbers
    assert layer.W.dtype == np.float64


@pytest.mark.parametrize("name, bad", [("dW", 0), ("db", np.zeros((1, 3))), ("dW", np.zeros((3, 2)))])
def test_a_gradient_of_the_wrong_shape_is_named(name, bad):
    layer, net, X, y = _dense_and_data()
    with pytest.raises(ValueError, match=f"Dense.{name} has shape .* it should be"):
        setattr(layer, name, bad)


def test_whole_number_gradients_become_numbers_backward_fills():
    layer, net, X, y = _dense_and_data()
    layer.dW = np.zeros((2, 3), dtype=int)
    net.gradients(X, y, "mse")
    dZ = 2 * (X @ layer.W + layer.b - y) / y.size
    np.testing.assert_allclose(layer.dW, X.T @ dZ, rtol=1e-12)
    np.testing.assert_allclose(layer.db, dZ.sum(axis=0), rtol=1e-12)


def test_a_read_only_weight_is_named_when_training_changes_it():
    layer, net, X, y = _dense_and_data()
    layer.W = np.ones((2, 3))
    layer.W.setflags(write=False)
    np.testing.assert_allclose(net.forward(X), np.full((4, 3), 2.0))  # reading it is fine
    with pytest.raises(ValueError, match="read-only.*copy"):
        net.fit(X, y, epochs=1)


# -- 8. what the docstring says L1 does is what it does ----------------------------------------------------

def test_l1_brings_weights_near_0_not_to_exactly_0():
    assert "exactly 0 (a sparse" not in dlkit.optim.__doc__
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(100, 4)), rng.normal(size=100)
    net = dlkit.mlp([4, 16, 1], activation="tanh", seed=0)
    net.fit(X, y, optimizer=dlkit.optim.SGD(lr=0.05, l1=0.05), epochs=200, batch_size=100)
    W = np.concatenate([d.W.ravel() for d in net.dense_layers])
    assert np.count_nonzero(W == 0) == 0              # the sign step flips them around 0 ...
    assert np.mean(np.abs(W) < 0.01) > 0.5            # ... but most are near it


# -- 9. load refuses weights that are not numbers; fit takes an optimiser class ------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_load_refuses_nan_or_infinite_weights(tmp_path, bad):
    net = dlkit.mlp([2, 3, 1], seed=0)
    net.layers[0].W[0, 0] = bad
    path = net.save(tmp_path / "net")
    with pytest.raises(ValueError, match="dense0.W.*(NaN|infinite)"):
        dlkit.load(path)


@pytest.mark.parametrize("cls, lr", [(dlkit.optim.Adam, 0.001), (dlkit.optim.SGD, 0.1)])
def test_fit_takes_an_optimiser_class(cls, lr):
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2
    by_class = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0).fit(X, y, optimizer=cls, epochs=3)
    by_object = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0).fit(X, y, optimizer=cls(lr=lr), epochs=3)
    assert by_class.train_loss == by_object.train_loss


def test_gradcheck_checks_the_own_formula_it_trains_with():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(10, 2)), (rng.random(10) < 0.5).astype(float)
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    assert dlkit.gradcheck(net, WeightedBCE(), X, y).ok
    net.gradients(X, y, WeightedBCE())
    W2, h = net.layers[2].W, np.tanh(X @ net.layers[0].W + net.layers[0].b)
    q = sigmoid(h @ W2 + net.layers[2].b)[:, 0]
    dz = (-(10 * y / q - (1 - y) / (1 - q)) / len(y) * q * (1 - q))[:, None]
    np.testing.assert_allclose(net.layers[2].dW, h.T @ dz, rtol=1e-10)
