"""Exercises for lesson 13 · Beyond images."""
from __future__ import annotations

import re

import numpy as np

from .checking import Hint, array, exercise

# -- 1. A sentence as a bag of words ---------------------------------------------------------------------

VOCABULARY = ["bad", "food", "good", "music", "night", "not"]
SENTENCE = "Good food, good music, not a good night."


def _counts(words):
    return np.array([words.count(v) for v in VOCABULARY], dtype=float)


@exercise
def check_bag_of_words(answer):
    """The counts of each VOCABULARY word in SENTENCE, in the vocabulary's order."""
    x = array(answer, "the vector", f"a list of {len(VOCABULARY)} numbers")
    if x.shape == (1, len(VOCABULARY)):
        x = x[0]
    words = re.findall(r"[a-z]+", SENTENCE.lower())
    right = _counts(words)
    if x.shape != (len(VOCABULARY),):
        extra = (f" You seem to have written one number per word of the sentence ({len(words)} words); the vector "
                 "has one position per vocabulary word instead, and words outside the vocabulary, like 'a', get no "
                 "position at all.") if x.size == len(words) else ""
        raise Hint(f"the vector needs one number per vocabulary word, {len(VOCABULARY)} numbers, but yours has "
                   f"shape {x.shape}.{extra}")
    if np.array_equal(x, right):
        return (f"{x.astype(int).tolist()}: 'good' three times, 'bad' never, and 'a' is simply not counted because "
                "it is not in the vocabulary.")
    if np.array_equal(x, (right > 0).astype(float)):
        raise Hint("you ticked which words occur (0 or 1). A bag of words COUNTS them: how many times does "
                   "'good' appear?")
    case_blind = _counts(re.findall(r"[a-z]+", SENTENCE))   # 'Good' with a capital letter missed
    if np.array_equal(x, case_blind):
        raise Hint("'Good' at the start of the sentence is the same word as 'good': bag_of_words lowercases "
                   "everything first. Count it too.")
    if sorted(x.tolist()) == sorted(right.tolist()):
        raise Hint(f"the right counts, in the wrong order: position j must hold the count of VOCABULARY[j], "
                   f"in the order {VOCABULARY}.")
    raise Hint(f"for each word of {VOCABULARY}, in that order, count how often it occurs in the sentence "
               "(ignoring capitals and punctuation).")


# -- 2. Which building block? ------------------------------------------------------------------------------

BLOCKS = [
    "softmax output + cross-entropy",
    "sigmoid output + binary cross-entropy",
    "identity output + mean squared error",
    "autoencoder + reconstruction error",
]

APPLICATIONS = {
    "farm": "From a photo of a leaf, tell which of 6 diseases it has, or that it is healthy.",
    "bank": "From 20 numbers describing a card payment, give the probability that it is fraud.",
    "grid": "Predict tomorrow's electricity demand of a city, in megawatt-hours.",
    "pump": "Warn when a pump's vibration looks unlike anything recorded while it was healthy; no faults were ever recorded.",
}
_RIGHT = {"farm": 0, "bank": 1, "grid": 2, "pump": 3}
_WHY_NOT = {
    ("farm", 1): "a sigmoid gives one yes/no probability; the leaf has 7 possible answers (6 diseases or healthy), "
                 "one of which is right: that is a softmax over 7 classes.",
    ("farm", 2): "the disease is a category, not a quantity: there is no sense in which disease 4 is 'twice' disease 2.",
    ("farm", 3): "here we have labelled photos of each disease, so we can learn the classes directly.",
    ("bank", 2): "a probability must stay between 0 and 1, and the payments come labelled fraud / not fraud: "
                 "that is a yes/no question.",
    ("bank", 3): "banks do have labelled fraud cases here (the question asks for a probability of fraud), so "
                 "this is a yes/no classifier.",
    ("grid", 0): "demand is a quantity (megawatt-hours), not one of a few classes.",
    ("grid", 1): "a sigmoid squeezes its output between 0 and 1; demand in megawatt-hours can be any size.",
    ("grid", 3): "we want a number predicted from past data, not a judgement of how unusual something is.",
    ("pump", 0): "no faults were ever recorded, so there are no labels to train a classifier on.",
    ("pump", 1): "a fraud-style classifier needs labelled examples of both kinds; this pump has none of the faulty kind.",
    ("pump", 2): "there is nothing labelled to predict; the question is only 'does this look like the healthy signals?'",
}


def _block(answer, key):
    if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and 0 <= answer < len(BLOCKS):
        return int(answer)
    if not isinstance(answer, str):
        raise Hint(f"{key!r}: answer with one of the strings in ex.BLOCKS")
    text = answer.lower()
    for i, block in enumerate(BLOCKS):
        if text.strip() == block or text.split()[0:1] == [block.split()[0]]:
            return i
    raise Hint(f"{key!r}: {answer!r} is not one of ex.BLOCKS; copy one of those strings")


@exercise
def check_blocks(answer):
    """A dict {application key: one of BLOCKS} for each of the four APPLICATIONS."""
    if not isinstance(answer, dict):
        raise Hint("answer with a dictionary, like {\"farm\": ex.BLOCKS[0], \"bank\": ...}")
    missing = [k for k in APPLICATIONS if k not in answer]
    if missing:
        raise Hint(f"the dictionary has no answer for {', '.join(repr(k) for k in missing)}")
    note = ""
    for key in APPLICATIONS:
        chosen = _block(answer[key], key)
        if key == "bank" and chosen == 0:  # two softmax outputs are equivalent to one sigmoid: accept it
            note = (" (For the bank, a softmax over 'fraud' and 'not fraud' works too; one sigmoid output is the "
                    "same model with half the output weights.)")
        elif chosen != _RIGHT[key]:
            raise Hint(f"{key!r}: {_WHY_NOT[(key, chosen)]}")
    return ("a category among several: softmax; one yes/no probability: sigmoid; a quantity: identity output and "
            "squared error; no labels at all: learn what normal looks like and measure surprise." + note)


# -- 3. A word the vocabulary does not know -----------------------------------------------------------------

UNKNOWN_CHOICES = {
    "a": "bag_of_words raises an error, because the word has no column",
    "b": "the word is skipped: the vector is exactly the one for the sentence without it",
    "c": "the word is added to the vocabulary as a new column",
    "d": "the network guesses its meaning from known words that look similar",
}


@exercise
def check_unknown_word(answer):
    """What happens to a word that the training vocabulary does not contain? One of UNKNOWN_CHOICES."""
    if not isinstance(answer, str) or answer.strip().lower().strip("()") not in UNKNOWN_CHOICES:
        raise Hint(f"answer with one letter in quotes: {', '.join(repr(k) for k in UNKNOWN_CHOICES)}")
    choice = answer.strip().lower().strip("()")
    if choice == "b":
        return ("the unknown word leaves no trace: the network sees the same numbers as without it. A sentence "
                "made only of unknown words becomes all zeros, and every such sentence gets the same prediction.")
    if choice == "a":
        raise Hint("try it: bag_of_words([\"The soup was scrumptious\"], vocabulary=vocabulary) runs without error. "
                   "Look at what it does with a word that has no column.")
    if choice == "c":
        raise Hint("the network has exactly one input per vocabulary word, and its first layer's weights were "
                   "trained for those; a new column would have no weights. With a vocabulary given, the "
                   "vocabulary does not change.")
    raise Hint("the network never sees letters or spellings, only the counts of the words in its vocabulary. "
               "'scrumptious' has no column, so what reaches the network for it?")
