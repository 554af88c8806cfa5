"""The scalar autodiff engine: values, gradients by the chain rule, checked by finite differences."""
import math

import pytest

from dlkit.scalar import Value


def single_node(w1, w2, b, x1, x2, act):
    z = w1 * x1 + w2 * x2 + b
    return getattr(z, act)()


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "exp"])
def test_single_node_gradients_match_finite_differences(act):
    inputs = {"w1": 0.7, "w2": -1.3, "b": 0.2, "x1": 1.5, "x2": 0.4}
    values = {k: Value(v, k) for k, v in inputs.items()}
    out = single_node(**values, act=act)
    out.backward()
    eps = 1e-6
    for name in inputs:
        up = dict(inputs, **{name: inputs[name] + eps})
        down = dict(inputs, **{name: inputs[name] - eps})
        f = lambda d: single_node(**{k: Value(v) for k, v in d.items()}, act=act).data  # noqa: E731
        numeric = (f(up) - f(down)) / (2 * eps)
        assert values[name].grad == pytest.approx(numeric, rel=1e-6, abs=1e-9), name


def test_arithmetic_and_its_gradients():
    a, b = Value(3.0, "a"), Value(-2.0, "b")
    c = a * b + a ** 2 - b / a + 1 - a
    c.backward()
    # c = ab + a^2 - b/a + 1 - a; dc/da = b + 2a + b/a^2 - 1; dc/db = a - 1/a
    assert c.data == pytest.approx(3 * -2 + 9 + 2 / 3 + 1 - 3)
    assert a.grad == pytest.approx(-2 + 6 + (-2) / 9 - 1)
    assert b.grad == pytest.approx(3 - 1 / 3)


def test_a_value_used_twice_collects_both_gradients():
    x = Value(2.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == pytest.approx(5.0)


def test_backward_twice_does_not_accumulate():
    x = Value(2.0)
    y = (x * 3).tanh()
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_graph_lists_inputs_before_outputs():
    w, x = Value(2.0, "w"), Value(3.0, "x")
    z = w * x
    a = z.sigmoid()
    order = a.graph()
    assert order.index(w) < order.index(z) < order.index(a) and len(order) == 4
    assert a.op == "sigmoid" and z.op == "*" and set(map(id, z.parents)) == {id(w), id(x)}


def test_stable_sigmoid_and_clear_errors():
    assert Value(-1000.0).sigmoid().data == pytest.approx(0.0)
    assert math.isfinite(Value(1000.0).sigmoid().data)
    with pytest.raises(ValueError, match="log needs a positive number"):
        Value(0.0).log()
    with pytest.raises(TypeError, match="Value needs a number"):
        Value("two")


def test_graphs_of_any_size_backpropagate():
    # A loss summed over many examples is a long chain of additions: 100 000 nodes, far beyond recursion.
    xs = [Value(float(k % 7)) for k in range(50_000)]
    w = Value(0.5, "w")
    loss = sum((w * x for x in xs), Value(0.0))
    loss.backward()
    assert loss.data == pytest.approx(0.5 * sum(k % 7 for k in range(50_000)))
    assert w.grad == pytest.approx(sum(k % 7 for k in range(50_000)))  # d(sum w x)/dw = sum x
    assert len(loss.graph()) >= 100_000


def test_graph_order_puts_every_value_after_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = e.graph()
    position = {id(v): k for k, v in enumerate(order)}
    assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)
    assert len(order) == len({id(v) for v in order}) == 5  # a, b, c, d, e once each
