"""A network: layers applied one after the other, trained by backpropagation.

    net = mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", seed=0)
    history = net.fit(X, y, lr=0.1, epochs=100)
    net.predict(X)

``forward`` sends data up through the layers (forward propagation); ``backward`` sends the gradient of
the loss down through them in reverse order (backpropagation), each layer storing its own gradients.
``gradients(X, y)`` does both for a batch and a loss: it is the one way training, ``gradcheck`` and the
widgets get gradients. Training itself lives in ``training.py``, saving in ``saving.py``.
"""
from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from . import saving, training
from .layers import (ACTIVATIONS, Dense, Dropout, Identity, LeakyReLU, Layer, Parameter, ReLU, Sigmoid, Softmax,
                     activation, activation_name)
from .losses import (BinaryCrossEntropy, CrossEntropy, Loss, binary_targets, class_labels, class_probabilities,
                     get_loss)
from .training import History, Trainer
from .validate import as_inputs, choose, count, not_numbers, positive_int, rng_from


@dataclass
class TraceStep:
    """One layer's part in a forward pass: what went in and what came out."""

    index: int
    layer: Layer
    input: np.ndarray
    output: np.ndarray

    def __repr__(self):
        return f"TraceStep({self.index}: {self.layer!r}, in {self.input.shape} -> out {self.output.shape})"


