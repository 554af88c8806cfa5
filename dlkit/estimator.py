"""A dlkit network dressed as a scikit-learn classifier.

``DeepClassifier`` has ``fit``/``predict``/``predict_proba``/``score``/``get_params``/``set_params``, so
scikit-learn's tools (``cross_val_score``, ``learning_curve``, ``Pipeline``) can use it side by side
with classic models, and it passes scikit-learn's own estimator checks. scikit-learn itself is not
imported here: the checks of the data are plain numpy, and scikit-learn's exception classes are
fetched only at the moment one is raised, so ``import dlkit`` needs only numpy.
"""
from __future__ import annotations

import inspect
import numbers
import warnings

import numpy as np

from .datasets import Standardizer
from .network import mlp
from .validate import as_inputs, count, positive_int


class DeepClassifier:
    """A multi-layer perceptron with a softmax output, trained with cross-entropy.

    hidden: sizes of the hidden layers, e.g. (32, 32); a single number, hidden=32, means one layer (as in
    scikit-learn's MLPClassifier). The inputs are standardised first (``standardize=True``) because
    gradient descent struggles when features have very different scales. Fitted on a pandas DataFrame, it
    remembers the column names in ``feature_names_in_`` and refuses columns renamed or in another order.
    """

    def __init__(self, hidden=(32,), activation="relu", optimizer="adam", lr=0.01, epochs=100,
                 batch_size=32, weight_decay=0.0, standardize=True, seed=0):
        # scikit-learn's rule: store the arguments unchanged, check them in fit.
        self.hidden = hidden
        self.activation = activation
        self.optimizer = optimizer
        self.lr = lr
        self.epochs = epochs
        self.batch_size = batch_size
        self.weight_decay = weight_decay
        self.standardize = standardize
        self.seed = seed

    # -- the scikit-learn protocol ----------------------------------------------------------------
    _estimator_type = "classifier"

    def get_params(self, deep=True) -> dict:
        return {name: getattr(self, name) for name in inspect.signature(type(self)).parameters}

    def set_params(self, **params):
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"DeepClassifier has no parameter {name!r}; valid ones: {', '.join(valid)}")
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, Tags, TargetTags  # only called by scikit-learn itself
        return Tags(estimator_type="classifier", target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags())

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"DeepClassifier({args})"

    # -- learning ---------------------------------------------------------------------------------
    def fit(self, X, y):
        X, y_index, hidden = self._checked_for_fit(X, y)  # clear errors; remembers classes_ and the features
        self.scaler_ = Standardizer().fit(X) if self.standardize else None
        self.network_ = mlp([X.shape[1], *hidden, len(self.classes_)], activation=self.activation,
                            output="softmax", seed=self.seed)
        self.history_ = self.network_.fit(self._scaled(X), y_index, optimizer=self.optimizer, lr=self.lr,
                                          epochs=self.epochs, batch_size=self.batch_size,
                                          weight_decay=self.weight_decay, seed=self.seed)
        return self

    def _checked_for_fit(self, X, y):
        """Check the settings, X and y before any work; returns X, y as class indices 0, 1, ... and hidden."""
        hidden = _hidden_sizes(self.hidden)
        positive_int(self.epochs, "epochs")  # network.fit checks them too, but only once the network is built
        positive_int(self.batch_size, "batch_size")
        names = _column_names(X)
        X = _as_X(X)
        if len(X) < 2:
            raise ValueError("X has only 1 sample, but training a classifier needs examples of at least 2 classes")
        classes, y_index = np.unique(_as_labels(y, len(X)), return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"a classifier needs at least 2 classes, but y has only 1 class: {classes.tolist()}")
        # All checked: remember what the data looked like, so predict can compare.
        self.classes_, self.n_features_in_ = classes, X.shape[1]
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_  # refitted on data without column names
        return X, y_index, hidden

    def _scaled(self, X):
        return self.scaler_.transform(X) if self.scaler_ is not None else X

    def _checked(self, X):
        if not hasattr(self, "network_"):
            raise _sklearn_class("NotFittedError", ValueError)(
                "this DeepClassifier is not trained yet: call fit(X, y) first")
        self._check_column_names(_column_names(X))
        return self._scaled(_as_X(X, n_features=self.n_features_in_, before="predicting"))

    def _check_column_names(self, names):
        """scikit-learn's rule: predict on columns with the names, and in the order, that fit saw."""
        fitted = getattr(self, "feature_names_in_", None)
        if names is None and fitted is not None:
            warnings.warn("X does not have valid feature names, but DeepClassifier was fitted with feature names "
                          f"{fitted.tolist()}: make sure X's columns come in that order", UserWarning, stacklevel=4)
        elif names is not None and fitted is None:
            warnings.warn("X has feature names, but DeepClassifier was fitted without feature names: its columns "
                          "are taken by position, as in the array fit saw", UserWarning, stacklevel=4)
        elif names is not None and (len(names) != len(fitted) or np.any(names != fitted)):
            # scikit-learn's wording (its checks look for it), then what to do about it
            unseen, missing = sorted(set(names) - set(fitted)), sorted(set(fitted) - set(names))
            message = "The feature names should match those that were passed during fit.\n"
            if unseen:
                message += "Feature names unseen at fit time:\n" + "".join(f"- {n}\n" for n in unseen)
            if missing:
                message += "Feature names seen at fit time, yet now missing:\n" + "".join(f"- {n}\n" for n in missing)
            if not unseen and not missing:
                message += "Feature names must be in the same order as they were in fit.\n"
            raise ValueError(message + f"It was trained on the columns {fitted.tolist()}; "
                             "select them in that order with X[clf.feature_names_in_]")

    def predict_proba(self, X) -> np.ndarray:
        X = self._checked(X)
        return self.network_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        X = self._checked(X)
        return self.classes_[self.network_.predict(X)]

    def score(self, X, y) -> float:
        """Accuracy: the fraction of examples whose predicted class is right."""
        y_hat, y = self.predict(X), np.ravel(y)
        if len(y) != len(y_hat):
            raise ValueError(f"X has {count(len(y_hat), 'example')} but y has {count(len(y), 'label')}")
        return float(np.mean(y_hat == y))


