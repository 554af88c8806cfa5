"""The explorers, driven from code the way a learner drives them with the mouse (no kernel, no browser)."""
import warnings

import numpy as np
import pytest

import dlkit
from dlkit import widgets

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXPLORERS = [widgets.Playground, widgets.NodeExplorer, widgets.LearningRateExplorer, widgets.BackpropStepper,
             widgets.DeepStackExplorer]


@pytest.fixture(scope="module")
def playground():
    """One default Playground for the tests that only look (building one takes a moment)."""
    return widgets.Playground()


@pytest.mark.parametrize("explorer", EXPLORERS, ids=lambda cls: cls.__name__)
def test_every_explorer_builds_and_shows_as_one_widget(explorer):
    w = explorer()
    assert w.png().startswith(PNG_SIGNATURE)
    assert w.png() == w.image.value
    bundle = w._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == w.box.model_id
    assert w.controls and all(hasattr(c, "observe") for c in w.controls.values())


# -- Playground ---------------------------------------------------------------------------------

def test_playground_controls_cover_the_brief(playground):
    c = playground.controls
    assert c["depth"].min == 0 and c["depth"].max >= 10
    assert c["width"].min == 1 and c["width"].max >= 32
    rates = [value for _, value in c["lr"].options]  # round numbers only, from 1e-5 to 10 as in TF Playground
    assert rates[0] == 1e-5 and rates[-1] == 10 and {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0} <= set(rates)
    assert set(c["dataset"].options) == {"circle", "xor", "gaussian", "spiral", "moons", "plane", "multi_gaussian"}
    assert set(c["optimizer"].options) == {"sgd", "momentum", "adam"}
    for name in ("noise", "train_ratio", "batch_size", "activation", "l2", "play", "step", "reset", "epoch"):
        assert name in c


def test_depth_and_width_rebuild_the_network_and_the_picture():
    pg = widgets.Playground()
    before = pg.png()
    pg.controls["depth"].value = 5
    assert pg.network.depth == 5 and pg.png() != before
    pg.controls["width"].value = 32
    assert pg.network.sizes == [2] + [32] * 5 + [1]
    pg.controls["depth"].value = 0
    assert pg.network.sizes == [2, 1]


def test_learning_rate_acts_live_without_resetting():
    pg = widgets.Playground()
    pg.train(3)
    history, network, picture = pg.history, pg.network, pg.picture
    pg.controls["lr"].value = 0.1
    assert pg.trainer.optimizer.lr == 0.1
    assert pg.trainer.epoch == 3 and pg.history is history and pg.network is network
    pg.step()
    assert pg.trainer.epoch == 4
    assert pg.picture is picture  # frames reuse one figure; only a new network gets a new one
    pg.controls["width"].value = 5
    assert pg.picture is not picture


def test_optimiser_l2_and_batch_size_act_on_the_training_under_way():
    pg = widgets.Playground()
    pg.train(2)
    weights = pg.network.dense_layers[0].W.copy()
    pg.controls["optimizer"].value = "adam"
    pg.controls["l2"].value = 0.01
    pg.controls["batch_size"].value = 25
    assert isinstance(pg.trainer.optimizer, dlkit.Adam) and pg.trainer.optimizer.weight_decay == 0.01
    assert pg.trainer.batch_size == 25 and pg.trainer.epoch == 2
    assert np.array_equal(pg.network.dense_layers[0].W, weights)  # the same network goes on learning


def test_train_step_and_play_advance_the_epoch_counter():
    pg = widgets.Playground()
    pg.train(2)
    assert pg.trainer.epoch == 2 and pg.controls["epoch"].value == "epoch 2"
    pg.step()
    assert pg.trainer.epoch == 3
    pg.controls["step"].click()
    assert pg.trainer.epoch == 4
    pg.controls["play"].value += 1  # a tick of Play
    assert pg.trainer.epoch == 5 and pg.controls["epoch"].value == "epoch 5"
    pg.controls["play"].value = 0  # the stop button rewinds Play's counter: no training
    assert pg.trainer.epoch == 5
    pg.controls["reset"].click()
    assert pg.trainer.epoch == 0


def test_the_playground_learns_the_circle():
    pg = widgets.Playground(depth=2, width=4, n=300)
    pg.train(40)
    assert pg.history.val_accuracy[-1] > 0.9
    assert pg.history.train_loss[-1] < 0.7 * pg.history.train_loss[0]


def test_same_settings_give_the_same_pictures():
    a, b = widgets.Playground(dataset="xor", seed=3), widgets.Playground(dataset="xor", seed=3)
    a.train(3)
    b.train(3)
    assert a.png() == b.png()
    a.controls["noise"].value = 0.3
    assert a.png() != b.png()


def test_divergence_shows_a_message_and_stops_playing():
    pg = widgets.Playground(dataset="plane", lr=10)
    pg.controls["play"].playing = True
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape as a warning (it would print in the notebook)
        pg.train(5)
    assert pg.history.diverged
    assert "diverged" in pg.message.value and "reset" in pg.message.value
    assert "Traceback" not in pg.message.value
    assert pg.controls["play"].playing is False
    epochs = pg.trainer.epoch
    pg.step()  # further frames do nothing, and do not fail
    assert pg.trainer.epoch == epochs
    pg.controls["lr"].value = 0.01
    pg.controls["reset"].click()
    assert not pg.history.diverged and pg.message.value == ""