class Network:
    """Layers applied in order. Shapes: ``(N, n_inputs) -> (N, n_outputs)``."""

    def __init__(self, layers):
        layers = list(layers)
        if not layers:
            raise ValueError("a Network needs at least one layer")
        for i, layer in enumerate(layers):
            if isinstance(layer, type) and issubclass(layer, Layer):
                raise TypeError(f"layer {i} is the class {layer.__name__} itself, not a layer made from it: write "
                                f"{layer.__name__}() (with its arguments, if it takes any)")
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} should be a dlkit layer (Dense, ReLU, ...), but got {type(layer).__name__}")
            first = next(j for j, other in enumerate(layers) if other is layer)
            if first != i:
                raise ValueError(f"layer {i} is the same object as layer {first} ({layer!r}): a layer remembers its "
                                 "input for backward, so every place in a network needs a layer of its own "
                                 f"(make another {type(layer).__name__}(...))")
        dense = [layer for layer in layers if isinstance(layer, Dense)]
        if not dense:
            raise ValueError("a Network needs at least one Dense layer, or it has nothing to learn")
        for a, b in zip(dense, dense[1:]):
            if a.n_out != b.n_in:
                raise ValueError(f"{a!r} gives {count(a.n_out, 'number')} per example, but the next {b!r} expects "
                                 f"{b.n_in}")
        self.layers = layers
        self._parameters, self._parameters_of, self._yours = [], [], []
        self.parameters()  # checked now, so a layer that would train wrongly is refused at once

    # -- shape facts ------------------------------------------------------------------------------
    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    @property
    def n_inputs(self) -> int:
        return self.dense_layers[0].n_in

    @property
    def n_outputs(self) -> int:
        return self.dense_layers[-1].n_out

    @property
    def sizes(self) -> list[int]:
        """Nodes per layer, input first: ``[2, 8, 8, 1]``."""
        return [self.n_inputs] + [d.n_out for d in self.dense_layers]

    @property
    def depth(self) -> int:
        """The number of hidden layers."""
        return len(self.dense_layers) - 1

    @property
    def output_activation(self) -> str:
        """Name of the last layer's activation: 'sigmoid', 'softmax' or 'identity' (also for a layer of yours that
        is not a subclass of dlkit's Sigmoid or Softmax)."""
        return _output_kind(self.layers[-1]) or "identity"

    # -- forward and backward ---------------------------------------------------------------------
    def forward(self, X) -> np.ndarray:
        """Forward propagation: ``(N, n_inputs) -> (N, n_outputs)``, each layer's output feeding the next."""
        X = as_inputs(X, n_features=self.n_inputs)
        for layer in self.layers:
            X = layer.forward(X)
        return X

    __call__ = forward

    def backward(self, grad) -> np.ndarray:
        """Backpropagation: from dLoss/dOutput, every layer in reverse order stores its parameter
        gradients and hands dLoss/dInput to the layer below. Returns dLoss/dX."""
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def gradients(self, X, y, loss=None, checked=False) -> tuple[float, np.ndarray]:
        """Fill every parameter's gradient for the loss on a batch, and return (loss, y_hat).

        One forward pass, the loss and its gradient, one backward pass. When the loss pairs with the output
        activation (sigmoid + binary cross-entropy, softmax + cross-entropy), backpropagation starts from the
        scores z before that activation with the loss's ``value_and_delta``: dLoss/dz = (y_hat - y) / N.
        ``checked=True``: X and y were checked already (``check_targets``), as the Trainer does once for the
        whole data set, so they are not checked again for every batch.
        """
        loss = self._loss(loss)
        if not checked:
            X = as_inputs(X, n_features=self.n_inputs, before="computing gradients")
            y = self.check_targets(loss, X, y)
        value, grad, y_hat, layers = self._loss_and_gradient(X, y, loss, checked)
        if self._yours:  # a backward of yours may add (+=) to its gradient: start it from 0
            for p in self._accumulating():
                p.grad[...] = 0.0
        for layer in reversed(layers[1:]):  # as in backward(), but the first layer skips dLoss/dX below:
            grad = layer.backward(grad)     # nobody needs the gradient for the data itself
            if grad is None:
                _returned_nothing(layer)
        if isinstance(layers[0], Dense):
            layers[0].backward(grad, input_grad=False)
        else:
            layers[0].backward(grad)
        return value, y_hat

    def _accumulating(self) -> list[Parameter]:
        """The parameters of layers that are not dlkit's: their backward may add to the gradient (``+=``, as the
        lesson's Value does) instead of setting it. dlkit's own layers set theirs, so they need no zeroing."""
        self.parameters()  # brings the list up to date if the layers were changed
        return [p for p in self._yours if isinstance(getattr(p.layer, p.grad_name, None), np.ndarray)]

    def loss(self, X, y, loss=None, checked=False) -> float:
        """The loss on (X, y), computed as ``gradients`` computes it, without touching any gradient."""
        loss = self._loss(loss)
        if not checked:
            X = as_inputs(X, n_features=self.n_inputs, before="computing the loss")
            y = self.check_targets(loss, X, y)
        return self._loss_and_gradient(X, y, loss, checked)[0]

    def _loss_and_gradient(self, X, y, loss, checked=False):
        """(loss, dLoss/d(first output backpropagation needs), y_hat, the layers to backpropagate through).
        ``checked``: y went through ``check_targets`` already, so dlkit's own softmax + cross-entropy need not
        check every batch's rows again (a tenth of a training step's time for small batches)."""
        last = self.layers[-1]
        shortcut = (loss.pairs_with is not None and loss.pairs_with == activation_name(last)
                    and not getattr(loss, "from_logits", False)  # scores go to the loss as they are
                    and not loss.own_formula())  # a loss of yours with its own value or gradient: use them
        body = self.layers[:-1] if shortcut else self.layers
        out = X
        for layer in body:
            out = layer.forward(out)
        if (shortcut and checked and type(loss).value_and_delta is CrossEntropy.value_and_delta
                and type(out) is np.ndarray and out.dtype == np.float64 and out.shape == y.shape):  # else value_and_delta says what is wrong
            value, delta, y_hat = loss._softmax_value_and_delta(out, y)
            return value, delta, y_hat, body
        if shortcut:
            value, delta, y_hat = loss.value_and_delta(out, y)
            return value, delta, y_hat, body
        value, grad = loss.value_and_gradient(out, y)
        return value, grad, out, body

    def _loss(self, loss) -> Loss:
        return get_loss(loss) if loss is not None else self.default_loss()

    def default_loss(self) -> Loss:
        """Cross-entropy for a softmax output, binary cross-entropy for a sigmoid output, else squared error."""
        return default_loss(self)

    def check_targets(self, loss: Loss, X, y) -> np.ndarray:
        """y checked against X, this network and the loss, in the form the loss takes (one-hot rows for
        cross-entropy, a column for one output); a clear error otherwise."""
        return _check_targets(self, loss, X, y)

    def trace(self, X) -> list[TraceStep]:
        """Every layer's input and output for X: one example's journey through the network."""
        X = as_inputs(X, n_features=self.n_inputs)
        steps = []
        for i, layer in enumerate(self.layers):
            out = layer.forward(X)
            steps.append(TraceStep(i, layer, X, out))
            X = out
        return steps

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: (N,) for a sigmoid output, (N, C) for a softmax output."""
        kind = self.output_activation
        if kind not in ("sigmoid", "softmax"):
            raise ValueError(f"predict_proba needs a sigmoid or softmax output, but this network ends in {kind}")
        # Checked here too, not only in forward, so that a NaN in X gets the hint "before predicting".
        out = self.forward(as_inputs(X, n_features=self.n_inputs, before="predicting"))
        return out[:, 0] if kind == "sigmoid" else out

    def predict(self, X, loss=None) -> np.ndarray:
        """Class labels (N,) for classifiers (sigmoid: p >= 0.5; softmax: the most probable class);
        the raw outputs for regression ((N,) when there is one output). A network that gives raw scores to a loss
        with ``from_logits=True`` has no sigmoid or softmax to tell it is a classifier: pass that loss,
        ``predict(X, loss)``, and the labels follow its rule (score >= 0 for one output, the largest score)."""
        out = self.forward(as_inputs(X, n_features=self.n_inputs, before="predicting"))
        decided = self._loss(loss).decide(out) if loss is not None else None
        return decided if decided is not None else _decide(out, self.output_activation)

    # -- parameters -------------------------------------------------------------------------------
    def parameters(self) -> list[Parameter]:
        """Every layer's parameters, in order: ``[p for layer in layers for p in layer.parameters()]``.
        The same Parameter objects every time, for the layers' whole life, so an optimiser's memory of each one
        (momentum, Adam's averages) stays attached to it."""
        if self._parameters_of != self.layers:  # listed once (and again only if the list of layers was changed)
            self._parameters = [p for layer in self.layers for p in own_parameters(layer)]
            self._parameters_of = list(self.layers)
            self._yours = [p for p in self._parameters if type(p.layer).__module__ != Layer.__module__]
        return list(self._parameters)

    def named_parameters(self) -> list[tuple[str, Parameter]]:
        """(name, parameter) pairs, named by layer type and position: 'dense0.W', 'dense0.b', 'dense1.W', ..."""
        named, counts = [], {}
        for layer in self.layers:
            params = own_parameters(layer)
            if params:
                kind = type(layer).__name__.lower()
                k = counts[kind] = counts.get(kind, -1) + 1
                named += [(f"{kind}{k}.{p.name}", p) for p in params]
        return named

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad[...] = 0.0

    def n_parameters(self) -> int:
        return sum(p.value.size for p in self.parameters())

    def __repr__(self):
        # Each layer as it reads in a sentence (str): Dense(2 -> 8), not how its first weights were drawn, which says
        # nothing once they are trained or set by hand (layer.init keeps it).
        lines = [f"  ({i}) {layer}" for i, layer in enumerate(self.layers)]
        return "Network(\n" + "\n".join(lines) + f"\n)  # {self.n_parameters()} parameters"

    # -- saving (saving.py) -------------------------------------------------------------------------
    def save(self, path):
        """Write the architecture and weights to one ``.npz`` file (``.npz`` is added if missing); returns its path."""
        return saving.save(self, path)

    @classmethod
    def load(cls, path) -> "Network":
        """Rebuild a network saved with ``save``; a damaged or hostile file gives one clear ValueError."""
        return saving.load(path)

    # -- training (training.py) ---------------------------------------------------------------------
    def trainer(self, X, y, loss=None, optimizer=None, lr=None, batch_size=32, validation_data=None,
                seed=0, weight_decay=0.0) -> Trainer:
        """A Trainer that trains this network one mini-batch or one epoch at a time (for live widgets)."""
        return Trainer(self, X, y, loss=loss, optimizer=optimizer, lr=lr, batch_size=batch_size,
                       validation_data=validation_data, seed=seed, weight_decay=weight_decay)

    def fit(self, X, y, loss=None, optimizer=None, lr=None, epochs=10, batch_size=32, validation_data=None,
            seed=0, weight_decay=0.0, progress=False, callback=None) -> History:
        """Train for ``epochs`` passes over (X, y) with mini-batch gradient descent; returns the History.

        loss: name or Loss; by default cross-entropy for a softmax output, binary cross-entropy for a
        sigmoid output, mean squared error otherwise. optimizer: "sgd", "momentum", "adam" or an
        Optimizer (default SGD); lr its learning rate. callback(epoch, history) runs after each epoch
        (epoch counts from 0, so after the first epoch it is 0 and history.epochs is 1); if it returns a true value
        (True, np.True_, ...), training stops. ``net.history`` is the History too, also when fit was interrupted. Training also stops if it diverges.
        """
        return training.fit(self, X, y, loss, optimizer, lr, epochs, batch_size, validation_data, seed,
                            weight_decay, progress, callback)

    def evaluate(self, X, y, loss=None, checked=False) -> dict:
        """Loss and accuracy (None for regression) on (X, y), without changing anything. Accuracy follows the
        loss's own decision rule (``Loss.decide``): z >= 0 for one score (from_logits=True), p >= 0.5 for one
        probability, the largest score or probability for several classes. ``checked=True``: X and y were checked
        already (a Trainer's own data), as for ``loss``."""
        loss = self._loss(loss)
        if not checked:
            X = as_inputs(X, n_features=self.n_inputs, before="evaluating")
            y = self.check_targets(loss, X, y)
        value, _, y_hat, _ = self._loss_and_gradient(X, y, loss, checked)
        correct = training._correct(y_hat, y, loss)
        return {"loss": value, "accuracy": None if correct is None else correct / len(X)}

    def train_mode(self, training: bool) -> "ModeRestorer":
        """Tell every layer whether it is training (Dropout only drops while training). In a ``with`` block,
        ``with net.train_mode(True): ...``, every layer is put back as it was when the block ends, whatever
        happens inside (an error, Ctrl-C): training and gradcheck switch this way."""
        return ModeRestorer(self.layers, training)


class ModeRestorer:
    """What ``Network.train_mode`` returns: it switches the layers that are not yet in the mode asked for, remembers
    which, and puts those back at the end of a ``with``. Inside ``fit`` every layer is already training, so a step's
    switch costs nothing."""

    def __init__(self, layers, training: bool):
        # as they are now, even if the network's list changes inside the block
        self.switched = [(layer, layer.training) for layer in layers if layer.training is not training]
        for layer, _ in self.switched:
            layer.training = training

    def __enter__(self):
        return self

    def __exit__(self, *error):
        for layer, before in self.switched:
            layer.training = before


def own_parameters(layer) -> list[Parameter]:
    """``layer.parameters()``, each one the layer's own for its whole life, checked: else it would be trained
    wrongly or not at all, so say so now. A Parameter made from arrays (``Parameter("gamma", self.gamma,
    self.dgamma)``, dlkit's first protocol) is replaced by the layer's own Parameter for the attributes that hold
    those arrays, so that it follows them when backward assigns new ones."""
    own = []
    for p in layer.parameters():
        if not isinstance(p, Parameter):
            raise TypeError(f"{type(layer).__name__}.parameters() should return dlkit.Parameter objects "
                            f"(self.parameter(\"W\")), but returned a {type(p).__name__}")
        if p.layer is None:
            p = _adopt(layer, p)
        elif p.layer is not layer:
            raise ValueError(f"{type(layer).__name__}.parameters() returns {p.name!r} of another layer, "
                             f"a {type(p.layer).__name__}: a layer lists its own, self.parameter(...)")
        if p.shape is not None:  # (a lazy layer's array is checked once its forward has made it)
            p.grad  # checked: a gradient of the value's shape
        for other in own:
            shared = {p.name, p.grad_name} & {other.name, other.grad_name}
            if shared:
                raise ValueError(f"{type(layer).__name__}.parameters() gives {other.name!r} and {p.name!r} the same "
                                 f"attribute, self.{shared.pop()}, so one would be trained with the other's gradient: "
                                 f"give each its own array, or return [self.parameter({other.name!r}), "
                                 f"self.parameter({p.name!r})]")
        own.append(p)
    _warn_if_untrained(layer, own)
    return own


def _warn_if_untrained(layer, listed):
    """A layer of yours that keeps an array and its gradient (self.gamma, self.dgamma) but does not list it in
    parameters() would silently never learn it: say so (a warning, since a frozen weight may be meant)."""
    if type(layer).__module__ == Layer.__module__:
        return
    attributes = vars(layer)
    trained = {p.name for p in listed}
    for name, value in attributes.items():
        grad = attributes.get("d" + name)
        if (name not in trained and name not in ("X", "x") and isinstance(value, np.ndarray)
                and isinstance(grad, np.ndarray) and grad.shape == value.shape):
            warnings.warn(f"{type(layer).__name__} keeps self.{name} and its gradient self.d{name}, but its "
                          f"parameters() does not list {name}, so nothing will train it. To train it: "
                          f"def parameters(self): return [self.parameter({name!r})]", stacklevel=4)


def _adopt(layer, p: Parameter) -> Parameter:
    """The layer's own Parameter for the attributes holding the arrays of ``p`` (a Parameter made from arrays)."""
    names = {}
    for what, array in (("value", p.value), ("grad", p.grad)):
        holders = [attr for attr, held in vars(layer).items() if held is array]
        if len(holders) > 1 and isinstance(array, np.ndarray):  # which one backward will update, dlkit cannot know
            both, word = [f"self.{attr}" for attr in holders], "gradient" if what == "grad" else "value"
            raise ValueError(f"{type(layer).__name__}.parameters() gives Parameter {p.name!r} a {word} array that "
                             f"is held by {' and '.join(both)} (one array under two names), so dlkit cannot tell "
                             f"which belongs to {p.name!r}: give each its own array ({both[0]} = np.zeros(n) and "
                             f"{both[1]} = np.zeros(n), not {' = '.join(both)} = np.zeros(n)), or declare each one "
                             f"with self.parameter(\"{p.name}\")")
        names[what] = holders[0] if holders else None
        if isinstance(array, (numbers.Number, np.generic)) and what == "grad":  # a sum without its axis, mostly
            raise ValueError(f"{type(layer).__name__}.parameters() gives Parameter {p.name!r} a gradient that is a "
                             f"single number ({float(array):.4g}), but {p.name} has shape {np.shape(p.value)}: a "
                             f"gradient holds one number per weight, so backward should keep its axis (a sum over "
                             "the batch: .sum(axis=0)). Better still, return [self.parameter("
                             f"{p.name!r})]: dlkit then names the attribute that went wrong")
        if names[what] is None or not isinstance(array, np.ndarray):
            raise ValueError(f"{type(layer).__name__}.parameters() gives Parameter {p.name!r} a {what} that is not "
                             "an array the layer keeps as an attribute, so dlkit cannot follow it: keep the array in "
                             f"self.{p.name} and its gradient in self.d{p.name}, and return "
                             f"[self.parameter({p.name!r})]")
    made = layer.__dict__.setdefault("_parameters", {})
    own = made.get(names["value"])
    if own is None or own.grad_name != names["grad"]:
        own = made[names["value"]] = Parameter(names["value"], decay=p.decay, layer=layer, grad_name=names["grad"])
    return own


def _output_kind(last) -> str | None:
    """What the last layer gives: 'sigmoid' or 'softmax' (dlkit's, or a subclass of yours), 'identity' for a Dense
    layer, the activation's name ('relu', ...), or None for a layer of yours that dlkit cannot know."""
    if isinstance(last, Sigmoid):
        return "sigmoid"
    if isinstance(last, Softmax):
        return "softmax"
    return "identity" if isinstance(last, Dense) else activation_name(last)


def default_loss(net: Network) -> Loss:
    return get_loss({"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy"}.get(net.output_activation, "mse"))


def mlp(sizes, activation="relu", output="identity", init=None, seed=0, dropout=0.0) -> Network:
    """A multi-layer perceptron: Dense layers of the given sizes with an activation between them.

    ``mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", seed=0)`` has 2 inputs, two hidden layers of
    8 nodes and 1 output. ``sizes`` may have any length >= 2: ``[2, 1]`` has no hidden layer at all,
    ``[2] + [8] * 20 + [1]`` has twenty. ``init`` defaults to He for ReLU-like activations and Xavier
    otherwise. ``dropout`` > 0 adds a Dropout layer after every hidden activation. ``activation`` may also be
    a list, one per hidden layer: ``mlp([2, 8, 8, 1], activation=["relu", "tanh"])``.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes should be a list of layer sizes like [2, 8, 1], but got {sizes!r}")
    sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, like [2, 1], but got {sizes}")
    hidden = len(sizes) - 2
    if isinstance(activation, (list, tuple)):
        if len(activation) != hidden:
            raise ValueError(f"activation lists one activation per hidden layer: this network has {hidden}, "
                             f"but got {len(activation)} ({list(activation)})")
        per_layer = list(activation)
    else:
        per_layer = [activation] * hidden
    he = [_relu_like(a) for a in per_layer] or [_relu_like(activation)]  # no hidden layer: as the activation says
    rng = rng_from(seed)
    layers: list[Layer] = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        # The starting scale follows the activation the layer feeds (the output layer: the last hidden one's):
        # He for ReLU-like, else Xavier.
        layer_init = init or ("he" if he[min(i, len(he) - 1)] else "xavier")
        layers.append(Dense(n_in, n_out, init=layer_init, seed=rng))
        if i < hidden:
            layers.append(_fresh_activation(per_layer[i]))
            if dropout:
                layers.append(Dropout(dropout, seed=rng))
    out = _fresh_activation(output)
    if not isinstance(out, Identity):  # no point in a layer that does nothing
        layers.append(out)
    return Network(layers)


def _relu_like(activation) -> bool:
    """Whether an activation, given by name ("relu"), class (ReLU) or layer (LeakyReLU(0.01)), is ReLU-like."""
    if isinstance(activation, str):
        activation = ACTIVATIONS[choose("activation", activation, ACTIVATIONS)]
    return issubclass(activation if isinstance(activation, type) else type(activation), (ReLU, LeakyReLU))


def _fresh_activation(name_or_layer) -> Layer:
    """A new activation layer for every use: layers cache their inputs, so they must not be shared. A layer object
    is copied with its settings, ``type(layer)(**layer.config())``: Swish(beta=10) gives Swish(beta=10) each time."""
    if not isinstance(name_or_layer, Layer):
        return activation(name_or_layer)
    layer, cls = name_or_layer, type(name_or_layer)
    config = layer.config()
    made = f"{cls.__name__}(**config())"
    try:
        fresh = cls(**config)
    except Exception as error:  # a learner's config() that does not fit the constructor
        raise TypeError(f"mlp gives every layer its own {cls.__name__}, made from {made}, but {cls.__name__}"
                        f"(**{config}) failed ({error}): config() should return the arguments that rebuild it"
                        ) from None
    for key, value in vars(layer).items():  # the settings a config() left out would be silently reset
        if key.startswith("_") or not isinstance(value, (numbers.Number, str)):
            continue
        copied = getattr(fresh, key, None)
        same = isinstance(copied, (numbers.Number, str)) and (copied == value or (value != value and copied != copied))
        if not same:  # (nan counts as equal to nan here)
            args = ", ".join(f"{k}={v!r}" for k, v in config.items())
            raise TypeError(f"mlp gives every layer its own {cls.__name__}, made from {made} = {cls.__name__}({args}), "
                            f"but that one has {key}={copied!r} where yours has {key}={value!r}: return {key} from "
                            f"{cls.__name__}.config() (saving needs it too)")
    return fresh


def load(path) -> Network:
    """Load a network saved with ``Network.save`` (the ``.npz`` ending may be left out)."""
    return saving.load(path)


def _check_targets(net, loss, X, y):
    if y is None:
        raise ValueError("y is missing: supervised training needs the right answer for every example")
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        got = "a single value" if y.ndim == 0 else f"{y.shape[0]}"
        raise ValueError(f"X has {count(X.shape[0], 'example')} but y has {got}")
    if y.dtype.kind not in "iufb":
        raise not_numbers(y, "y", "numbers")
    if y.ndim > 2:
        raise ValueError(f"y should be one label or one row of targets per example, but has shape {y.shape}")
    _check_loss_fits_output(net, loss)
    if isinstance(loss, CrossEntropy) and net.n_outputs == 1:
        raise ValueError("cross-entropy picks one of several classes, one output per class, but this network has 1 "
                         "output: for yes/no labels use binary cross-entropy (mlp(..., output=\"sigmoid\")), or give "
                         "the network one output per class")
    if isinstance(loss, CrossEntropy) and y.ndim == 2 and y.shape[1] == 1 and net.n_outputs > 1:
        y = y[:, 0]  # labels as a column (N, 1), as df[["label"]] gives them: the same labels
    if isinstance(loss, CrossEntropy) and y.ndim == 1:
        # Check the labels once and turn them into one-hot rows, so batches need no more checking.
        return np.eye(net.n_outputs)[class_labels(y, net.n_outputs)]
    if isinstance(loss, CrossEntropy) and y.ndim == 2:
        y = class_probabilities(y)  # rows of class probabilities, checked once here
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite values")
    if isinstance(loss, BinaryCrossEntropy) and net.n_outputs != 1:
        raise ValueError(f"binary cross-entropy needs a network with 1 output, but this one has {net.n_outputs}")
    if isinstance(loss, BinaryCrossEntropy):
        binary_targets(np.asarray(y, dtype=np.float64))  # checked where they come in, not first in training
    if not isinstance(loss, CrossEntropy) and y.ndim == 1:
        if net.n_outputs != 1:
            raise ValueError(f"y has one value per example but the network has {net.n_outputs} outputs")
        y = y.reshape(-1, 1)
    return y


def _check_loss_fits_output(net, loss):
    """A loss told it gets scores (from_logits=True) must not be given the probabilities of a sigmoid or softmax;
    a loss that takes probabilities must not be given what a dlkit layer that is not its sigmoid or softmax gives."""
    kind, gives = net.output_activation, _output_kind(net.layers[-1])
    wants = loss.pairs_with if isinstance(loss, (BinaryCrossEntropy, CrossEntropy)) else None
    if wants and not loss.from_logits and gives is not None and gives != wants:
        name = type(loss).__name__
        takes = "probabilities between 0 and 1" if wants == "sigmoid" else "rows of class probabilities adding up to 1"
        ends = "gives raw scores (no sigmoid or softmax at its end)" if gives == "identity" else \
            f"ends in a {gives} layer, which does not give them"
        raise ValueError(f"{name}() takes {takes}, as a {wants} gives, but this network {ends}: build it with "
                         f"output=\"{wants}\", or keep the raw scores (output=\"identity\") and use "
                         f"{name}(from_logits=True)")
    if getattr(loss, "from_logits", False) and kind in ("sigmoid", "softmax"):
        raise ValueError(f"{loss!r}: from_logits=True means the network gives scores (logits), but this network ends "
                         f"in a {kind} layer, which gives probabilities. Use {type(loss).__name__}() with this "
                         f"network, or build it without the {kind} layer (output='identity') to keep from_logits=True")


def _returned_nothing(layer):
    """A backward that forgot its ``return`` is named here, not by the layer below as a gradient of the wrong
    shape."""
    raise TypeError(f"{type(layer).__name__}.backward returned None: it should return dLoss/dInput, the gradient "
                    "for the layer below (did it miss `return`?)")


def _decide(out, kind):
    if kind == "sigmoid":
        return (out[:, 0] >= 0.5).astype(np.int64)
    if kind == "softmax":
        return out.argmax(axis=1)
    return out[:, 0] if out.shape[1] == 1 else out
