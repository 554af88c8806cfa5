"""A parameter is one object for its layer's whole life, optimisers remember it, and training mode is put back.

Each test is a case that once gave wrong numbers with no error, because ``parameters()`` wrapped whatever arrays a
layer held at that moment: a learner's layer whose backward *assigns* its gradient never trained (or trained on
gradcheck's last gradient), new weights assigned while a trainer was live were ignored, momentum and Adam forgot
everything between ``opt.step(layer.parameters())`` calls, and an interrupted ``fit`` left Dropout switched on.
Every expected number comes from maths written here in numpy, never from dlkit itself.
"""
import numpy as np
import pytest

import dlkit
from dlkit.datasets import circle


class ScaleInPlace(dlkit.Layer):
    """y = x * gamma, one gamma per feature; backward writes into its gradient array (dlkit's first protocol)."""

    def __init__(self, n: int = 4):
        self.n = n
        self.gamma = np.ones(n)
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
        return {"n": self.n}


class ScaleAssigns(ScaleInPlace):
    """The same layer written the natural way: backward assigns a new gradient array."""

    def backward(self, grad):
        self.dgamma = (grad * self.X).sum(axis=0)
        return grad * self.gamma


class ScaleDeclared(ScaleAssigns):
    """The same again, declaring its parameter the new way: the layer's own Parameter, made once."""

    def parameters(self):
        return [self.parameter("gamma")]


class DenseAssigns(dlkit.Dense):
    """A learner's Dense whose backward assigns dW and db (instead of writing into them)."""

    def backward(self, grad, input_grad=True):
        self.dW = self.X.T @ grad
        self.db = grad.sum(axis=0)
        return grad @ self.W.T


def scaled(scale_class, seed=0):
    return dlkit.Network([dlkit.Dense(2, 4, seed=seed), dlkit.Tanh(), scale_class(4),
                          dlkit.Dense(4, 1, seed=seed + 1), dlkit.Sigmoid()])


@pytest.fixture(scope="module")
def data():
    X, y = circle(n=120, noise=0.1, seed=0)
    return X / 6, y


# -- 1. one Parameter per weight, for the layer's whole life -------------------------------------------------

@pytest.mark.parametrize("scale_class", [ScaleAssigns, ScaleDeclared], ids=["old protocol", "self.parameter"])
def test_a_layer_whose_backward_assigns_its_gradient_trains_like_one_that_writes_in_place(scale_class, data):
    X, y = data
    natural, in_place = scaled(scale_class), scaled(ScaleInPlace)
    natural.fit(X, y, optimizer="adam", lr=0.05, epochs=20, seed=0)
    in_place.fit(X, y, optimizer="adam", lr=0.05, epochs=20, seed=0)
    gamma = natural.layers[2].gamma
    assert not np.allclose(gamma, 1.0), "the layer's scale never trained"
    assert np.array_equal(gamma, in_place.layers[2].gamma)
    for a, b in zip(natural.parameters(), in_place.parameters()):
        assert np.array_equal(a.value, b.value)


def test_training_after_gradcheck_uses_each_steps_own_gradient(data):
    X, y = data
    checked, plain = scaled(ScaleAssigns), scaled(ScaleInPlace)
    assert dlkit.gradcheck(checked, None, X[:6], y[:6]).ok
    checked.fit(X, y, optimizer="adam", lr=0.05, epochs=5, seed=0)
    plain.fit(X, y, optimizer="adam", lr=0.05, epochs=5, seed=0)
    for a, b in zip(checked.parameters(), plain.parameters()):
        assert np.array_equal(a.value, b.value), f"{a.name} trained on gradcheck's last gradient"


def test_a_learners_dense_that_assigns_dW_trains_like_dense(data):
    X, y = data
    mine = dlkit.Network([DenseAssigns(2, 4, seed=0), dlkit.Tanh(), DenseAssigns(4, 1, seed=1), dlkit.Sigmoid()])
    theirs = dlkit.Network([dlkit.Dense(2, 4, seed=0), dlkit.Tanh(), dlkit.Dense(4, 1, seed=1), dlkit.Sigmoid()])
    start = [p.value.copy() for p in mine.parameters()]
    mine.fit(X, y, optimizer="momentum", lr=0.1, epochs=5, seed=0)
    theirs.fit(X, y, optimizer="momentum", lr=0.1, epochs=5, seed=0)
    for a, b, before in zip(mine.parameters(), theirs.parameters(), start):
        assert not np.allclose(a.value, before) and np.allclose(a.value, b.value)


