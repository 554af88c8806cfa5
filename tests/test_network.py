"""Networks: building, forward/backward, gradients of whole networks, training mechanics, saving, errors."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlkit
from gradients import numeric_gradient, relative_error

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
OUTPUTS = {"sigmoid": 1, "softmax": 3, "identity": 2}


def targets(output, n, rng):
    if output == "sigmoid":
        return rng.integers(0, 2, n)
    if output == "softmax":
        return rng.integers(0, 3, n)
    return rng.normal(size=(n, 2))


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_hidden_and_output_combination_passes_gradcheck(hidden, output, rng):
    net = dlkit.mlp([3, 5, 4, OUTPUTS[output]], activation=hidden, output=output, seed=2)
    X = rng.normal(size=(7, 3))
    report = dlkit.gradcheck(net, None, X, targets(output, 7, rng))
    assert report.max_error < 1e-6, report


@pytest.mark.parametrize("loss, output", [("mse", "sigmoid"), ("mse", "softmax"), ("cross_entropy", "identity")])
def test_unfused_loss_paths_pass_gradcheck(loss, output, rng):
    """Not only the fused softmax/sigmoid + cross-entropy: other pairings go through each layer's backward."""
    n_out = 1 if output == "sigmoid" else 3
    net = dlkit.mlp([2, 4, n_out], activation="tanh", output=output, seed=0)
    X = rng.normal(size=(6, 2))
    if loss == "mse":
        y = rng.uniform(size=(6, n_out))
    else:
        y = np.eye(3)[rng.integers(0, 3, 6)] if output == "identity" else rng.integers(0, 3, 6)
        net = dlkit.Network(net.layers + [dlkit.Softmax()])
    assert dlkit.gradcheck(net, loss, X, y).max_error < 1e-6


def test_gradcheck_with_dropout_and_weight_decay_free_network(rng):
    net = dlkit.mlp([2, 6, 6, 1], activation="tanh", output="sigmoid", dropout=0.3, seed=0)
    report = dlkit.gradcheck(net, None, rng.normal(size=(5, 2)), rng.integers(0, 2, 5))
    assert report.ok and [r.name for r in report.rows] == ["dense0.W", "dense0.b", "dense1.W", "dense1.b",
                                                          "dense2.W", "dense2.b"]


@settings(max_examples=300, deadline=None, derandomize=True)  # the same examples every run
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5), n=st.integers(1, 6),
       hidden=st.sampled_from(["tanh", "sigmoid"]), output=st.sampled_from(["softmax", "sigmoid", "identity"]),
       seed=st.integers(0, 1000))
def test_gradcheck_property_over_random_shapes(sizes, n, hidden, output, seed):
    if output == "softmax":
        sizes[-1] = max(sizes[-1], 2)
    if output == "sigmoid":
        sizes[-1] = 1
    rng = np.random.default_rng(seed)
    net = dlkit.mlp(sizes, activation=hidden, output=output, seed=seed)
    X = rng.normal(size=(n, sizes[0]))
    y = (rng.integers(0, sizes[-1], n) if output == "softmax" else rng.integers(0, 2, n) if output == "sigmoid"
         else rng.normal(size=(n, sizes[-1])))
    assert dlkit.gradcheck(net, None, X, y).max_error < 1e-6


def test_gradcheck_catches_a_wrong_backward(rng):
    """The check must be able to fail: break a layer's backward and watch it report a mismatch."""
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    net.layers[1].derivative = lambda Z: 1.0 - np.tanh(Z)  # wrong slope (should be 1 - tanh^2)
    report = dlkit.gradcheck(net, None, rng.normal(size=(4, 2)), np.array([0, 1, 1, 0]))
    assert not report.ok and report.max_error > 1e-3
    assert "MISMATCH" in repr(report)


@pytest.mark.parametrize("depth", [0, 1, 3, 10, 25])
def test_mlp_builds_any_depth(depth):
    net = dlkit.mlp([2] + [8] * depth + [1], activation="relu", output="sigmoid", seed=0)
    assert net.depth == depth and net.sizes == [2] + [8] * depth + [1]
    assert net.forward(np.zeros((3, 2))).shape == (3, 1)
    assert len(net.parameters()) == 2 * (depth + 1)


