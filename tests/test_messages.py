"""Clear messages for bad input and numeric edge cases: what was expected, what came, how to fix it.
Every expected number comes from plain maths or scikit-learn, never from dlkit itself."""
import math
import warnings
import re

import numpy as np
import pytest

import dlkit
from dlkit.scalar import Value


# -- scalar autodiff (lesson 06): division by zero, roots of negatives, overflow ----------------------------

def test_dividing_a_value_by_zero_names_the_division():
    with pytest.raises(ZeroDivisionError, match=r"cannot divide by zero: 3 / 0"):
        Value(3.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError, match=r"cannot divide by zero: 2 / 0"):
        2 / Value(0.0)
    with pytest.raises(ZeroDivisionError, match=r"0 \*\* -2 is 1 / 0 \*\* 2"):
        Value(0.0) ** -2


def test_a_negative_number_to_a_fractional_power_is_refused_in_plain_words():
    with pytest.raises(ValueError, match=r"-4 \*\* 0.5: a negative number to a fractional power"):
        Value(-4.0) ** 0.5
    with pytest.raises(ValueError, match="fractional power"):
        Value(-8.0) ** (1 / 3)
    # Whole-number powers of negatives are real numbers and keep working: (-4)^2 = 16, d/dx x^2 = 2x = -8.
    x = Value(-4.0)
    y = x ** 2.0
    y.backward()
    assert y.data == 16.0 and x.grad == -8.0


def test_exp_overflow_says_where_the_limit_is():
    with pytest.raises(OverflowError, match=r"exp\(710\) is too large.*709\.78"):
        Value(710.0).exp()
    x = Value(709.0)  # just below the limit: e^709 and its slope e^709 are finite
    y = x.exp()
    y.backward()
    assert y.data == pytest.approx(8.218407461554972e307) and x.grad == pytest.approx(8.218407461554972e307)


def test_results_too_large_for_a_float_are_refused_not_silently_inf():
    with pytest.raises(OverflowError, match=r"1e\+200 \* 1e\+200 is too large for a float"):
        Value(1e200) * Value(1e200)
    with pytest.raises(OverflowError, match=r"10 \*\* 400 is too large for a float"):
        Value(10.0) ** 400
    with pytest.raises(ValueError, match="Value needs a finite number, but got inf"):
        Value(float("inf"))


def test_a_root_at_zero_has_an_infinite_slope_and_backward_says_so():
    x = Value(0.0, "x")
    y = x ** 0.5  # sqrt(0) = 0, but d/dx sqrt(x) = 1 / (2 sqrt(x)) is infinite at 0
    assert y.data == 0.0
    with pytest.raises(ZeroDivisionError, match=r"slope of x \*\* 0.5 at x = 0 is infinite"):
        y.backward()


def test_a_power_0_has_slope_0_even_at_0():
    x = Value(0.0)
    y = x ** 0  # x^0 = 1 for every x, so dy/dx = 0
    y.backward()
    assert y.data == 1.0 and x.grad == 0.0


def test_a_gradient_too_large_for_a_float_is_named():
    x = Value(1e-200, "x")
    y = 1 / x  # 1e200 fits, but dy/dx = -1/x^2 = -1e400 does not
    assert y.data == pytest.approx(1e200)
    with pytest.raises(OverflowError, match=r"slope of x \*\* -1 at x = 1e-200 is too large for a float"):
        y.backward()


def test_a_gradient_that_overflows_in_a_product_is_named_not_left_inf():
    a, b = Value(1e200, "a"), Value(1e-200, "b")
    d = a * b * 1e200  # = 1e200, finite; but dd/db = a * 1e200 = 1e400 is beyond the largest float
    assert d.data == pytest.approx(1e200)
    with pytest.raises(OverflowError, match=r"gradient of Value\(b=1e-200.*too large for a float"):
        d.backward()


# -- Standardizer: near-constant columns, scikit-learn's rule ------------------------------------------------

