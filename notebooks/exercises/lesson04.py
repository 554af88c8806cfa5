"""Exercises for lesson 04 · Error and loss."""
from __future__ import annotations

import numpy as np

from .checking import Hint, exercise, judge, number


# -- 1. Mean squared error by hand ----------------------------------------------------------------

MSE_Y = np.array([3.0, -1.0, 2.0, 7.0])       # the truth
MSE_Y_HAT = np.array([2.5, 0.0, 2.0, 9.0])    # the predictions


@exercise
def check_mse(answer):
    """The mean squared error of MSE_Y_HAT against MSE_Y."""
    a = number(answer, "the mean squared error")
    err = MSE_Y_HAT - MSE_Y                    # [-0.5, 1, 0, 2]
    right = float(np.mean(err ** 2))           # 5.25 / 4 = 1.3125
    wrong = [
        (np.sum(err ** 2), "that is the SUM of the squared errors; the mean divides by the number of examples (4)."),
        (np.mean(err), "that is the mean of the signed errors: positive and negative errors cancel, so a bad "
                       "model could score 0. Square each error before averaging."),
        (np.mean(np.abs(err)), "that is the mean ABSOLUTE error. Square each error instead of taking its size."),
        (np.sqrt(right), "that is the square ROOT of the mean squared error (RMSE). Leave out the root."),
        (np.sum(err ** 2) / 3, "divide by the number of examples, 4, not 3."),
        (np.mean(err) ** 2, "you squared the mean error; square each error first, then take the mean."),
    ]
    if judge(a, right, wrong, exact=True):
        return ("errors -0.5, 1, 0, 2; squared 0.25, 1, 0, 4; mean 5.25 / 4 = 1.3125. The one error of 2 "
                "contributes 4 of the 5.25: squaring makes big mistakes dominate.")
    raise Hint("error = prediction - truth for each example, square each one, then take the mean of the four.")


# -- 2. Cross-entropy of one probability row ------------------------------------------------------

CE_P = np.array([0.1, 0.7, 0.2])   # the network's probabilities for classes 0, 1, 2
CE_LABEL = 2                       # the true class


@exercise
def check_cross_entropy(answer):
    """The cross-entropy -log p[label] of the row CE_P when the true class is CE_LABEL."""
    a = number(answer, "the cross-entropy")
    right = float(-np.log(CE_P[CE_LABEL]))     # -ln 0.2 = 1.609
    base_e = "cross-entropy (and numpy's np.log) uses the natural logarithm, ln"
    wrong = [
        # -ln 0.1 = 2.303 and -log2 0.2 = 2.322 are both 2.3 to 2 digits: the hint names both
        (2.3, f"to 2 digits that is -ln 0.1 = 2.303, -log of class 0's probability, or -log2 0.2 = 2.322, a "
              f"log in base 2. The true class is label 2 (counting from 0, the third entry, 0.2), and {base_e}."),
        (-np.log(CE_P[1]), "that is -log of the LARGEST probability (class 1). Cross-entropy looks at the "
                           "probability of the TRUE class, label 2."),
        (-np.log(CE_P[0]), "that is -log of class 0's probability. The true class is label 2: counting "
                           "from 0, that is the third entry, 0.2."),
        (CE_P[1], "that is class 1's probability itself, read off the row, or -log10 0.2 = 0.699 (log base 10). "
                  "Cross-entropy is minus the natural log, -ln, of the probability of the TRUE class, label 2."),
        (np.log(CE_P[CE_LABEL]), "mind the sign: log of a probability is negative, and a loss should be "
                                 "positive, so cross-entropy is MINUS the log."),
        (-np.log10(CE_P[CE_LABEL]), f"that is log base 10; {base_e}."),
        (-np.log2(CE_P[CE_LABEL]), f"that is -log2 0.2, a log in base 2; {base_e}."),
        (-np.sum(np.log(CE_P)), "only the true class's probability enters: -log p[label], not the sum over "
                                "all classes."),
        (1 - CE_P[CE_LABEL], "1 - p is not the cross-entropy; take -log p of the true class."),
        (-np.log(1 - CE_P[CE_LABEL]), "you took -log(1 - p): that would be the loss if class 2 were WRONG. "
                                      "Use -log p[label]."),
    ]
    if judge(a, right, wrong):
        return (f"-ln 0.2 = {right:.3f}. Only the probability of the true class counts; the network put 0.7 "
                "on class 1, so it pays for being confident about the wrong class through the small 0.2.")
    raise Hint("pick the probability the network gave to the true class (label 2, counting from 0), then "
               "take minus its natural logarithm: -np.log(p).")


# -- 3. Which model has the lower loss, and why? ---------------------------------------------------
# Four examples; each number is the probability a model gave to the TRUE class of that example.

P_TRUE_A = np.array([0.9, 0.9, 0.9, 0.02])
P_TRUE_B = np.array([0.6, 0.6, 0.45, 0.45])

OPTIONS = {
    "a": "A has the lower loss, because it gets more examples right",
    "b": "B has the lower loss, because it is never confidently wrong",
    "c": "A has the lower loss, because its probabilities for the true class are higher on average",
    "d": "B has the lower loss, because it gets more examples right",
}


@exercise
def check_lower_loss(answer):
    """Which statement in OPTIONS is true? Answer one letter, "a" to "d"."""
    if not isinstance(answer, str) or answer.strip().lower().strip("()") not in OPTIONS:
        raise Hint('answer with one letter in quotes: "a", "b", "c" or "d".')
    choice = answer.strip().lower().strip("()")
    loss_a, loss_b = float(-np.mean(np.log(P_TRUE_A))), float(-np.mean(np.log(P_TRUE_B)))
    if choice == "b":
        return (f"A: mean(-log p) = {loss_a:.3f}; B: {loss_b:.3f}. A's one confident mistake (p = 0.02) costs "
                f"-ln 0.02 = {-np.log(0.02):.2f} by itself, more than all of B's hesitations together. "
                "Accuracy says A is better (3 of 4 against 2 of 4); cross-entropy disagrees, on purpose.")
    if choice == "a":
        raise Hint(f"A is right more often (3 of 4), but loss is not accuracy. Compute both losses: the last "
                   f"example alone costs A -ln 0.02 = {-np.log(0.02):.2f}.")
    if choice == "c":
        raise Hint(f"the average probability is indeed higher for A ({P_TRUE_A.mean():.3f} against "
                   f"{P_TRUE_B.mean():.3f}), but the loss averages -log p, not p. -log p explodes near 0, so "
                   "one tiny probability can outweigh many good ones.")
    raise Hint("count again with the 0.5 threshold: B gives the true class more than 0.5 on only 2 of the 4 "
               "examples, A on 3. B does have the lower loss, but not for that reason.")
