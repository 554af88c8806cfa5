"""The review box (lesson 13) without a kernel: it checks its network, owns a copy, and answers as one types."""
import numpy as np
import pytest

import dlkit
from dlkit import widgets
from tests.in_lessons.by_hand import words_by_hand

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
    box.controls["review"].value = ""
    assert box.text() == "type a review in the box above"


def test_it_works_on_its_own_copy_of_the_network():
    net = small_net()
    box = widgets.SentenceClassifier(net, VOCABULARY, text="the food")
    first = box.text()
    net.dense_layers[0].W[:] = 0        # the learner's network changes afterwards
    box.controls["review"].value = "The  food"
    assert box.text() == first


# ---------------------------------------------------------------- what a learner can type

TRAINING = ["The café was good, 5 stars!", "Didn't like the food: bad.", "Not good, not bad", "naïve but good food"]
TYPED = ["", " ", "   \t  ", "12345 !!!", "!!!", "...?!", "👍 👍", "xyzzy plugh", "Scrumptious!", "good food",
         "GOOD FOOD, NOT BAD!!!", "Didn't like it", "didn’t LIKE it", "I didn't like the café",
         "cafe\u0301 naïve élégant", "CAFÉ NAÏVE", "‘good’ food", "5 stars", "5-star food, 10/10", "'good' food",
         "rock 'n' roll", "good_food", "the food 👍",
         "good " * 3000, " ".join(f"word{k}" for k in range(2000)) + " good bad the food not"]


def vocabulary_and_net():
    X, vocabulary = dlkit.datasets.bag_of_words(TRAINING)
    net = dlkit.mlp([len(vocabulary), 4, 1], activation="relu", output="sigmoid", seed=1)
    net.fit(X, [1, 0, 0, 1], lr=0.5, epochs=30, batch_size=4)
    return vocabulary, net


def test_training_and_the_box_read_a_text_into_the_same_words():
    vocabulary, _ = vocabulary_and_net()
    assert {"didn't", "café", "naïve", "5"} <= set(vocabulary)     # whole, as typed: not "didn" + "t", "caf"
    assert not {"didn", "t", "caf", "na", "ve"} & set(vocabulary)
    for review in TYPED:
        assert dlkit.datasets.bag_of_words([review or "-"], vocabulary=vocabulary)[0][0].tolist() == \
            [words_by_hand(review)[0].count(w) for w in vocabulary], review


@pytest.mark.parametrize("review", TYPED)
def test_the_message_says_what_it_read_for_anything_a_learner_types(review):
    vocabulary, net = vocabulary_and_net()
    box = widgets.SentenceClassifier(net, vocabulary, text="good")
    box.controls["review"].value = review                    # never raises
    text = box.text()
    words, leftovers = words_by_hand(review)
    quoted = " ".join(f"“{piece}”" for piece in leftovers)
    if not review:
        assert text == "type a review in the box above"
    elif not words and not leftovers:
        assert text == "only spaces so far: type a review in the box above", text
    elif not words:
        assert text == (f"no words to read, only {quoted}: a word needs a letter or a digit, and it leaves out "
                        "everything else."), text
    if not words:
        assert "P(positive)" not in text and len(box.figure.axes[0].patches) == 0
        return
    counts = np.array([words.count(w) for w in vocabulary], dtype=float)
    p = float(net.predict_proba(counts[None])[0])
    known = sorted({w for w in words if w in vocabulary})
    unknown = sorted({w for w in words if w not in vocabulary})
    times = {w: f" ×{words.count(w)}" if words.count(w) > 1 else "" for w in words}
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if known:
        assert lines[0] == f"P(positive) = {p:.3f} ({'positive' if p >= 0.5 else 'negative'})", text
    else:   # not a reading of the review: the same answer for every review of unknown words
        assert lines[0] == (f"P(positive) = {p:.3f}, from its biases alone: it knows none of these words, so every "
                            "review of unknown words gets this answer"), text
    assert lines[1] == f"words it knows: {', '.join(w + times[w] for w in known) or '(none)'}", text
    assert lines[2] == ("words it ignores (not in its vocabulary): "
                        f"{', '.join(w + times[w] for w in unknown) or '(none)'}"), text
    assert lines[3:] == ([f"left out (no letter or digit, so not a word): {quoted}"] if leftovers else []), text
    if not known:
        assert "biases alone" in box.figure.axes[0].texts[0].get_text()
    shown = [t.get_text() for t in box.figure.axes[0].get_yticklabels()]
    assert set(shown) <= set(known) and len(shown) == min(len(known), box.MOST_BARS), (shown, known)
