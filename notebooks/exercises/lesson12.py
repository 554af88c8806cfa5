"""Exercises for lesson 12 · Deep learning vs classic machine learning."""
from __future__ import annotations

import numpy as np

from dlkit import datasets

from .checking import Hint, array, exercise, judge


def _vector(answer, n, what):
    """The answer as a float array of shape (n,), or a Hint saying what shape was expected."""
    values = array(answer, what, f"an array of {n} numbers, one per point")
    if values.shape == (n, 1):
        values = values[:, 0]
    if values.shape != (n,):
        hint = f"{what} should hold one number per point, shape ({n},), but yours has shape {values.shape}"
        if values.shape == (2,):
            hint += ": you summed down the columns (axis=0) instead of along each row (axis=1)"
        raise Hint(hint)
    if not np.all(np.isfinite(values)):
        raise Hint(f"{what} contains NaN or infinite values")
    return values


# -- 1. A hand-made feature: the radius -------------------------------------------------------------

POINTS = np.array([[3.0, 4.0], [0.0, -2.0], [-1.0, 1.0], [5.0, 0.0], [-1.5, -2.0]])


@exercise
def check_radius(answer):
    """The distance of each row of POINTS from the origin, shape (5,)."""
    r = _vector(answer, len(POINTS), "the radius")
    x1, x2 = POINTS[:, 0], POINTS[:, 1]
    right = np.sqrt(x1 ** 2 + x2 ** 2)
    praise = (f"radii {np.round(right, 3).tolist()}. The point (3, 4) is 5 away from the centre: "
              "3-4-5, Pythagoras. One number per point that says 'inside or outside'.")
    if np.allclose(r, right, atol=1e-3):
        return praise
    if np.allclose(r, right ** 2, atol=1e-3):
        raise Hint("that is the squared radius x1² + x2² (for (3, 4) it gives 25, not 5): take the square "
                   "root. (For a linear model either works, but the exercise asks for the distance.)")
    if np.allclose(r, np.abs(x1) + np.abs(x2), atol=1e-3):
        raise Hint("|x1| + |x2| is the distance walking along a grid of streets. The straight-line distance "
                   "is sqrt(x1² + x2²).")
    if np.allclose(r, x1 + x2, atol=1e-3) or np.allclose(r, np.sqrt(np.abs(x1 + x2)), atol=1e-3):
        raise Hint("square each coordinate before adding: otherwise (-1, 1) gets radius 0, as if it sat "
                   "at the centre.")
    if np.allclose(r, np.arctan2(x2, x1), atol=1e-3) or np.allclose(r, np.arctan2(x1, x2), atol=1e-3):
        raise Hint("that is the angle of each point. The radius is its distance from the origin, "
                   "sqrt(x1² + x2²).")
    if np.allclose(r, np.abs(x1), atol=1e-3) or np.allclose(r, np.abs(x2), atol=1e-3):
        raise Hint("you used only one coordinate: the radius needs both, sqrt(x1² + x2²).")
    # Right to 3 digits everywhere, or near it: judge says "Close! give more digits" for rounded values.
    if all([judge(a, b, name=f"r[{i}]") for i, (a, b) in enumerate(zip(r, right))]):
        return praise
    raise Hint("for each row (x1, x2) compute sqrt(x1² + x2²); (3, 4) should give 5.")


# -- 2. A hand-made feature for XOR -------------------------------------------------------------------

XOR_X, XOR_Y = datasets.xor(n=60, seed=3)
NEW_X, NEW_Y = datasets.xor(n=200, seed=4)   # new points: a feature must work on these too


def best_threshold_accuracy(values, y):
    """The best accuracy of a rule 'class 1 if value > t' (or '< t') over all thresholds t."""
    order = np.argsort(values, kind="stable")
    v, labels = values[order], y[order]
    ones_left = np.concatenate([[0], np.cumsum(labels)])           # class-1 points at or below each cut
    zeros_left = np.arange(len(v) + 1) - ones_left
    ones_right = labels.sum() - ones_left
    # Only cut between different values: equal values cannot be split by a threshold.
    cuts = np.concatenate([[True], v[1:] != v[:-1], [True]])
    right = np.maximum(zeros_left + ones_right, ones_left + (len(v) - labels.sum() - zeros_left))
    return float(right[cuts].max() / len(v))


