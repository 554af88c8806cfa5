"""DeepClassifier speaks scikit-learn: its tools work with it unchanged."""
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning, NotFittedError
from sklearn.model_selection import cross_val_score, learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_dataframe_column_names_consistency, parametrize_with_checks

import dlkit
from dlkit.datasets import load_penguins

# scikit-learn runs its "array API dispatch with NumPy inputs gives the same results" check only when this
# is set (as its own CI does); without it that one check would skip.
os.environ.setdefault("SCIPY_ARRAY_API", "1")


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
    with pytest.raises(NotFittedError, match="not trained yet"):
        dlkit.DeepClassifier().predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="at least 2 classes"):
        dlkit.DeepClassifier().fit(np.zeros((3, 2)), [1, 1, 1])
    clf = dlkit.DeepClassifier(epochs=1).fit(np.random.default_rng(0).normal(size=(10, 3)), [0, 1] * 5)
    with pytest.raises(ValueError, match="X has 2 features, but DeepClassifier is expecting 3"):
        clf.predict(np.zeros((2, 2)))


# -- scikit-learn's own estimator checks --------------------------------------------------------------
# A small network keeps the ~55 checks fast; none is marked as expected to fail. DeepClassifier does not
# inherit from scikit-learn's BaseEstimator on purpose (import dlkit needs only numpy), so its warning is moot.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Estimator DeepClassifier does not inherit from")
    sklearn_checks = parametrize_with_checks([dlkit.DeepClassifier(hidden=(8,), epochs=20)])


@sklearn_checks
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_importing_dlkit_does_not_import_scikit_learn():
    code = "import sys, dlkit, dlkit.estimator; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- clear messages for what learners get wrong ---------------------------------------------------------
X4 = np.random.default_rng(0).normal(size=(12, 4))
Y4 = np.array([0, 1, 2] * 4)


@pytest.mark.parametrize("X, y, error, message", [
    (X4 + 1j, Y4, ValueError, r"Complex data not supported: X should hold real numbers"),
    (np.full((12, 2), "red"), Y4, TypeError, r"X should hold numbers, but it holds text like 'red'"),
    ([[1.0, 2.0], [3.0]], [0, 1], ValueError, r"every example \(row\) with the same number of features"),
    (sparse.csr_matrix(X4), Y4, TypeError, r"X is a sparse matrix \(csr_matrix\).*sparse input is not supported"),
    (np.zeros((0, 4)), [], ValueError, r"X is empty: it has 0 examples"),
    (np.zeros((12, 0)), Y4, ValueError, r"X has 0 feature\(s\) \(shape=\(12, 0\)\) while a minimum of 1 is required"),
    (X4[:1], Y4[:1], ValueError, r"X has only 1 sample"),
    (X4[0], Y4, ValueError, r"Reshape your data: X.reshape\(1, -1\)"),
    (X4, None, ValueError, r"requires y to be passed, but the target y is None"),
    (X4, Y4[:10], ValueError, r"one label per example: X has 12 examples, y has shape \(10,\)"),
    (X4, np.stack([Y4, Y4], axis=1), ValueError, r"one label per example.*shape \(12, 2\)"),
    (X4, X4[:, 0], ValueError, r"Unknown label type: continuous.*regressor"),
    (X4, np.where(Y4 == 0, np.nan, Y4), ValueError, r"y contains NaN"),
    (X4, Y4 + 1j, ValueError, r"Complex data not supported: y"),
    (X4, np.ones(12), ValueError, r"at least 2 classes, but y has only 1 class: \[1.0\]"),
])
def test_fit_explains_wrong_data(X, y, error, message):
    with pytest.raises(error, match=message):
        dlkit.DeepClassifier(epochs=1).fit(X, y)


@pytest.mark.parametrize("params, error, message", [
    ({"hidden": "32"}, ValueError, r"hidden should be the sizes of the hidden layers.*but got '32'"),
    ({"hidden": (8, 0)}, ValueError, r"whole numbers of at least 1.*but got \(8, 0\)"),
    ({"epochs": -3}, ValueError, r"epochs should be at least 1, but got -3"),
    ({"batch_size": 0}, ValueError, r"batch_size should be at least 1, but got 0"),
    ({"batch_size": 2.5}, TypeError, r"batch_size should be a whole number, but got 2.5"),
])
def test_fit_explains_wrong_settings(params, error, message):
    with pytest.raises(error, match=message):
        dlkit.DeepClassifier(**params).fit(X4, Y4)