# -- the smaller explorers -------------------------------------------------------------------------

def test_node_explorer_sliders_move_the_picture_and_the_numbers():
    node = widgets.NodeExplorer(w1=1.0, w2=-0.5, b=0.5)
    assert "z = 2.00" in node.message.value  # at x = (2, 1): 1*2 - 0.5*1 + 0.5
    pictures = {node.png()}
    for name, value in (("w1", -2.0), ("w2", 1.5), ("b", -1.0)):
        node.controls[name].value = value
        pictures.add(node.png())
    node.controls["activation"].value = "tanh"
    pictures.add(node.png())
    assert len(pictures) == 5
    assert "z = -3.50" in node.message.value and "tanh" in node.message.value  # -2*2 + 1.5*1 - 1
    assert "-2.0·x1 + 1.5·x2 - 1.0" in node.message.value
    dense = node.node().dense_layers[0]
    assert dense.W[:, 0].tolist() == [-2.0, 1.5] and dense.b[0] == -1.0


@pytest.mark.parametrize("f, w", [(widgets.parabola, 1.3), (widgets.bumpy, -2.1),
                                  (widgets.bowl, np.array([0.7, -1.2]))])
def test_learning_rate_losses_have_the_right_gradients(f, w):
    eps = 1e-6
    value, gradient = f(w)
    for i in np.ndindex(np.shape(w)):
        step = np.zeros_like(w, dtype=float)
        step[i] = eps
        numeric = (f(w + step)[0] - f(w - step)[0]) / (2 * eps)
        assert np.ravel(gradient)[i[0] if i else 0] == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize("landscape, lr, expected", [
    ("parabola", 0.01, "too slow"), ("parabola", 0.1, "good"), ("parabola", 0.9, "oscillating"),
    ("parabola", 1.1, "divergent"), ("bowl", 0.15, "oscillating"), ("bowl", 0.25, "divergent"),
])
def test_learning_rate_explorer_names_the_regime(landscape, lr, expected):
    explorer = widgets.LearningRateExplorer(landscape=landscape, lr=lr, steps=20)
    assert explorer.regime == expected
    assert expected in explorer.message.value


def test_learning_rate_explorer_redraws_on_every_control():
    explorer = widgets.LearningRateExplorer()
    pictures = {explorer.png()}
    explorer.controls["lr"].value = 0.5
    pictures.add(explorer.png())
    explorer.controls["steps"].value = 5
    pictures.add(explorer.png())
    explorer.controls["landscape"].value = "bowl"
    pictures.add(explorer.png())
    assert len(pictures) == 4


def test_backprop_stepper_walks_forward_then_backward_and_checks():
    stepper = widgets.BackpropStepper()
    n_stages = 2 * 3 + 2  # input + 3 layers forward, the loss, 3 layers backward
    assert len(stepper.stages) == n_stages
    pictures, messages = set(), []
    for _ in range(n_stages):
        pictures.add(stepper.png())
        messages.append(stepper.message.value)
        stepper.controls["next"].click()
    assert len(pictures) == n_stages and stepper.stage == 0  # back to the start after the last stage
    assert "enters the input layer" in messages[0] and "loss L" in messages[4]
    assert "layer 3 backward" in messages[5] and "layer 1 backward" in messages[-1]
    stepper.controls["check"].click()
    assert stepper.check_report.max_error < 1e-6
    assert "they agree" in stepper.report.value


def test_backprop_stepper_takes_any_small_network():
    net = dlkit.mlp([2, 4, 3], activation="relu", output="softmax", seed=1)
    stepper = widgets.BackpropStepper(net, example=[0.5, -1.0], y=2)
    assert len(stepper.stages) == 2 * 2 + 2
    stepper.check()
    assert stepper.check_report.ok


def test_deep_stacks_sigmoid_gradients_vanish_where_relu_he_keeps_them():
    deep = widgets.DeepStackExplorer(depth=20, activation="sigmoid", init="normal")
    sigmoid_first = deep.gradient_norms()[0]
    assert "vanishing" in deep.message.value
    deep.controls["activation"].value = "relu"
    deep.controls["init"].value = "he"
    relu_first = deep.gradient_norms()[0]
    # Measured: about 1e-22 against 2e-3. Asserted with a margin of many orders of magnitude.
    assert sigmoid_first < 1e-8 * relu_first
    assert deep.network.depth == 20 and "vanishing" not in deep.message.value


def test_deep_stack_train_button_trains():
    deep = widgets.DeepStackExplorer(depth=6, activation="tanh", init="xavier")
    before = deep.png()
    deep.controls["train"].click()
    assert deep.epochs == 5 and len(deep.losses) == 5 and deep.png() != before
    assert "after 5 epochs" in deep.message.value
    deep.controls["depth"].value = 30
    assert deep.network.depth == 30 and deep.epochs == 0
