"""DeepClassifier speaks scikit-learn: its tools work with it unchanged."""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score, learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import dlkit
from dlkit.datasets import load_penguins


@pytest.fixture(scope="module")
def penguins():
    return load_penguins()


def test_fit_predict_score_with_original_labels(penguins):
    names = np.array(penguins.class_names)[penguins.y]  # string labels, as scikit-learn allows
    clf = dlkit.DeepClassifier(hidden=(16,), epochs=40, seed=0).fit(penguins.X, names)
    assert set(clf.predict(penguins.X)) <= set(penguins.class_names)
    assert clf.score(penguins.X, names) > 0.95
    assert clf.predict_proba(penguins.X).shape == (len(names), 3)


def test_get_params_set_params_and_clone():
    clf = dlkit.DeepClassifier(hidden=(8, 8), lr=0.05)
    assert clf.get_params()["hidden"] == (8, 8) and clf.get_params()["lr"] == 0.05
    copy = clone(clf.set_params(epochs=7))
    assert copy.get_params() == clf.get_params() and copy is not clf
    with pytest.raises(ValueError, match="has no parameter 'depth'"):
        clf.set_params(depth=3)


def test_cross_val_score_works(penguins):
    scores = cross_val_score(dlkit.DeepClassifier(hidden=(16,), epochs=30, seed=0), penguins.X, penguins.y, cv=3)
    assert scores.shape == (3,) and scores.mean() > 0.9


def test_learning_curve_works(penguins):
    sizes, train, test = learning_curve(dlkit.DeepClassifier(hidden=(16,), epochs=30, seed=0), penguins.X,
                                        penguins.y, train_sizes=[0.3, 1.0], cv=3, shuffle=True,
                                        random_state=0)
    assert train.shape == (2, 3) and test.shape == (2, 3)
    assert np.all(test > 0.5)


def test_works_inside_a_pipeline(penguins):
    pipe = make_pipeline(StandardScaler(), dlkit.DeepClassifier(hidden=(8,), epochs=20, standardize=False, seed=0))
    assert pipe.fit(penguins.X, penguins.y).score(penguins.X, penguins.y) > 0.9


def test_same_seed_same_predictions(penguins):
    a = dlkit.DeepClassifier(epochs=5, seed=1).fit(penguins.X, penguins.y).predict_proba(penguins.X)
    b = dlkit.DeepClassifier(epochs=5, seed=1).fit(penguins.X, penguins.y).predict_proba(penguins.X)
    assert np.array_equal(a, b)


def test_clear_errors():
    with pytest.raises(RuntimeError, match="not trained yet"):
        dlkit.DeepClassifier().predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="at least 2 classes"):
        dlkit.DeepClassifier().fit(np.zeros((3, 2)), [1, 1, 1])
    clf = dlkit.DeepClassifier(epochs=1).fit(np.random.default_rng(0).normal(size=(10, 3)), [0, 1] * 5)
    with pytest.raises(ValueError, match="X has 2 features but the trained classifier expects 3"):
        clf.predict(np.zeros((2, 2)))
