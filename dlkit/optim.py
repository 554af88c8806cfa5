"""Optimisers: how a gradient becomes a change of the weights.

``opt.step(net.parameters())`` moves every parameter a little downhill. ``lr`` can be changed between
steps (a live widget does). ``weight_decay`` adds L2 regularisation, a pull of every weight toward 0 in
proportion to its size; ``l1`` adds L1 regularisation, the same pull for every weight, which brings many small
weights near 0. (Not to exactly 0: a step of the same size each way, l1 * sign(w), makes a small weight flip
from side to side of 0; methods that make weights exactly 0 clip them at 0 instead.)
"""
from __future__ import annotations

import weakref

import numpy as np

from .validate import choose, fraction, positive_float


class Optimizer:
    def __init__(self, lr: float, weight_decay: float = 0.0, l1: float = 0.0):
        self.lr = lr
        self.weight_decay = positive_float(weight_decay, "weight_decay", allow_zero=True)
        self.l1 = l1
        # Per-parameter memory (momentum, Adam's averages), kept on the Parameter object (a layer makes each one
        # once, for its whole life) and forgotten with it: one optimiser can train many networks in turn without
        # one's memory leaking into another.
        self.state = weakref.WeakKeyDictionary()

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = positive_float(value, "the learning rate lr")

    @property
    def l1(self) -> float:
        return self._l1

    @l1.setter
    def l1(self, value):
        self._l1 = positive_float(value, "l1", allow_zero=True)

    def gradient(self, p) -> np.ndarray:
        """The parameter's gradient, plus the L2 term d/dw (weight_decay/2 * w^2) = weight_decay * w and the
        L1 term d/dw (l1 * |w|) = l1 * sign(w) (0 at w = 0). Biases are not pulled (``p.decay`` is False)."""
        if p.layer is None:
            raise TypeError(f"Parameter {p.name!r} was made from arrays (Parameter({p.name!r}, self.{p.name}, "
                            f"self.d{p.name})), so it cannot follow its layer when backward assigns a new gradient, "
                            "and an optimiser cannot remember it from one step to the next: in the layer's "
                            f"parameters(), return [self.parameter({p.name!r})] (dlkit then reads self.{p.name} and "
                            f"self.d{p.name} each time), or step net.parameters(), which does that for you")
        if not p.decay or not (self.weight_decay or self.l1):
            return p.grad
        grad = p.grad
        if self.weight_decay:
            grad = grad + self.weight_decay * p.value
        if self.l1:
            grad = grad + self.l1 * np.sign(p.value)
        return grad

    def step(self, parameters) -> None:
        raise NotImplementedError

    def __repr__(self):
        extras = "".join(f", {k}={v}" for k, v in self.settings().items())
        return f"{type(self).__name__}(lr={self.lr:g}{extras})"

    def settings(self) -> dict:
        return {name: value for name, value in (("weight_decay", self.weight_decay), ("l1", self.l1)) if value}


class SGD(Optimizer):
    """Stochastic gradient descent: ``w -= lr * grad``.

    With momentum m, a velocity remembers past steps, ``v = m v - lr grad; w += v``, so steps build up
    along a consistent downhill direction and cancel out across a zig-zag.
    """

    def __init__(self, lr: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0, l1: float = 0.0):
        super().__init__(lr, weight_decay, l1)
        self.momentum = fraction(momentum, "momentum")

    def step(self, parameters):
        for p in parameters:
            g = self.gradient(p)
            if self.momentum:
                v = self.state.setdefault(p, {"v": np.zeros_like(p.value)})["v"]
                v *= self.momentum
                v -= self.lr * g
                p.value += v
            else:
                p.value -= self.lr * g

    def settings(self):
        return {"momentum": self.momentum, **super().settings()} if self.momentum else super().settings()


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015): each weight gets its own step size from running averages of its
    gradient (m) and squared gradient (v): ``w -= lr * m_hat / (sqrt(v_hat) + eps)``."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.0, l1: float = 0.0):
        super().__init__(lr, weight_decay, l1)
        self.beta1, self.beta2 = fraction(beta1, "beta1"), fraction(beta2, "beta2")
        self.eps = positive_float(eps, "eps")

    def step(self, parameters):
        for p in parameters:
            g = self.gradient(p)
            s = self.state.setdefault(p, {"t": 0, "m": np.zeros_like(p.value), "v": np.zeros_like(p.value)})
            s["t"] += 1
            s["m"] = self.beta1 * s["m"] + (1 - self.beta1) * g
            s["v"] = self.beta2 * s["v"] + (1 - self.beta2) * g * g
            m_hat = s["m"] / (1 - self.beta1 ** s["t"])  # early averages are biased toward 0; undo that
            v_hat = s["v"] / (1 - self.beta2 ** s["t"])
            p.value -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = ("sgd", "momentum", "adam")


def get_optimizer(name_or_optimizer="sgd", lr: float | None = None, weight_decay: float = 0.0,
                  l1: float = 0.0) -> Optimizer:
    """An optimiser from its name (``"sgd"``, ``"momentum"`` = SGD with momentum 0.9, ``"adam"``) or passed through."""
    if isinstance(name_or_optimizer, Optimizer):
        for option, given in (("weight_decay", weight_decay), ("l1", l1)):
            has = getattr(name_or_optimizer, option)
            if given and given != has:  # never dropped silently
                raise ValueError(f"{option}={given} was given together with an optimiser object that has "
                                 f"{option}={has}: set it on the optimiser "
                                 f"({type(name_or_optimizer).__name__}(..., {option}={given})), or name the "
                                 "optimiser ('sgd', 'adam') instead")
        if lr is not None and lr != name_or_optimizer.lr:  # which one was meant, dlkit cannot know
            raise ValueError(f"lr={lr} was given together with an optimiser object that has lr="
                             f"{name_or_optimizer.lr:g}: give the rate once, on the optimiser "
                             f"({type(name_or_optimizer).__name__}(lr={lr})) or as lr= with the optimiser's name")
        return name_or_optimizer
    if isinstance(name_or_optimizer, type) and issubclass(name_or_optimizer, Optimizer):  # the class: Adam
        given = {"lr": lr, "weight_decay": weight_decay, "l1": l1}
        return name_or_optimizer(**{option: value for option, value in given.items() if value})  # else its defaults
    name = choose("optimizer", name_or_optimizer, OPTIMIZERS)
    if name == "adam":
        return Adam(lr=0.001 if lr is None else lr, weight_decay=weight_decay, l1=l1)
    momentum = 0.9 if name == "momentum" else 0.0
    return SGD(lr=0.1 if lr is None else lr, momentum=momentum, weight_decay=weight_decay, l1=l1)
