"""A network: layers applied one after the other, trained by backpropagation.

    net = mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", seed=0)
    history = net.fit(X, y, lr=0.1, epochs=100)
    net.predict(X)

``forward`` sends data up through the layers (forward propagation); ``backward`` sends the gradient of
the loss down through them in reverse order (backpropagation), each layer storing its own gradients.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from .layers import (ACTIVATIONS, Activation, Dense, Dropout, Identity, Layer, Parameter, Sigmoid, Softmax,
                     activation, activation_name)
from .losses import MSE, BinaryCrossEntropy, CrossEntropy, Loss, class_labels, get_loss
from .optim import Optimizer, get_optimizer
from .validate import as_inputs, choose, positive_int, rng_from


DIVERGENCE_FACTOR = 10  # an epoch whose loss is this many times the untrained network's has diverged


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite."""


@dataclass
class History:
    """What happened during training, one entry per epoch."""

    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)  # None entries for regression
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)  # per epoch: ||dW|| of each Dense layer, on its last batch
    diverged: bool = False
    stopped_early: bool = False  # a callback asked to stop
    message: str = ""

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def __repr__(self):
        if not self.epochs:
            return "History(no epochs yet)"
        last = f"train_loss={_short(self.train_loss[-1])}"
        if self.train_accuracy and self.train_accuracy[-1] is not None:
            last += f", train_accuracy={self.train_accuracy[-1]:.3f}"
        if self.val_loss:
            last += f", val_loss={_short(self.val_loss[-1])}"
        if self.val_accuracy and self.val_accuracy[-1] is not None:
            last += f", val_accuracy={self.val_accuracy[-1]:.3f}"
        state = ", diverged" if self.diverged else ", stopped early" if self.stopped_early else ""
        return f"History({self.epochs} epochs, {last}{state})"