def test_mlp_takes_one_activation_per_hidden_layer():
    net = dlkit.mlp([2, 5, 4, 1], activation=["relu", "tanh"], output="sigmoid", seed=0)
    assert [type(layer).__name__ for layer in net.layers] == ["Dense", "ReLU", "Dense", "Tanh", "Dense", "Sigmoid"]
    assert [d.init for d in net.dense_layers] == ["he", "xavier", "xavier"]  # each as the activation it feeds
    same = dlkit.mlp([2, 5, 4, 1], activation=["tanh", "tanh"], output="sigmoid", seed=0)
    plain = dlkit.mlp([2, 5, 4, 1], activation="tanh", output="sigmoid", seed=0)
    assert all(np.array_equal(a.W, b.W) for a, b in zip(same.dense_layers, plain.dense_layers))
    with pytest.raises(ValueError, match="one activation per hidden layer: this network has 2, but got 3"):
        dlkit.mlp([2, 5, 4, 1], activation=["relu", "tanh", "relu"])
    with pytest.raises(ValueError, match="activation"):
        dlkit.mlp([2, 5, 4, 1], activation=["relu", "swish"])


def test_mlp_default_init_follows_activation():
    assert dlkit.mlp([2, 4, 1], activation="relu").dense_layers[0].init == "he"
    assert dlkit.mlp([2, 4, 1], activation="tanh").dense_layers[0].init == "xavier"


def test_trace_shows_every_layer_and_matches_forward(rng):
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    x = rng.normal(size=(1, 2))
    steps = net.trace(x)
    assert [type(s.layer).__name__ for s in steps] == ["Dense", "Tanh", "Dense", "Sigmoid"]
    assert np.allclose(steps[1].output, np.tanh(x @ net.layers[0].W + net.layers[0].b))
    assert np.allclose(steps[-1].output, net.forward(x))


def test_predict_and_predict_proba(rng):
    X = rng.normal(size=(5, 2))
    binary = dlkit.mlp([2, 3, 1], output="sigmoid", seed=0)
    assert set(binary.predict(X)) <= {0, 1} and binary.predict_proba(X).shape == (5,)
    multi = dlkit.mlp([2, 3, 4], output="softmax", seed=0)
    assert np.allclose(multi.predict_proba(X).sum(axis=1), 1)
    assert np.array_equal(multi.predict(X), multi.predict_proba(X).argmax(axis=1))
    with pytest.raises(ValueError, match="needs a sigmoid or softmax output"):
        dlkit.mlp([2, 3, 1], seed=0).predict_proba(X)


def test_parameters_are_the_layers_own_arrays():
    net = dlkit.mlp([2, 3, 1], seed=0)
    params = net.parameters()
    assert params[0].value is net.dense_layers[0].W and params[0].grad is net.dense_layers[0].dW
    net.zero_grad()
    assert all(np.all(p.grad == 0) for p in params)


def test_save_and_load_round_trip(tmp_path, rng):
    net = dlkit.mlp([2, 5, 3], activation="leaky_relu", output="softmax", dropout=0.2, seed=3)
    path = tmp_path / "net.npz"
    net.save(path)
    loaded = dlkit.load(path)
    X = rng.normal(size=(4, 2))
    assert np.array_equal(loaded.forward(X), net.forward(X))
    assert repr(loaded) == repr(net)
    with np.load(path, allow_pickle=False) as data:  # plain arrays only: no object arrays, so no pickle
        assert all(data[k].dtype.kind in "fU" for k in data.files)


def test_load_rejects_a_file_not_written_by_save(tmp_path):
    np.savez(tmp_path / "other.npz", W=np.zeros(3))
    with pytest.raises(ValueError, match="not written by Network.save"):
        dlkit.load(tmp_path / "other.npz")


def xor_data():
    return np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float), np.array([0, 1, 1, 0])


