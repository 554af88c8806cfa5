"""The checks of lesson 12: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np

from exercises import lesson12 as ex


def test_radius():
    x1, x2 = ex.POINTS[:, 0], ex.POINTS[:, 1]
    right = np.sqrt(x1 ** 2 + x2 ** 2)
    assert ex.check_radius(right).correct
    assert ex.check_radius(right.reshape(-1, 1)).correct          # a column is fine too
    assert ex.check_radius(np.round(right, 4)).correct
    assert ex.check_radius(...).status == "not attempted"
    assert "take the square root" in ex.check_radius(x1 ** 2 + x2 ** 2).message
    assert "grid of streets" in ex.check_radius(np.abs(x1) + np.abs(x2)).message
    assert "square each coordinate" in ex.check_radius(x1 + x2).message
    assert "angle" in ex.check_radius(np.arctan2(x2, x1)).message
    assert "only one coordinate" in ex.check_radius(np.abs(x1)).message
    assert "axis=0" in ex.check_radius(np.sqrt((ex.POINTS ** 2).sum(axis=0))).message
    assert "(3, 4) should give 5" in ex.check_radius(right + 1).message
    assert ex.check_radius(np.round(right, 1)).correct                          # 1.4 for 1.414: 2 digits
    assert ex.check_radius(np.round(right, 2)).correct                          # 1.41: 3 significant digits
    assert "Close!" in ex.check_radius(right + [0, 0, 0.006, 0, 0]).message      # 1.42: rounded on the way
    assert "Did your function return" in ex.check_radius(None).message


def test_xor_feature():
    assert ex.check_xor_feature(lambda X: X[:, 0] * X[:, 1]).correct
    assert ex.check_xor_feature(lambda X: -X[:, 0] * X[:, 1]).correct           # either direction of the threshold
    assert ex.check_xor_feature(lambda X: np.sign(X[:, 0]) == np.sign(X[:, 1])).correct
    assert ex.check_xor_feature(lambda X: (X[:, 0] * X[:, 1]).reshape(-1, 1)).correct   # a column is fine too
    assert ex.check_xor_feature(...).status == "not attempted"
    assert "circle's feature" in ex.check_xor_feature(lambda X: X[:, 0] ** 2 + X[:, 1] ** 2).message
    assert "one straight direction" in ex.check_xor_feature(lambda X: X[:, 0] + X[:, 1]).message
    assert "one straight direction" in ex.check_xor_feature(lambda X: X[:, 1]).message
    assert "same sign" in ex.check_xor_feature(lambda X: X[:, 0] ** 3).message
    assert "shape (60,)" in ex.check_xor_feature(lambda X: X[:10, 0]).message
    x1, x2 = ex.XOR_X[:, 0], ex.XOR_X[:, 1]
    assert "function of X" in ex.check_xor_feature(x1 * x2).message               # values, not the rule


def test_xor_feature_made_from_the_labels_is_refused():
    # Loophole: the labels themselves separate the classes perfectly, but they are the answer, not a feature.
    for cheat in (ex.XOR_Y, 2.0 * ex.XOR_Y - 1, ex.XOR_Y.reshape(-1, 1)):
        result = ex.check_xor_feature(cheat)
        assert not result.correct and "cheating" in result.message and "new points" in result.message
    result = ex.check_xor_feature(lambda X: ex.XOR_Y)                             # ignores its X
    assert not result.correct and "cheating" in result.message and "does not compute from its X" in result.message

    def memorised(X):   # looks each point up among the 60 labelled ones: right there, lost on new points
        known = {tuple(p): label for p, label in zip(ex.XOR_X, ex.XOR_Y)}
        return np.array([known.get(tuple(p), 0) for p in X], dtype=float)

    result = ex.check_xor_feature(memorised)
    assert not result.correct and "cheating" in result.message and "new points" in result.message


def test_the_new_points_are_new():
    assert not {tuple(p) for p in ex.NEW_X} & {tuple(p) for p in ex.XOR_X}
    assert set(ex.NEW_Y) == {0, 1}


def test_best_threshold_accuracy():
    y = np.array([0, 0, 1, 1])
    assert ex.best_threshold_accuracy(np.array([1.0, 2.0, 3.0, 4.0]), y) == 1.0
    assert ex.best_threshold_accuracy(np.array([4.0, 3.0, 2.0, 1.0]), y) == 1.0
    assert ex.best_threshold_accuracy(np.array([1.0, 1.0, 1.0, 1.0]), y) == 0.5   # equal values cannot be split


CURVES = {"logistic regression": [0.60, 0.95, 0.967], "k nearest neighbours": [0.53, 0.97, 0.986],
          "random forest": [0.49, 0.95, 0.960], "deep network": [0.64, 0.96, 0.976]}


def test_curve_reading():
    assert ex.check_curve_reading("deep network", "k nearest neighbours", CURVES).correct
    assert ex.check_curve_reading("Deep", "kNN", CURVES).correct           # loose spellings
    for name in ("net", "neural network", "neural net", "Neural Net", "deep neural network", "deep neural net"):
        assert ex.check_curve_reading(name, "k nearest neighbours", CURVES).correct, name
    assert ex.check_curve_reading(..., "knn", CURVES).status == "not attempted"
    assert "left end" in ex.check_curve_reading("knn", "knn", CURVES).message
    assert "you want the highest" in ex.check_curve_reading("random forest", "knn", CURVES).message
    assert "first number of each curve" in ex.check_curve_reading("logistic regression", "knn", CURVES).message
    assert "right end" in ex.check_curve_reading("deep network", "deep network", CURVES).message
    assert "last number of each curve" in ex.check_curve_reading("deep network", "random forest", CURVES).message
    assert "not one of the models" in ex.check_curve_reading("svm", "knn", CURVES).message
    assert "in quotes" in ex.check_curve_reading(3, "knn", CURVES).message


def test_scenarios():
    assert ex.check_scenarios(["unsupervised", "supervised", "supervised", "unsupervised"]).correct
    assert ex.check_scenarios(("Unsupervised", "supervised ", "SUPERVISED", "un-supervised")).correct
    assert ex.check_scenarios(...).status == "not attempted"
    assert "article's own example" in ex.check_scenarios(
        ["unsupervised", "unsupervised", "supervised", "unsupervised"]).message
    assert "If nobody labelled anything" in ex.check_scenarios(
        ["supervised", "supervised", "supervised", "unsupervised"]).message
    assert "biologist" in ex.check_scenarios(["unsupervised", "supervised", "unsupervised", "unsupervised"]).message
    assert "list of four words" in ex.check_scenarios("supervised").message
    assert "has 3 answers" in ex.check_scenarios(["supervised"] * 3).message
    assert "write \"supervised\" or \"unsupervised\"" in ex.check_scenarios(["yes", "no", "yes", "no"]).message


def test_a_feature_that_uses_the_stored_points_is_not_called_cheating():
    # A common slip: ex.XOR_X inside the function instead of its argument X. Wrong, but not made from the answer.
    result = ex.check_xor_feature(lambda X: ex.XOR_X[:, 0] * ex.XOR_X[:, 1])
    assert not result.correct and "does not compute from its X" in result.message
    assert "cheating" not in result.message and "ex.XOR_X" in result.message


def test_model_names_in_the_singular_are_understood():
    assert ex._model("k nearest neighbour", "x") == ex._model("k-nearest neighbor", "x") == "k nearest neighbours"


def test_the_curve_reading_success_message_does_not_call_a_lead_within_the_spread_a_win():
    curves = {"logistic regression": [0.595, 0.95], "deep network": [0.638, 0.97], "random forest": [0.5, 0.96]}
    result = ex.check_curve_reading("deep network", "deep network", curves)
    assert result.correct and "0.043 ahead" in result.message and "too close to call" in result.message
    assert "Different winners" not in result.message
