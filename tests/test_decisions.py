"""Numbers that were wrong without an error: each test compares dlkit with independent numpy maths written here.

Accuracy follows the loss's own decision rule (z = 0 for one logit, the largest score for several, 0.5 for a
probability); ``from_logits`` is honoured or refused; cross-entropy targets are checked where they come in.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlkit


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def passthrough(n=1, output=None):
    """A network whose output is exactly its input: Dense(n, n) with W = I and b = 0 (then ``output``)."""
    dense = dlkit.Dense(n, n, seed=0)
    dense.W[...] = np.eye(n)
    return dlkit.Network([dense] + ([output] if output is not None else []))


# -- accuracy follows the loss's own decision rule ---------------------------------------------------------

scores = st.lists(st.tuples(st.floats(-30, 30, allow_nan=False), st.booleans()), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scores)
def test_accuracy_of_one_logit_is_the_share_on_the_right_side_of_z_0(examples):
    z = np.array([[s] for s, _ in examples])
    y = np.array([float(label) for _, label in examples])
    expected = np.mean((z[:, 0] >= 0) == (y == 1))
    net, loss = passthrough(), dlkit.BinaryCrossEntropy(from_logits=True)
    assert net.evaluate(z, y, loss)["accuracy"] == pytest.approx(expected)
    history = net.fit(z, y, loss=loss, lr=1e-9, epochs=1, batch_size=len(z))  # measured before the update
    assert history.train_accuracy == [pytest.approx(expected)]


# a score just below 0 gives a probability within rounding of 0.5, which may round to either side
clear_scores = st.lists(st.tuples(st.floats(-30, 30, allow_nan=False).filter(lambda s: not -1e-9 < s < 0),
                                  st.booleans()), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(clear_scores)
def test_accuracy_of_a_sigmoid_output_is_the_share_on_the_right_side_of_p_0_5(examples):
    z = np.array([[s] for s, _ in examples])
    y = np.array([float(label) for _, label in examples])
    expected = np.mean((_sigmoid(z[:, 0]) >= 0.5) == (y == 1))
    net = passthrough(output=dlkit.Sigmoid())
    assert net.evaluate(z, y)["accuracy"] == pytest.approx(expected)
    assert net.fit(z, y, lr=1e-9, epochs=1, batch_size=len(z)).train_accuracy == [pytest.approx(expected)]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 30))
def test_accuracy_of_several_scores_or_probabilities_is_the_share_whose_largest_is_the_label(seed, n):
    rng = np.random.default_rng(seed)
    z, labels = rng.normal(0, 3, size=(n, 4)), rng.integers(0, 4, n)
    expected = np.mean(z.argmax(axis=1) == labels)
    for net, loss in ((passthrough(4), dlkit.CrossEntropy(from_logits=True)),
                      (passthrough(4, dlkit.Softmax()), dlkit.CrossEntropy())):
        assert net.evaluate(z, labels, loss)["accuracy"] == pytest.approx(expected)
        history = net.fit(z, labels, loss=loss, lr=1e-9, epochs=1, batch_size=n)
        assert history.train_accuracy == [pytest.approx(expected)]


def test_a_linear_model_right_on_every_example_scores_1():
    """The adversarial case: every logit on the right side of 0, so accuracy 1.0 (dlkit said 0.2)."""
    z = np.array([[0.3], [-2.0], [0.1], [-0.4], [1.2]])
    y = np.array([1, 0, 1, 0, 1])
    assert passthrough().evaluate(z, y, dlkit.BinaryCrossEntropy(from_logits=True))["accuracy"] == 1.0


@pytest.mark.parametrize("output, loss", [(dlkit.Sigmoid, dlkit.BinaryCrossEntropy(from_logits=True)),
                                          (dlkit.Softmax, dlkit.CrossEntropy(from_logits=True))], ids=repr)
def test_from_logits_with_a_probability_output_layer_is_refused_everywhere(output, loss):
    n = 1 if output is dlkit.Sigmoid else 3
    net = passthrough(n, output())
    X, y = np.ones((4, n)), np.array([0, 1, 0, 0])
    name = output.__name__.lower()
    message = (rf"from_logits=True means the network gives scores \(logits\), but this network ends in a {name} "
               rf"layer, which gives probabilities")
    for use in (lambda: net.loss(X, y, loss), lambda: net.evaluate(X, y, loss), lambda: net.gradients(X, y, loss),
                lambda: net.fit(X, y, loss=loss, epochs=1), lambda: net.trainer(X, y, loss=loss),
                lambda: dlkit.gradcheck(net, loss, X, y)):
        with pytest.raises(ValueError, match=message):
            use()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_from_logits_is_honoured_by_the_network_as_by_the_loss(seed):
    rng = np.random.default_rng(seed)
    z, y = rng.normal(0, 3, size=(7, 1)), rng.integers(0, 2, 7).astype(float)
    by_hand = np.mean(-y * np.log(_sigmoid(z[:, 0])) - (1 - y) * np.log(1 - _sigmoid(z[:, 0])))
    loss = dlkit.BinaryCrossEntropy(from_logits=True)
    assert passthrough().loss(z, y, loss) == pytest.approx(by_hand, rel=1e-9)
    assert loss(passthrough().forward(z), y) == pytest.approx(by_hand, rel=1e-9)
    Z, labels = rng.normal(0, 3, size=(7, 3)), rng.integers(0, 3, 7)
    by_hand = -np.mean(_log_softmax(Z)[np.arange(7), labels])
    assert passthrough(3).loss(Z, labels, dlkit.CrossEntropy(from_logits=True)) == pytest.approx(by_hand, rel=1e-9)


# -- targets are checked where they come in ----------------------------------------------------------------

def softmax_net(seed=0):
    return dlkit.Network([dlkit.Dense(2, 3, seed=seed), dlkit.Softmax()])


@pytest.mark.parametrize("Y, message", [
    ([[0.5, 0.5, 0.4], [0.0, 1.0, 0.0]], r"row 0 adds up to 1.4"),
    ([[1.0, 0.0, 0.0], [0.0, 0.5, 0.0]], r"row 1 adds up to 0.5"),
    ([[1.5, -0.5, 0.0], [0.0, 1.0, 0.0]], r"row 0 holds -0.5"),
    ([[np.nan, 1.0, 0.0], [0.0, 1.0, 0.0]], r"row 0 holds nan"),
])
def test_cross_entropy_targets_must_be_probabilities_wherever_they_come_in(Y, message):
    """Rows not summing to 1 gave 2.3336 by the fused path, 2.9834 by the plain loss, and fit a third gradient."""
    net, X, Y = softmax_net(), np.ones((2, 2)), np.array(Y)
    full = ("cross-entropy targets should be each example's class probabilities: every row 0 or more and adding "
            rf"up to 1 \(a one-hot row\), or labels 0, 1, 2, \.\.\.; but {message}")
    for use in (lambda: net.loss(X, Y), lambda: net.evaluate(X, Y), lambda: net.gradients(X, Y),
                lambda: net.fit(X, Y, epochs=1), lambda: dlkit.gradcheck(net, None, X, Y),
                lambda: dlkit.CrossEntropy()(net.forward(X), Y),
                lambda: dlkit.CrossEntropy(from_logits=True)(np.ones((2, 3)), Y)):
        with pytest.raises(ValueError, match=full):
            use()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_soft_targets_that_are_probabilities_give_one_loss_and_its_gradient_by_every_path(seed):
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(6, 2)), rng.dirichlet(np.ones(3), size=6)  # rows sum to 1 up to rounding
    net = softmax_net(seed % 1000)
    dense = net.layers[0]
    z = X @ dense.W + dense.b
    by_hand = -np.mean(np.sum(Y * _log_softmax(z), axis=1))
    assert net.loss(X, Y) == pytest.approx(by_hand, rel=1e-9)
    assert dlkit.CrossEntropy()(net.forward(X), Y) == pytest.approx(by_hand, rel=1e-9)
    net.gradients(X, Y)
    assert np.allclose(dense.dW, X.T @ (np.exp(_log_softmax(z)) - Y) / 6, rtol=1e-9, atol=1e-12)


def test_targets_adding_up_to_1_only_within_rounding_are_accepted():
    Y = np.full((4, 10), 0.1)  # each row sums to 0.9999999999999999
    assert dlkit.Network([dlkit.Dense(2, 10), dlkit.Softmax()]).loss(np.ones((4, 2)), Y) > 0


@pytest.mark.parametrize("y, found", [([0, 1, 2, 1], "2.0"), ([0, 1, -0.5, 1], "-0.5")])
def test_binary_targets_must_lie_between_0_and_1_wherever_they_come_in(y, found):
    net, X, y = dlkit.mlp([2, 3, 1], output="sigmoid", seed=0), np.ones((4, 2)), np.array(y, dtype=float)
    message = f"binary cross-entropy needs targets between 0 and 1 \\(usually labels 0 and 1\\), but y contains {found}"
    for use in (lambda: net.loss(X, y), lambda: net.evaluate(X, y), lambda: net.fit(X, y, epochs=1),
                lambda: dlkit.BinaryCrossEntropy()(net.forward(X), y)):
        with pytest.raises(ValueError, match=message):
            use()


# -- mlp(activation=obj) copies the object's config ------------------------------------------------------

class Swish(dlkit.Activation):
    """z * sigmoid(beta z): a learner's own activation with an argument."""

    def __init__(self, beta: float = 1.0):
        super().__init__()
        self.beta = float(beta)

    def function(self, Z):
        return Z * _sigmoid(self.beta * Z)

    def derivative(self, Z):
        s = _sigmoid(self.beta * Z)
        return s + self.beta * Z * s * (1 - s)

    def config(self):
        return {"beta": self.beta}