def test_same_seed_gives_identical_weights_and_history():
    X, y = dlkit.datasets.circle(n=100, noise=0.1, seed=0)
    runs = []
    for _ in range(2):
        net = dlkit.mlp([2, 6, 1], activation="tanh", output="sigmoid", seed=5)
        history = net.fit(X, y, lr=0.1, epochs=5, batch_size=10, seed=9)
        runs.append((net, history))
    (a, ha), (b, hb) = runs
    assert all(np.array_equal(p.value, q.value) for p, q in zip(a.parameters(), b.parameters()))
    assert ha.train_loss == hb.train_loss and ha.grad_norms == hb.grad_norms
    other = dlkit.mlp([2, 6, 1], activation="tanh", output="sigmoid", seed=5)
    assert other.fit(X, y, lr=0.1, epochs=5, batch_size=10, seed=10).train_loss != ha.train_loss


def test_history_records_every_epoch_with_validation():
    X, y = dlkit.datasets.gaussian(n=120, noise=0.1, seed=0)
    net = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
    h = net.fit(X[:80], y[:80], lr=0.05, epochs=6, batch_size=16, validation_data=(X[80:], y[80:]))
    assert h.epochs == 6 and len(h.val_loss) == 6 and len(h.val_accuracy) == 6
    assert len(h.grad_norms) == 6 and all(len(g) == 2 for g in h.grad_norms)
    assert h.train_loss[-1] < h.train_loss[0] and h.val_accuracy[-1] > 0.9
    assert net.evaluate(X[80:], y[80:])["accuracy"] == pytest.approx(h.val_accuracy[-1])


def test_callback_can_stop_training():
    X, y = xor_data()
    seen = []
    h = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0).fit(
        X, y, epochs=50, batch_size=4, callback=lambda epoch, hist: seen.append(epoch) or epoch == 2)
    assert seen == [0, 1, 2] and h.epochs == 3 and h.stopped_early


def test_trainer_steps_batch_by_batch_and_lr_changes_live():
    X, y = dlkit.datasets.circle(n=100, seed=0)
    trainer = dlkit.mlp([2, 4, 1], activation="tanh", output="sigmoid", seed=0).trainer(X, y, lr=0.1, batch_size=30)
    for _ in range(3):
        trainer.step()
    assert trainer.epoch == 0  # 3 batches of 30 do not make an epoch of 100
    trainer.step()
    assert trainer.epoch == 1
    trainer.optimizer.lr = 0.5
    trainer.run_epoch()
    assert trainer.epoch == 2 and trainer.optimizer.lr == 0.5
    with pytest.raises(ValueError, match="learning rate lr should be a finite number greater than zero"):
        trainer.optimizer.lr = 0


def test_backward_twice_gives_the_same_gradients(rng):
    net = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0)
    X = rng.normal(size=(5, 2))
    net.forward(X)
    g = rng.normal(size=(5, 1))
    net.backward(g)
    first = [p.grad.copy() for p in net.parameters()]
    net.backward(g)
    assert all(np.array_equal(a, p.grad) for a, p in zip(first, net.parameters()))


def test_divergence_is_caught_marked_and_explained():
    X, y = dlkit.datasets.plane(n=100, seed=0)
    net = dlkit.mlp([2, 8, 8, 1], activation="relu", seed=0)
    with pytest.warns(dlkit.DivergenceWarning, match="Lower the learning rate first"):
        h = net.fit(X, y, lr=5.0, epochs=20)
    assert h.diverged and "diverged" in h.message and h.epochs < 20
    X, y = dlkit.datasets.xor(n=100, seed=0)
    with pytest.warns(dlkit.DivergenceWarning):  # stable cross-entropy stays finite, but the blow-up is caught
        assert dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0).fit(X, y, lr=1e5, epochs=20).diverged


def test_a_good_learning_rate_does_not_diverge():
    X, y = dlkit.datasets.plane(n=100, seed=0)
    h = dlkit.mlp([2, 8, 1], activation="relu", seed=0).fit(X, y, lr=0.001, epochs=20)
    assert not h.diverged and h.train_loss[-1] < h.train_loss[0]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_optimizer_reduces_the_loss(optimizer):
    X, y = dlkit.datasets.gaussian(n=200, noise=0.2, seed=1)
    lr = 0.01 if optimizer == "adam" else 0.05
    h = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0).fit(
        X, y, optimizer=optimizer, lr=lr, epochs=10, weight_decay=1e-4)
    assert h.train_loss[-1] < 0.5 * h.train_loss[0]


