"""Lesson 13's review box, after the whole lesson has run: for reviews typed into it, P(positive), the words it
knows and ignores, and every bar of its picture, checked against a bag of words built here from the vocabulary
and a numpy forward pass with the weights the network had when the box was made. The test then breaks the
lesson's network and vocabulary: the box works on its own copies.
"""
import re
from collections import Counter

import numpy as np
import pytest

from .lesson_kernel import Lesson
from .reading import numbers_after, plain

REVIEWS = ["The pasta was delicious but the waiter was rude.", "Scrumptious!", "Not good at all, NOT GOOD!",
           "It's the worst film I've seen; awful acting.", "Friendly staff, fresh bread, a lovely evening.", ""]
SHOWN = ("dict(text=box.message.value, words=[t.get_text() for t in box.figure.axes[0].get_yticklabels()], "
         "bars=[p.get_width() for p in box.figure.axes[0].patches], title=box.figure.axes[0].get_title(), "
         "written=[t.get_text() for t in box.figure.axes[0].texts])")


@pytest.fixture(scope="module")
def lesson():
    with Lesson("13_beyond_images") as lesson:
        lesson.widget("widgets.SentenceClassifier(", "box")
        given = lesson.get("dict(W=[l.W for l in net.dense_layers], b=[l.b for l in net.dense_layers], "
                           "vocabulary=vocabulary, first=box.message.value)")
        lesson.run_rest()
        printed = lesson.get("{s: float(probability_positive(s)) for s in "
                             "['The pasta was delicious but the waiter was rude.', 'Scrumptious!']}")
        # Break what the lesson holds: the box must not notice.
        lesson.run("net.dense_layers[0].W[:] = 0\nnet.dense_layers[-1].b[:] = 5\nvocabulary.reverse()")
        shown = []
        for review in REVIEWS:
            lesson.run(f"box.controls['review'].value = {review!r}")
            shown.append(lesson.get(SHOWN))
        yield given, printed, shown


def counts(review, vocabulary):
    """The bag of words, by hand: lowercase, split at anything that is not a letter a-z, count per vocabulary word."""
    words = Counter(re.findall(r"[a-z]+", review.lower()))
    return np.array([words[w] for w in vocabulary], dtype=float), sorted(words)


def p_positive(given, X):
    """sigmoid(relu(X W1 + b1) W2 + b2), for rows of word counts X."""
    (W1, W2), (b1, b2) = [np.array(w) for w in given["W"]], [np.array(b) for b in given["b"]]
    z = np.maximum(np.atleast_2d(X) @ W1 + b1, 0) @ W2 + b2
    return 1 / (1 + np.exp(-z[:, 0]))


def test_p_positive_is_the_networks_answer_for_the_typed_review(lesson):
    given, _, shown = lesson
    for review, state in zip(REVIEWS[:-1], shown):
        x, _ = counts(review, given["vocabulary"])
        p = p_positive(given, x)[0]
        text = plain(state["text"])
        assert numbers_after(text, "P(positive) =")[0] == pytest.approx(p, abs=6e-4), (review, text)
        assert ("(positive)" if p >= 0.5 else "(negative)") in text
        assert f"P(positive) = {p:.3f}" in state["title"]


def test_it_lists_the_words_it_knows_and_the_words_it_ignores(lesson):
    given, _, shown = lesson
    vocabulary = set(given["vocabulary"])
    for review, state in zip(REVIEWS[:-1], shown):
        _, words = counts(review, given["vocabulary"])
        text = plain(state["text"])
        known = [w for w in words if w in vocabulary]
        ignored = [w for w in words if w not in vocabulary]
        assert f"words it knows: {', '.join(known) or '(none)'}\n" in text, text
        assert text.endswith(f"words it ignores (not in its vocabulary): {', '.join(ignored) or '(none)'}"), text


def test_each_bar_is_what_leaving_that_word_out_does(lesson):
    given, _, shown = lesson
    for review, state in zip(REVIEWS[:-1], shown):
        x, words = counts(review, given["vocabulary"])
        p = p_positive(given, x)[0]
        known = [w for w in words if w in given["vocabulary"]]
        assert state["words"] == known
        without = []
        for word in known:
            x_without = x.copy()
            x_without[given["vocabulary"].index(word)] = 0
            without.append(p_positive(given, x_without)[0])
        assert state["bars"] == pytest.approx(p - np.array(without), abs=1e-9)
        assert [float(t) for t in state["written"] if re.fullmatch(r"\s*[-+]\d\.\d{3}\s*", t)] == \
            pytest.approx(p - np.array(without), abs=6e-4)


def test_a_review_of_unknown_words_gets_the_biases_answer(lesson):
    given, printed, shown = lesson
    state = shown[REVIEWS.index("Scrumptious!")]
    p = p_positive(given, np.zeros(len(given["vocabulary"])))[0]
    assert numbers_after(plain(state["text"]), "P(positive) =")[0] == pytest.approx(p, abs=6e-4)
    assert state["bars"] == [] and "biases alone" in " ".join(state["written"])
    assert printed["Scrumptious!"] == pytest.approx(p, abs=1e-9)   # the lesson's own printout agrees


def test_the_first_review_matches_the_lessons_printout(lesson):
    given, printed, shown = lesson
    review = REVIEWS[0]
    assert numbers_after(plain(given["first"]), "P(positive) =")[0] == pytest.approx(printed[review], abs=6e-4)
    assert numbers_after(plain(shown[0]["text"]), "P(positive) =")[0] == pytest.approx(printed[review], abs=6e-4)


def test_an_empty_box_asks_for_a_review(lesson):
    assert plain(lesson[2][-1]["text"]) == "type a review in the box above"