# -- checks of what fit and predict are given, in the words scikit-learn's checks look for ----------------
def _hidden_sizes(hidden) -> list[int]:
    sizes = [hidden] if isinstance(hidden, numbers.Integral) else hidden  # hidden=32 means one layer of 32
    if not isinstance(sizes, (list, tuple)) or not all(
            isinstance(h, numbers.Integral) and not isinstance(h, bool) and h >= 1 for h in sizes):
        raise ValueError("hidden should be the sizes of the hidden layers, whole numbers of at least 1 like "
                         f"(32,) or (32, 16), but got {hidden!r}")
    return [int(h) for h in sizes]


def _as_X(X, n_features: int | None = None, before: str = "training") -> np.ndarray:
    """X as a float array of shape (n_samples, n_features), or an error saying what was expected."""
    if hasattr(X, "toarray"):  # scipy's sparse matrices have it; numpy arrays and DataFrames do not
        raise TypeError(f"X is a sparse matrix ({type(X).__name__}), but DeepClassifier needs a dense array: "
                        "sparse input is not supported. Use X.toarray() if it fits in memory")
    try:
        values = np.asarray(X)  # only to look at its type and shape; as_inputs below converts it
    except ValueError:
        raise ValueError("X should be a table, every example (row) with the same number of features, "
                         "but its rows have different lengths") from None
    if values.dtype.kind in "US":
        raise TypeError(f"X should hold numbers, but it holds text like '{values.flat[0]}': turn words or "
                        "categories into numbers first (one-hot encoding, for example)")
    if values.dtype.kind == "c":
        raise ValueError("Complex data not supported: X should hold real numbers, "
                         f"but it holds complex numbers (dtype {values.dtype})")
    if values.ndim == 1:
        raise ValueError(f"X should be 2-D, one row per example, but got a 1-D array of shape {values.shape}. "
                         "Reshape your data: X.reshape(1, -1) if it is one example, X.reshape(-1, 1) if it is "
                         "one feature")
    if values.ndim == 2 and values.shape[1] == 0:
        raise ValueError(f"X has 0 feature(s) (shape={values.shape}) while a minimum of 1 is required: "
                         "each example needs at least one number to learn from")
    if n_features is not None and values.ndim == 2 and values.shape[1] != n_features:
        raise ValueError(f"X has {values.shape[1]} features, but DeepClassifier is expecting {n_features} "
                         "features as input: the same ones, in the same order, as in fit")
    return as_inputs(X, before=before)


def _as_labels(y, n_samples: int) -> np.ndarray:
    """y as a 1-D array of n_samples class labels (numbers or strings), or an error saying what was expected."""
    if y is None:
        raise ValueError("DeepClassifier requires y to be passed, but the target y is None: "
                         "fit(X, y) needs the right class of every example")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        warnings.warn(_sklearn_class("DataConversionWarning", UserWarning)(
            f"A column-vector y was passed when a 1d array was expected: y has shape {y.shape}, "
            f"so it was flattened to shape ({len(y)},) with y.ravel()"), stacklevel=3)
        y = y.ravel()
    if y.ndim != 1 or len(y) != n_samples:
        raise ValueError(f"y should be one label per example: X has {n_samples} examples, y has shape {y.shape}")
    if y.dtype.kind == "c":
        raise ValueError("Complex data not supported: y should hold class labels, but it holds complex numbers")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite values; every example needs a class")
    if y.dtype.kind == "f" and np.any(y != np.round(y)):
        raise ValueError(f"Unknown label type: continuous. y should hold classes (whole numbers or strings), "
                         f"but it has values like {y[y != np.round(y)][0]:g}; to predict a number, use a regressor")
    return y


def _column_names(X):
    """The column names of a DataFrame as an object array, or None: like scikit-learn, only all-string names count."""
    names = np.asarray(list(getattr(X, "columns", [])), dtype=object)
    types = sorted({type(n).__name__ for n in names})
    if types == ["str"]:
        return names
    if "str" in types:
        raise TypeError(f"X's column names should be all strings or none, but they are of types {types}; "
                        "use X.columns = X.columns.astype(str)")
    return None


def _sklearn_class(name: str, fallback: type) -> type:
    """scikit-learn's exception or warning class of that name, so its tools recognise it; ``fallback`` (its
    base class) when scikit-learn is not installed. Imported only now, so ``import dlkit`` needs only numpy."""
    try:
        from sklearn import exceptions
    except ImportError:
        return fallback
    return getattr(exceptions, name)
