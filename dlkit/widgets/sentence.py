"""A review box: type a sentence, see the network's P(positive) and what each word it knows does to it."""
from __future__ import annotations

import html

import ipywidgets as W
import numpy as np

from .. import plots
from ..datasets import bag_of_words
from ..validate import count
from .explorer import Explorer, own_copy

BAR = ("<div style='width:300px;height:14px;background:{no}'>"
       "<div style='width:{percent:.0f}%;height:100%;background:{yes}'></div></div>")


class SentenceClassifier(Explorer):
    """Type a review; a bag-of-words network (sigmoid output) answers at every keystroke with
    P(positive) = sigmoid(net(x)), where x counts each vocabulary word in the review. The text lists the
    words it knows (columns of the vocabulary) and the ones it ignores (no column: they leave no trace).

    The picture shows, for each word it knows, how much that word moves the answer:
    P(positive) of the review minus P(positive) of the same review with that word's count set to 0.

    The explorer works on its own copy of the network and of the vocabulary, taken when it is made:
    later cells that train or change the learner's network cannot change its answers.
    """

    picture_width = "620px"

    def __init__(self, net, vocabulary, text="The pasta was delicious but the waiter was rude."):
        vocabulary = list(vocabulary)
        if not all(isinstance(w, str) for w in vocabulary):
            raise TypeError("vocabulary should be a list of words (strings), as bag_of_words returns it")
        if net.n_inputs != len(vocabulary):
            raise ValueError(f"the network reads {count(net.n_inputs, 'number')} per text, but the vocabulary "
                             f"has {count(len(vocabulary), 'word')}: give the vocabulary the network was trained with")
        if net.output_activation != "sigmoid":
            raise ValueError("SentenceClassifier needs a network with one sigmoid output (P(positive)), but this "
                             f"one ends in {net.output_activation}")
        self.net, self.vocabulary = own_copy(net), vocabulary
        self.known_words = set(vocabulary)
        self.controls = {"review": W.Text(value=text, description="your review", continuous_update=True,
                                          layout=W.Layout(width="620px"))}
        self.layout([["review"]])
        self.redraw()

    def probability(self, X) -> np.ndarray:
        """P(positive) for rows of word counts X (n, V): the copy's sigmoid output, shape (n,)."""
        return self.net.predict_proba(X)

    def read(self, sentence):
        """(counts x of shape (V,), the words it knows, the words it ignores); each list alphabetical."""
        try:
            words = bag_of_words([sentence])[1]  # the sentence's own distinct words, sorted
        except ValueError:  # no words at all (yet)
            words = []
        known = [w for w in words if w in self.known_words]
        ignored = [w for w in words if w not in self.known_words]
        x = bag_of_words([sentence], vocabulary=self.vocabulary)[0][0] if words else np.zeros(len(self.vocabulary))
        return x, known, ignored

    def redraw(self):
        sentence = self.value("review")
        x, known, ignored = self.read(sentence)
        self.p = p = float(self.probability(x[None])[0])
        # Each known word left out, one at a time: the row of x without that word's column.
        without = np.repeat(x[None], len(known), axis=0)
        for row, word in enumerate(known):
            without[row, self.vocabulary.index(word)] = 0
        self.effects = dict(zip(known, p - self.probability(without))) if known else {}
        if not (known or ignored):
            self.say("<i>type a review in the box above</i>")
        else:
            verdict = "positive" if p >= 0.5 else "negative"
            bar = BAR.format(no=plots.ORANGE, yes=plots.BLUE, percent=100 * p)
            self.say(f"<b>P(positive) = {p:.3f}</b> ({verdict}) {bar}"
                     f"words it knows: {html.escape(', '.join(known)) or '(none)'}<br>"
                     f"words it ignores (not in its vocabulary): {html.escape(', '.join(ignored)) or '(none)'}")
        fig, ax = plots.figure_and_axes(figsize=(6.2, 0.9 + 0.28 * max(len(known), 3)))
        if known:
            effects = [self.effects[w] for w in known]
            ax.barh(known, effects, color=[plots.BLUE if e >= 0 else plots.ORANGE for e in effects])
            ax.axvline(0, color="0.5", linewidth=0.8)
            top = max(0.05, max(abs(e) for e in effects)) * 1.25
            ax.set_xlim(-top, top)
            for row, e in enumerate(effects):
                ax.text(e, row, f" {e:+.3f} ", va="center", ha="left" if e >= 0 else "right", fontsize=8)
            ax.invert_yaxis()
            ax.set_xlabel("P(positive) with the word minus P(positive) without it")
            ax.tick_params(axis="y", labelsize=9)
            ax.set_title(f"P(positive) = {p:.3f}: what each word it knows does", fontsize=10)
        elif ignored:
            plots._message(ax, "no word it knows: its answer comes from its biases alone")
            ax.set_title(f"P(positive) = {p:.3f}, whatever the words", fontsize=10)
        else:
            plots._message(ax, "type a review")
        self.show(fig)
