"""What a learner extending dlkit gets when a layer, loss or call is written the way a beginner writes it.

Each case was found by a learner's walk through the lessons (fresh eyes, no knowledge of the code): a backward that
adds to its gradient (+=, as lesson 06's Value does) was called OK by gradcheck once and then trained wrongly; a
divergence message quoted a loss the History did not show; a forgotten `return` in backward was blamed on the layer
below; labels as a column were refused as "rows adding up to 0"; a layer without config() saved a file that could
not be loaded. Expected numbers come from numpy maths written here.
"""
import warnings

import numpy as np
import pytest

import dlkit
from dlkit import datasets


class Scale(dlkit.Layer):
    """y = x * gamma per feature. ``adds``: backward adds to its gradient (+=) instead of setting it."""

    def __init__(self, n=3, adds=False):
        self.n, self.adds, self.X = n, adds, None
        self.gamma, self.dgamma = np.ones(n), np.zeros(n)

    def forward(self, X):
        self.X = X
        return X * self.gamma

    def backward(self, grad):
        if self.adds:
            self.dgamma += (grad * self.X).sum(axis=0)
        else:
            self.dgamma = (grad * self.X).sum(axis=0)
        return grad * self.gamma

    def parameters(self):
        return [self.parameter("gamma")]

    def config(self):
        return {"n": self.n, "adds": self.adds}


def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    return X, X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3


def scaled_net(adds):
    return dlkit.Network([Scale(3, adds=adds), dlkit.Dense(3, 1, seed=0)])


def test_a_backward_that_adds_to_its_gradient_checks_ok_every_time_and_trains_like_one_that_sets_it():
    X, y = regression_data()
    net = scaled_net(adds=True)
    assert dlkit.gradcheck(net, "mse", X, y).ok and dlkit.gradcheck(net, "mse", X, y).ok  # twice: no build-up
    setting, adding = scaled_net(adds=False), scaled_net(adds=True)
    h_set = setting.fit(X, y, lr=0.05, epochs=30, batch_size=8)
    h_add = adding.fit(X, y, lr=0.05, epochs=30, batch_size=8)
    assert not h_add.diverged and h_add.train_loss == pytest.approx(h_set.train_loss, rel=1e-12)
    assert np.allclose(adding.layers[0].gamma, setting.layers[0].gamma, rtol=1e-12)


def test_a_divergence_found_after_the_epochs_last_step_says_so_and_quotes_the_historys_mean():
    X, y = datasets.plane(n=200, noise=0.1, seed=0)  # lesson 05: full batches, lr 1.0
    net = dlkit.mlp([2, 8, 1], activation="tanh", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dlkit.DivergenceWarning)
        h = net.fit(X / 6, y, lr=1.0, epochs=60, batch_size=200)
    assert h.diverged
    mean = f"{h.train_loss[-1]:.4g}"
    assert "last step" in h.message and f"mean over the epoch was {mean}" in h.message, h.message


def test_a_backward_without_return_is_named_as_the_layer_that_forgot_it():
    class Forgets(Scale):
        def backward(self, grad):
            self.dgamma = (grad * self.X).sum(axis=0)  # no return

    net = dlkit.Network([dlkit.Dense(2, 3, seed=0), Forgets(3), dlkit.Dense(3, 1, seed=1)])
    with pytest.raises(TypeError, match=r"Forgets\.backward returned None.*return"):
        net.fit(np.ones((4, 2)), np.zeros(4), epochs=1)


def test_labels_as_a_column_train_a_softmax_network_as_a_flat_list_does():
    X, y = datasets.gaussian(n=60, classes=3, seed=0)
    flat = dlkit.mlp([2, 5, 3], output="softmax", seed=0).fit(X, y, epochs=3)
    column = dlkit.mlp([2, 5, 3], output="softmax", seed=0).fit(X, y.reshape(-1, 1), epochs=3)
    assert column.train_loss == flat.train_loss


