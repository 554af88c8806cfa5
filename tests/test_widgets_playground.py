"""The Playground driven from code as a learner drives it with the mouse, and as its browser view drives it:
the frames the view is sent are read back as numbers and checked against maths written in the tests
(in_lessons/playground_checks.py), the frame protocol (the browser asks, the kernel answers) is played
through, and the picture's path is kept free of matplotlib. No kernel and no browser here: see
tests/browser/ for the Playground in real JupyterLab and Voila."""
import json
import shutil
import subprocess
import threading
import warnings

import numpy as np
import pytest

import dlkit
from dlkit import widgets
from in_lessons.by_hand import DESCRIBE
from in_lessons.playground_checks import check_frame, read_frame

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Browser:
    """Stands in for the browser view: keeps every message the kernel sends it, and asks as the view asks."""

    def __init__(self, pg):
        self.pg, self.messages = pg, []
        pg.view.send = lambda content, buffers=None: self.messages.append((content, list(buffers or [])))

    def ask(self, kind="frame"):
        self.pg.view._message(self.pg.view, {"type": kind}, [])
        return self.messages[-1]

    def frames(self):
        return [m for m in self.messages if m[0]["type"] == "frame"]


def described(pg):
    """The network as by_hand.DESCRIBE gives it, made here from the live objects."""
    return eval(DESCRIBE.format(net="pg.network"), {"pg": pg})


def test_builds_and_shows_as_one_widget_with_the_browser_drawn_picture():
    pg = widgets.Playground()
    bundle = pg._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == pg.box.model_id
    assert pg.view in pg.box.children and pg.image not in pg.box.children
    assert pg.png().startswith(PNG_SIGNATURE)  # the matplotlib rendering, for documents


def test_controls_cover_the_brief():
    c = widgets.Playground().controls
    assert c["depth"].min == 0 and c["depth"].max >= 10
    assert c["width"].min == 1 and c["width"].max >= 32
    rates = [value for _, value in c["lr"].options]  # round numbers only, from 1e-5 to 10 as in TF Playground
    assert rates[0] == 1e-5 and rates[-1] == 10 and {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0} <= set(rates)
    assert set(c["dataset"].options) == {"circle", "xor", "gaussian", "spiral", "moons", "own", "plane",
                                         "multi_gaussian"}
    assert set(c["optimizer"].options) == {"sgd", "momentum", "adam"}
    for name in ("noise", "train_ratio", "batch_size", "activation", "l2", "l1", "play", "step", "reset", "new_start",
                 "features", "classes", "point", "clear", "layer_activations", "show_test", "discretize", "share"):
        assert name in c


@pytest.mark.parametrize("settings", [dict(), dict(depth=4, width=8, activation="relu"),
                                      dict(depth=3, width=5, activation="sigmoid", dataset="xor"),
                                      dict(depth=0), dict(dataset="plane", depth=1, width=3, activation="leaky_relu")],
                         ids=["default", "relu-4x8", "sigmoid-xor", "no-hidden-layer", "regression"])
def test_what_the_browser_is_sent_is_the_networks_truth(settings):
    pg = widgets.Playground(**settings)
    browser = Browser(pg)
    pg.train(3)
    frame = read_frame(*browser.messages[-1])
    assert frame["epoch"] == 3
    classifier = pg.network.output_activation == "sigmoid"
    X_test, y_test = pg.data[2], pg.data[3]
    check_frame(frame, described(pg), *((X_test, y_test) if classifier else ()))
    # The data, in a full frame, is the Playground's own.
    full = read_frame(*browser.ask("hello"))
    for sent, kept in zip(full["data"], pg.data):
        assert sent == pytest.approx(np.asarray(kept, dtype=float).reshape(sent.shape), rel=1e-6, abs=1e-6)


def test_a_hidden_neuron_with_small_outputs_gets_its_own_colour_scale():
    pg = widgets.Playground(depth=1, width=3, activation="relu")
    browser = Browser(pg)
    pg.network.dense_layers[0].W[:, 0] *= 1e-3  # neuron 1 now answers 1000 times more quietly
    pg.redraw()
    frame = read_frame(*browser.messages[-1])
    quiet = frame["hidden"][0][:, 0]
    assert np.abs(quiet).max() < 0.05
    hidden_bytes = np.asarray(browser.messages[-1][1][0]).reshape(5, -1)[2:]  # after the 2 inputs' pictures
    assert hidden_bytes[0].max() == 255 or hidden_bytes[0].min() == 1  # its picture still spans the full scale


