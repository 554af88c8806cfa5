"""The checks of lesson 09: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson09 as ex


def test_fade():
    assert ex.check_fade(0.25 ** 10, "a").correct
    assert ex.check_fade(9.537e-7, "A").correct
    assert ex.check_fade(..., "a").status == "not attempted"
    assert ex.check_fade(0.25 ** 10, ...).status == "not attempted"
    assert "0.25 × 10" in ex.check_fade(2.5, "a").message
    assert "upside down" in ex.check_fade(4 ** 10, "a").message
    assert "off by one factor" in ex.check_fade(0.25 ** 9, "a").message
    assert "slope there is" in ex.check_fade(0.5 ** 10, "a").message
    assert "ten times" in ex.check_fade(0.1, "a").message
    assert "other way" in ex.check_fade(0.25 ** 10, "b").message
    assert "not about the loss" in ex.check_fade(0.25 ** 10, "c").message
    assert "'a', 'b' or 'c'" in ex.check_fade(0.25 ** 10, "d").message
    assert "should be a number" in ex.check_fade("tiny", "a").message


def test_relu_init():
    result = ex.check_relu_init("he")
    assert result.correct and "With Xavier" in result.message
    assert ex.check_relu_init("Kaiming").correct
    assert ex.check_relu_init(...).status == "not attempted"
    assert "doubles the variance" in ex.check_relu_init("xavier").message
    assert "doubles the variance" in ex.check_relu_init("glorot").message
    assert "fixed standard deviation of 0.1" in ex.check_relu_init("normal").message
    assert "Playground's fixed range" in ex.check_relu_init("uniform").message
    assert "same gradient" in ex.check_relu_init("zeros").message
    assert "not one of dlkit's choices" in ex.check_relu_init("lecun").message
    assert "name in quotes" in ex.check_relu_init(2).message


def test_relu_signal_ratio_backs_the_hints():
    assert ex.relu_signal_ratio("he") > 30 * ex.relu_signal_ratio("xavier")
    assert ex.relu_signal_ratio("normal") < 1e-6


def test_deep_recipe():
    for activation, init in (("relu", "he"), ("tanh", "xavier"), ("leaky_relu", "he")):
        result = ex.check_deep_recipe(activation, init)
        assert result.correct, (activation, init, result)
    assert ex.check_deep_recipe(..., "he").status == "not attempted"
    assert "0.25 ** 15" in ex.check_deep_recipe("sigmoid", "xavier").message
    assert "0.25 ** 15" in ex.check_deep_recipe("sigmoid", "he").message
    assert "fixed standard deviation of 0.1" in ex.check_deep_recipe("tanh", "normal").message
    assert "Which init is made for ReLU" in ex.check_deep_recipe("relu", "xavier").message
    assert "same unit" in ex.check_deep_recipe("relu", "zeros").message
    assert "not one of dlkit's choices" in ex.check_deep_recipe("swish", "he").message


@pytest.mark.parametrize("answer", [9.5e-7, 9.54e-7, 9.53e-7, np.float32(0.25 ** 10), np.array(0.25 ** 10)])
def test_fade_right_within_rounding(answer):
    assert ex.check_fade(answer, "a").correct


@pytest.mark.parametrize("answer", [1e-6, 9e-7])   # 9.5e-07, as the lesson prints it, is right
def test_fade_near_miss_asks_for_digits(answer):
    message = ex.check_fade(answer, "a").message
    assert message.startswith("Close!") and "more digits" in message and "multiply 0.25" not in message


@pytest.mark.parametrize("answer", [0.0, 1e-9, 1e-12])   # tiny is not right: the tolerance is relative
def test_fade_tiny_wrong_answers_are_not_right(answer):
    result = ex.check_fade(answer, "a")
    assert not result.correct and "multiply 0.25 by itself" in result.message


def test_fade_wrong_method_rounded_keeps_its_hint():
    assert "off by one factor" in ex.check_fade(3.8e-6, "a").message
    assert "slope there is" in ex.check_fade(0.00098, "a").message


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("1e-6", "leave out the quotes"),
                                           (["a"], "the list"), ({"a": 1}, "dictionary")])
def test_fade_not_a_number(answer, words):
    message = ex.check_fade(answer, "a").message
    assert "should be a number" in message and words in message.lower()


def lesson_spread(activation, init, depth=20):
    """How much the examples differ at each hidden layer of the untrained stack, as lesson 09's figure and its
    deep-stack explorer measure it: the std over the lesson's training points, root mean square over the units."""
    import dlkit
    from dlkit.datasets import circle, train_test_split
    X, y = circle(n=300, noise=0.05, seed=0)
    X_train = train_test_split(X / 6, y, test_ratio=0.3, seed=0, stratify=True)[0]
    net = dlkit.mlp([2] + [16] * depth + [1], activation=activation, init=init, output="sigmoid", seed=0)
    return np.array([np.sqrt(s.output.var(axis=0).mean()) for s in net.trace(X_train)
                     if isinstance(s.layer, dlkit.Activation)][:-1])


def test_relu_init_measures_the_signal_as_the_lesson_does_and_says_it_shrinks():
    # It measured the std of all the activations (0.1 of layer 1's, "within one order of magnitude") where the
    # lesson's figure and the explorer measure how much the examples differ (0.068: 15 times smaller).
    he, xavier = lesson_spread("relu", "he"), lesson_spread("relu", "xavier")
    ratio = he[-1] / he[0]
    assert ex.relu_signal_ratio("he") == pytest.approx(ratio, rel=1e-9)
    message = ex.check_relu_init("he").message
    assert f"{1 / ratio:.0f} times smaller" in message and f"{ratio ** (1 / 19):.2f} per layer" in message
    assert "shrinks" in message and "order of magnitude" not in message
    assert f"{(xavier[-1] / xavier[0]) ** (1 / 19):.2f} per layer" in message


def _stack(activation, init):
    import dlkit
    from dlkit.datasets import circle
    return dlkit.mlp([2] + [16] * 15 + [1], activation=activation, init=init, output="sigmoid", seed=0), circle


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_deep_recipe_relu_hint_quotes_the_signal_measured_for_that_init(activation):
    """relu + uniform used to get a hint about Xavier's variance, with nothing measured for uniform."""
    spread = lesson_spread(activation, "uniform", depth=15)
    message = ex.check_deep_recipe(activation, "uniform").message
    assert f"the examples differ {spread[-1] / spread[0]:.1g} times as much at layer 15 as at layer 1" in message
    assert "uniform's weights" in message and "Which init is made for ReLU" in message


@pytest.mark.parametrize("activation, init", [("relu", "he"), ("tanh", "xavier")])
def test_deep_recipe_success_quotes_the_gradients_it_measured(activation, init):
    """The success message said "the signal and the gradient keep their size through all 15 layers", unmeasured."""
    import warnings
    import dlkit
    net, circle = _stack(activation, init)
    X, y = circle(n=200, noise=0.05, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dlkit.DivergenceWarning)
        history = net.fit(X / 6, y, optimizer="sgd", lr=0.1, epochs=80, seed=0)
    ratio = history.grad_norms[0][0] / history.grad_norms[0][-1]
    message = ex.check_deep_recipe(activation, init).message
    assert f"the first layer's gradient was {ratio:.2g} times the last layer's" in message, message
    assert "keep their size" not in message