def test_weight_decay_shrinks_the_weights():
    X, y = dlkit.datasets.circle(n=200, noise=0.1, seed=0)
    norms = []
    for decay in (0.0, 0.05):
        net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
        net.fit(X, y, lr=0.05, epochs=30, weight_decay=decay)
        norms.append(np.linalg.norm(net.dense_layers[0].W))
    assert norms[1] < 0.8 * norms[0]


def test_progress_bar_runs(capsys):
    X, y = xor_data()
    h = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0).fit(X, y, epochs=3, batch_size=4, progress=True)
    assert h.epochs == 3
    assert "training" in capsys.readouterr().err


net = dlkit.mlp([2, 4, 1], output="sigmoid", seed=0)
softmax_net = dlkit.mlp([2, 4, 3], output="softmax", seed=0)
X2 = np.zeros((4, 2))


@pytest.mark.parametrize("call, error, message", [
    (lambda: net.forward(np.zeros((4, 3))), ValueError, "X has 3 features but the first layer expects 2"),
    (lambda: net.forward(np.zeros(4)), ValueError, "got a 1-D array of shape"),
    (lambda: net.forward(np.zeros((0, 2))), ValueError, "X is empty"),
    (lambda: net.forward([[0, np.nan]]), ValueError, "NaN or infinite"),
    (lambda: net.forward([[0, np.inf]]), ValueError, "NaN or infinite"),
    (lambda: net.forward("abc"), TypeError, "should be a 2-D array of numbers"),
    (lambda: net.forward([["a", "b"]]), TypeError, "should contain only numbers"),
    (lambda: net.fit(X2, [0, 1, 1]), ValueError, "X has 4 examples but y has 3"),
    (lambda: net.fit(X2, None), ValueError, "y is missing"),
    (lambda: net.fit(X2, [0, 1, 2, 1]), ValueError, "targets between 0 and 1"),
    (lambda: net.fit(X2, ["a", "b", "a", "b"]), TypeError, "y holds text labels"),
    (lambda: softmax_net.fit(X2, [0, 1, 3, 1]), ValueError, "y contains the label 3, but the network has 3 outputs"),
    (lambda: softmax_net.fit(X2, [0, 1, 0.5, 1]), TypeError, "whole numbers"),
    (lambda: net.fit(X2, [0, 1, 1, 0], lr=0), ValueError, "learning rate lr should be a finite number greater than zero"),
    (lambda: net.fit(X2, [0, 1, 1, 0], lr=-0.1), ValueError, "greater than zero"),
    (lambda: net.fit(X2, [0, 1, 1, 0], epochs=0), ValueError, "epochs should be at least 1"),
    (lambda: net.fit(X2, [0, 1, 1, 0], epochs=2.5), TypeError, "epochs should be a whole number"),
    (lambda: net.fit(X2, [0, 1, 1, 0], batch_size=0), ValueError, "batch_size should be at least 1"),
    (lambda: net.fit(X2, [0, 1, 1, 0], optimizer="rmsprop"), ValueError, "unknown optimizer 'rmsprop'; choose one of: sgd, momentum, adam"),
    (lambda: net.fit(X2, [0, 1, 1, 0], loss="hinge"), ValueError, "unknown loss 'hinge'"),
    (lambda: net.fit(X2, [0, 1, 1, 0], validation_data=X2), TypeError, "validation_data should be a pair"),
    (lambda: net.fit(X2, [0, 1, 1, 0], validation_data=(np.zeros((2, 5)), [0, 1])), ValueError, "X_val has 5 features"),
    (lambda: net.fit(X2, [0, 1, 1, 0], seed=-1), TypeError, "seed should be a non-negative whole number"),
    (lambda: dlkit.mlp([2]), ValueError, "at least an input and an output size"),
    (lambda: dlkit.mlp("2,1"), TypeError, "sizes should be a list of layer sizes"),
    (lambda: dlkit.mlp([2, 0, 1]), ValueError, r"sizes\[1\] should be at least 1"),
    (lambda: dlkit.mlp([2, 3, 1], activation="swish"), ValueError, "unknown activation 'swish'"),
    (lambda: dlkit.Network([]), ValueError, "at least one layer"),
    (lambda: dlkit.Network([dlkit.Dense(2, 3), dlkit.Dense(4, 1)]), ValueError, "gives 3 numbers per example, but the next"),
    (lambda: dlkit.Network([dlkit.Dense(2, 3), "relu"]), TypeError, "layer 1 should be a dlkit layer"),
])
def test_bad_input_fails_at_once_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_import_dlkit_stays_light():
    """Drawing and widgets are separate imports; the package itself needs only numpy."""
    import subprocess
    import sys
    code = ("import sys, dlkit; heavy = [m for m in ('matplotlib', 'ipywidgets', 'sklearn', 'pandas', 'tqdm') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_weight_decay_gradient_matches_finite_differences(rng):
    """With weight decay the optimiser follows the gradient of loss + decay/2 * (sum of squared weights)."""
    net = dlkit.mlp([3, 4, 1], activation="tanh", output="sigmoid", seed=0)
    X, y = rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
    decay = 0.3
    opt = dlkit.SGD(lr=0.1, weight_decay=decay)
    weights = [p.value for p in net.parameters() if p.decay]

    def penalised_loss():
        return net.loss(X, y) + decay / 2 * sum(np.sum(W ** 2) for W in weights)

    net.gradients(X, y)
    for p in net.parameters():
        analytic = opt.gradient(p).copy()
        assert relative_error(analytic, numeric_gradient(penalised_loss, p.value)) < 1e-6, p.name


def test_l1_and_weight_decay_gradient_matches_finite_differences(rng):
    """With L1 and L2 the optimiser follows the gradient of loss + l1 * sum|w| + decay/2 * sum w^2 (biases
    free), checked where no weight is near 0 (|w| has no slope there)."""
    net = dlkit.mlp([3, 4, 1], activation="tanh", output="sigmoid", seed=0)
    for dense in net.dense_layers:
        dense.W += 0.2 * np.sign(dense.W)  # every weight at least 0.2 from the kink of |w|
    X, y = rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
    l1, decay = 0.05, 0.3
    opt = dlkit.Adam(lr=0.01, weight_decay=decay, l1=l1)
    weights = [p.value for p in net.parameters() if p.decay]

    def penalised_loss():
        return (net.loss(X, y) + l1 * sum(np.sum(np.abs(W)) for W in weights)
                + decay / 2 * sum(np.sum(W ** 2) for W in weights))

    net.gradients(X, y)
    for p in net.parameters():
        analytic = opt.gradient(p).copy()
        assert relative_error(analytic, numeric_gradient(penalised_loss, p.value)) < 1e-6, p.name


def test_l1_sends_small_weights_to_zero_and_is_honoured_or_refused():
    X, y = dlkit.datasets.circle(n=200, noise=0.1, seed=0)
    plain, sparse = (dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0) for _ in range(2))
    plain.fit(X / 6, y, optimizer=dlkit.SGD(lr=0.3), epochs=60)
    sparse.fit(X / 6, y, optimizer=dlkit.SGD(lr=0.3, l1=0.01), epochs=60)
    small = [np.mean(np.abs(net.dense_layers[0].W) < 0.01) for net in (plain, sparse)]
    assert small[1] > small[0] + 0.2, small
    assert repr(dlkit.SGD(lr=0.1, l1=0.01)) == "SGD(lr=0.1, l1=0.01)"
    with pytest.raises(ValueError, match="l1=0.5 was given together with an optimiser object"):
        dlkit.optim.get_optimizer(dlkit.SGD(lr=0.1), l1=0.5)
    with pytest.raises(ValueError, match="l1"):
        dlkit.SGD(lr=0.1, l1=-1)
    assert dlkit.optim.get_optimizer("adam", 0.01, l1=0.001).l1 == 0.001