def test_the_browser_asks_and_the_kernel_answers_one_epoch_a_frame():
    pg = widgets.Playground()
    browser = Browser(pg)
    assert browser.ask("frame")[0] == {"type": "idle", "reply": True}  # not playing: no training
    assert pg.trainer.epoch == 0
    pg.controls["play"].value = True
    assert pg.view.playing  # the play button and the view share one switch
    for epoch in range(1, 6):
        content, _ = browser.ask("frame")
        assert content["reply"] and not content["full"] and content["epoch"] == epoch == pg.trainer.epoch
    pg.controls["play"].value = False  # pause: the next request trains nothing
    assert browser.ask("frame")[0]["type"] == "idle" and pg.trainer.epoch == 5
    # The history arrives in pieces, each frame what the view lacks: put together, it is the whole history.
    pieces = {key: [] for key in ("train_loss", "val_loss", "train_accuracy", "val_accuracy", "grad_norms")}
    for content, _ in browser.frames():
        for key in pieces:
            if content["history"]["from"] == 0:
                pieces[key] = []
            assert content["history"]["from"] == len(pieces[key])
            pieces[key] += content["history"][key]
    assert pieces["train_loss"] == pg.shown_history.train_loss and pieces["val_accuracy"] == pg.history.val_accuracy
    assert pieces["grad_norms"] == pg.history.grad_norms


def by_hand(pg, X, y):
    """Binary cross-entropy and accuracy of the network as it is now, in numpy: the forward pass written out."""
    h = pg.inputs(X)
    for d in pg.network.dense_layers[:-1]:
        h = np.tanh(h @ d.W + d.b)
    last = pg.network.dense_layers[-1]
    p = 1 / (1 + np.exp(-(h @ last.W + last.b)[:, 0]))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), np.mean((p >= 0.5) == y)


def test_the_readout_describes_the_network_drawn_on_train_and_test_alike():
    """Lesson 00: 'train 0.0672 ... 98.8%' were means over the epoch while the weights changed; the network drawn got
    99.2% (2 wrong dots, not 3). Each epoch's numbers, train and test, are now those of the weights at its end."""
    pg = widgets.Playground()
    browser = Browser(pg)
    pg.controls["play"].value = True
    for _ in range(6):
        content, _ = browser.ask("frame")
        X_train, y_train, X_test, y_test = pg.data
        for (loss, accuracy), part in ((by_hand(pg, X_train, y_train), "train"), (by_hand(pg, X_test, y_test), "val")):
            assert content["history"][f"{part}_loss"][-1] == pytest.approx(loss, rel=1e-9)
            assert content["history"][f"{part}_accuracy"][-1] == pytest.approx(accuracy)
    pg.controls["play"].value = False
    assert pg.history.train_loss != pg.shown_history.train_loss  # the History keeps its own means


def test_a_new_view_gets_everything_and_a_new_network_a_new_version():
    pg = widgets.Playground()
    browser = Browser(pg)
    pg.train(4)
    content, buffers = browser.ask("hello")
    assert content["full"] and content["history"]["from"] == 0 and len(content["history"]["train_loss"]) == 4
    assert len(buffers) == 4  # hidden, output, weights, and the data
    version = content["version"]
    pg.controls["depth"].value = 3
    content, _ = browser.messages[-1]
    assert content["full"] and content["version"] == version + 1 and content["sizes"] == [2, 4, 4, 4, 1]
    assert content["epoch"] == 0


def test_frames_are_small_bytes_not_json_lists():
    pg = widgets.Playground(depth=4, width=8)
    browser = Browser(pg)
    pg.controls["play"].value = True
    browser.ask("frame")
    content, buffers = browser.ask("frame")
    text = json.dumps(content, allow_nan=False)  # JSON without NaN: a browser could not parse it
    assert len(text) < 2000, "the JSON part should hold settings and the new history point, not the pictures"
    sizes = [memoryview(b).nbytes for b in buffers]
    assert sizes[0] == (2 + 4 * 8) * 25 * 25 and sizes[1] == 100 * 100  # one byte per value
    assert sum(sizes) < 40_000


