"""Live widgets ("explorers"): pictures that answer a slider at once.

    from dlkit import widgets
    widgets.Playground()            # train a network live, in the spirit of the TensorFlow Playground
    widgets.NodeExplorer()          # one node: two weights, a bias and its decision line
    widgets.ActivationExplorer()    # sigmoid, tanh, ReLU, ...: value, slope and tangent at a point z
    widgets.NetworkShapeExplorer()  # depth and width: the drawing and the parameter count
    widgets.LossWalk(node, X, y)    # walk the loss landscape of one node with two weights
    widgets.LearningRateExplorer()  # gradient descent that crawls, converges, oscillates or diverges
    widgets.BackpropStepper()       # one example forward and backward, a layer at a time
    widgets.DeepStackExplorer()     # 30 layers deep: which gradients survive?
    widgets.EpochExplorer(net, snapshots, X, y, X_test, y_test)  # a training run replayed, epoch by epoch
    widgets.DigitTrainer(X_train, y_train, X_test, y_test)       # train a digit reader 5 epochs at a time
    widgets.PenguinLab(penguins)    # choose two measurements and a network; it trains and shows its surface
    widgets.DataSizeExplorer(sizes, curves, spread)  # measured learning curves, compared at one size
    widgets.SentenceClassifier(net, vocabulary)      # type a review: P(positive) and what each word does

One module per explorer, all built on the template in ``explorer.py`` (to add one, copy the smallest).
Each explorer shows as one box in a notebook. Its controls are in ``.controls`` (by name), its text line
is ``.message`` (``.text()`` gives it as plain text), the figure behind its picture is ``.figure`` and
``.png()`` returns the picture's PNG bytes, so code (a test, an exercise) can drive an explorer exactly
as a learner does with the mouse and check what it shows. Everything is seeded: the same settings
always give the same pictures. The training and the maths are dlkit's own; these modules only wire them
to controls and pictures.
"""
from .activation import ActivationExplorer
from .backprop import BackpropStepper
from .data_size import DataSizeExplorer
from .deep_stack import DeepStackExplorer, gradient_verdict
from .digits import DigitTrainer
from .epochs import EpochExplorer
from .explorer import Explorer
from .learning_rate import (LANDSCAPES, LearningRateExplorer, bowl, bumpy, direction_regimes, gradient_descent,
                            parabola, regime)
from .loss_walk import LossWalk
from .network_shape import NetworkShapeExplorer
from .node import NodeExplorer
from .penguins import PenguinLab
from .playground import Playground, TrainingPicture
from .sentence import SentenceClassifier

__all__ = ["Explorer", "Playground", "TrainingPicture", "NodeExplorer", "LearningRateExplorer", "BackpropStepper",
           "DeepStackExplorer", "LANDSCAPES", "parabola", "bumpy", "bowl", "gradient_descent", "regime",
           "direction_regimes", "gradient_verdict"]
__all__ += ["EpochExplorer", "DigitTrainer"]
__all__ += ["ActivationExplorer", "NetworkShapeExplorer", "LossWalk"]
__all__ += ["PenguinLab", "DataSizeExplorer", "SentenceClassifier"]
