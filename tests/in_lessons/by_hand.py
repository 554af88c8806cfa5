"""The maths the widget tests compare with, written out here in plain numpy (not dlkit's code)."""
import numpy as np

FUNCTIONS = {
    "Identity": lambda z: z,
    "Sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "Tanh": np.tanh,
    "ReLU": lambda z: np.maximum(z, 0),
    "LeakyReLU": lambda z: np.where(z > 0, z, 0.01 * z),
    "Softmax": lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(
        axis=1, keepdims=True),
}

# Kernel code that describes a dlkit network as JSON-able data: [[kind, W, b], ...] layer by layer.
DESCRIBE = "[[type(l).__name__, getattr(l, 'W', None), getattr(l, 'b', None)] for l in {net}.layers]"


def forward(layers, X):
    """Every layer's output for X, from a description made with DESCRIBE; the last one is the prediction."""
    a, outputs = np.asarray(X, dtype=float), []
    for kind, W, b in layers:
        a = a @ np.asarray(W) + np.asarray(b) if kind == "Dense" else FUNCTIONS[kind](a)
        outputs.append(a)
    return outputs


def relu_stack(weights, X):
    """Dense -> ReLU -> ... -> Dense from the parameter values [W1, b1, W2, b2, ...]: the scores before the
    output activation, shape (N, n_outputs)."""
    a = np.asarray(X, dtype=float)
    pairs = list(zip(weights[::2], weights[1::2]))
    for k, (W, b) in enumerate(pairs):
        a = a @ np.asarray(W) + np.asarray(b)
        if k < len(pairs) - 1:
            a = np.maximum(a, 0)
    return a


def binary_cross_entropy(p, y):
    p, y = np.ravel(p), np.ravel(y)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


SLOPES = {
    "Identity": lambda z: np.ones_like(z),
    "Sigmoid": lambda z: FUNCTIONS["Sigmoid"](z) * (1 - FUNCTIONS["Sigmoid"](z)),
    "Tanh": lambda z: 1 - np.tanh(z) ** 2,
    "ReLU": lambda z: (z > 0).astype(float),
    "LeakyReLU": lambda z: np.where(z > 0, 1.0, 0.01),
}


def weight_gradients(layers, X, y):
    """dL/dW of every Dense layer (first first) for the mean binary cross-entropy of a network whose last
    layer is a sigmoid: the chain rule written out, starting from dL/dz = (y_hat - y) / N at the output."""
    outputs = forward(layers, X)
    inputs = [np.asarray(X, dtype=float)] + outputs[:-1]  # what each layer received
    assert layers[-1][0] == "Sigmoid"
    delta = (outputs[-1] - np.asarray(y, dtype=float).reshape(-1, 1)) / len(X)  # dL/dz of the last Dense
    grads = []
    for k in range(len(layers) - 2, -1, -1):  # from the last Dense down
        kind, W, _ = layers[k]
        if kind == "Dense":
            grads.insert(0, inputs[k].T @ delta)
            delta = delta @ np.asarray(W).T
        else:
            delta = delta * SLOPES[kind](inputs[k])
    return grads