def test_no_matplotlib_on_the_frame_path(monkeypatch):
    pg = widgets.Playground(depth=4, width=8)
    browser = Browser(pg)

    def refuse(*args, **kwargs):
        raise AssertionError("matplotlib drew during a frame")
    import matplotlib.figure
    monkeypatch.setattr(matplotlib.figure.Figure, "draw", refuse)
    monkeypatch.setattr(dlkit.plots, "png", refuse)
    monkeypatch.setattr(widgets.playground, "TrainingPicture", refuse)
    pg.controls["play"].value = True
    for _ in range(3):
        browser.ask("frame")
    pg.controls["width"].value = 5  # a rebuild sends a full frame: no matplotlib either
    pg.controls["lr"].value = 0.1
    pg.step()
    assert len(browser.frames()) == 5  # three asked for, the rebuild, the step


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
    history, network = pg.history, pg.network
    pg.controls["lr"].value = 0.1
    assert pg.trainer.optimizer.lr == 0.1
    assert pg.trainer.epoch == 3 and pg.history is history and pg.network is network
    pg.step()
    assert pg.trainer.epoch == 4


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


def test_train_step_and_reset_move_the_epoch_the_view_shows():
    pg = widgets.Playground()
    browser = Browser(pg)
    pg.train(2)
    assert pg.trainer.epoch == 2 and browser.messages[-1][0]["epoch"] == 2
    pg.step()
    pg.controls["step"].click()
    assert pg.trainer.epoch == 4 and browser.messages[-1][0]["epoch"] == 4
    pg.controls["reset"].click()
    assert pg.trainer.epoch == 0 and browser.messages[-1][0]["epoch"] == 0 and browser.messages[-1][0]["full"]


def test_the_playground_learns_the_circle():
    pg = widgets.Playground(depth=2, width=4, n=300)
    pg.train(40)
    assert pg.history.val_accuracy[-1] > 0.9
    assert pg.history.train_loss[-1] < 0.7 * pg.history.train_loss[0]


def test_same_settings_give_the_same_pictures_and_frames():
    a, b = widgets.Playground(dataset="xor", seed=3), widgets.Playground(dataset="xor", seed=3)
    a.train(3)
    b.train(3)
    assert a.png() == b.png()
    (ca, ba), (cb, bb) = a.view.last_frame, b.view.last_frame
    assert ca == cb and all(bytes(x) == bytes(y) for x, y in zip(ba, bb))
    a.controls["noise"].value = 0.3
    assert a.png() != b.png()


def test_divergence_shows_a_message_stops_playing_and_sends_no_nan():
    pg = widgets.Playground(dataset="plane", lr=10)
    browser = Browser(pg)
    pg.controls["play"].value = True
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape as a warning (it would print in the notebook)
        for _ in range(5):
            browser.ask("frame")
    assert pg.history.diverged
    assert "diverged" in pg.message.value and "reset" in pg.message.value
    assert "Traceback" not in pg.message.value
    assert pg.controls["play"].value is False and pg.view.playing is False
    for content, _ in browser.frames():
        json.dumps(content, allow_nan=False)  # a NaN loss travels as null
    assert browser.frames()[-1][0]["diverged"]
    # The click on play can reach the kernel after the frame request it caused (and so after the divergence):
    # it must not restart play on a diverged network.
    pg.controls["play"].value = True
    assert pg.controls["play"].value is False and pg.view.playing is False
    assert pg.controls["play"].description == "play"
    epochs = pg.trainer.epoch
    pg.step()  # further frames do nothing, and do not fail
    assert pg.trainer.epoch == epochs
    pg.controls["lr"].value = 0.01
    pg.controls["reset"].click()
    assert not pg.history.diverged and pg.message.value == ""


