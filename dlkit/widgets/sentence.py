"""A review box: type a sentence, see the network's P(positive) and what each word it knows does to it."""
from __future__ import annotations

import html
import unicodedata

import ipywidgets as W
import numpy as np

from .. import plots
from ..datasets import WORD, _words, bag_of_words
from ..validate import count
from .explorer import Explorer, own_copy

BAR = ("<div style='width:300px;height:14px;background:{no}'>"
       "<div style='width:{percent:.0f}%;height:100%;background:{yes}'></div></div>")


class SentenceClassifier(Explorer):
    """Type a review; a bag-of-words network (sigmoid output) answers at every keystroke with
    P(positive) = sigmoid(net(x)), where x counts each vocabulary word in the review. The review is cut into
    words exactly as bag_of_words cuts a training text. The text lists the words it knows (columns of the
    vocabulary), the ones it ignores (no column: they leave no trace) and what is not a word at all (punctuation,
    symbols): everything it read, and everything it did not.

    The picture shows, for each word it knows (the 15 that matter most, in a long review), how much that word moves
    the answer: P(positive) of the review minus P(positive) of the same review with that word's count set to 0.

    The explorer works on its own copy of the network and of the vocabulary, taken when it is made:
    later cells that train or change the learner's network cannot change its answers.
    """

    picture_width = "620px"
    MOST_BARS = 15   # bars in the picture at most: a long review's would not fit

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
        """(counts x of shape (V,), the review's words in order, the pieces of it that are not words), the words
        read exactly as bag_of_words reads a training text, so that the box and the training agree."""
        x = bag_of_words([sentence], vocabulary=self.vocabulary)[0][0]
        left_out = WORD.sub(" ", unicodedata.normalize("NFC", sentence)).split()  # what _words skips, as typed
        return x, _words(sentence), list(dict.fromkeys(left_out))

    def redraw(self):
        sentence = self.value("review")
        x, words, left_out = self.read(sentence)
        known = sorted({w for w in words if w in self.known_words})
        ignored = sorted({w for w in words if w not in self.known_words})
        self.p = p = float(self.probability(x[None])[0])
        # Each known word left out, one at a time: the row of x without that word's column.
        without = np.repeat(x[None], len(known), axis=0)
        for row, word in enumerate(known):
            without[row, self.vocabulary.index(word)] = 0
        self.effects = dict(zip(known, p - self.probability(without))) if known else {}
        quoted = html.escape(" ".join(f"“{piece}”" for piece in left_out))
        if not sentence:
            self.say("<i>type a review in the box above</i>")
        elif not words and not left_out:
            self.say("<i>only spaces so far: type a review in the box above</i>")
        elif not words:
            self.say(f"no words to read, only {quoted}: a word needs a letter or a digit, and it leaves out "
                     "everything else.")
        else:
            def listed(ws):  # each word once, with how often the review has it
                return html.escape(", ".join(w + (f" ×{words.count(w)}" if words.count(w) > 1 else "") for w in ws))
            # With no word it knows, the answer is not a reading of the review: every such review gets it.
            verdict = (f" ({'positive' if p >= 0.5 else 'negative'})" if known else
                       ", from its biases alone: it knows none of these words, so every review of unknown words "
                       "gets this answer")
            bar = BAR.format(no=plots.ORANGE, yes=plots.BLUE, percent=100 * p)
            self.say(f"<b>P(positive) = {p:.3f}</b>{verdict} {bar}"
                     f"words it knows: {listed(known) or '(none)'}<br>"
                     f"words it ignores (not in its vocabulary): {listed(ignored) or '(none)'}"
                     + (f"<br>left out (no letter or digit, so not a word): {quoted}" if left_out else ""))
        # A long review would give more bars than fit: the picture keeps those that move the answer most.
        shown = sorted(sorted(known, key=lambda w: -abs(self.effects[w]))[:self.MOST_BARS])
        fig, ax = plots.figure_and_axes(figsize=(6.2, 0.9 + 0.28 * max(len(shown), 3)))
        if shown:
            effects = [self.effects[w] for w in shown]
            ax.barh(shown, effects, color=[plots.BLUE if e >= 0 else plots.ORANGE for e in effects])
            ax.axvline(0, color="0.5", linewidth=0.8)
            top = max(0.05, max(abs(e) for e in effects)) * 1.25
            ax.set_xlim(-top, top)
            for row, e in enumerate(effects):
                ax.text(e, row, f" {e:+.3f} ", va="center", ha="left" if e >= 0 else "right", fontsize=8)
            ax.invert_yaxis()
            ax.set_xlabel("P(positive) with the word minus P(positive) without it")
            ax.tick_params(axis="y", labelsize=9)
            which = (f"the {len(shown)} of its {len(known)} known words that move it most" if len(shown) < len(known)
                     else "what each word it knows does")
            ax.set_title(f"P(positive) = {p:.3f}: {which}", fontsize=10)
        elif words:
            plots._message(ax, "no word it knows: its answer comes from its biases alone")
            ax.set_title(f"P(positive) = {p:.3f}, whatever the words", fontsize=10)
        else:
            plots._message(ax, "no words to read yet" if sentence.strip() else "type a review")
        self.show(fig)