def test_a_column_constant_up_to_rounding_is_centred_not_blown_up_like_sklearn():
    from sklearn.preprocessing import StandardScaler

    from dlkit.datasets import Standardizer
    X = np.column_stack([
        [1.0, 1.0 + 1e-15, 1.0, 1.0],      # constant up to rounding: sklearn scale 1
        [1e10, 1e10 + 1e-5, 1e10, 1e10],   # the same at a large mean
        [5.0, 5.0, 5.0, 5.0],              # exactly constant
        [0.0, 1e-20, 0.0, 0.0],            # tiny, but far above its own rounding: a real spread
        [1.0, 2.0, 4.0, 8.0],              # an ordinary column
    ])
    ours, theirs = Standardizer().fit(X), StandardScaler().fit(X)
    np.testing.assert_allclose(ours.std, theirs.scale_, rtol=1e-12)
    np.testing.assert_allclose(ours.mean, theirs.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-9, atol=1e-9)
    assert np.abs(ours.transform(X)[:, :3]).max() < 1e-5  # rounding noise stays noise


# -- text labels and other non-numbers, in plain words ------------------------------------------------------

SPECIES = np.array(["Adelie", "Gentoo", "Chinstrap", "Adelie"])
RECIPE = r"classes, y = np.unique\(y, return_inverse=True\)"


def test_training_on_text_labels_says_how_to_turn_them_into_class_numbers():
    import dlkit
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [1.5, 2.5]])
    net = dlkit.mlp([2, 3], output="softmax", seed=0)
    for y in (SPECIES, SPECIES.astype(object), list(SPECIES)):  # numpy text, a pandas-like column, a list
        with pytest.raises(TypeError, match=r"y holds text labels, such as 'Adelie'.*class numbers 0, 1, 2") as info:
            net.fit(X, y, epochs=1)
        assert "<U" not in str(info.value) and "object" not in str(info.value)
        assert "classes, y = np.unique(y, return_inverse=True)" in str(info.value)
    classes, y = np.unique(SPECIES, return_inverse=True)  # the recipe works: Adelie 0, Chinstrap 1, Gentoo 2
    assert list(y) == [0, 2, 1, 0]
    net.fit(X, y, epochs=1)


def test_dates_and_objects_as_targets_are_named_in_plain_words():
    import dlkit
    X = np.ones((3, 2))
    net = dlkit.mlp([2, 1], seed=0)
    dates = np.array(["2024-01-01", "2024-01-02", "2024-01-03"], dtype="datetime64[D]")
    with pytest.raises(TypeError, match=r"y should hold numbers, but it holds dates, such as 2024-01-01") as info:
        net.fit(X, dates, epochs=1)
    assert "M8" not in str(info.value) and "datetime64" not in str(info.value)
    with pytest.raises(TypeError, match=r"y should hold numbers, but it holds Python objects, such as None"):
        net.fit(X, np.array([None, 1, 2], dtype=object), epochs=1)


def test_the_loss_one_hot_and_accuracy_name_text_labels_too():
    import dlkit
    from dlkit import datasets, metrics
    probs = np.full((4, 3), 1 / 3)
    with pytest.raises(TypeError, match=r"y holds text labels, such as 'Adelie'.*" + RECIPE):
        dlkit.CrossEntropy()(probs, SPECIES)
    with pytest.raises(TypeError, match=r"y holds text labels, such as 'Adelie'.*" + RECIPE):
        datasets.one_hot(SPECIES)
    with pytest.raises(TypeError, match=r"y should hold class indices 0, 1, 2, \.\.\., but it holds True/False values"):
        datasets.one_hot(np.array([True, False]))
    with pytest.raises(TypeError, match=r"y_true holds text labels, such as 'Adelie'.*"
                                        r"classes, y_true = np.unique\(y_true, return_inverse=True\)"):
        metrics.accuracy(SPECIES, [0, 1, 2, 0])


# -- NaN or inf in X: the hint fits what was being done ------------------------------------------------------