def test_mlp_gives_every_layer_its_own_copy_of_an_activation_object_with_its_config():
    given_hidden, given_output = Swish(beta=10), Swish(beta=3)
    net = dlkit.mlp([2, 4, 4, 1], activation=given_hidden, output=given_output, seed=0)
    swishes = [layer for layer in net.layers if isinstance(layer, Swish)]
    assert [s.beta for s in swishes] == [10.0, 10.0, 3.0]            # beta was reset to 1 in every layer
    assert len({id(s) for s in swishes} | {id(given_hidden), id(given_output)}) == 5
    X = np.random.default_rng(0).normal(size=(5, 2))
    a = X
    for i, dense in enumerate(net.dense_layers):
        z = a @ dense.W + dense.b
        beta = 10.0 if i < 2 else 3.0
        a = z / (1 + np.exp(-beta * z))
    assert np.allclose(net.forward(X), a, rtol=1e-12)
    leaky = dlkit.mlp([2, 3, 3, 1], activation=dlkit.LeakyReLU(slope=0.2), seed=0)
    assert [layer.slope for layer in leaky.layers if isinstance(layer, dlkit.LeakyReLU)] == [0.2, 0.2]


def test_an_activation_object_whose_config_would_not_copy_it_is_refused_in_plain_words():
    class Stretch(dlkit.Activation):  # forgot config(): a copy would have k = 1
        def __init__(self, k=1.0):
            super().__init__()
            self.k = k

        def function(self, Z):
            return self.k * Z

        def derivative(self, Z):
            return self.k * np.ones_like(Z)

    with pytest.raises(TypeError, match=r"mlp gives every layer its own Stretch, made from Stretch\(\*\*config\(\)\) = "
                                        r"Stretch\(\), but that one has k=1.0 where yours has k=5: return k from "
                                        r"Stretch.config\(\) \(saving needs it too\)"):
        dlkit.mlp([2, 3, 1], activation=Stretch(k=5))


