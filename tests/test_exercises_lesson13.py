"""The checks of lesson 13: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np

from dlkit.datasets import bag_of_words
from exercises import lesson13 as ex


def test_bag_of_words():
    right = [0, 1, 3, 1, 1, 1]
    assert ex.check_bag_of_words(right).correct
    assert ex.check_bag_of_words(bag_of_words([ex.SENTENCE], vocabulary=ex.VOCABULARY)[0]).correct   # (1, 6) is fine
    assert ex.check_bag_of_words(...).status == "not attempted"
    assert "A bag of words COUNTS them" in ex.check_bag_of_words([0, 1, 1, 1, 1, 1]).message   # plain text, no **
    assert "lowercases" in ex.check_bag_of_words([0, 1, 2, 1, 1, 1]).message
    assert "wrong order" in ex.check_bag_of_words([3, 1, 1, 1, 1, 0]).message
    assert "6 numbers" in ex.check_bag_of_words([1, 3, 1, 1, 1, 1, 1]).message
    assert "one number per word of the sentence" in ex.check_bag_of_words([1, 1, 1, 1, 1, 1, 1, 1]).message
    assert "in that order" in ex.check_bag_of_words([0, 1, 3, 1, 1, 2]).message


def test_blocks():
    right = {"farm": ex.BLOCKS[0], "bank": ex.BLOCKS[1], "grid": ex.BLOCKS[2], "pump": ex.BLOCKS[3]}
    assert ex.check_blocks(right).correct
    assert ex.check_blocks({"farm": "softmax", "bank": "sigmoid", "grid": "identity", "pump": "autoencoder"}).correct
    softmax_bank = ex.check_blocks({**right, "bank": ex.BLOCKS[0]})
    assert softmax_bank.correct and "works too" in softmax_bank.message
    assert ex.check_blocks(...).status == "not attempted"
    assert "7 possible answers" in ex.check_blocks({**right, "farm": ex.BLOCKS[1]}).message
    assert "not a quantity" in ex.check_blocks({**right, "farm": ex.BLOCKS[2]}).message
    assert "between 0 and 1" in ex.check_blocks({**right, "grid": ex.BLOCKS[1]}).message
    assert "no labels to train a classifier" in ex.check_blocks({**right, "pump": ex.BLOCKS[0]}).message
    assert "labelled examples of both kinds" in ex.check_blocks({**right, "pump": ex.BLOCKS[1]}).message
    assert "yes/no question" in ex.check_blocks({**right, "bank": ex.BLOCKS[2]}).message
    assert "no answer for 'pump'" in ex.check_blocks({k: right[k] for k in ("farm", "bank", "grid")}).message
    assert "not one of ex.BLOCKS" in ex.check_blocks({**right, "grid": "a convolution"}).message
    assert "dictionary" in ex.check_blocks(ex.BLOCKS).message


def test_unknown_word():
    assert ex.check_unknown_word("b").correct
    assert ex.check_unknown_word(" B ").correct
    assert ex.check_unknown_word(...).status == "not attempted"
    assert "runs without error" in ex.check_unknown_word("a").message
    assert "would have no weights" in ex.check_unknown_word("c").message
    assert "never sees letters" in ex.check_unknown_word("d").message
    assert "one letter" in ex.check_unknown_word("skipped").message


def test_the_unknown_word_really_is_skipped():
    vocabulary = ["soup", "the", "was"]
    with_word, _ = bag_of_words(["The soup was scrumptious"], vocabulary=vocabulary)
    without, _ = bag_of_words(["The soup was"], vocabulary=vocabulary)
    assert np.array_equal(with_word, without)


def test_hints_are_plain_text_without_markdown():
    answers = [[0, 1, 1, 1, 1, 1], [0, 1, 2, 1, 1, 1], [3, 1, 1, 1, 1, 0], [1, 1, 1], [0, 1, 3, 1, 1, 2]]
    for answer in answers:
        message = ex.check_bag_of_words(answer).message
        assert "**" not in message and "`" not in message, message


def test_bag_of_words_odd_answers():
    assert ex.check_bag_of_words(np.array([0, 1, 3, 1, 1, 1], dtype=np.int64)).correct
    assert ex.check_bag_of_words((0.0, 1.0, 3.0, 1.0, 1.0, 1.0)).correct
    assert "Did your function return" in ex.check_bag_of_words(None).message
    assert "the list" in ex.check_bag_of_words(["0", "1", "3", "1", "1", "1"]).message
    assert "you gave a dictionary" in ex.check_bag_of_words({"good": 3}).message


def test_blocks_yes_no_is_not_a_block():
    right = {"farm": ex.BLOCKS[0], "bank": ex.BLOCKS[1], "grid": ex.BLOCKS[2], "pump": ex.BLOCKS[3]}
    assert not ex.check_blocks({**right, "bank": True}).correct
