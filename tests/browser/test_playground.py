"""The Playground in real JupyterLab, in headless chromium, as a learner uses it: it renders, plays (the
browser asks for frames), pauses at once, answers the depth and learning-rate controls, explains a
divergence, and what it shows (read-outs and picture) is what the kernel computed.

The fixture notebook (fixtures/playground.ipynb) holds one cell:
``from dlkit import widgets; pg = widgets.Playground(); pg``. Frames per second and slider times are
printed here and measured properly by benchmarks/bench_playground.py.
"""
import json
import time

import pytest

from . import lab
from . import playground_page as view
from .conftest import FIXTURES_IN_ROOT

pytestmark = pytest.mark.browser

# Where the prediction is drawn in the canvas (SURFACE in dlkit/widgets/playground_view.js), in CSS pixels.
SURFACE_X, SURFACE_Y, SURFACE_SIZE = 455, 34, 300


def open_playground(page, jupyter_lab):
    lab.open_notebook(page, jupyter_lab, f"{FIXTURES_IN_ROOT}/playground.ipynb")
    lab.run_all_cells(page, timeout_s=120)
    assert lab.error_outputs(page) == [], "the Playground cell printed errors"
    view.wait_for_view(page)
    page.locator(view.VIEW).scroll_into_view_if_needed()


def wait_until(page, condition, what, timeout_s=10):
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what} (the view shows {view.shown(page)})"
        time.sleep(0.1)


def three_digits(x: float, keep_zeros=False) -> str:
    """As the view writes numbers: 3 significant digits (0 as 0); ``keep_zeros``: 0.0620, as the readout writes
    numbers read side by side, in one precision."""
    if not (1e-3 <= abs(x) < 1e4 or x == 0):
        return f"{x:.1e}"
    return f"{x:#.3g}".rstrip(".") if keep_zeros and x and abs(x) < 1000 else f"{float(f'{x:.3g}'):g}"


def test_the_kernel_websocket_sends_without_delay(jupyter_lab):
    """dlkit's server extension is loaded (without it every frame waits about 40 ms on the network)."""
    log = jupyter_lab.log_path.read_text(errors="replace")
    assert "kernel websockets send small messages at once" in log, jupyter_lab.log_tail()


def test_play_trains_live_pause_stops_at_once_and_the_readouts_are_the_kernels(lab_page, jupyter_lab):
    page = lab_page
    open_playground(page, jupyter_lab)
    assert view.shown(page)["epoch"] == 0
    fps = view.frames_per_second(page, seconds=3)
    print(f"\nplayground in JupyterLab: {fps:.1f} frames/s at depth 2, width 4 (benchmarks/ measures properly)")
    assert fps >= 5, f"only {fps:.1f} frames per second: frames are not flowing"
    stopped_at = view.shown(page)["epoch"]
    # After the pause the frame asked for before it may still land, and the one just received may not be drawn
    # yet: at most two more epochs show. Then nothing more is asked for: the epoch stays where it is.
    time.sleep(1.0)
    settled = view.shown(page)["epoch"]
    assert settled - stopped_at <= 2, "training went on after pause"
    time.sleep(1.0)
    assert view.shown(page)["epoch"] == settled, "training went on after pause"
    assert view.play_button(page).inner_text().strip() == "play"
    # What the view shows is the kernel's state: its epoch and its numbers, as the kernel has them.
    kernel = view.kernel_value(page, "dict(epoch=pg.trainer.epoch, train=pg.shown_history.train_loss[-1], "
                                     "test=pg.history.val_loss[-1], train_acc=pg.shown_history.train_accuracy[-1], "
                                     "test_acc=pg.history.val_accuracy[-1])")
    shown = view.shown(page)
    assert shown["epoch"] == kernel["epoch"] >= 10
    assert (f"loss: train {three_digits(kernel['train'], True)}, test {three_digits(kernel['test'], True)}"
            in shown["readouts"])
    assert (f"accuracy: train {100 * kernel['train_acc']:.1f}%, test {100 * kernel['test_acc']:.1f}%"
            in shown["readouts"])
    assert page.console_errors == [], page.console_errors


