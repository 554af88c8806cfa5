"""dlkit: a small deep-learning kit in numpy, written to be read.

Simple, easily readable, easily modifiable: every idea of the course is a few lines here.

    import dlkit
    X, y = dlkit.datasets.xor(n=200, seed=0)
    net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
    history = net.fit(X, y, lr=0.1, epochs=100)

Modules: ``layers`` (Dense, activations, Dropout), ``losses``, ``optim`` (SGD, Adam), ``network``
(Network, mlp), ``training`` (Trainer, History), ``saving``, ``gradcheck``, ``scalar`` (autodiff on single numbers), ``datasets``,
``estimator`` (a scikit-learn compatible classifier). Drawing (``dlkit.plots``) and live widgets
(``dlkit.widgets``) are separate imports, so ``import dlkit`` needs only numpy.
"""
from . import datasets, metrics, scalar
from .estimator import DeepClassifier
from .gradcheck import GradcheckReport, gradcheck
from .layers import (ACTIVATIONS, INITIALISERS, Activation, Dense, Dropout, Identity, Layer, LeakyReLU,
                     Parameter, ReLU, Sigmoid, Softmax, Tanh, activation)
from .losses import LOSSES, MSE, BinaryCrossEntropy, CrossEntropy, Loss, get_loss
from .network import Network, TraceStep, load, mlp
from .training import DivergenceWarning, History, Trainer
from .optim import OPTIMIZERS, SGD, Adam, Optimizer, get_optimizer

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "INITIALISERS", "LOSSES", "OPTIMIZERS",
    "Activation", "Adam", "BinaryCrossEntropy", "CrossEntropy", "DeepClassifier", "Dense", "DivergenceWarning",
    "Dropout", "GradcheckReport", "History", "Identity", "Layer", "LeakyReLU", "Loss", "MSE", "Network",
    "Optimizer", "Parameter", "ReLU", "SGD", "Sigmoid", "Softmax", "Tanh", "TraceStep", "Trainer",
    "activation", "datasets", "get_loss", "get_optimizer", "gradcheck", "load", "metrics", "mlp", "scalar",
]
