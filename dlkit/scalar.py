"""A tiny automatic-differentiation engine on single numbers (in the spirit of micrograd).

Each ``Value`` remembers which values it was computed from and how. ``backward()`` walks that graph
from the end back to the start, applying the chain rule at every step, so every value learns
``grad`` = d(final value)/d(this value). It is the same idea as ``Network.backward``, one number at a time.

    w, x, b = Value(2.0, "w"), Value(3.0, "x"), Value(-4.0, "b")
    a = (w * x + b).sigmoid()
    a.backward()
    w.grad   # da/dw

Every value is a finite float. What has no finite answer is refused with a message that names the numbers:
dividing by zero, a negative number to a fractional power (the square root of -4 is not a real number), a result
or a gradient beyond the largest float (about 1.8e308, so exp overflows above x = 709.78).
"""
from __future__ import annotations

import math

LARGEST = "the largest float is about 1.8e308"


class Value:
    """A number, its gradient, and the operation that produced it."""

    def __init__(self, data: float, label: str = "", _parents: tuple = (), _op: str = ""):
        if isinstance(data, Value):
            raise TypeError("Value(...) takes a plain number, but got a Value; use it directly instead")
        try:
            self.data = float(data)
        except (TypeError, ValueError):
            raise TypeError(f"Value needs a number, but got {data!r}") from None
        if not math.isfinite(self.data):
            if _op:  # finite inputs, but + or * went beyond the largest float
                inputs = f" {_op} ".join(f"{p.data:g}" for p in _parents)
                raise OverflowError(f"{inputs} is too large for a float ({LARGEST})")
            raise ValueError(f"Value needs a finite number, but got {self.data}")
        self.grad = 0.0
        self.label = label
        self.parents = _parents
        self.op = _op
        self._backward = lambda: None  # how to pass this value's grad on to its parents

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    @staticmethod
    def _wrap(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = Value(self.data + other.data, _parents=(self, other), _op="+")

        def _backward():  # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = Value(self.data * other.data, _parents=(self, other), _op="*")

        def _backward():  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError("only powers by a plain number are supported, like x ** 2")
        x = self.data
        if x == 0 and k < 0:
            raise ZeroDivisionError(f"{x:g} ** {k:g} is 1 / 0 ** {-k:g}: cannot divide by zero")
        if x < 0 and not float(k).is_integer():  # Python would answer with a complex number
            raise ValueError(f"{x:g} ** {k:g}: a negative number to a fractional power is not a real number "
                             "(there is no real square root of -4); use a positive number or a whole-number power")
        try:
            out = Value(x ** k, _parents=(self,), _op=f"**{k}")
        except OverflowError:
            raise OverflowError(f"{x:g} ** {k:g} is too large for a float ({LARGEST})") from None

        def _backward():  # d(x^k)/dx = k x^(k-1)
            self.grad += _power_slope(self.data, k, self.label) * out.grad
        out._backward = _backward
        return out

    def _unary(self, value, slope, op):
        """A function of one input whose slope at this input is known."""
        out = Value(value, _parents=(self,), _op=op)

        def _backward():
            self.grad += slope * out.grad
        out._backward = _backward
        return out

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data:g}) is too large for a float: exp(x) overflows above "
                                f"x = 709.78 ({LARGEST})") from None
        return self._unary(e, e, "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, but got {self.data}")
        return self._unary(math.log(self.data), 1.0 / self.data, "log")

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def sigmoid(self):
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return self._unary(s, s * (1.0 - s), "sigmoid")

    def relu(self):
        return self._unary(max(self.data, 0.0), 1.0 if self.data > 0 else 0.0, "relu")

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._wrap(other))

    def __truediv__(self, other):
        other = self._wrap(other)
        if other.data == 0:
            raise ZeroDivisionError(f"cannot divide by zero: {self.data:g} / {other.data:g}")
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def graph(self) -> list["Value"]:
        """Every value this one depends on, inputs first (a topological order). It keeps a list of values
        still to visit instead of calling itself for each parent, so a graph of any size works (Python
        stops recursion at about 1000 nested calls: a loss summed over 1000 examples)."""
        order, seen, to_visit = [], set(), [(self, False)]
        while to_visit:
            v, parents_done = to_visit.pop()
            if parents_done:
                order.append(v)  # after all its parents
            elif id(v) not in seen:
                seen.add(id(v))
                to_visit.append((v, True))  # come back to v once its parents are in the order
                to_visit.extend((p, False) for p in reversed(v.parents))
        return order

    def backward(self) -> None:
        """Fill in ``grad`` of every value in the graph: d(self)/d(value). Resets old gradients first,
        so calling it twice gives the same numbers rather than adding them up."""
        order = self.graph()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):  # from the output back to the inputs
            v._backward()
        for v in order:  # a product of large slopes can pass the largest float without any error
            if not math.isfinite(v.grad):
                raise OverflowError(f"backward: the gradient of {v!r} is too large for a float ({LARGEST})")


def _power_slope(x: float, k: float, label: str) -> float:
    """k x^(k-1), the slope of x^k, or a clear error where it has no finite value."""
    if k == 0:
        return 0.0  # x^0 = 1 is flat everywhere, also at 0 (where x^-1 would divide by zero)
    name = label or "x"
    if x == 0 and k < 1:  # k < 0 never gets here: 0 ** k was refused already
        raise ZeroDivisionError(f"backward: the slope of {name} ** {k:g} at {name} = 0 is infinite (the curve "
                                "is vertical there), so it has no gradient; start from a value above 0")
    try:
        return k * x ** (k - 1)
    except OverflowError:
        raise OverflowError(f"backward: the slope of {name} ** {k:g} at {name} = {x:g} is too large for a float "
                            f"({LARGEST})") from None