def test_a_layer_whose_config_leaves_out_an_argument_is_refused_at_save_not_at_load(tmp_path):
    class NoConfig(Scale):
        def config(self):
            return {}  # n is left out: load would build Scale(3)

    net = dlkit.Network([NoConfig(5), dlkit.Dense(5, 1, seed=0)])
    with pytest.raises(ValueError, match=r"cannot save layer 0 \(NoConfig\).*gamma has shape \(3,\), not \(5,\).*"
                                         r"config\(\)"):
        net.save(tmp_path / "net")
    assert not list(tmp_path.iterdir())  # no file that cannot be loaded


def test_a_layer_of_yours_with_config_saves_and_loads(tmp_path):
    net = dlkit.Network([Scale(3), dlkit.Dense(3, 1, seed=0)])
    net.layers[0].gamma[:] = [2.0, 3.0, 4.0]
    back = dlkit.load(net.save(tmp_path / "net"))
    assert np.array_equal(back.layers[0].gamma, [2.0, 3.0, 4.0])


def test_a_gradient_summed_without_its_axis_is_named_as_a_single_number():
    class OldStyle(Scale):
        def backward(self, grad):
            self.dgamma = (grad * self.X).sum()  # the axis lost: one number
            return grad * self.gamma

        def parameters(self):
            return [dlkit.Parameter("gamma", self.gamma, self.dgamma)]

    layer = OldStyle(3)
    layer.forward(np.ones((2, 3)))
    layer.backward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"a gradient that is a single number \(6\).*\.sum\(axis=0\)"):
        dlkit.Network([layer, dlkit.Dense(3, 1)])


def test_a_single_number_weight_with_an_array_gradient_gets_a_hint_about_single_numbers():
    class One(dlkit.Layer):
        def __init__(self):
            self.gamma, self.dgamma = 1.0, 0.0

        def forward(self, X):
            self.X = X
            return X * self.gamma

        def backward(self, grad):
            self.dgamma = (grad * self.X).sum(axis=0, keepdims=True)[:, 0]  # shape (1,)
            return grad * self.gamma

        def parameters(self):
            return [self.parameter("gamma")]

    net = dlkit.Network([dlkit.Dense(2, 1, seed=0), One()])
    with pytest.raises(ValueError, match=r"gamma is a single number, so its gradient is one too") as error:
        net.fit(np.ones((4, 2)), np.zeros(4), epochs=1)
    assert "axis=0" not in str(error.value)


