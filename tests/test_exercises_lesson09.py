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


def test_relu_init_he_message_says_the_signal_stays_steady():
    message = ex.check_relu_init("he").message
    ratio = ex.relu_signal_ratio("he")
    assert f"{ratio ** (1 / 19):.2f} per layer" in message and "near 1" in message
    assert f"{ex.relu_signal_ratio('xavier') ** (1 / 19):.2f} per layer" in message


def _stack(activation, init):
    import dlkit
    from dlkit.datasets import circle
    return dlkit.mlp([2] + [16] * 15 + [1], activation=activation, init=init, output="sigmoid", seed=0), circle


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_deep_recipe_relu_hint_quotes_the_signal_measured_for_that_init(activation):
    """relu + uniform used to get a hint about Xavier's variance, with nothing measured for uniform."""
    net, circle = _stack(activation, "uniform")
    X, _ = circle(n=300, noise=0.05, seed=0)
    h = X / 6
    sizes = []
    for layer in net.layers[:-2]:
        h = layer.forward(h)
        if not hasattr(layer, "W"):
            sizes.append(h.std())
    message = ex.check_deep_recipe(activation, "uniform").message
    assert f"layer 15's activations are {sizes[-1] / sizes[0]:.1g} times layer 1's" in message, message
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