def _short(x: float) -> str:
    """4 decimals for ordinary losses, scientific notation for blown-up ones."""
    return f"{x:.4f}" if abs(x) < 1e4 else f"{x:.4g}"


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
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} should be a dlkit layer (Dense, ReLU, ...), but got {type(layer).__name__}")
        dense = [layer for layer in layers if isinstance(layer, Dense)]
        if not dense:
            raise ValueError("a Network needs at least one Dense layer, or it has nothing to learn")
        for a, b in zip(dense, dense[1:]):
            if a.n_out != b.n_in:
                raise ValueError(f"{a!r} gives {a.n_out} numbers per example, but the next {b!r} expects {b.n_in}")
        self.layers = layers

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
        """Name of the last layer's activation: 'sigmoid', 'softmax' or 'identity'."""
        return activation_name(self.layers[-1]) or "identity"

    # -- forward and backward ---------------------------------------------------------------------
    def forward(self, X) -> np.ndarray:
        """Forward propagation: ``(N, n_inputs) -> (N, n_outputs)``, each layer's output feeding the next."""
        X = as_inputs(X, n_features=self.n_inputs)
        return self._forward(X, self.layers)

    __call__ = forward

    @staticmethod
    def _forward(X, layers):
        for layer in layers:
            X = layer.forward(X)
        return X

    def backward(self, grad) -> np.ndarray:
        """Backpropagation: from dLoss/dOutput, every layer in reverse order stores its parameter
        gradients and hands dLoss/dInput to the layer below. Returns dLoss/dX."""
        return self._backward(np.asarray(grad, dtype=np.float64), self.layers)

    @staticmethod
    def _backward(grad, layers, input_grad=True):
        for layer in reversed(layers[1:]):
            grad = layer.backward(grad)
        if isinstance(layers[0], Dense):
            return layers[0].backward(grad, input_grad=input_grad)
        return layers[0].backward(grad)

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
        out = self.forward(X)
        return out[:, 0] if kind == "sigmoid" else out

    def predict(self, X) -> np.ndarray:
        """Class labels (N,) for classifiers (sigmoid: p >= 0.5; softmax: the most probable class);
        the raw outputs for regression ((N,) when there is one output)."""
        out = self.forward(X)
        return _decide(out, self.output_activation)

    # -- parameters -------------------------------------------------------------------------------
    def parameters(self) -> list[Parameter]:
        """The arrays the network learns with their gradients, named like 'dense0.W'."""
        params = []
        for i, dense in enumerate(self.dense_layers):
            for p in dense.parameters():
                params.append(Parameter(f"dense{i}.{p.name}", p.value, p.grad, p.decay))
        return params

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad[...] = 0.0

    def n_parameters(self) -> int:
        return sum(p.value.size for p in self.parameters())

    def __repr__(self):
        lines = [f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers)]
        return "Network(\n" + "\n".join(lines) + f"\n)  # {self.n_parameters()} parameters"

    # -- saving -----------------------------------------------------------------------------------
    def save(self, path) -> None:
        """Write the architecture and weights to one ``.npz`` file (plain arrays, no pickle)."""
        spec = [_layer_spec(layer) for layer in self.layers]
        arrays = {p.name: p.value for p in self.parameters()}
        np.savez(path, __architecture__=np.array(json.dumps(spec)), **arrays)

    @classmethod
    def load(cls, path) -> "Network":
        """Rebuild a network saved with ``save``. Loads with ``allow_pickle=False``: a file cannot run code."""
        with np.load(path, allow_pickle=False) as data:
            if "__architecture__" not in data:
                raise ValueError(f"{path} was not written by Network.save: it has no architecture entry")
            net = cls([_layer_from_spec(s) for s in json.loads(str(data["__architecture__"]))])
            for p in net.parameters():
                if p.name not in data or data[p.name].shape != p.value.shape:
                    raise ValueError(f"{path}: parameter {p.name} is missing or has the wrong shape")
                p.value[...] = data[p.name]
        return net

    # -- training ---------------------------------------------------------------------------------
    def trainer(self, X, y, loss=None, optimizer=None, lr=None, batch_size=32, validation_data=None,
                seed=0, weight_decay=0.0) -> "Trainer":
        """A Trainer that trains this network one mini-batch or one epoch at a time (for live widgets)."""
        return Trainer(self, X, y, loss=loss, optimizer=optimizer, lr=lr, batch_size=batch_size,
                       validation_data=validation_data, seed=seed, weight_decay=weight_decay)

    def fit(self, X, y, loss=None, optimizer=None, lr=None, epochs=10, batch_size=32, validation_data=None,
            seed=0, weight_decay=0.0, progress=False, callback=None) -> History:
        """Train for ``epochs`` passes over (X, y) with mini-batch gradient descent; returns the History.

        loss: name or Loss; by default cross-entropy for a softmax output, binary cross-entropy for a
        sigmoid output, mean squared error otherwise. optimizer: "sgd", "momentum", "adam" or an
        Optimizer (default SGD); lr its learning rate. callback(epoch, history) runs after each epoch;
        if it returns a true value (True, np.True_, ...), training stops. Training also stops if the loss becomes NaN or infinite.
        """
        epochs = positive_int(epochs, "epochs")
        trainer = self.trainer(X, y, loss, optimizer, lr, batch_size, validation_data, seed, weight_decay)
        bar = None
        if progress:
            from tqdm.auto import tqdm  # imported only when asked, so `import dlkit` stays light
            bar = tqdm(total=epochs, desc="training", unit="epoch")
        try:
            for epoch in range(epochs):
                trainer.run_epoch()
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{trainer.history.train_loss[-1]:.4f}")
                if trainer.history.diverged:
                    break
                if callback is not None and callback(epoch, trainer.history):  # any true value stops
                    trainer.history.stopped_early = True
                    break
        finally:
            if bar is not None:
                bar.close()
        return trainer.history

    def evaluate(self, X, y, loss=None) -> dict:
        """Loss and accuracy (None for regression) on (X, y), without changing anything."""
        X = as_inputs(X, n_features=self.n_inputs)
        body, fused, y = self._training_setup(get_loss(loss) if loss is not None else default_loss(self), X, y)
        out = self._forward(X, body)
        return {"loss": fused(out, y), "accuracy": _accuracy(out, y, fused)}

    def _training_setup(self, loss: Loss, X, y):
        """Check y against the network and the loss. When a sigmoid/softmax output meets its
        cross-entropy, train on the scores before the output activation with the fused, stable loss:
        the same loss value, and the gradient becomes simply (prediction - truth) / N."""
        y = _check_targets(self, loss, X, y)
        last = self.layers[-1]
        if isinstance(last, Softmax) and isinstance(loss, CrossEntropy) and not loss.from_logits:
            return self.layers[:-1], CrossEntropy(from_logits=True), y
        if isinstance(last, Sigmoid) and isinstance(loss, BinaryCrossEntropy) and not loss.from_logits:
            return self.layers[:-1], BinaryCrossEntropy(from_logits=True), y
        return self.layers, loss, y

    def _set_training(self, training: bool):
        for layer in self.layers:
            layer.training = training