def test_divergence_advice_fits_the_cause():
    # An explosion that comes from the starting weights is not cured by a smaller learning rate.
    X, y = dlkit.datasets.circle(n=200, noise=0.1, seed=0)
    big = dlkit.mlp([2] + [16] * 20 + [1], activation="relu", init="he", output="sigmoid", seed=0)
    for dense in big.dense_layers:
        dense.W *= 2
    with pytest.warns(dlkit.DivergenceWarning):
        history = big.fit(X / 6, y, lr=0.05, epochs=5)
    assert history.diverged and "initialisation" in history.message and "Try a smaller learning rate" not in history.message
    # ... but with a learning rate of 3 as well, the rate is what to lower first.
    big = dlkit.mlp([2] + [16] * 20 + [1], activation="relu", init="he", output="sigmoid", seed=0)
    for dense in big.dense_layers:
        dense.W *= 2
    with pytest.warns(dlkit.DivergenceWarning):
        history = big.fit(X / 6, y, lr=3, epochs=5)
    assert "Lower the learning rate first (e.g. 0.3)" in history.message and "initialisation" in history.message
    # Steps too large on a sensible network: then the learning rate is the thing to lower.
    net = dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
    with pytest.warns(dlkit.DivergenceWarning):
        history = net.fit(X / 6, y, lr=1e4, epochs=5, batch_size=200)
    assert history.diverged and "smaller learning rate (now 10000; e.g. 1000)" in history.message