def test_hidden_as_one_number_means_one_layer():
    # as in scikit-learn's MLPClassifier(hidden_layer_sizes=5)
    clf = dlkit.DeepClassifier(hidden=5, epochs=1).fit(X4, Y4)
    assert [layer.W.shape for layer in clf.network_.layers if hasattr(layer, "W")] == [(4, 5), (5, 3)]
    assert clf.get_params()["hidden"] == 5  # scikit-learn's rule: parameters are stored as given


def test_column_vector_y_is_flattened_with_a_warning():
    with pytest.warns(DataConversionWarning, match=r"A column-vector y was passed.*shape \(12, 1\)"):
        clf = dlkit.DeepClassifier(epochs=1).fit(X4, Y4.reshape(-1, 1))
    assert clf.predict(X4).shape == (12,)


def test_predict_explains_wrong_data():
    with pytest.raises(NotFittedError, match="not trained yet: call fit"):
        dlkit.DeepClassifier().predict(X4)
    clf = dlkit.DeepClassifier(epochs=1).fit(X4, Y4)
    with pytest.raises(ValueError, match=r"X has 2 features, but DeepClassifier is expecting 4 features as input"):
        clf.predict(X4[:, :2])
    with pytest.raises(ValueError, match="Reshape your data"):
        clf.predict_proba(X4[0])
    with pytest.raises(ValueError, match=r"X has 12 examples but y has 6"):
        clf.score(X4, Y4[:6])


# -- column names, as scikit-learn keeps them for DataFrames -------------------------------------------
class Frame:
    """The two things dlkit reads from a pandas DataFrame: its column names and its values."""

    def __init__(self, values, columns):
        self.values, self.columns = np.asarray(values), list(columns)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)


def test_feature_names_are_remembered_and_checked():
    names = ["bill", "flipper", "mass", "year"]
    clf = dlkit.DeepClassifier(epochs=1).fit(Frame(X4, names), Y4)
    assert clf.feature_names_in_.tolist() == names and clf.feature_names_in_.dtype == object
    with pytest.warns(UserWarning, match=r"X does not have valid feature names, but DeepClassifier was fitted"):
        assert np.array_equal(clf.predict(Frame(X4, names)), clf.predict(X4))
    with pytest.raises(ValueError, match=r"(?s)in the same order as they were in fit.*X\[clf.feature_names_in_"):
        clf.predict(Frame(X4[:, ::-1], names[::-1]))
    with pytest.raises(ValueError, match=r"(?s)unseen at fit time:\n- beak\n.*yet now missing:\n- bill\n"):
        clf.predict(Frame(X4, ["beak", "flipper", "mass", "year"]))
    assert not hasattr(clf.fit(X4, Y4), "feature_names_in_")  # a refit on a plain array forgets them
    with pytest.warns(UserWarning, match="X has feature names, but DeepClassifier was fitted without"):
        clf.predict(Frame(X4, names))


def test_column_names_must_be_all_strings_or_none():
    assert not hasattr(dlkit.DeepClassifier(epochs=1).fit(Frame(X4, range(4)), Y4), "feature_names_in_")
    with pytest.raises(TypeError, match=r"column names should be all strings.*\['int', 'str'\]"):
        dlkit.DeepClassifier(epochs=1).fit(Frame(X4, [0, 1, "mass", "year"]), Y4)


def test_a_reordered_pandas_dataframe_is_refused():
    pd = pytest.importorskip("pandas", reason="pandas is not installed; the Frame stand-in test covers the protocol")
    df = pd.DataFrame(X4, columns=["bill", "flipper", "mass", "year"])
    clf = dlkit.DeepClassifier(epochs=1).fit(df, Y4)
    assert clf.feature_names_in_.tolist() == list(df.columns)
    with pytest.raises(ValueError, match="same order"):
        clf.predict(df[["year", "mass", "flipper", "bill"]])
    # scikit-learn's own check of column names, which it does not run by default
    check_dataframe_column_names_consistency("DeepClassifier", dlkit.DeepClassifier(hidden=(8,), epochs=20))
