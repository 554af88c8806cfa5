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


@settings(max_examples=60, deadline=None)
@given(scores)
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
