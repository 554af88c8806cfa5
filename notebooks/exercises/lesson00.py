"""Exercises for lesson 00 · Welcome."""
from __future__ import annotations

from .checking import Hint, exercise, parameter_count, whole_number

# -- 1. Counting parameters -----------------------------------------------------------------------

COUNT_SIZES = [2, 4, 4, 1]   # the network of the exercise: dlkit.mlp([2, 4, 4, 1])


@exercise
def check_parameter_count(answer):
    """How many numbers does mlp([2, 4, 4, 1]) learn? (weights and biases together)"""
    right = parameter_count(COUNT_SIZES)                     # (2*4 + 4) + (4*4 + 4) + (4*1 + 1) = 37
    answer = whole_number(answer, "the number of parameters (weights plus biases)")
    if answer == right:
        return "37 = (2·4 + 4) + (4·4 + 4) + (4·1 + 1): every arrow carries a weight, every non-input node has a bias."
    if answer == parameter_count(COUNT_SIZES, biases=False):
        raise Hint(f"{answer} counts the weights (the arrows) but not the biases: every node of the hidden "
                   "and output layers has one bias of its own.")
    if answer == right + COUNT_SIZES[0]:
        raise Hint("the input nodes have no bias: they only pass the numbers in. Count biases for the hidden "
                   "and output nodes only.")
    if answer == sum(COUNT_SIZES) or answer == sum(COUNT_SIZES[1:]):
        raise Hint(f"{answer} is a number of nodes. Parameters are the weights on the arrows between layers "
                   "(inputs x outputs for each pair of neighbouring layers) plus one bias per node.")
    if answer == right - 1:
        raise Hint("almost: did you forget the output node's bias?")
    raise Hint("for each pair of neighbouring layers of sizes a and b there are a·b weights and b biases; "
               "add this up for (2, 4), (4, 4) and (4, 1).")


# -- 2. Which data set can a network without hidden layers learn? ---------------------------------

TOY_SETS = ("circle", "xor", "gaussian", "spiral")


@exercise
def check_no_hidden_layer(answer):
    """Which of circle, xor, gaussian, spiral can a network with 0 hidden layers classify well?"""
    if not isinstance(answer, str):
        raise Hint(f"answer with one name in quotes, one of {', '.join(repr(s) for s in TOY_SETS)}.")
    name = answer.strip().lower()
    if name not in TOY_SETS:
        raise Hint(f"{answer!r} is not one of the four: {', '.join(repr(s) for s in TOY_SETS)}.")
    if name == "gaussian":
        return ("two blobs can be split by one straight line, and a straight line is all a network "
                "without hidden layers can draw.")
    why = {
        "circle": "the orange ring surrounds the blue disc: no straight line can cut a disc out of a ring.",
        "xor": "the two classes sit in opposite corners: any straight line leaves one corner on the wrong side.",
        "spiral": "the two arms wind around each other: a straight line cuts through both of them.",
    }[name]
    raise Hint(f"not {name}: {why} Set the Playground's depth to 0 and try it: look for the set whose "
               "boundary is (almost) a straight line.")


# -- 3. Supervised or not? -------------------------------------------------------------------------

TASKS = {
    "a": "photos, each tagged 'cat' or 'not cat' by a person; learn to tag new photos",
    "b": "a million customers' shopping baskets, no tags at all; find groups of similar customers",
    "c": "past house sales with their prices; predict the price of a house for sale",
    "d": "songs with no information but their sound; arrange them so similar songs sit close together",
}
SUPERVISED = {"a", "c"}


@exercise
def check_supervised(answer):
    """Which of the tasks a, b, c, d are supervised learning? Answer a set of letters like {"a", "b"}."""
    if isinstance(answer, str):
        answer = [answer]
    try:
        words = " ".join(str(a) for a in answer).lower().replace(",", " ").split()
    except TypeError:
        raise Hint('answer with a set of letters, like {"a", "b"}.') from None
    chosen = set()
    for word in words:   # "ac" and "a and c" mean a and c as surely as {"a", "c"} does
        if word != "and":
            chosen |= set(word) if set(word) <= set(TASKS) else {word}
    if not chosen:
        raise Hint('you chose none. Pick every task whose examples come with the right answer, like {"a", "b"}.')
    unknown = chosen - set(TASKS)
    if unknown:
        raise Hint(f"the tasks are called a, b, c and d; {', '.join(sorted(unknown))} is not one of them.")
    if chosen == SUPERVISED:
        return ("a and c come with the right answer for every example (a tag, a price): that is "
                "supervised learning. b and d have no answers to learn from: unsupervised.")
    missing, extra = SUPERVISED - chosen, chosen - SUPERVISED
    if extra:
        task = sorted(extra)[0]
        raise Hint(f"look at task {task} again: does every example come with the right answer the "
                   "network should give? If nobody provided answers, it is not supervised.")
    task = sorted(missing)[0]
    raise Hint(f"task {task} is supervised too: every example comes with the answer a person (or the "
               "past) provided, and the network learns to give that answer.")
