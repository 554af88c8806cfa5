"""Lesson 13's review box, after the whole lesson has run: for reviews typed into it, P(positive), the words it
knows and ignores, and every bar of its picture, checked against a bag of words built here from the vocabulary
and a numpy forward pass with the weights the network had when the box was made. The test then breaks the
lesson's network and vocabulary: the box works on its own copies. Then the lesson's text: every accuracy it quotes is
one its code printed beside it.
"""
import re

import nbformat
import numpy as np
import pytest

from .by_hand import words_by_hand
from .lesson_kernel import NOTEBOOKS, Lesson
from .reading import numbers_after, plain

REVIEWS = ["The pasta was delicious but the waiter was rude.", "Scrumptious!", "Not good at all, NOT GOOD!",
           "It's the worst film I've seen; awful acting.", "Friendly staff, fresh bread, a lovely evening.",
           "I didn’t like the CAFÉ: 2 stars 👎", "12345 !!!", "!!!", "   ", ""]
SHOWN = ("dict(text=box.message.value, words=[t.get_text() for t in box.figure.axes[0].get_yticklabels()], "
         "bars=[p.get_width() for p in box.figure.axes[0].patches], title=box.figure.axes[0].get_title(), "
         "written=[t.get_text() for t in box.figure.axes[0].texts])")


@pytest.fixture(scope="module")
def lesson():
    with Lesson("13_beyond_images") as lesson:
        lesson.widget("widgets.SentenceClassifier(", "box")
        given = lesson.get("dict(W=[l.W for l in net.dense_layers], b=[l.b for l in net.dense_layers], "
                           "vocabulary=vocabulary, first=box.message.value)")
        lesson.run_until('examples = [("healthy"')      # section 4's pictures, as drawn
        lesson.run("from matplotlib.colors import to_rgb")
        signals = lesson.get("{ax.get_title(): to_rgb(ax.lines[0].get_color()) for ax in axes}")
        lesson.run_until("right.plot(t, rattle")
        surprise = lesson.get("[[c.patches[0].get_label(), [to_rgb(p.get_facecolor()) for p in c.patches], c.patches[0].get_hatch()] "
                              "for c in left.containers]")
        rebuild = lesson.get("{l.get_label(): [to_rgb(l.get_color()), l.get_linestyle()] for l in right.lines}")
        lesson.run_rest()
        printed = lesson.get("{s: float(probability_positive(s)) for s in "
                             "['The pasta was delicious but the waiter was rude.', 'Scrumptious!']}")
        printed["last ten"] = lesson.get("[float(np.mean(h.val_accuracy[-10:])) for h in (history, node_history)]")
        printed["error after training"] = lesson.get("float(reconstruction_error(S_train).mean())")
        printed["palette"] = lesson.get("[to_rgb(c) for c in plots.CLASS_COLOURS]")
        printed.update(signals=signals, surprise=surprise, rebuild=rebuild)
        # Break what the lesson holds: the box must not notice.
        lesson.run("net.dense_layers[0].W[:] = 0\nnet.dense_layers[-1].b[:] = 5\nvocabulary.reverse()")
        shown = []
        for review in REVIEWS:
            lesson.run(f"box.controls['review'].value = {review!r}")
            shown.append(lesson.get(SHOWN))
        yield given, printed, shown


def counts(review, vocabulary):
    """The bag of words, by hand (words_by_hand: runs of letters or digits, an apostrophe inside kept), counted per
    vocabulary word; and the review's distinct words, sorted."""
    words = words_by_hand(review)[0]
    return np.array([words.count(w) for w in vocabulary], dtype=float), sorted(set(words))


WITH_WORDS = [review for review in REVIEWS if words_by_hand(review)[0]]


def p_positive(given, X):
    """sigmoid(relu(X W1 + b1) W2 + b2), for rows of word counts X."""
    (W1, W2), (b1, b2) = [np.array(w) for w in given["W"]], [np.array(b) for b in given["b"]]
    z = np.maximum(np.atleast_2d(X) @ W1 + b1, 0) @ W2 + b2
    return 1 / (1 + np.exp(-z[:, 0]))


def test_p_positive_is_the_networks_answer_for_the_typed_review(lesson):
    given, _, shown = lesson
    for review, state in zip(REVIEWS, shown):
        if review not in WITH_WORDS:
            continue
        x, _ = counts(review, given["vocabulary"])
        p = p_positive(given, x)[0]
        text = plain(state["text"])
        assert numbers_after(text, "P(positive) =")[0] == pytest.approx(p, abs=6e-4), (review, text)
        if any(w in given["vocabulary"] for w in words_by_hand(review)[0]):
            assert ("(positive)" if p >= 0.5 else "(negative)") in text
        else:   # "12345", "Scrumptious!": no word it knows, so no verdict on the review, only the biases' answer
            assert not re.search(r"\((positive|negative)\)", text.replace("P(positive)", "P")), text
            assert "biases alone" in text, text
        assert f"P(positive) = {p:.3f}" in state["title"]