@exercise
def check_xor_feature(feature):
    """A function X (n, 2) -> (n,): one number per point such that a single threshold separates the classes,
    on XOR_X and on NEW_X, new points it has never seen (a feature has to work on points nobody has labelled)."""
    if not callable(feature):
        values = _vector(feature, len(XOR_X), "feature")
        hint = ("give the rule, not its values: feature should be a function of X, like radius(X) above, so that "
                "it can be computed for new points too.")
        if best_threshold_accuracy(values, XOR_Y) == 1 and len(np.unique(values)) == 2:
            hint += (" These 60 numbers are just the classes again. If they came from ex.XOR_Y, that is cheating: "
                     "a feature made from the answer is not available for new points, whose answer nobody knows.")
        raise Hint(hint)
    values = _vector(feature(XOR_X.copy()), len(XOR_X), "feature(ex.XOR_X)")
    new = np.asarray(feature(NEW_X.copy()))
    if new.shape[:1] == (len(XOR_X),) and len(NEW_X) != len(XOR_X):
        made_from_answer = (np.array_equal(np.ravel(new).astype(float), XOR_Y.astype(float))
                            or np.array_equal(np.ravel(new).astype(float), 1.0 - XOR_Y))
        raise Hint(f"given {len(NEW_X)} new points, your function still returns {len(XOR_X)} numbers: it does not "
                   "compute from its X (does it use ex.XOR_X, the 60 stored points, instead of its argument X?). "
                   + ("Its numbers are the answers themselves: a feature made from the answer (ex.XOR_Y) is "
                      "cheating, since new points come without their answer. " if made_from_answer else "")
                   + "Compute one number per row of X from x1 = X[:, 0] and x2 = X[:, 1].")
    new = _vector(new, len(NEW_X), f"feature of {len(NEW_X)} new points")
    score, score_new = best_threshold_accuracy(values, XOR_Y), best_threshold_accuracy(new, NEW_Y)
    x1, x2 = XOR_X[:, 0], XOR_X[:, 1]
    if score >= 0.97 and score_new >= 0.97:
        return (f"one threshold on your feature gets {score:.0%} of the points right, and {score_new:.0%} of "
                f"{len(NEW_X)} new ones. Class 1 is where x1 and x2 have the same sign, so x1·x2 > 0 there: one "
                "multiplication, and a single node can finish the job.")
    if score >= 0.97:
        raise Hint(f"your feature separates the 60 points, but on {len(NEW_X)} new points the best threshold gets "
                   f"only {score_new:.0%} right: it knows the answers of the 60, not the rule. A feature made from "
                   "the answer (ex.XOR_Y) is cheating: new points come without their answer. Compute it from the "
                   "coordinates alone.")
    if np.allclose(values, x1 ** 2 + x2 ** 2) or np.allclose(values, np.sqrt(x1 ** 2 + x2 ** 2)):
        raise Hint("that is the circle's feature, the radius. XOR's classes are not inside/outside: both sit at "
                   "all distances. Look at the signs of x1 and x2 in each class instead.")
    if any(np.allclose(values, v) for v in (x1, x2, x1 + x2, x1 - x2, np.abs(x1), np.abs(x2))):
        raise Hint("that feature is still one straight direction (or a fold of it), and XOR cannot be split along "
                   f"one direction: your best threshold gets only {score:.0%} right. Combine x1 and x2 in a way that "
                   "depends on whether their signs agree.")
    raise Hint(f"the best threshold on your feature gets {score:.0%} right. Class 1 is where x1 and x2 have the same "
               "sign (both positive or both negative): which simple formula is positive exactly then?")


# -- 3. Reading the learning curves --------------------------------------------------------------------

MODEL_NAMES = {
    "logistic regression": ("logistic regression", "logistic", "logreg", "lr", "linear"),
    "k nearest neighbours": ("k nearest neighbours", "k nearest neighbors", "k-nearest neighbours",
                             "k-nearest neighbors", "nearest neighbours", "nearest neighbors", "knn", "k-nn",
                             "k nearest neighbour", "k nearest neighbor", "k-nearest neighbour", "k-nearest neighbor",
                             "nearest neighbour", "nearest neighbor"),
    "random forest": ("random forest", "forest", "rf"),
    "deep network": ("deep network", "deep", "network", "deep net", "net", "mlp", "neural network", "neural net",
                     "deep neural network", "deep neural net", "deepclassifier"),
}


def _model(answer, what):
    if not isinstance(answer, str):
        raise Hint(f"{what}: answer with a model's name in quotes, e.g. \"random forest\"")
    name = " ".join(answer.lower().replace("_", " ").split())
    for model, spellings in MODEL_NAMES.items():
        if name in spellings:
            return model
    raise Hint(f"{what}: {answer!r} is not one of the models; choose one of "
               f"{', '.join(repr(m) for m in MODEL_NAMES)}")