def test_the_picture_is_the_networks_prediction(lab_page, jupyter_lab):
    """A pixel of the prediction, in a corner where no data point is drawn, has the colour of the kernel's
    probability there: pale blue for class 1, pale orange for class 0, white at 0.5."""
    page = lab_page
    open_playground(page, jupyter_lab)
    page.locator(".widget-button", has_text="one step").click()
    for _ in range(20):
        page.locator(".widget-button", has_text="one step").click()
    wait_until(page, lambda: view.shown(page)["epoch"] == 21, "21 steps were not all drawn")
    p = view.kernel_value(page, "float(pg.network.predict_proba(__import__('dlkit').plots.grid("
                                "pg.frames.bounds, 100)[[9900]])[0])")  # the top-left grid point
    pixel = page.evaluate(f"""() => {{
        const canvas = document.querySelector('{view.VIEW} canvas');
        const k = canvas.width / {980};
        return [...canvas.getContext('2d').getImageData(Math.round(({SURFACE_X} + 1) * k),
                                                         Math.round(({SURFACE_Y} + 1) * k), 1, 1).data];
    }}""")
    pale_orange, pale_blue = (251, 200, 143), (143, 195, 230)
    t = 2 * p - 1
    end, k = (pale_orange, -t) if t < 0 else (pale_blue, t)
    expected = [255 + (e - 255) * k for e in end]
    assert all(abs(a - b) <= 12 for a, b in zip(pixel[:3], expected)), (p, pixel, expected)


def test_depth_rebuilds_and_learning_rate_acts_and_divergence_is_explained(lab_page, jupyter_lab):
    page = lab_page
    open_playground(page, jupyter_lab)
    version = view.shown(page)["version"]
    ms = view.slider_to_picture_ms(page, "hidden layers", "ArrowRight")
    print(f"\nplayground depth slider to new picture: {ms:.0f} ms (target < 100 ms)")
    assert ms is not None, "the depth slider did not redraw the picture"
    assert view.shown(page)["version"] == version + 1
    assert view.kernel_value(page, "pg.network.sizes") == [2, 4, 4, 4, 1]
    # The plane (regression) at the largest learning rate, 10, diverges: the learner is told why and what to do.
    page.locator(".widget-dropdown", has_text="data").locator("select").select_option("plane")
    wait_until(page, lambda: view.shown(page)["version"] == version + 2, "choosing the plane did not rebuild")
    rate = page.locator(".widget-slider").filter(has_text="learning rate").first
    rate.locator(".noUi-handle").click()
    page.keyboard.press("End")
    wait_until(page, lambda: view.kernel_value(page, "pg.trainer.optimizer.lr") == 10, "the rate did not reach 10")
    view.play_button(page).click()
    message = page.locator(".widget-html", has_text="diverged")
    message.wait_for(timeout=15_000)
    assert "learning rate" in message.inner_text() and "reset" in message.inner_text()
    wait_until(page, lambda: view.play_button(page).inner_text().strip() == "play", "play did not stop")
    assert view.kernel_value(page, "pg.history.diverged") is True
    assert page.console_errors == [], page.console_errors


def test_controls_act_while_it_plays(lab_page, jupyter_lab):
    """While frames flow, the kernel still hears every control: a new learning rate acts on the training under
    way, a new depth builds a new network that goes on playing."""
    page = lab_page
    open_playground(page, jupyter_lab)
    view.play_button(page).click()
    wait_until(page, lambda: view.shown(page)["epoch"] >= 5, "play did not start")
    view.set_slider(page, "learning rate", 0.1)
    wait_until(page, lambda: view.kernel_value(page, "pg.trainer.optimizer.lr") == 0.1, "the new rate did not act")
    before = view.shown(page)["epoch"]
    wait_until(page, lambda: view.shown(page)["epoch"] >= before + 5, "training stopped after the rate changed")
    assert view.kernel_value(page, "pg.trainer.optimizer.lr") == 0.1  # the same training, going on
    version = view.shown(page)["version"]
    view.set_slider(page, "hidden layers", 3)
    wait_until(page, lambda: view.shown(page)["version"] == version + 1, "the new depth was not drawn")
    wait_until(page, lambda: view.shown(page)["epoch"] >= 5, "the new network did not go on playing")
    assert view.kernel_value(page, "pg.network.sizes") == [2, 4, 4, 4, 1]
    view.play_button(page).click()
    assert page.console_errors == [], page.console_errors


