"""Live widgets ("explorers"): pictures that answer a slider at once.

    from dlkit import widgets
    widgets.Playground()            # train a network live, in the spirit of the TensorFlow Playground
    widgets.NodeExplorer()          # one node: two weights, a bias and its decision line
    widgets.LearningRateExplorer()  # gradient descent that crawls, converges, oscillates or diverges
    widgets.BackpropStepper()       # one example forward and backward, a layer at a time
    widgets.DeepStackExplorer()     # 30 layers deep: which gradients survive?

One module per explorer, all built on the template in ``explorer.py`` (to add one, copy the smallest).
Each explorer shows as one box in a notebook. Its controls are in ``.controls`` (by name), its text line
is ``.message`` (``.text()`` gives it as plain text), the figure behind its picture is ``.figure`` and
``.png()`` returns the picture's PNG bytes, so code (a test, an exercise) can drive an explorer exactly
as a learner does with the mouse and check what it shows. Everything is seeded: the same settings
always give the same pictures. The training and the maths are dlkit's own; these modules only wire them
to controls and pictures.
"""
from .backprop import BackpropStepper
from .deep_stack import DeepStackExplorer, gradient_verdict
from .explorer import Explorer
from .learning_rate import (LANDSCAPES, LearningRateExplorer, bowl, bumpy, direction_regimes, gradient_descent,
                            parabola, regime)
from .node import NodeExplorer
from .playground import Playground, TrainingPicture

__all__ = ["Explorer", "Playground", "TrainingPicture", "NodeExplorer", "LearningRateExplorer", "BackpropStepper",
           "DeepStackExplorer", "LANDSCAPES", "parabola", "bumpy", "bowl", "gradient_descent", "regime",
           "direction_regimes", "gradient_verdict"]