@exercise
def check_curve_reading(best_smallest, best_largest, curves):
    """Which model has the highest test accuracy at the smallest and at the largest training-set size?

    curves: {model name: mean test accuracies, smallest training set first}, as measured in the notebook.
    """
    scores = {_model(name, "curves"): np.asarray(values, dtype=float) for name, values in curves.items()}
    small = _model(best_smallest, "best_smallest")
    large = _model(best_largest, "best_largest")
    for model in (small, large):
        if model not in scores:
            raise Hint(f"{model!r} is not among the measured curves ({', '.join(scores)})")
    winner_small = max(scores, key=lambda m: scores[m][0])
    winner_large = max(scores, key=lambda m: scores[m][-1])
    loser_small = min(scores, key=lambda m: scores[m][0])
    if small != winner_small:
        if small == winner_large and winner_large != winner_small:
            raise Hint(f"{small} wins at the right end of the plot, with the most data. best_smallest asks about "
                       "the left end, the fewest training images.")
        if small == loser_small:
            raise Hint(f"{small} is the lowest point at the smallest size ({scores[small][0]:.3f}): you want the "
                       "highest.")
        raise Hint(f"at the smallest size {small} scores {scores[small][0]:.3f}, but another model is higher. "
                   "Compare the first number of each curve.")
    if large != winner_large:
        if large == winner_small:
            raise Hint(f"{large} is best with the fewest images, but not with the most. Look at the right end "
                       "(the last number of each curve).")
        raise Hint(f"with the largest training set {large} scores {scores[large][-1]:.3f}, but another model is "
                   "higher. Compare the last number of each curve.")
    gap_small = scores[winner_small][0] - sorted(v[0] for v in scores.values())[-2]
    gap = scores[winner_large][-1] - sorted(v[-1] for v in scores.values())[-2]
    ends = ("Different models have the highest mean at the two ends" if winner_small != winner_large
            else "The same model has the highest mean at both ends")
    return (f"{winner_small} has the highest mean with the fewest images ({scores[winner_small][0]:.3f}, "
            f"{gap_small:.3f} ahead of the next), {winner_large} with the most ({scores[winner_large][-1]:.3f}, "
            f"{gap:.3f} ahead). {ends}. Compare each lead with how much the scores vary from fold to fold (the "
            "explorer's spread): a lead smaller than that is too close to call.")


# -- 4. Supervised or unsupervised? --------------------------------------------------------------------

SCENARIOS = [
    "Group 10,000 customers into kinds of shoppers from their purchase histories; nobody has labelled any customer.",
    "The article's cat example: a network learns its features from photos, each one labelled 'cat' or 'not cat'.",
    "Predict a penguin's species from its four measurements, learning from penguins whose species a biologist wrote down.",
    "Run k-means on the digit images without their labels, to see which handwritten digits look alike.",
]
SCENARIO_ANSWERS = ["unsupervised", "supervised", "supervised", "unsupervised"]


@exercise
def check_scenarios(answer):
    """'supervised' or 'unsupervised' for each of the four SCENARIOS, in order."""
    if isinstance(answer, str) or not hasattr(answer, "__len__"):
        raise Hint("answer with a list of four words, one per scenario, like "
                   "[\"supervised\", \"supervised\", \"unsupervised\", \"supervised\"]")
    if len(answer) != len(SCENARIOS):
        raise Hint(f"there are {len(SCENARIOS)} scenarios, but your list has {len(answer)} answers")
    words = []
    for i, a in enumerate(answer, start=1):
        word = str(a).strip().lower().replace("-", "").replace(" ", "")
        if word not in ("supervised", "unsupervised"):
            raise Hint(f"answer {i} is {a!r}; write \"supervised\" or \"unsupervised\"")
        words.append(word)
    wrong = [i for i, (w, r) in enumerate(zip(words, SCENARIO_ANSWERS)) if w != r]
    if not wrong:
        return ("labels decide it, not the kind of model: the cat network and the penguin classifier learn "
                "from answers someone wrote down; the customer groups and digit clusters come from the inputs alone.")
    if 1 in wrong:
        raise Hint("scenario 2 is the article's own example, and the article calls it unsupervised. But every photo "
                   "comes with a label, 'cat' or 'not cat', and the training compares the prediction with it: "
                   "the features are learned, the labels are still needed.")
    if wrong == [0, 3] or wrong == [0] or wrong == [3]:
        raise Hint(f"scenario {wrong[0] + 1}: is there a right answer written down for each example? If nobody "
                   "labelled anything, the method can only look for structure in the inputs themselves.")
    if 2 in wrong:
        raise Hint("scenario 3: the biologist wrote down each penguin's species, and the model learns to "
                   "reproduce those answers. Learning from examples with answers is supervised.")
    raise Hint(f"scenario {wrong[0] + 1} is not right yet. Ask of each: does every training example come with the "
               "answer we want the model to give?")
