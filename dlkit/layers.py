"""Layers, the building blocks of a network.

Every layer has the same shape of code, so you only have to learn it once:

- ``forward(X)`` computes the layer's output and keeps what ``backward`` will need;
- ``backward(grad)`` receives dLoss/dOutput, stores the gradients of the layer's own parameters
  (``dW``, ``db``) and returns dLoss/dInput for the layer below;
- ``parameters()`` lists what it learns, ``[self.parameter("W"), self.parameter("b", decay=False)]`` (a
  ``Parameter`` names the array ``W`` and its gradient ``dW``, made once for the layer's whole life),
  ``config()`` the arguments that rebuild it. A layer of your own that follows this protocol trains, counts, gradchecks
  and saves like dlkit's.

Rows are examples: ``X`` has shape ``(N, D)`` for N examples with D numbers each.
"""
from __future__ import annotations

import numpy as np

from .validate import choose, count, fraction, positive_float, positive_int, rng_from


FLOAT = np.dtype(np.float64)


class Parameter:
    """One array a layer learns, next to its gradient, for the layer's whole life.

    It does not keep the arrays: it names the layer's attributes (``W`` and ``dW``) and reads them each time.
    So ``backward`` may assign a new gradient (``self.dW = X.T @ grad``) and anyone may assign new weights
    (``layer.W = ...``), as well as write into them (``layer.W[...] = ...``): the Parameter always sees the
    layer's current arrays. Optimisers keep their memory of a parameter (momentum, Adam's averages) on this
    object, which is why a layer makes it once, with ``self.parameter("W")``.

    ``Parameter("gamma", self.gamma, self.dgamma)`` (arrays, dlkit's first protocol) still works in a layer's
    ``parameters()``: a network finds the attributes holding those arrays and uses the layer's own Parameter.
    """

    def __init__(self, name: str, value=None, grad=None, decay: bool = True, *, layer=None, grad_name=None):
        self.name, self.decay = name, decay  # weight decay (L2) applies to weights, not to biases
        self.layer, self.grad_name = layer, grad_name or "d" + name
        self._seen = (None, None)  # the last value and gradient arrays checked: the same ones need no new check
        if layer is None:  # made from arrays, dlkit's first protocol: Parameter("gamma", self.gamma, self.dgamma)
            self._value, self._grad = value, grad
            return
        if not hasattr(layer, name):
            raise AttributeError(f"{type(layer).__name__} has no attribute {name!r} to learn: set self.{name} (the "
                                 f"array) in __init__, then parameters() can return [self.parameter({name!r})]")
        self.shape = None
        if getattr(layer, name) is None:  # a layer of yours that makes it in forward: its shape is known then
            return
        self.shape = self._checked(name, getattr(layer, name), "value").shape  # from now on, always this shape
        if getattr(layer, self.grad_name, None) is None:  # backward will set it; until then, no gradient
            setattr(layer, self.grad_name, np.zeros(self.shape))
        grad_shape = np.shape(getattr(layer, self.grad_name))
        if grad_shape != self.shape:
            raise ValueError(f"{type(layer).__name__}.{name} has shape {self.shape}, but its gradient "
                             f"{self.grad_name} has shape {grad_shape}: they need the same shape, one gradient "
                             "per weight")

    @property
    def value(self) -> np.ndarray:
        if self.layer is None:
            return self._value
        array = getattr(self.layer, self.name)
        if array is self._seen[0]:
            return array  # the usual case (an array keeps its shape and type), at almost no cost
        array = self._checked(self.name, array, "value")
        self._seen = (array, self._seen[1])
        return array

    @value.setter
    def value(self, array):
        if self.layer is None:
            self._value = array
        elif array is not getattr(self.layer, self.name):  # `p.value -= step` wrote in place: nothing to put back
            setattr(self.layer, self.name, array)

    @property
    def grad(self) -> np.ndarray:
        if self.layer is None:
            return self._grad
        array = getattr(self.layer, self.grad_name)
        if array is self._seen[1]:
            return array
        array = self._checked(self.grad_name, array, "gradient")
        self._seen = (self._seen[0], array)
        return array

    @grad.setter
    def grad(self, array):
        if self.layer is None:
            self._grad = array
        else:
            setattr(self.layer, self.grad_name, array)

    def _checked(self, attribute, array, what):
        """The layer's array as float64, put back on the layer if it had to be converted (a list, whole numbers);
        a wrong shape is refused in plain words, since numpy would otherwise stretch it silently."""
        owner = type(self.layer).__name__
        if array is None:
            raise TypeError(f"{owner}.{attribute} is None, but it should be an array of numbers"
                            + (" (if your forward makes it, run the network on some data first)"
                               if what == "value" and type(self.layer).__module__ != __name__ else ""))
        converted = real_array(array, f"{owner}.{attribute}")
        if self.shape is None:  # a lazy layer's array, made by its forward: from now on, always this shape
            self.shape = np.shape(getattr(self.layer, self.name))
        if what == "value" and converted is array and not array.flags.writeable:
            raise ValueError(f"{owner}.{attribute} is read-only, but training changes it in place: give the layer a "
                             f"copy it can change, layer.{attribute} = layer.{attribute}.copy()")
        if what == "gradient" and converted.shape != self.shape:
            cause = ("did a sum lose its axis=0?" if converted.ndim < len(self.shape) else
                     f"{self.name} is a single number, so its gradient is one too: float(...), or keep "
                     f"{self.name} as an array, np.ones(1)" if self.shape == () else
                     f"dLoss/d{self.name} sums over the batch, one number per weight")
            raise ValueError(f"{owner}.{attribute} has shape {converted.shape}, but {self.name} has shape "
                             f"{self.shape}: a gradient holds one number per weight, dLoss/d{self.name}, so backward "
                             f"should give {attribute} the shape of {self.name} ({cause})")
        if what == "value" and self.shape is not None and converted.shape != self.shape:
            raise ValueError(f"{owner}.{attribute} has shape {converted.shape}, but it was made with shape "
                             f"{self.shape}: give it an array of that shape (or write into it: "
                             f"{attribute}[...] = ...)")
        if converted is not array:
            setattr(self.layer, attribute, converted)
        return converted

    def __repr__(self):
        return f"Parameter({self.name}, shape={self.value.shape})"