def test_weights_assigned_while_a_trainer_is_live_are_the_ones_trained():
    # y_hat = X w + b, mean squared error, one full batch per step: gradient descent by hand.
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    layer = dlkit.Dense(2, 1, seed=0)
    trainer = dlkit.Network([layer]).trainer(X, y, loss="mse", lr=0.1, batch_size=20)
    trainer.run_epoch()
    layer.W = np.full((2, 1), 0.5)      # new arrays, not writes into the old ones
    layer.b = np.zeros(1)
    for _ in range(3):
        trainer.run_epoch()
    w, b = np.full(2, 0.5), 0.0
    for _ in range(3):
        error = X @ w + b - y
        w, b = w - 0.1 * 2 * X.T @ error / len(X), b - 0.1 * 2 * error.mean()
    assert np.allclose(layer.W[:, 0], w) and np.allclose(layer.b, b)


def test_a_layer_gives_the_same_parameter_objects_every_call():
    dense = dlkit.Dense(3, 2, seed=0)
    first, again = dense.parameters(), dense.parameters()
    assert all(p is q for p, q in zip(first, again))
    dense.W = np.zeros((3, 2))
    dense.dW = np.ones((3, 2))
    assert first[0] is dense.parameters()[0]
    assert first[0].value is dense.W and first[0].grad is dense.dW  # the Parameter sees the layer's arrays
    net = dlkit.Network([dense, dlkit.ReLU(), dlkit.Dense(2, 1)])
    assert all(p is q for p, q in zip(net.parameters(), net.parameters()))
    assert net.parameters()[:2] == first


def test_a_layer_that_sets_its_gradient_only_in_backward_trains(data):
    class NoGradientYet(ScaleDeclared):
        def __init__(self, n=4):
            super().__init__(n)
            self.dgamma = None                   # set by backward; None (or missing) until then

    X, y = data
    late, in_place = scaled(NoGradientYet), scaled(ScaleInPlace)
    assert np.array_equal(late.layers[2].dgamma, np.zeros(4))
    late.fit(X, y, optimizer="adam", lr=0.05, epochs=3, seed=0)
    in_place.fit(X, y, optimizer="adam", lr=0.05, epochs=3, seed=0)
    assert np.array_equal(late.layers[2].gamma, in_place.layers[2].gamma)


def test_a_gradient_of_the_wrong_shape_is_refused_in_plain_words(data):
    class SumsEverything(ScaleDeclared):
        def backward(self, grad):
            self.dgamma = (grad * self.X).sum()      # forgot axis=0: one number instead of one per feature
            return grad * self.gamma

    X, y = data
    with pytest.raises(ValueError, match=r"SumsEverything.dgamma has shape \(\), but gamma has shape \(4,\)"):
        scaled(SumsEverything).fit(X, y, epochs=1)


def test_weights_of_the_wrong_shape_are_refused_in_plain_words():
    layer = dlkit.Dense(2, 1, seed=0)
    parameters = layer.parameters()           # as a live trainer holds them
    with pytest.raises(ValueError, match=r"Dense.W has shape \(3, 1\), but this layer takes 2 inputs to 1 output: "
                                         r"it should be \(2, 1\)"):
        layer.W = np.zeros((3, 1))            # refused as it is set (Dense checks its own arrays)
    grown = dlkit.Dense(2, 1, seed=0)
    grown.parameters()
    grown.__dict__["W"] = np.zeros((3, 1))    # past that check: a Parameter still refuses it when it is used
    with pytest.raises(ValueError, match=r"Dense.W has shape \(3, 1\), but it was made with shape \(2, 1\)"):
        dlkit.SGD(lr=0.1).step(grown.parameters())


def test_weights_assigned_as_whole_numbers_or_lists_still_train():
    layer = dlkit.Dense(2, 1, seed=0)
    layer.W = np.ones((2, 1), dtype=int)
    layer.b = [0]
    layer.forward(np.ones((1, 2)))
    layer.backward(np.ones((1, 1)))
    dlkit.SGD(lr=0.5).step(layer.parameters())
    assert np.array_equal(layer.W, [[0.5], [0.5]]) and np.array_equal(layer.b, [-0.5])


def test_a_parameter_made_from_arrays_is_refused_by_an_optimiser_with_what_to_write():
    layer = ScaleInPlace(3)
    with pytest.raises(TypeError, match=r"return \[self.parameter\('gamma'\)\]"):
        dlkit.SGD(lr=0.1, momentum=0.9).step(layer.parameters())


# -- 2. optimisers remember each parameter -----------------------------------------------------------------

LESSON05_X = np.array([[0.5], [1.0], [1.5], [2.0], [2.5]])
LESSON05_Y = np.array([1.2, 1.9, 3.2, 3.9, 5.1])