def test_it_lists_the_words_it_knows_the_words_it_ignores_and_what_it_left_out(lesson):
    given, _, shown = lesson
    vocabulary = set(given["vocabulary"])
    for review, state in zip(REVIEWS, shown):
        words, leftovers = words_by_hand(review)
        text = plain(state["text"])
        quoted = " ".join(f"“{piece}”" for piece in leftovers)
        if not words:
            assert "P(positive)" not in text and state["bars"] == [], text
            assert text == ("type a review in the box above" if not review else
                            "only spaces so far: type a review in the box above" if not leftovers else
                            f"no words to read, only {quoted}: a word needs a letter or a digit, and it leaves out "
                            "everything else."), text
            continue
        times = {w: f" ×{words.count(w)}" if words.count(w) > 1 else "" for w in words}
        known = [w + times[w] for w in sorted(set(words)) if w in vocabulary]
        ignored = [w + times[w] for w in sorted(set(words)) if w not in vocabulary]
        lines = text[text.index("words it knows:"):].split("\n")     # after P(positive) and its bar
        assert lines == [f"words it knows: {', '.join(known) or '(none)'}",
                             f"words it ignores (not in its vocabulary): {', '.join(ignored) or '(none)'}"] + \
            [f"left out (no letter or digit, so not a word): {quoted}"] * bool(leftovers), text


def test_each_bar_is_what_leaving_that_word_out_does(lesson):
    given, _, shown = lesson
    for review, state in zip(REVIEWS, shown):
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


# ---------------------------------------------------------------- the text quotes what the code printed

def saved_lesson():
    return nbformat.read(NOTEBOOKS / "13_beyond_images.ipynb", as_version=4).cells


def printed(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def test_the_lesson_prints_the_test_accuracy_at_the_last_epoch_and_averaged_over_ten(lesson):
    cells = saved_lesson()
    for name, mean in zip(["history = net.fit", "node_history = node.fit"], lesson[1]["last ten"]):
        out = printed(next(c for c in cells if name in c.source))
        assert f"{mean:.3f} averaged over the last 10 epochs" in out, out


def test_every_figure_in_the_text_on_reviews_is_one_printed_above_it():
    """In section 3 (the network that reads) and the recap, a figure quoted as 0.ddd or NN% is a number some cell
    above it printed (NN% also from a printed 0.ddd)."""
    cells, seen = saved_lesson(), set()
    first = next(k for k, c in enumerate(cells) if "## 3. A network that reads" in c.source)
    last = next(k for k, c in enumerate(cells) if "## 4. Noticing the unusual" in c.source)
    for k, cell in enumerate(cells):
        if cell.cell_type == "code":
            out = printed(cell)
            fractions = re.findall(r"\b0\.\d{3}\b", out)
            seen |= set(fractions) | {f"{float(x):.0%}" for x in fractions} | set(re.findall(r"\b\d{1,3}%", out))
        elif first <= k < last or cell.source.startswith("## Recap"):
            quoted = re.findall(r"\b0\.\d{3}\b|\b\d{1,3}%", cell.source)
            assert set(quoted) <= seen, (set(quoted) - seen, cell.source[:300])


def test_the_recap_quotes_the_averaged_accuracy_and_says_so():
    cells = saved_lesson()
    out = printed(next(c for c in cells if "history = net.fit" in c.source))
    mean = re.search(r"(0\.\d{3}) averaged over the last 10 epochs", out).group(1)
    recap = next(c.source for c in cells if c.source.startswith("## Recap"))
    line = next(line for line in recap.split("\n- ") if "bag of words" in line.lower())
    assert mean in line and "averaged over" in line, line



def test_the_autoencoders_error_after_training_is_measured_after_training(lesson):
    """Not the last epoch's running average of the mini-batch losses (0.0045), but the error of the trained network on
    the training signals (0.0046), the number the alarm threshold is set from."""
    out = printed(next(c for c in saved_lesson() if "autoencoder.fit(S_train, S_train" in c.source))
    line = next(line for line in out.splitlines() if "reconstruction error" in line)
    assert "after training" in line and "training signals" in line, line
    assert numbers_after(line, ":")[0] == pytest.approx(lesson[1]["error after training"], abs=5e-5), line


def test_each_kind_of_signal_keeps_one_colour_and_no_colour_means_two_things(lesson):
    """Section 4's two pictures: healthy in one colour, faults in another (each kind told apart by its hatching), in
    both pictures; the autoencoder's rebuild in a grey of its own. A class colour beyond the first two (Gentoo's
    green, red, purple) would mean a class (or a species) that is not there."""
    shown = lesson[1]
    signals, surprise, rebuild, palette = shown["signals"], shown["surprise"], shown["rebuild"], shown["palette"]
    healthy, fault = signals["healthy"], signals["click"]
    assert healthy != fault and signals["rattle"] == signals["clipped"] == fault
    hatches = {}
    for label, colours, hatch in surprise:
        expected = healthy if label.startswith("healthy") else fault
        assert all(np.allclose(c, expected) for c in colours), label
        hatches[label] = hatch
    assert len(set(hatches.values())) == len(hatches) == 4          # each kind its own hatching (healthy: none)
    (recording, (rattle, _)), (rebuilt, (grey, style)) = rebuild.items()
    assert "rattl" in recording and "rebuild" in rebuilt
    assert np.allclose(rattle, fault)
    assert np.ptp(grey) == pytest.approx(0) and style != "-"       # a grey, dashed: neither healthy nor faulty
    assert all(not np.allclose(c, p) for p in palette[2:] for c in [healthy, fault, grey])