def real_array(value, where: str) -> np.ndarray:
    """``value`` (an array, a list, whole numbers) as an array of floats, or a TypeError naming ``where`` ("Dense.W"):
    complex numbers are refused, since numpy would keep only their real part, with a warning at most."""
    if np.iscomplexobj(value):
        raise TypeError(f"{where} should hold real numbers, but it holds complex numbers")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{where} should be an array of numbers, but it is a {type(value).__name__}") from None


class Layer:
    """The protocol every layer follows, dlkit's and yours. Override ``forward`` and ``backward``; a layer
    that learns keeps each array in an attribute (``self.W``) and its gradient next to it (``self.dW``, which
    ``backward`` may fill or assign), and lists them in ``parameters()``: ``return [self.parameter("W")]``. A layer with
    constructor arguments returns them from ``config()`` so that a saved network can be rebuilt. Then
    training, counting, zeroing, gradcheck, saving and loading all work for it."""

    training = False  # Dropout behaves differently while training; the network switches this
    registry: dict = {}  # every Layer class by module and name ("dlkit.layers.Tanh", "__main__.Tanh"), for loading

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Layer.registry[layer_type(cls)] = cls  # yours never replaces dlkit's, even under the same name

    def __call__(self, X):
        return self.forward(X)

    def forward(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} needs a forward(X) method: the layer's output for the input "
                                  "X, one row per example")

    def backward(self, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} needs a backward(grad) method: from dLoss/dOutput, store "
                                  "its parameters' gradients and return dLoss/dInput")

    def parameters(self) -> list[Parameter]:
        return []

    def parameter(self, name: str, decay: bool = True) -> Parameter:
        """The layer's Parameter for its array ``self.<name>`` and the gradient ``backward`` leaves in
        ``self.d<name>``: made on the first call, the very same object on every later one (an optimiser's
        memory of it lasts as long as the layer). ``parameters()`` returns these: ``[self.parameter("W")]``."""
        made = self.__dict__.setdefault("_parameters", {})
        if name not in made:
            made[name] = Parameter(name, decay=decay, layer=self)
        return made[name]

    def config(self) -> dict:
        """The constructor's arguments, as plain numbers and strings: ``type(self)(**config())`` rebuilds it."""
        return {}

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _needs_forward(self, cached):
        if cached is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before forward: "
                               "run forward(X) first so the layer knows its input")

    def _incoming(self, grad, cached, width=None) -> np.ndarray:
        """The gradient arriving in ``backward``, checked: forward has run (``cached`` is what it kept), and the
        gradient has the shape of the output, (N, width), or ``cached``'s shape when the layer keeps it."""
        self._needs_forward(cached)
        shape = (len(cached), width) if width is not None else cached.shape
        if type(grad) is np.ndarray and grad.dtype == np.float64 and grad.shape == shape:
            return grad  # the usual case, checked at almost no cost
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != shape:
            raise ValueError(f"{self}.backward expects a gradient of shape {shape}, the shape of its last output "
                             f"(dLoss/dOutput), but got {grad.shape}")
        return grad