def default_loss(net: Network) -> Loss:
    return get_loss({"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy"}.get(net.output_activation, "mse"))


def _check_targets(net, loss, X, y):
    if y is None:
        raise ValueError("y is missing: supervised training needs the right answer for every example")
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        got = "a single value" if y.ndim == 0 else f"{y.shape[0]}"
        raise ValueError(f"X has {X.shape[0]} examples but y has {got}")
    if y.dtype.kind not in "iufb":
        raise TypeError(f"y should contain numbers, but it has type {y.dtype}")
    if isinstance(loss, CrossEntropy) and y.ndim == 1:
        # Check the labels once and turn them into one-hot rows, so batches need no more checking.
        return np.eye(net.n_outputs)[class_labels(y, net.n_outputs)]
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite values")
    if isinstance(loss, BinaryCrossEntropy) and net.n_outputs != 1:
        raise ValueError(f"binary cross-entropy needs a network with 1 output, but this one has {net.n_outputs}")
    if not isinstance(loss, CrossEntropy) and y.ndim == 1:
        if net.n_outputs != 1:
            raise ValueError(f"y has one value per example but the network has {net.n_outputs} outputs")
        y = y.reshape(-1, 1)
    return y


def _decide(out, kind):
    if kind == "sigmoid":
        return (out[:, 0] >= 0.5).astype(np.int64)
    if kind == "softmax":
        return out.argmax(axis=1)
    return out[:, 0] if out.shape[1] == 1 else out


def _correct(out, y, loss):
    """How many class decisions are right, from the output the training loss sees; None for regression."""
    if isinstance(loss, CrossEntropy):
        return int(np.count_nonzero(out.argmax(axis=1) == y.argmax(axis=1)))
    if isinstance(loss, BinaryCrossEntropy):
        threshold = 0.0 if loss.from_logits else 0.5  # a score of 0 is a probability of 0.5
        return int(np.count_nonzero((out >= threshold) == (y >= 0.5)))
    return None


def _accuracy(out, y, loss):
    correct = _correct(out, y, loss)
    return None if correct is None else correct / len(out)