def test_nan_in_X_hints_at_what_was_being_done():
    import dlkit
    from dlkit import DeepClassifier
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), np.array([0, 1, 1, 0])
    bad = X.copy()
    bad[1, 0] = np.nan
    net = dlkit.mlp([2, 1], output="sigmoid", seed=0)
    cases = [(lambda: net.fit(bad, y, epochs=1), "before training"),
             (lambda: net.predict(bad), "before predicting"),
             (lambda: net.predict_proba(bad), "before predicting"),
             (lambda: net.evaluate(bad, y), "before evaluating"),
             (lambda: DeepClassifier(epochs=1).fit(X, y).predict(bad), "before predicting")]
    for call, hint in cases:
        with pytest.raises(ValueError, match="X contains 1 NaN or infinite value") as info:
            call()
        assert hint in str(info.value), (hint, str(info.value))
        assert hint == "before training" or "training" not in str(info.value)


# -- one of a thing is singular: "1 example", not "1 examples" ----------------------------------------------

def _forged_archive(tmp_path, architecture, **arrays):
    import json
    path = tmp_path / "forged.npz"
    np.savez(path, __architecture__=np.asarray(json.dumps(architecture)), **arrays)
    return path


def _singular_cases():
    import dlkit
    from dlkit import datasets, metrics, plots
    from dlkit.widgets import learning_rate
    one_column, two_rows = np.ones((1, 1)), [0, 1]
    dense = dlkit.Dense(1, 1)

    def set_weights():
        dense.W = np.ones((2, 2))

    return [
        (lambda: dlkit.mlp([2, 1]).forward([[1.0]]), "X has 1 feature but the first layer expects 2"),
        (lambda: dlkit.mlp([1, 1]).predict([[np.nan]]), "X contains 1 NaN or infinite value;"),
        (lambda: dlkit.Dense(1, 1).forward(np.ones((2, 3))), "expects 1 feature per example, but got 3"),
        (set_weights, "takes 1 input to 1 output:"),
        (lambda: dlkit.Network([dlkit.Dense(2, 1), dlkit.Dense(3, 1)]), "gives 1 number per example"),
        (lambda: dlkit.mlp([1, 1]).fit(one_column, two_rows), "X has 1 example but y has 2"),
        (lambda: datasets.train_test_split(one_column, two_rows), "X has 1 example but y has 2"),
        (lambda: datasets.train_test_split(one_column, [0]), "splits 1 example into"),
        (lambda: repr(datasets.Standardizer().fit(np.ones((3, 1)))), "fitted on 1 feature)"),
        (lambda: datasets.bag_of_words(["", ""]), "no word occurs often enough (min_count=1)"),
        (lambda: repr(datasets.Dataset(X=np.ones((2, 1)), y=np.zeros(2, dtype=int), feature_names=["a"],
                                       class_names=["only"], name="tiny")), ", 1 class: only)"),
        (lambda: metrics.accuracy([0], [0, 1]), "y_true has 1 label but y_pred has 2"),
        (lambda: dlkit.CrossEntropy()(np.ones((2, 1)), [0, 1]), "the network has 1 output,"),
        (lambda: repr(dlkit.mlp([1, 1]).fit(np.ones((4, 1)), np.ones(4), epochs=1)), "History(1 epoch,"),
        (lambda: plots.weight_images(dlkit.Dense(1, 2)), "but the layer has 1 input$"),
        (lambda: learning_rate.describe("parabola", 0.1, 1), "after 1 step 80%"),
    ]


@pytest.mark.parametrize("case", range(16))
def test_one_of_a_thing_is_singular(case):
    call, message = _singular_cases()[case]
    try:
        text = str(call())
    except (ValueError, TypeError) as error:
        text = str(error)
    assert re.search(message if message.endswith("$") else re.escape(message), text), text


