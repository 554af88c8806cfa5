"""The review box (lesson 13) without a kernel: it checks its network, owns a copy, and answers as one types."""
import numpy as np
import pytest

import dlkit
from dlkit import widgets

VOCABULARY = ["bad", "food", "good", "not", "the"]


def small_net():
    X = np.array([[0, 1, 1, 0, 1], [1, 1, 0, 0, 1], [0, 0, 1, 1, 0], [1, 0, 0, 0, 0]], dtype=float)
    net = dlkit.mlp([5, 4, 1], activation="relu", output="sigmoid", seed=0)
    net.fit(X, [1, 0, 0, 0], lr=0.5, epochs=50, batch_size=4)
    return net


def test_bad_arguments_say_what_was_expected():
    with pytest.raises(ValueError, match="the vocabulary has 4 words"):
        widgets.SentenceClassifier(small_net(), VOCABULARY[:4])
    with pytest.raises(ValueError, match="one sigmoid output"):
        widgets.SentenceClassifier(dlkit.mlp([5, 2], output="softmax"), VOCABULARY)


def test_it_answers_as_one_types_and_ignores_unknown_words():
    net = small_net()
    box = widgets.SentenceClassifier(net, VOCABULARY, text="Good food")
    p = float(net.predict_proba(np.array([[0, 1, 1, 0, 0.0]]))[0])
    assert f"P(positive) = {p:.3f}" in box.text() and "words it knows: food, good" in box.text()
    before = box.png()
    box.controls["review"].value = "Good food, yummy!"
    assert f"P(positive) = {p:.3f}" in box.text() and "ignores (not in its vocabulary): yummy" in box.text()
    box.controls["review"].value = "Not good"
    assert box.png() != before and set(box.effects) == {"not", "good"}
    box.controls["review"].value = "  "
    assert box.text() == "type a review in the box above"


def test_it_works_on_its_own_copy_of_the_network():
    net = small_net()
    box = widgets.SentenceClassifier(net, VOCABULARY, text="the food")
    first = box.text()
    net.dense_layers[0].W[:] = 0        # the learner's network changes afterwards
    box.controls["review"].value = "the food!"
    assert box.text() == first