def test_the_browser_module_is_valid_javascript(tmp_path):
    """The view is loaded by the browser as it is (no build step): a syntax error would only show there."""
    module = tmp_path / "playground_view.mjs"
    module.write_text((widgets.playground_view.HERE / "playground_view.js").read_text())
    node = shutil.which("node")
    assert node, "node is needed to check the Playground's browser module (every machine of the course has it)"
    result = subprocess.run([node, "--check", str(module)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_frame_requests_and_clicks_from_two_threads_make_whole_frames_in_order():
    """JupyterLab can deliver the browser's frame requests and a button's clicks on two threads at once: each
    frame is still one whole epoch, the epochs the view sees only go up, and the last frame is the truth."""
    pg = widgets.Playground(depth=3, width=6)
    browser = Browser(pg)
    pg.controls["play"].value = True

    def ask_frames():
        for _ in range(15):
            browser.ask("frame")

    def click_and_slide():
        for k in range(15):
            pg.controls["step"].click()
            pg.controls["lr"].value = (0.03, 0.1)[k % 2]

    threads = [threading.Thread(target=ask_frames), threading.Thread(target=click_and_slide)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    epochs = [content["epoch"] for content, _ in browser.frames()]
    assert pg.trainer.epoch == 30 and epochs[-1] == 30
    assert epochs == sorted(epochs) and len(set(epochs)) == len(epochs)
    check_frame(read_frame(*browser.frames()[-1]), described(pg), pg.data[2], pg.data[3])


# -- What TensorFlow Playground has, and what its users asked for (issue 11) -------------------------------

def test_hand_made_features_solve_the_circle_without_a_hidden_layer():
    """x1² and x2² make the circle a straight split: a network with no hidden layer then learns it (with x1 and
    x2 it cannot), and the frame's input pictures are those features over the plane."""
    results = {}
    for names in (("x1", "x2"), ("x1²", "x2²")):
        pg = widgets.Playground(depth=0, features=names, lr=0.03)
        browser = Browser(pg)
        pg.train(60)
        results[names] = pg.history.val_accuracy[-1]
        assert pg.network.sizes == [2, 1]
        check_frame(read_frame(*browser.messages[-1]), described(pg), pg.data[2], pg.data[3])
    assert results[("x1²", "x2²")] > 0.95 and results[("x1", "x2")] < 0.75, results


def test_features_switch_on_and_off_and_one_always_stays_on():
    pg = widgets.Playground()
    switches = pg.controls["features"]
    switches.value = ("x1", "x2", "x1·x2", "sin x1")
    assert pg.network.n_inputs == 4 and pg.frames.input_names == ["x1", "x2", "x1·x2", "sin x1"]
    assert pg.inputs([[1.0, 2.0]])[0] == pytest.approx([1.0, 2.0, 2.0, np.sin(1.0)])
    for button in switches.buttons:  # a learner clicks every button off
        button.value = False
    assert switches.value == ("sin x1",) and pg.network.n_inputs == 1  # the last one stays on
    with pytest.raises(Exception, match="choose one or more"):
        switches.value = ("x3",)


@pytest.mark.parametrize("dataset, classes", [("spiral", 3), ("gaussian", 4), ("gaussian", 5)])
def test_several_classes_a_softmax_output_and_its_pictures(dataset, classes):
    pg = widgets.Playground(dataset=dataset, classes=classes, depth=2, width=8, activation="relu",
                            optimizer="adam", lr=0.03)
    browser = Browser(pg)
    assert pg.network.output_activation == "softmax" and pg.network.sizes[-1] == classes
    assert not pg.controls["classes"].disabled
    pg.train(5)
    frame = read_frame(*browser.messages[-1])
    assert frame["output"].shape == (100 * 100, classes) and frame["content"]["kind"] == "softmax"
    assert frame["output"].sum(axis=1) == pytest.approx(np.ones(100 * 100), abs=classes / 254)
    check_frame(frame, described(pg), pg.data[2], pg.data[3])
    if dataset == "gaussian":  # blobs: four are far apart, five overlap a little at noise 0.1
        pg.train(30)
        assert pg.history.val_accuracy[-1] > {4: 0.9, 5: 0.8}[classes]
    pg.controls["dataset"].value = "circle"
    assert pg.controls["classes"].disabled and pg.network.output_activation == "sigmoid"


def test_l1_and_l2_act_live_and_the_looks_only_redraw():
    pg = widgets.Playground()
    browser = Browser(pg)
    pg.train(2)
    pg.controls["l1"].value = 0.001
    pg.controls["l2"].value = 0.01
    assert pg.trainer.optimizer.l1 == 0.001 and pg.trainer.optimizer.weight_decay == 0.01 and pg.trainer.epoch == 2
    version = pg.version
    pg.controls["show_test"].value = False
    pg.controls["discretize"].value = True
    content = browser.messages[-1][0]
    assert content["full"] and not content["show_test"] and content["discretize"]
    assert pg.version == version and content["epoch"] == 2  # the same network, the same training


def test_divergence_is_explained_on_the_picture():
    pg = widgets.Playground(dataset="plane", lr=10)
    browser = Browser(pg)
    pg.train(3)
    message = browser.messages[-1][0]["message"]
    assert "diverged" in message and "learning rate" in message and "reset" in message
    pg.controls["reset"].click()
    assert browser.messages[-1][0]["message"] == ""


def test_reset_keeps_the_start_and_new_start_draws_another():
    pg = widgets.Playground()
    first = [d.W.copy() for d in pg.network.dense_layers]
    data = pg.data[0].copy()
    pg.train(5)
    pg.controls["reset"].click()
    assert all(np.array_equal(a, d.W) for a, d in zip(first, pg.network.dense_layers))
    pg.controls["new_start"].click()
    assert pg.trainer.epoch == 0 and not np.array_equal(first[0], pg.network.dense_layers[0].W)
    assert not np.array_equal(data, pg.data[0])
    assert pg.state()["seed"] == 1


def test_a_state_rebuilds_the_same_playground_which_trains_to_the_same_numbers():
    pg = widgets.Playground(dataset="spiral", classes=3, features=("x1", "x2", "sin x1"), depth=3, width=6,
                            activation="relu", optimizer="adam", lr=0.01, l1=0.001, batch_size=20, show_test=False)
    pg.controls["new_start"].click()
    state = pg.state()
    assert json.loads(json.dumps(state)) == state  # JSON-able, and small
    assert len(json.dumps(state)) < 500 and state["seed"] == 1 and state["features"] == ["x1", "x2", "sin x1"]
    twin = widgets.Playground.from_state(state)
    pg.train(5)
    twin.train(5)
    assert twin.history.train_loss == pg.history.train_loss and twin.value("show_test") is False
    # With the weights, a state carries the training so far: the copy goes on from there.
    copy = widgets.Playground.from_state(pg.state(weights=True))
    assert all(np.array_equal(a.W, b.W) for a, b in zip(copy.network.dense_layers, pg.network.dense_layers))
    with pytest.raises(ValueError, match="no setting"):
        widgets.Playground.from_state({**state, "colour": "red"})


def test_a_share_code_pasted_into_another_playground_brings_the_same_setup():
    teacher = widgets.Playground(dataset="xor", features=("x1·x2",), depth=0, lr=0.1)
    teacher.controls["new_start"].click()
    code = teacher.controls["share"].value
    assert code == teacher.share_code() and len(code) < 200 and code.isascii()
    learner = widgets.Playground(lr=3, width=7, show_test=False)  # settings the code does not mention go back too
    learner.controls["share"].value = code  # pasted, then Enter
    assert learner.state() == teacher.state()
    assert all(np.array_equal(a.W, b.W) for a, b in zip(learner.network.dense_layers, teacher.network.dense_layers))
    assert widgets.Playground.from_url(f"state={code}").state() == teacher.state()  # the Voila page's address
    assert widgets.Playground.from_url("").state() == widgets.Playground().state()
    damaged = widgets.Playground.from_url(f"state={code[:12]}")  # a link copied in part: a new one, and why
    assert damaged.state() == widgets.Playground().state() and "cannot be used" in damaged.text()
    before = learner.state()
    learner.controls["share"].value = "not-a-code"
    assert learner.state() == before and "cannot be used" in learner.text()


def test_png_draws_features_and_several_classes_too():
    pg = widgets.Playground(dataset="spiral", classes=3, features=("x1", "x2", "x1²", "sin x2"), depth=1, width=5)
    pg.train(2)
    assert pg.png().startswith(PNG_SIGNATURE)
    assert len(pg.figure.axes[0].images) >= 1  # the network's mosaic of node pictures


def test_your_own_data_clicked_in_takes_part_like_any_data():
    pg = widgets.Playground(depth=1, width=4, lr=0.3, train_ratio=0.5)
    browser = Browser(pg)
    pg.view._message(pg.view, {"type": "point", "x1": 1.0, "x2": 1.0}, [])  # a stray click on the circle
    assert pg.value("dataset") == "circle" and pg.points == [] and "choose data" in pg.text()
    pg.controls["dataset"].value = "own"
    assert pg.trainer is None and "click the picture" in pg.text()
    pg.controls["play"].value = True
    assert browser.ask("frame")[0]["type"] == "idle"  # nothing to train on yet: no frame, no error
    rng = np.random.default_rng(1)
    for label, centre in ((0, (-3, -3)), (1, (3, 3))):
        pg.controls["point"].value = str(label)
        for x1, x2 in rng.normal(centre, 0.8, size=(10, 2)):
            pg.view._message(pg.view, {"type": "point", "x1": float(x1), "x2": float(x2)}, [])  # a click
    assert len(pg.points) == 20 and pg.trainer is not None and pg.text() == ""
    X_train, y_train, X_test, y_test = pg.data
    assert len(X_train) == 10 and len(X_test) == 10  # split like any data: half for training
    assert sorted(map(tuple, np.concatenate([X_train, X_test]).round(3).tolist())) == sorted(
        (p[0], p[1]) for p in pg.points)
    pg.train(30)
    assert pg.history.val_accuracy[-1] == 1.0
    frame = read_frame(*browser.ask("hello"))
    assert frame["content"]["bounds"] == [-6, 6, -6, 6] and len(frame["data"][0]) == 10
    # Erase: a click near a point removes it; far from every point, nothing.
    pg.controls["point"].value = "erase"
    x1, x2, _ = pg.points[0]
    pg.view._message(pg.view, {"type": "point", "x1": x1 + 0.1, "x2": x2}, [])
    assert len(pg.points) == 19
    pg.view._message(pg.view, {"type": "point", "x1": 0.0, "x2": 6.0}, [])
    assert len(pg.points) == 19
    # The points travel with the state, and from code:
    twin = widgets.Playground.from_state(pg.state())
    assert twin.points == pg.points and twin.value("dataset") == "own"
    pg.add_point(0, 0, 1)
    assert pg.points[-1] == [0.0, 0.0, 1]
    with pytest.raises(ValueError, match="between -6 and 6"):
        pg.add_point(7, 0, 1)
    with pytest.raises(ValueError, match="class 0 to 1"):
        pg.add_point(0, 0, 2)
    pg.clear_points()
    assert pg.points == [] and pg.trainer is None


def test_a_weight_typed_on_a_link_is_used_and_training_goes_on_from_it():
    pg = widgets.Playground(depth=1, width=3)
    browser = Browser(pg)
    pg.train(2)
    pg.view._message(pg.view, {"type": "weight", "layer": 1, "i": 2, "j": 0, "value": -1.5}, [])
    assert pg.network.dense_layers[1].W[2, 0] == -1.5 and pg.trainer.epoch == 2
    frame = read_frame(*browser.messages[-1])
    assert frame["weights"][1][0][2, 0] == -1.5
    check_frame(frame, described(pg))  # the pictures are the edited network's (its last test loss is from before)
    pg.step()
    assert pg.network.dense_layers[1].W[2, 0] != -1.5  # trained on from there
    pg.view._message(pg.view, {"type": "weight", "layer": 1, "i": 5, "j": 0, "value": 1.0}, [])
    assert "no link (5, 0)" in pg.text()
    pg.view._message(pg.view, {"type": "weight", "layer": 0, "i": 0, "j": 0, "value": "abc"}, [])
    assert "could not convert" in pg.text() or "number" in pg.text()


def test_one_activation_per_layer_can_be_chosen():
    pg = widgets.Playground(depth=3, width=4)
    pg.controls["layer_activations"].value = "relu, tanh, sigmoid"
    kinds = [type(layer).__name__ for layer in pg.network.layers if type(layer).__name__ != "Dense"]
    assert kinds == ["ReLU", "Tanh", "Sigmoid", "Sigmoid"]  # three hidden layers, then the output
    network = pg.network
    pg.controls["layer_activations"].value = "relu, tanh"
    assert "one activation per hidden layer (3)" in pg.text() and pg.network is network
    pg.controls["layer_activations"].value = "relu, swish, tanh"
    assert "swish is not one of" in pg.text()
    pg.controls["layer_activations"].value = ""
    assert [type(layer).__name__ for layer in pg.network.layers][1] == "Tanh"


@pytest.mark.parametrize("look, value", [("discretize", True), ("show_test", False)])
def test_the_share_box_follows_the_looks_too(look, value):
    """A walk: ticking 'discretise output' or unticking 'show test data' left the share box at the old code (it
    decoded to {}), so a learner who copied it sent the wrong setup."""
    pg = widgets.Playground()
    pg.controls[look].value = value
    assert pg.controls["share"].value == pg.share_code()
    twin = widgets.Playground()
    twin.controls["share"].value = pg.controls["share"].value
    assert twin.value(look) == value