def test_a_layer_that_keeps_a_weight_and_its_gradient_but_does_not_list_it_is_warned_about():
    class Unlisted(Scale):
        def parameters(self):
            return []

    with pytest.warns(UserWarning, match=r"Unlisted keeps self.gamma and its gradient self.dgamma, but its "
                                         r"parameters\(\) does not list gamma"):
        dlkit.Network([Unlisted(3), dlkit.Dense(3, 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dlkit.Network([Scale(3), dlkit.Dense(3, 1)])  # listed: no warning


def test_bad_validation_labels_are_named_as_the_validation_ones():
    X, y = np.ones((6, 2)), np.array([0, 1, 0, 1, 0, 1])
    net = dlkit.mlp([2, 3, 1], output="sigmoid", seed=0)
    with pytest.raises(ValueError, match=r"^validation_data \(X_val, y_val\): binary cross-entropy needs targets"):
        net.fit(X, y, validation_data=(X, y * 2), epochs=1)


def test_an_optimiser_object_and_a_different_lr_are_refused_the_same_lr_is_fine():
    X, y = np.ones((4, 2)), np.zeros(4)
    net = dlkit.mlp([2, 3, 1], seed=0)
    adam = dlkit.Adam(lr=0.01)
    with pytest.raises(ValueError, match=r"lr=0.1 was given together with an optimiser object that has lr=0.01"):
        net.fit(X, y, optimizer=adam, lr=0.1, epochs=1)
    assert adam.lr == 0.01
    net.fit(X, y, optimizer=adam, lr=0.01, epochs=1)


def test_the_history_is_kept_on_the_network_when_a_callback_stops_fit_with_an_error():
    X, y = np.ones((8, 2)), np.arange(8) % 2

    def fails(epoch, history):
        if epoch == 2:
            raise RuntimeError("my callback broke")

    net = dlkit.mlp([2, 3, 1], output="sigmoid", seed=0)
    with pytest.raises(RuntimeError):
        net.fit(X, y, epochs=10, callback=fails)
    assert net.history.epochs == 3


def test_a_layer_class_in_the_list_instead_of_a_layer_says_to_call_it():
    with pytest.raises(TypeError, match=r"layer 1 is the class Sigmoid itself.*write Sigmoid\(\)"):
        dlkit.Network([dlkit.Dense(2, 1), dlkit.Sigmoid])


def test_a_missing_file_is_named_once_when_it_already_ends_in_npz(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        dlkit.load(tmp_path / "nowhere.npz")
    assert str(error.value).count("nowhere.npz") == 1


def test_cross_entropy_on_a_network_with_one_output_points_to_binary_cross_entropy():
    net = dlkit.mlp([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"this network has 1 output: for yes/no labels use binary cross-entropy"):
        net.fit(np.ones((4, 2)), [0, 1, 0, 1], loss=dlkit.CrossEntropy(from_logits=True), epochs=1)


def test_a_network_trained_on_raw_scores_predicts_labels_when_given_its_loss():
    X = np.array([[-2.0, 0.0], [-1.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    y = np.array([0, 0, 1, 1])
    net = dlkit.mlp([2, 1], seed=0)  # no sigmoid: raw scores
    loss = dlkit.BinaryCrossEntropy(from_logits=True)
    net.fit(X, y, loss=loss, lr=0.5, epochs=50, batch_size=4)
    scores = net.forward(X)[:, 0]
    assert np.array_equal(net.predict(X, loss), (scores >= 0).astype(int))
    assert np.array_equal(net.predict(X, loss), y)
    three = dlkit.mlp([2, 3], seed=0)
    assert np.array_equal(three.predict(X, dlkit.CrossEntropy(from_logits=True)), three.forward(X).argmax(axis=1))
    assert np.array_equal(net.predict(X), scores)  # without the loss: the raw scores, as for regression


def test_complex_weights_are_refused_not_cut_to_their_real_part():
    layer = dlkit.Dense(2, 2, seed=0)
    with pytest.raises(TypeError, match=r"Dense.W should hold real numbers, but it holds complex numbers"):
        layer.W = np.ones((2, 2)) * (1 + 2j)
    scale = Scale(3)
    net = dlkit.Network([scale, dlkit.Dense(3, 1, seed=0)])
    scale.gamma = np.ones(3) * 1j
    with pytest.raises(TypeError, match=r"(Scale.gamma should hold real numbers|expects real numbers, but got "
                                        r"complex numbers)"):
        net.fit(np.ones((4, 3)), np.zeros(4), epochs=1)


def test_a_single_label_given_as_a_number_gets_a_plain_message():
    for loss, y_hat in ((dlkit.CrossEntropy(), np.array([[0.2, 0.8]])), (dlkit.BinaryCrossEntropy(), [[0.9]]),
                        (dlkit.MSE(), [[21.0]])):
        with pytest.raises(ValueError, match=r"y should hold one label or target per example, but it is a single "
                                             r"number, 1: give it as an array, np.array\(\[1\]\)"):
            loss(y_hat, 1)


def test_a_loss_of_your_own_lines_up_flat_targets_with_a_column_of_predictions():
    class MAE(dlkit.losses.Loss):
        def value(self, y_hat, y):
            return np.mean(np.abs(y_hat - y))

        def gradient(self, y_hat, y):
            return np.sign(y_hat - y) / y_hat.size

    y_hat, y = np.array([[1.0], [2.0], [4.0]]), np.array([1.5, 2.0, 3.0])
    assert MAE()(y_hat, y) == pytest.approx((0.5 + 0.0 + 1.0) / 3)  # not the mean of a 3 x 3 table


def test_softmax_of_one_example_given_flat():
    z = np.array([2.0, 1.0, -1.0])
    assert np.allclose(dlkit.Softmax().function(z), np.exp(z) / np.exp(z).sum())