def layer_type(cls) -> str:
    """A layer class's full name, module and class: "dlkit.layers.Tanh", or "__main__.Tanh" for one of yours."""
    return f"{cls.__module__}.{cls.__qualname__}"


def as_batch(A, who, width: int | None = None, what: str = "feature") -> np.ndarray:
    """A layer's input (or incoming gradient) as a 2-D float array, or a clear error naming ``who`` (a layer,
    or a text) expected it: a list becomes an array, a wrong shape says what was expected. A right array
    passes at almost no cost (the message is only written when there is an error)."""
    if not (isinstance(A, np.ndarray) and A.dtype == np.float64):
        if np.iscomplexobj(A):  # numpy would keep only the real part
            raise TypeError(f"{who!s} expects real numbers, but got complex numbers")
        try:
            A = np.asarray(A, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{who!s} expects an array of numbers, but got {type(A).__name__}") from None
    if A.ndim != 2:
        raise ValueError(f"{who} expects a 2-D array, one row per example, but got shape {A.shape}")
    if width is not None and A.shape[1] != width:
        raise ValueError(f"{who} expects {count(width, what)} per example, but got {A.shape[1]}")
    return A


# ---------------------------------------------------------------------------------------------
# Initialisers: how the first weights are drawn. The scale matters more than the distribution:
# too small and the signal fades layer after layer, too large and it explodes.

def _xavier(n_in, n_out, rng):  # Glorot & Bengio 2010: keeps the variance of signals across tanh/sigmoid layers
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _he(n_in, n_out, rng):  # He et al. 2015: ReLU zeroes half its inputs, so double the variance
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def _normal(n_in, n_out, rng):  # small fixed scale: fine for shallow nets, fades in deep ones
    return rng.normal(0.0, 0.1, size=(n_in, n_out))


def _uniform(n_in, n_out, rng):  # what TensorFlow Playground does: uniform in [-0.5, 0.5]
    return rng.uniform(-0.5, 0.5, size=(n_in, n_out))


def _zeros(n_in, n_out, rng):  # every unit starts identical and stays identical: shows why we randomise
    return np.zeros((n_in, n_out))


INITIALISERS = {"xavier": _xavier, "glorot": _xavier, "he": _he, "normal": _normal,
                "uniform": _uniform, "zeros": _zeros}


class Dense(Layer):
    """A fully connected layer: ``Z = X @ W + b``, shapes ``(N, n_in) -> (N, n_out)``.

    ``W`` has shape ``(n_in, n_out)``: column j holds the weights of output node j.
    ``init`` is one of ``INITIALISERS`` (xavier, he, normal, uniform, zeros).
    """

    def __init__(self, n_in: int, n_out: int, init: str = "xavier", seed=None):
        self.n_in = positive_int(n_in, "n_in")
        self.n_out = positive_int(n_out, "n_out")
        self.init = choose("initialiser", init, INITIALISERS)
        self.W = INITIALISERS[self.init](self.n_in, self.n_out, rng_from(seed))
        self.b = np.zeros(self.n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.X = None

    def forward(self, X):
        self.X = as_batch(X, self, self.n_in)
        return self.X @ self.W + self.b

    def backward(self, grad, input_grad=True):
        """Store dW and db; return dL/dX (skipped with input_grad=False: nobody needs the gradient for
        the data itself, so the network's first layer saves that matrix product while training)."""
        grad = self._incoming(grad, self.X, self.n_out)  # forward has run; grad has the output's shape
        # Overwrite (never +=) so that calling backward twice does not accumulate gradients.
        np.matmul(self.X.T, grad, out=self.dW)   # dL/dW = X^T dL/dZ   (n_in, n_out)
        grad.sum(axis=0, out=self.db)            # dL/db = sum over the batch of dL/dZ
        return grad @ self.W.T if input_grad else None  # dL/dX = dL/dZ W^T   (N, n_in)

    def __setattr__(self, name, value):
        """W, b and their gradients dW, db are checked when they are set (here, once), so that forward and backward
        can use them as they are: numbers (whole numbers or a list become float arrays), in the layer's shape."""
        if name in ("W", "b", "dW", "db") and "n_out" in self.__dict__:
            shape = (self.n_in, self.n_out) if name in ("W", "dW") else (self.n_out,)
            if not (type(value) is np.ndarray and value.dtype is FLOAT and value.shape == shape):  # else: as it is
                value = self._checked(name, value, shape)
        object.__setattr__(self, name, value)

    def _checked(self, name, value, shape):
        hint = f" (to set every gradient to 0: layer.{name}[...] = 0)" if name.startswith("d") else ""
        if value is None:
            raise TypeError(f"Dense.{name} should be an array of shape {shape}, but it was set to None{hint}")
        array = real_array(value, f"Dense.{name}")
        if array.shape != shape:
            raise ValueError(f"Dense.{name} has shape {array.shape}, but this layer takes {count(self.n_in, 'input')} "
                             f"to {count(self.n_out, 'output')}: it should be {shape}{hint}")
        return array

    def parameters(self):
        return [self.parameter("W"), self.parameter("b", decay=False)]  # the same two objects every call

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "init": self.init}

    def __repr__(self):
        return f"Dense({self.n_in} -> {self.n_out}, init={self.init})"

    def __str__(self):
        return f"Dense({self.n_in} -> {self.n_out})"


# ---------------------------------------------------------------------------------------------
# Activations: the non-linear step of every node. Without them a stack of Dense layers
# collapses into a single linear map (a product of matrices is one matrix).

class Activation(Layer):
    """An element-wise activation ``A = f(Z)``; backward multiplies by the slope ``f'(Z)``."""

    def __init__(self):
        self.Z = None

    def function(self, Z):
        raise NotImplementedError(f"{type(self).__name__} needs a function(Z) method: f(Z), element by element")

    def derivative(self, Z):
        raise NotImplementedError(f"{type(self).__name__} needs a derivative(Z) method: the slope f'(Z), element by "
                                  "element, which backward multiplies the incoming gradient by")

    def forward(self, Z):
        self.Z = np.asarray(Z, dtype=np.float64)  # a list works too
        return self.function(self.Z)

    def backward(self, grad):
        grad = self._incoming(grad, self.Z)  # forward has run; grad has the output's shape
        return grad * self.derivative(self.Z)  # chain rule, node by node


class Identity(Activation):
    """f(z) = z: no activation (a linear output for regression)."""

    def function(self, Z):
        return Z

    def derivative(self, Z):
        return np.ones_like(Z)


class Sigmoid(Activation):
    """f(z) = 1 / (1 + e^-z), squashing to (0, 1); f' = f (1 - f), at most 0.25."""

    def function(self, Z):
        e = np.exp(-np.abs(Z))  # never exp of a large positive number, so no overflow
        return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def derivative(self, Z):
        s = self.function(Z)
        return s * (1.0 - s)


class Tanh(Activation):
    """f(z) = tanh(z), squashing to (-1, 1); f' = 1 - f^2, at most 1."""

    def function(self, Z):
        return np.tanh(Z)

    def derivative(self, Z):
        return 1.0 - np.tanh(Z) ** 2


class ReLU(Activation):
    """f(z) = max(0, z); f' = 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""

    def function(self, Z):
        return np.maximum(Z, 0.0)

    def derivative(self, Z):
        return (Z > 0).astype(Z.dtype)


class LeakyReLU(Activation):
    """f(z) = z for z > 0, else slope * z: a ReLU whose units never go completely silent."""

    def __init__(self, slope: float = 0.01):
        super().__init__()
        self.slope = positive_float(slope, "slope")

    def function(self, Z):
        return np.where(Z > 0, Z, self.slope * Z)

    def derivative(self, Z):
        return np.where(Z > 0, 1.0, self.slope)

    def config(self):
        return {"slope": self.slope}

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope})"


class Softmax(Layer):
    """Turns each row of scores into probabilities: ``softmax(z)_k = e^{z_k} / sum_j e^{z_j}``.

    Not element-wise: every output depends on every score, so backward uses the full Jacobian:
    ``dL/dz = s * (g - sum_k g_k s_k)``. When it feeds cross-entropy, the network skips this and
    uses the much simpler combined gradient ``s - onehot(y)`` (see ``losses.CrossEntropy``).
    """

    def __init__(self):
        self.S = None

    def function(self, Z):
        """Each row's probabilities (the last axis: one example's scores, a flat array, work too)."""
        Z = np.asarray(Z, dtype=np.float64)
        shifted = Z - Z.max(axis=-1, keepdims=True)  # same result, but e^x never overflows
        e = np.exp(shifted)
        return e / e.sum(axis=-1, keepdims=True)

    def forward(self, Z):
        self.S = self.function(as_batch(Z, self))
        return self.S

    def backward(self, grad):
        grad, S = self._incoming(grad, self.S), self.S
        return S * (grad - (grad * S).sum(axis=1, keepdims=True))


ACTIVATIONS = {"identity": Identity, "linear": Identity, "sigmoid": Sigmoid, "tanh": Tanh,
               "relu": ReLU, "leaky_relu": LeakyReLU, "softmax": Softmax}


def activation_name(layer) -> str | None:
    """The name ``ACTIVATIONS`` knows an activation layer by ('relu', ...); None for other layers."""
    for name, cls in ACTIVATIONS.items():  # "identity" comes before its alias "linear"
        if type(layer) is cls:
            return name
    return None


def elementwise_activation(name) -> Activation:
    """An activation that acts number by number, with a curve f(z) and a slope f'(z) to draw: any but softmax."""
    layer = activation(name)
    if isinstance(layer, Softmax):
        others = ", ".join(n for n, cls in ACTIVATIONS.items() if cls is not Softmax)
        raise ValueError("softmax works on a whole row of scores at once (each output depends on every score), so it "
                         f"has no single curve f(z) and slope f'(z) to draw: choose from {others}")
    return layer


def activation(name_or_layer) -> Layer:
    """An activation layer from its name (``"relu"``) or passed through if it already is a layer."""
    if isinstance(name_or_layer, Layer):
        return name_or_layer
    if isinstance(name_or_layer, type) and issubclass(name_or_layer, Layer):
        return name_or_layer()
    return ACTIVATIONS[choose("activation", name_or_layer, ACTIVATIONS)]()


class Dropout(Layer):
    """While training, silences each input with probability ``p`` and scales the rest by 1/(1-p),
    so the expected value is unchanged; at prediction time it does nothing."""

    def __init__(self, p: float = 0.5, seed=None):
        self.p = fraction(p, "dropout probability p")
        self.rng = rng_from(seed)
        self.mask = None

    def forward(self, X):
        X = np.asarray(X, dtype=np.float64)
        if not self.training or self.p == 0:
            self.mask = np.ones_like(X)
            return X
        self.mask = (self.rng.random(X.shape) >= self.p) / (1.0 - self.p)
        return X * self.mask

    def backward(self, grad):
        return self._incoming(grad, self.mask) * self.mask

    def config(self):
        return {"p": self.p}

    def __repr__(self):
        return f"Dropout(p={self.p})"