# -- gradcheck's noise follows the size of the predictions ----------------------------------------------

def large_output_problem(scale, seed):
    """One Dense layer whose predictions are about ``scale``, with targets within a few units of them."""
    rng = np.random.default_rng(seed)
    net = dlkit.Network([dlkit.Dense(2, 1, seed=seed)])
    net.layers[0].b[:] = scale
    X = rng.normal(size=(5, 2))
    return net, X, net.forward(X)[:, 0] + rng.normal(size=5)


@pytest.mark.parametrize("scale", [1e4, 1e5, 1e6, 1e7])
@pytest.mark.parametrize("seed", range(4))
def test_a_correct_dense_layer_with_large_targets_is_never_a_mismatch(scale, seed):
    """The loss stays small while each prediction carries rounding error of its own size (dlkit said MISMATCH)."""
    net, X, y = large_output_problem(scale, seed)
    report = dlkit.gradcheck(net, "mse", X, y)
    assert not report.mismatched, report
    dense = net.layers[0]
    by_hand = 2 * X.T @ (X @ dense.W + dense.b - y[:, None]) / len(X)  # and backprop is right, by numpy
    assert np.allclose(dense.dW, by_hand, rtol=1e-9)


@pytest.mark.parametrize("scale", [1.0, 1e4, 1e6])
def test_a_wrong_backward_is_still_a_mismatch_with_large_targets(scale):
    class Off(dlkit.Dense):  # dW 10% too large
        def backward(self, grad, input_grad=True):
            out = super().backward(grad, input_grad)
            self.dW *= 1.1
            return out

    net, X, y = large_output_problem(scale, 0)
    wrong = dlkit.Network([Off(2, 1, seed=0)])
    wrong.layers[0].b[:] = net.layers[0].b
    assert [r.status for r in dlkit.gradcheck(wrong, "mse", X, y).rows] == ["MISMATCH", "ok"]
