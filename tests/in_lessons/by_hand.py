"""The maths the widget tests compare with, written out here in plain numpy (not dlkit's code)."""
import unicodedata

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


def words_by_hand(review):
    """The words of a review and the pieces of it left out, one character at a time, written apart from dlkit: a word
    is a run of letters or digits (str.isalnum: any alphabet), lowercased, and an apostrophe (' or ’) between two of
    them belongs to it, as '; the rest, cut at spaces, is left out. An accent typed as its own character (e + U+0301)
    is first joined to its letter, as NFC does."""
    text = unicodedata.normalize("NFC", review)
    words, leftovers, word, other = [], [], "", ""
    for i, c in enumerate(text):
        inside = c in "'’" and word and i + 1 < len(text) and text[i + 1].isalnum()
        if c.isalnum() or inside:
            word += "'" if inside else c.lower()
            leftovers, other = leftovers + [other] * bool(other), ""
        else:
            words, word = words + [word] * bool(word), ""
            if c.isspace():
                leftovers, other = leftovers + [other] * bool(other), ""
            else:
                other += c
    words += [word] * bool(word)
    leftovers += [other] * bool(other)
    return words, list(dict.fromkeys(leftovers))     # every leftover piece once, in the order typed