def test_hover_a_neuron_edit_a_weight_and_switch_features(lab_page, jupyter_lab):
    page = lab_page
    open_playground(page, jupyter_lab)
    # Hover: the first neuron of hidden layer 1, large, with its bias and incoming weights as the kernel has them.
    page.mouse.move(*view.node_position(page, 1, 0))
    wait_until(page, lambda: page.locator(view.VIEW).get_attribute("data-hover") is not None, "no hover picture")
    hover = page.locator(view.VIEW).get_attribute("data-hover")
    kernel = view.kernel_value(page, "dict(b=pg.network.dense_layers[0].b[0], w=pg.network.dense_layers[0].W[:, 0].tolist())")
    assert hover.startswith("layer 1, neuron 1") and f"bias {three_digits(kernel['b'])}" in hover, (hover, kernel)
    assert ", ".join(three_digits(w) for w in kernel["w"]) in hover
    page.mouse.move(5, 5)
    wait_until(page, lambda: page.locator(view.VIEW).get_attribute("data-hover") is None, "the hover picture stayed")
    # Edit: click a link between hidden layers 1 and 2; the box that opens names it.
    editor, (c, i, j) = view.open_weight_editor(page)
    editor.fill("banana")
    editor.press("Enter")
    assert "pg-invalid" in editor.get_attribute("class")  # not a number: the box says so and stays
    assert c == 1, editor.get_attribute("title")  # a link between hidden layers 1 and 2
    editor.fill("-2.5")
    editor.press("Enter")
    wait_until(page, lambda: view.kernel_value(page, f"pg.network.dense_layers[{c}].W[{i}, {j}]") == -2.5,
               "the typed weight did not reach the network")
    # Features: switch x1² on; the network gets a third input and the view draws it.
    version = view.shown(page)["version"]
    page.locator(".widget-toggle-button", has_text="x1²").click()
    wait_until(page, lambda: view.shown(page)["version"] == version + 1, "switching x1² on did not rebuild")
    assert view.kernel_value(page, "pg.network.sizes[0]") == 3
    assert len(json.loads(page.locator(f"{view.VIEW} canvas").get_attribute("data-nodes"))[0]) == 3
    assert page.console_errors == [], page.console_errors


def test_your_own_data_is_clicked_in_and_classes_come_in_colours(lab_page, jupyter_lab):
    page = lab_page
    open_playground(page, jupyter_lab)
    page.locator(".widget-dropdown", has_text="data").locator("select").select_option("own")
    wait_until(page, lambda: "click the picture" in page.locator(".widget-html").first.inner_text(),
               "no word on how to add points")
    clicks = [(-3, -3, "0"), (-2, -4, "0"), (-4, -2, "0"), (3, 3, "1"), (2, 4, "1"), (4, 2, "1")]
    for x1, x2, label in clicks:
        page.locator(".widget-toggle-buttons").filter(has_text="erase").get_by_role(
            "button", name=label, exact=True).click()
        page.mouse.click(*view.surface_position(page, x1, x2, (-6, 6, -6, 6)))
        page.wait_for_timeout(150)
    wait_until(page, lambda: len(view.kernel_value(page, "pg.points")) == 6, "the clicks did not all add a point")
    points = view.kernel_value(page, "pg.points")
    for (x1, x2, label), (px1, px2, plabel) in zip(clicks, points):
        assert abs(px1 - x1) < 0.1 and abs(px2 - x2) < 0.1 and str(plabel) == label, (clicks, points)
    assert view.kernel_value(page, "pg.trainer is not None")
    view.play_button(page).click()
    wait_until(page, lambda: view.shown(page)["epoch"] >= 20, "training on the own points did not start")
    view.play_button(page).click()
    # Several classes: the spiral with 3 arms gets a softmax output of 3 nodes.
    page.locator(".widget-dropdown", has_text="data").locator("select").select_option("spiral")
    view.set_slider(page, "classes", 3)
    wait_until(page, lambda: view.kernel_value(page, "pg.network.sizes[-1]") == 3, "no third class")
    assert len(json.loads(page.locator(f"{view.VIEW} canvas").get_attribute("data-nodes"))[-1]) == 3
    assert page.console_errors == [], page.console_errors