def slope(w):
    """d/dw of mean((w x - y)^2), lesson 05's loss with the bias held at 0."""
    x = LESSON05_X[:, 0]
    return 2 * np.mean((w * x - LESSON05_Y) * x)


def lesson05_steps(optimizer, steps=6):
    """Lesson 05's own loop: forward, backward, then ``opt.step([node.parameters()[0]])`` (W only)."""
    node = dlkit.Dense(1, 1, seed=0)
    node.W[0, 0], node.b[...] = 0.0, 0.0
    mse, visited = dlkit.MSE(), []
    for _ in range(steps):
        mse(node.forward(LESSON05_X), LESSON05_Y)
        node.backward(mse.backward())
        optimizer.step([node.parameters()[0]])
        visited.append(node.W[0, 0])
    return np.array(visited)


def test_momentum_remembers_its_velocity_between_steps():
    w, v, expected = 0.0, 0.0, []
    for _ in range(6):
        v = 0.9 * v - 0.01 * slope(w)
        w = w + v
        expected.append(w)
    assert np.allclose(lesson05_steps(dlkit.SGD(lr=0.01, momentum=0.9)), expected)


def test_adam_remembers_its_averages_between_steps():
    w, m, v, expected = 0.0, 0.0, 0.0, []
    for t in range(1, 7):
        g = slope(w)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        w = w - 0.5 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        expected.append(w)
    assert np.allclose(lesson05_steps(dlkit.Adam(lr=0.5)), expected)


def test_a_new_network_starts_with_a_fresh_memory(data):
    X, y = data
    shared = dlkit.SGD(lr=0.1, momentum=0.9)
    first = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
    first.fit(X, y, optimizer=shared, epochs=2)
    for _ in range(3):  # the same optimiser, stepped by hand on a new network's layers
        second = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
        alone = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
        fresh = dlkit.SGD(lr=0.1, momentum=0.9)
        for _ in range(4):
            for net, opt in ((second, shared), (alone, fresh)):
                net.gradients(X, y)
                for layer in net.dense_layers:
                    opt.step(layer.parameters())
        for a, b in zip(second.parameters(), alone.parameters()):
            assert np.array_equal(a.value, b.value)


# -- 3. training mode is put back whatever happens -----------------------------------------------------------

class FailsOnCall(dlkit.Layer):
    """Passes its input through, and raises on its n-th forward pass while training."""

    def __init__(self, n=3, error=RuntimeError):
        self.n, self.error, self.calls = n, error, 0

    def forward(self, X):
        if self.training:
            self.calls += 1
            if self.calls == self.n:
                raise self.error("stopped in the middle of a step")
        return X

    def backward(self, grad):
        return grad


def dropout_net(fails):
    return dlkit.Network([dlkit.Dense(2, 16, seed=0), dlkit.ReLU(), dlkit.Dropout(0.5, seed=0), fails,
                          dlkit.Dense(16, 1, seed=1), dlkit.Sigmoid()])


def no_dropout_output(net, X):
    """The network's output computed by hand with every Dropout doing nothing: what predict must give."""
    first, last = net.dense_layers
    hidden = np.maximum(X @ first.W + first.b, 0)
    return 1 / (1 + np.exp(-(hidden @ last.W + last.b)))


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt], ids=["exception", "ctrl-c"])
def test_an_interrupted_fit_leaves_no_layer_training(error, data):
    X, y = data
    net = dropout_net(FailsOnCall(3, error))
    with pytest.raises(error):
        net.fit(X, y, epochs=2)
    assert not any(layer.training for layer in net.layers)
    assert np.allclose(net.forward(X), no_dropout_output(net, X))
    assert np.array_equal(net.predict(X), net.predict(X))


def test_an_interrupted_trainer_step_leaves_no_layer_training(data):
    X, y = data
    net = dropout_net(FailsOnCall(1))
    trainer = net.trainer(X, y)
    with pytest.raises(RuntimeError):
        trainer.step()
    assert not any(layer.training for layer in net.layers)
    assert np.allclose(net.forward(X), no_dropout_output(net, X))


def test_a_failing_callback_leaves_no_layer_training(data):
    X, y = data
    net = dropout_net(FailsOnCall(10 ** 9))

    def callback(epoch, history):
        raise ValueError("a bug in my callback")

    with pytest.raises(ValueError):
        net.fit(X, y, epochs=3, callback=callback)
    assert not any(layer.training for layer in net.layers)


def test_train_mode_as_a_with_block_puts_every_layer_back(data):
    X, _ = data
    net = dropout_net(FailsOnCall(10 ** 9))
    with pytest.raises(ZeroDivisionError):
        with net.train_mode(True):
            assert all(layer.training for layer in net.layers)
            1 / 0
    assert not any(layer.training for layer in net.layers)
    net.train_mode(True)                     # a plain call still just switches
    assert all(layer.training for layer in net.layers)


