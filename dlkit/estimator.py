"""A dlkit network dressed as a scikit-learn classifier.

``DeepClassifier`` has ``fit``/``predict``/``predict_proba``/``score``/``get_params``/``set_params``, so
scikit-learn's tools (``cross_val_score``, ``learning_curve``, ``Pipeline``) can use it side by side
with classic models. scikit-learn itself is not imported here; it is only needed to use those tools.
"""
from __future__ import annotations

import inspect

import numpy as np

from .datasets import Standardizer
from .network import mlp
from .validate import as_inputs


class DeepClassifier:
    """A multi-layer perceptron with a softmax output, trained with cross-entropy.

    hidden: sizes of the hidden layers, e.g. (32, 32). The inputs are standardised first
    (``standardize=True``) because gradient descent struggles when features have very different scales.
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
        X = as_inputs(X)
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y should be one label per example: X has {len(X)} examples, y has shape {y.shape}")
        self.classes_, y_index = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"a classifier needs at least 2 classes in y, but got only {self.classes_.tolist()}")
        self.n_features_in_ = X.shape[1]
        self.scaler_ = Standardizer().fit(X) if self.standardize else None
        sizes = [X.shape[1], *self.hidden, len(self.classes_)]
        self.network_ = mlp(sizes, activation=self.activation, output="softmax", seed=self.seed)
        self.history_ = self.network_.fit(self._scaled(X), y_index, optimizer=self.optimizer, lr=self.lr,
                                          epochs=self.epochs, batch_size=self.batch_size,
                                          weight_decay=self.weight_decay, seed=self.seed)
        return self

    def _scaled(self, X):
        return self.scaler_.transform(X) if self.scaler_ is not None else X

    def _checked(self, X):
        if not hasattr(self, "network_"):
            raise RuntimeError("this DeepClassifier is not trained yet: call fit(X, y) first")
        return self._scaled(as_inputs(X, n_features=self.n_features_in_, where="the trained classifier"))

    def predict_proba(self, X) -> np.ndarray:
        return self.network_.predict_proba(self._checked(X))

    def predict(self, X) -> np.ndarray:
        X = self._checked(X)
        return self.classes_[self.network_.predict(X)]

    def score(self, X, y) -> float:
        """Accuracy: the fraction of examples whose predicted class is right."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