class Trainer:
    """Trains a network one mini-batch (``step``) or one epoch (``run_epoch``) at a time.

    ``fit`` is a loop over ``run_epoch``; a live widget calls ``step`` between drawings. Change
    ``trainer.optimizer`` (or just its ``lr``) and ``trainer.batch_size`` at any time: the next step
    uses them.
    """

    def __init__(self, net: Network, X, y, loss=None, optimizer=None, lr=None, batch_size=32,
                 validation_data=None, seed=0, weight_decay=0.0):
        self.net = net
        self.X = as_inputs(X, n_features=net.n_inputs)
        self.loss = get_loss(loss) if loss is not None else default_loss(net)
        self.body, self.fused, self.y = net._training_setup(self.loss, self.X, y)
        self.optimizer: Optimizer = get_optimizer(optimizer or "sgd", lr, weight_decay)
        self.batch_size = positive_int(batch_size, "batch_size")
        self.validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError("validation_data should be a pair (X_val, y_val)")
            X_val = as_inputs(validation_data[0], "X_val", net.n_inputs)
            self.validation = (X_val, _check_targets(net, self.loss, X_val, validation_data[1]))
        self.rng = rng_from(seed)
        self.history = History()
        self.params = net.parameters()
        self._order, self._position = None, 0
        with np.errstate(over="ignore", invalid="ignore"):  # the loss before any step: divergence's yardstick
            self.start_loss = self.fused(net._forward(self.X, self.body), self.y)
        self._epoch_loss, self._epoch_correct, self._epoch_seen = 0.0, 0, 0

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return self.history.epochs

    def step(self) -> float:
        """Train on one mini-batch and return its loss. Finishing an epoch records it in the History.
        After a divergence it does nothing and returns NaN."""
        if self.history.diverged:
            return float("nan")
        if self._order is None:  # a new epoch: shuffle so every epoch sees the batches in a new order
            self._order, self._position = self.rng.permutation(len(self.X)), 0
        idx = self._order[self._position:self._position + self.batch_size]
        self._position += len(idx)
        X, y = self.X[idx], self.y[idx]

        self.net._set_training(True)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is detected below and explained
            out = self.net._forward(X, self.body)
            loss = self.fused(out, y)
            self.net._backward(self.fused.backward(), self.body, input_grad=False)
            self.optimizer.step(self.params)
        self.net._set_training(False)

        if not math.isfinite(loss):
            self._diverge(loss)
            return loss
        self._epoch_loss += loss * len(idx)
        self._epoch_correct += _correct(out, y, self.fused) or 0
        self._epoch_seen += len(idx)
        if self._position >= len(self.X):
            self._end_epoch()
        return loss

    def run_epoch(self) -> History:
        """Train until the current epoch is complete (a whole one if none is under way)."""
        start = self.epoch
        while self.epoch == start and not self.history.diverged:
            self.step()
        return self.history

    def _end_epoch(self):
        h = self.history
        h.train_loss.append(self._epoch_loss / self._epoch_seen)
        # Stable cross-entropy stays finite even when the weights blow up, so NaN alone would miss
        # those runs: an epoch far worse than the untrained network counts as diverged too.
        if h.train_loss[-1] > DIVERGENCE_FACTOR * max(self.start_loss, 0.1):
            self._diverge(h.train_loss[-1])
        is_classifier = isinstance(self.fused, (CrossEntropy, BinaryCrossEntropy))
        h.train_accuracy.append(self._epoch_correct / self._epoch_seen if is_classifier else None)
        h.grad_norms.append([float(np.linalg.norm(d.dW)) for d in self.net.dense_layers])
        if self.validation is not None:
            X_val, y_val = self.validation
            with np.errstate(over="ignore", invalid="ignore"):
                out = self.net._forward(X_val, self.body)
                h.val_loss.append(self.fused(out, y_val))
            h.val_accuracy.append(_accuracy(out, y_val, self.fused))
        self._order = None
        self._epoch_loss, self._epoch_correct, self._epoch_seen = 0.0, 0, 0

    def _advice(self) -> str:
        """What to change, by the cause: inputs or targets far from 0, a network that starts far off, or steps
        too large."""
        y, largest_input = np.asarray(self.y, dtype=float), float(np.abs(self.X).max())
        if largest_input > 100:
            return (f"The inputs are large (up to {largest_input:.3g}), so the first layer's sums and its gradients "
                    "are too: standardise X (each column minus its mean, divided by its spread; "
                    "dlkit.datasets.Standardizer does it) before training, or lower the learning rate.")
        if isinstance(self.fused, MSE) and np.abs(y).max() > 100:
            return (f"The targets are large (up to {np.abs(y).max():.3g}), so the errors and the steps are too: "
                    "standardise y (subtract its mean, divide by its spread) before training.")
        if self.start_loss > DIVERGENCE_FACTOR * max(_guessing_loss(self.fused, y), 0.1):
            return ("The untrained network was already far off: its starting weights are too large for its depth, "
                    "so the signal grows at every layer. Choose an initialisation that keeps it steady (init='he' "
                    "for ReLU, 'xavier' for tanh) rather than a smaller learning rate.")
        return (f"The steps were so large that the weights overshot and blew up. Try a smaller learning rate "
                f"(now {self.optimizer.lr:g}; e.g. {self.optimizer.lr / 10:g}).")

    def _diverge(self, loss):
        h = self.history
        h.diverged = True
        epoch = h.epochs if h.train_loss and math.isfinite(loss) else h.epochs + 1
        h.message = (f"Training diverged in epoch {epoch}: the loss became {loss:.4g}, while the untrained "
                     f"network's was {self.start_loss:.4g}. {self._advice()}")
        # Reported as coming from "dlkit", not from a file path, so the message reads the same on every machine.
        warnings.warn_explicit(h.message, DivergenceWarning, filename="dlkit", lineno=0)