def test_an_interrupted_gradcheck_puts_back_the_mode_and_every_weight(data):
    X, y = data
    fails = FailsOnCall(10 ** 9)
    net = dropout_net(fails)
    before = [p.value.copy() for p in net.parameters()]
    net.train_mode(True)                     # the learner had switched training on: gradcheck must leave it so
    original_forward = fails.forward
    calls = []

    def forward(X):                          # fails in the middle of the finite differences
        calls.append(1)
        if len(calls) == 40:
            raise KeyboardInterrupt
        return original_forward(X)

    fails.forward = forward
    with pytest.raises(KeyboardInterrupt):
        dlkit.gradcheck(net, None, X[:5], y[:5])
    assert all(layer.training for layer in net.layers)
    for p, value in zip(net.parameters(), before):
        assert np.array_equal(p.value, value), f"{p.name} was left nudged"


def test_weights_assigned_while_a_playgrounds_trainer_is_live_are_the_ones_trained():
    from dlkit import widgets

    pg = widgets.Playground(depth=1, width=3, activation="tanh", optimizer="sgd", lr=0.1)
    pg.train(1)
    first = pg.network.dense_layers[0]
    first.W = np.full(first.W.shape, 0.5)  # a new array, while the Playground's trainer is live
    pg.train(2)
    assert not np.allclose(first.W, 0.5), "the Playground went on training the old array"


def test_training_without_rechecking_targets_gives_the_same_loss_and_gradient_as_the_checked_path():
    """The Trainer checks the targets once; its batches then skip the check, and must land on the same numbers."""
    rng = np.random.default_rng(3)
    X, labels = rng.normal(size=(16, 5)), rng.integers(0, 4, 16)
    net = dlkit.mlp([5, 6, 4], activation="tanh", output="softmax", seed=1)
    loss = dlkit.CrossEntropy()
    y = net.check_targets(loss, X, labels)
    slow = net._loss_and_gradient(X, y, loss, checked=False)
    fast = net._loss_and_gradient(X, y, loss, checked=True)
    assert slow[0] == fast[0] and np.array_equal(slow[1], fast[1]) and np.array_equal(slow[2], fast[2])
    z = X @ net.layers[0].W + net.layers[0].b  # and both are the maths: -mean log softmax(z)[label]
    z = np.tanh(z) @ net.layers[2].W + net.layers[2].b
    log_p = z - z.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    assert fast[0] == pytest.approx(-log_p[np.arange(16), labels].mean(), rel=1e-12)


def test_a_learners_own_softmax_delta_is_used_when_training():
    """Skipping the per-batch check is dlkit's own formula's shortcut; a subclass's value_and_delta still runs."""
    calls = []

    class Counted(dlkit.CrossEntropy):
        def value_and_delta(self, z, y):
            calls.append(len(z))
            return super().value_and_delta(z, y)

    net = dlkit.mlp([2, 3, 2], activation="tanh", output="softmax", seed=0)
    net.fit(np.eye(2), [0, 1], loss=Counted(), epochs=2, batch_size=2, lr=0.1)
    assert len(calls) >= 2  # each epoch's one step at least (dlkit's shortcut would call it never)


def test_a_step_written_in_place_keeps_the_layers_array_and_a_new_array_replaces_it():
    layer = dlkit.Dense(2, 3, seed=0)
    p = layer.parameters()[0]
    before = layer.W
    p.value -= 0.5 * np.ones((2, 3))
    assert layer.W is before  # in place: the optimiser's step, nothing replaced
    p.value = np.zeros((2, 3))
    assert layer.W is not before and np.array_equal(layer.W, np.zeros((2, 3))) and p.value is layer.W
    layer.W = [[1, 2, 3], [4, 5, 6]]  # whole numbers in a list: a float array, read through the same Parameter
    assert p.value.dtype == np.float64 and p.value[1, 2] == 6.0


def test_what_an_epoch_measures_and_callbacks_see_the_network_as_predict_does(data):
    """Training mode is switched on once per epoch (not per step, for speed): the validation loss, the check
    after the epoch's last step and a learner's callback must still see the network without its Dropout."""
    X, y = data
    net = dropout_net(FailsOnCall(10 ** 9))
    seen = []

    def callback(epoch, history):
        seen.append([layer.training for layer in net.layers])
        assert history.val_loss[-1] == net.evaluate(X, y)["loss"]  # exactly: no random dropping in either

    net.fit(X, y, epochs=3, validation_data=(X, y), callback=callback)
    assert seen == [[False] * len(net.layers)] * 3
    assert np.array_equal(net.predict(X), net.predict(X))