def test_divergence_with_huge_targets_says_standardise():
    X, y = dlkit.datasets.plane(n=200, noise=0.1, seed=0)
    net = dlkit.mlp([2, 8, 1], activation="relu", seed=0)
    with pytest.warns(dlkit.DivergenceWarning):
        history = net.fit(X / 6, y * 1e4, lr=0.5, epochs=20, batch_size=200)
    assert history.diverged and "standardise y" in history.message


def test_gradcheck_says_too_small_to_check_instead_of_ok(rng):
    # A wrong derivative in a network whose gradients are far below what finite differences can resolve:
    # the old check (relative to a floor of 1e-4) called this OK.
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    net.dense_layers[1].W *= 1e-9                 # the signal back to layer 1 is a billion times weaker
    net.layers[1].derivative = lambda Z: 1.0 - np.tanh(Z)  # and its slope is wrong
    report = dlkit.gradcheck(net, None, rng.normal(size=(4, 2)), np.array([0, 1, 1, 0]))
    assert not report.ok and {"dense0.W", "dense0.b"} <= {r.name for r in report.too_small}
    assert "TOO SMALL TO CHECK" in repr(report) and "OK:" not in repr(report)


def test_gradcheck_still_catches_a_wrong_derivative_on_small_but_resolvable_gradients(rng):
    net = dlkit.mlp([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    net.dense_layers[1].W *= 1e-4
    net.layers[1].derivative = lambda Z: 1.0 - np.tanh(Z)
    report = dlkit.gradcheck(net, None, rng.normal(size=(4, 2)), np.array([0, 1, 1, 0]))
    assert "dense0.W" in [r.name for r in report.mismatched] and not report.too_small


def test_gradcheck_exact_zeros_agree():
    # Dead ReLU units: backprop and finite differences both give exactly 0, which is agreement.
    net = dlkit.mlp([2, 4, 1], activation="relu", output="sigmoid", seed=0)
    net.dense_layers[0].b[:2] = -100.0  # two units never fire
    X, y = np.array([[0.5, -1.0], [1.0, 0.3], [-0.2, 0.1]]), np.array([1, 0, 1])
    report = dlkit.gradcheck(net, None, X, y)
    assert report.ok, report


def test_divergence_with_huge_inputs_says_standardise_x():
    X, y = dlkit.datasets.circle(n=200, noise=0.1, seed=0)
    net = dlkit.mlp([2, 8, 1], activation="relu", init="he", output="sigmoid", seed=0)
    with pytest.warns(dlkit.DivergenceWarning):
        history = net.fit(X * 1000, y, lr=0.1, epochs=20)
    assert history.diverged and "standardise X" in history.message and "initialisation" not in history.message


def test_a_network_lists_its_layers_as_they_read_not_how_they_were_first_drawn():
    """A walk (lesson 03): a Dense wired by hand printed as Dense(2 -> 2, init=xavier) inside its Network, though
    its weights were set by hand, and as Dense(2 -> 2) on its own."""
    hidden = dlkit.Dense(2, 2)
    hidden.W[...] = 20.0
    net = dlkit.Network([hidden, dlkit.Sigmoid(), dlkit.Dense(2, 1), dlkit.Sigmoid()])
    assert "(0) Dense(2 -> 2)\n" in repr(net) and "init" not in repr(net)
    assert str(hidden) == "Dense(2 -> 2)" and hidden.init == "xavier"