def _guessing_loss(loss: Loss, y) -> float:
    """The loss of always predicting the same thing, the best one for these targets: the average for squared
    error, the class frequencies for cross-entropy. A sensible untrained network starts near it."""
    if isinstance(loss, MSE):
        return float(np.mean(np.var(y, axis=0)))
    if y.ndim == 2:  # one-hot rows
        share = y.mean(axis=0)
    elif isinstance(loss, BinaryCrossEntropy):
        share = np.array([1 - y.mean(), y.mean()])
    else:
        share = np.bincount(y.astype(int)) / len(y)
    share = share[share > 0]
    return float(-np.sum(share * np.log(share)))


def _layer_spec(layer: Layer) -> dict:
    if isinstance(layer, Dense):
        return {"type": "dense", "n_in": layer.n_in, "n_out": layer.n_out, "init": layer.init}
    if isinstance(layer, Dropout):
        return {"type": "dropout", "p": layer.p}
    name = activation_name(layer)
    if name is not None:
        return {"type": name, **({"slope": layer.slope} if hasattr(layer, "slope") else {})}
    raise TypeError(f"cannot save a layer of type {type(layer).__name__}")


def _layer_from_spec(spec: dict) -> Layer:
    kind = spec.pop("type")
    if kind == "dense":
        return Dense(**spec)
    if kind == "dropout":
        return Dropout(**spec)
    return ACTIVATIONS[kind](**spec)


def mlp(sizes, activation="relu", output="identity", init=None, seed=0, dropout=0.0) -> Network:
    """A multi-layer perceptron: Dense layers of the given sizes with an activation between them.

    ``mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", seed=0)`` has 2 inputs, two hidden layers of
    8 nodes and 1 output. ``sizes`` may have any length >= 2: ``[2, 1]`` has no hidden layer at all,
    ``[2] + [8] * 20 + [1]`` has twenty. ``init`` defaults to He for ReLU-like activations and Xavier
    otherwise. ``dropout`` > 0 adds a Dropout layer after every hidden activation.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes should be a list of layer sizes like [2, 8, 1], but got {sizes!r}")
    sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, like [2, 1], but got {sizes}")
    hidden_name = choose("activation", activation, ACTIVATIONS) if isinstance(activation, str) else None
    if init is None:
        init = "he" if hidden_name in ("relu", "leaky_relu") else "xavier"
    rng = rng_from(seed)
    layers: list[Layer] = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Dense(n_in, n_out, init=init, seed=rng))
        if i < len(sizes) - 2:
            layers.append(_fresh_activation(activation))
            if dropout:
                layers.append(Dropout(dropout, seed=rng))
    out = _fresh_activation(output)
    if not isinstance(out, Identity):  # no point in a layer that does nothing
        layers.append(out)
    return Network(layers)


def _fresh_activation(name_or_layer) -> Layer:
    """A new activation layer for every use: layers cache their inputs, so they must not be shared."""
    if isinstance(name_or_layer, Activation) or isinstance(name_or_layer, Softmax):
        return type(name_or_layer)(**({"slope": name_or_layer.slope} if hasattr(name_or_layer, "slope") else {}))
    return activation(name_or_layer)


def load(path) -> Network:
    """Load a network saved with ``Network.save``."""
    return Network.load(path)