def test_one_input_is_singular_in_a_network_file(tmp_path):
    import dlkit
    layers = [{"type": "Dense", "n_in": 2, "n_out": 3}, {"type": "Dense", "n_in": 1, "n_out": 1}]
    path = _forged_archive(tmp_path, layers, **{"dense0.W": np.zeros((2, 3)), "dense0.b": np.zeros(3)})
    with pytest.raises(ValueError, match=r"layer 1 \(Dense\) expects 1 input, but"):
        dlkit.load(path)


def test_one_of_a_thing_is_singular_in_the_widgets():
    import dlkit
    from dlkit.widgets import epochs, digits, playground
    with pytest.raises(ValueError, match="X_train has 1 point but its labels have 2"):
        epochs._pairs("X_train", np.ones((1, 2)), [0, 1], 2)
    with pytest.raises(ValueError, match="X_train has 1 image but its labels have 2"):
        digits._images("X_train", np.ones((1, 64)), [0, 1])
    with pytest.raises(ValueError, match="for each of the network's 1 layer$"):
        playground._checked_weights([], [2, 1])
    net = dlkit.mlp([1, 1], output="sigmoid")
    with pytest.raises(ValueError, match="this one has 1 input and a sigmoid output"):
        epochs.EpochExplorer(net, [], None, None, None, None)
    from dlkit.widgets.sentence import SentenceClassifier
    with pytest.raises(ValueError, match="reads 1 number per text, but the vocabulary has 2 words:"):
        SentenceClassifier(net, ["pasta", "rude"])


def test_score_on_one_example_is_singular():
    from dlkit import DeepClassifier
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), np.array([0, 1, 1, 0])
    model = DeepClassifier(epochs=1).fit(X, y)
    with pytest.raises(ValueError, match="X has 1 example but y has 2 labels"):
        model.score(X[:1], y[:2])


# -- found by a fresh-eyes walk: the right numbers in the wrong shape, and a layer of yours missing a method -------

def test_one_image_given_as_a_grid_gets_the_reshape_that_makes_it_one_row():
    digits = dlkit.datasets.load_digits()
    net = dlkit.mlp([64, 10, 10], output="softmax", seed=0)
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):  # was only "X has 8 features but ... expects 64"
        net.predict(digits.X[0].reshape(8, 8))
    with pytest.raises(ValueError, match=r"reshape\(len\(X\), -1\) makes each of its 5 examples one row of 64"):
        net.predict(digits.X[:5].reshape(5, 8, 8))
    with pytest.raises(ValueError) as error:
        net.predict(np.zeros((3, 5)))
    assert "reshape" not in str(error.value)  # not the right numbers: no hint that would mislead


def test_an_activation_of_yours_without_a_derivative_is_told_what_to_add():
    class Softsign(dlkit.Activation):
        def function(self, Z):
            return Z / (1 + np.abs(Z))

    net = dlkit.Network([dlkit.Dense(2, 3, seed=0), Softsign(), dlkit.Dense(3, 1, seed=0), dlkit.Sigmoid()])
    X, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(NotImplementedError, match=r"Softsign needs a derivative\(Z\) method"):  # was an empty message
        net.fit(X, y, epochs=1)


def test_class_labels_on_a_network_without_a_class_output_get_a_warning_naming_the_fix():
    """A walk (lesson 08): mlp([2, 16, 16, 1], activation="relu") without output="sigmoid" trained on 0/1 labels did
    regression silently; evaluate's accuracy was None and the lesson's own print line then failed."""
    X, y = dlkit.datasets.circle(n=60, seed=0)
    net = dlkit.mlp([2, 4, 1], activation="relu", seed=0)
    with pytest.warns(UserWarning, match=r'class labels \(0, 1\).*output="sigmoid"') as seen:
        net.fit(X / 6, y, epochs=1)
    assert seen[0].filename == __file__  # it points at the learner's line, not inside dlkit
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.fit(X / 6, y, epochs=1, loss="mse")          # regression asked for: no warning
        net.fit(X / 6, y.astype(float) * 2.5, epochs=1)  # numbers, not labels
        dlkit.mlp([2, 4, 1], output="sigmoid", seed=0).fit(X / 6, y, epochs=1)
