"""The Playground on a page of its own, as `./course playground` serves it with Voilà: the page renders it without
errors, play trains and pause stops, a slider changes the network, a divergence stops play and says so; a
neuron hovered shows its bias and weights, a weight typed on a link reaches the network, input features switch,
your own data is clicked in, several classes get an output each, and a share code (in the address, or pasted
into the share box) gives a fresh page the same picture.

The page has no access to its kernel, so these tests read what the page shows: the view's data attributes
(``data-hover``, ``data-version``, the canvas's ``data-nodes``), the read-outs, and the share box, whose code
``decode_state`` turns back into the kernel's settings.

The server is started as ./course starts it (tests/browser/voila.py). It does not need JupyterLab. The page is 1366x768, a small laptop or a projector; set BROWSER_TEST_SCREENSHOTS to a folder to keep
screenshots of the page before and after 3 s of play.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from dlkit.widgets.playground import FEATURES, OWN_BOUNDS, decode_state

from . import playground_page as pg
from . import voila
from .conftest import _close_page

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
PLAY_SECONDS = 3


@pytest.fixture(scope="module")
def voila_playground(tmp_path_factory, chromium_path):
    # Depends on chromium_path only so that, without a browser, we skip before starting a server for nothing.
    with voila.playground_server(tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.fixture
def page(browser, voila_playground, request, tmp_path_factory):
    """The Voilà page with the Playground drawn (a new page, so a new kernel, for every test)."""
    context = browser.new_context(viewport=SCREEN)
    context.set_default_timeout(30_000)
    page = open_page(context, voila_playground)
    yield page
    _close_page(page, request, tmp_path_factory)


def open_page(context, server, query=""):
    """A new page of ``context`` at the Playground's address (plus ``query``, e.g. "?state=CODE"), once the view
    has drawn; its ``console_errors`` collects the errors of the page itself."""
    page = context.new_page()
    page.console_errors = []
    origin = server.url

    def on_console(message):
        # Voilà's page template links Font Awesome from a CDN, which an offline machine cannot reach; the icons
        # come from Voilà's own bundle all the same. Only errors of the page itself count.
        if message.type == "error" and (message.location.get("url") or origin).startswith(origin):
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(f"{server.url}/{query}")
    try:
        pg.wait_for_view(page, timeout_s=60)
    except Exception as error:
        raise AssertionError(f"the Playground did not appear; errors {page.console_errors}; server log:\n"
                             f"{server.log_tail()}") from error
    return page


def slider(page, name):
    return page.locator(".widget-slider").filter(has_text=name).first


def wait_for(page, js, arg=None, what="", timeout_s=20):
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_s * 1000)
    except Exception as error:
        raise AssertionError(f"{what} did not happen within {timeout_s} s; the view shows {pg.shown(page)}") from error


def screenshot(page, name):
    folder = os.environ.get("BROWSER_TEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_the_page_shows_the_playground_and_play_trains(page):
    assert page.get_by_role("heading", name="The Playground").is_visible()
    assert pg.shown(page)["epoch"] == 0
    button = pg.play_button(page)
    assert button.inner_text().strip() == "play"
    # The picture and every control fit the screen: nothing is cut off on the right.
    for selector in (".dlkit-playground canvas", ".widget-slider", ".widget-dropdown", ".widget-toggle-button"):
        for box in (element.bounding_box() for element in page.locator(selector).all()):
            assert box and box["width"] > 0 and box["x"] + box["width"] <= SCREEN["width"], f"{selector} at {box}"
    screenshot(page, "voila_playground_before.png")

    button.click()
    time.sleep(PLAY_SECONDS)
    screenshot(page, "voila_playground_after_play.png")
    button.click()  # pause
    wait_for(page, "b => b.textContent.trim() === 'play'", button.element_handle(), "the button saying play again")
    stopped_at = pg.shown(page)["epoch"]
    assert stopped_at >= 10, f"only {stopped_at} epochs after {PLAY_SECONDS} s of play"
    time.sleep(1.0)  # a frame on its way when pause was pressed may still land, but no new one is asked for
    assert pg.shown(page)["epoch"] - stopped_at <= 2, "training went on after pause"
    assert "loss: train" in pg.shown(page)["readouts"]
    assert page.console_errors == [], f"errors in the browser console: {page.console_errors}"


def test_frames_per_second(page):
    fps = pg.frames_per_second(page, seconds=4, warm_up=1)
    shown = pg.shown(page)
    print(f"\nplayground in Voilà, default settings: {fps:.1f} frames/s (round trip {shown['roundTripMs']} ms, "
          f"draw {shown['drawMs']} ms)")
    assert fps > 3, "the Playground hardly plays in Voilà"
    assert page.console_errors == [], f"errors in the browser console: {page.console_errors}"


def test_the_depth_slider_changes_the_network(page):
    depth = slider(page, "hidden layers")
    assert depth.locator(".widget-readout").inner_text().strip() == "2"
    before = pg.shown(page)["version"]
    ms = pg.slider_to_picture_ms(page, "hidden layers", key="ArrowRight", timeout_s=15)
    assert ms is not None, f"no new network drawn 15 s after moving the depth slider: {pg.shown(page)}"
    print(f"\nplayground in Voilà, depth slider to new picture: {ms:.0f} ms")
    assert pg.shown(page)["version"] > before
    assert depth.locator(".widget-readout").inner_text().strip() == "3"
    assert page.console_errors == [], f"errors in the browser console: {page.console_errors}"


def test_a_divergence_stops_play_and_says_so(page):
    # On the circle, tanh saturates and a learning rate of 10 still trains; on the regression set "plane" it
    # blows up in the first epoch.
    before = pg.shown(page)["version"]
    page.locator(".widget-dropdown").filter(has_text="data").locator("select").select_option("plane")
    wait_for(page, "v => +document.querySelector('.dlkit-playground').dataset.version > v", before,
             "the new data set's network")
    rate = slider(page, "learning rate")
    rate.locator(".noUi-handle").click()  # focus the handle (a click on it does not move it)
    page.keyboard.press("End")
    wait_for(page, "r => r.textContent.trim() === '10'", rate.locator(".widget-readout").element_handle(),
             "the learning rate readout showing 10")

    button = pg.play_button(page)
    button.click()
    message = page.locator(".widget-html").filter(has_text="diverged")
    try:
        message.wait_for(timeout=20_000)
    except Exception as error:
        raise AssertionError(f"no divergence message; the view shows {pg.shown(page)}") from error
    print(f"\nplayground in Voilà, divergence message: {message.inner_text()!r}")
    wait_for(page, "b => b.textContent.trim() === 'play'", button.element_handle(), "play switching back")
    screenshot(page, "voila_playground_diverged.png")
    epoch = pg.shown(page)["epoch"]
    time.sleep(1.0)
    assert pg.shown(page)["epoch"] == epoch, "training went on after the divergence"
    assert page.console_errors == [], f"errors in the browser console: {page.console_errors}"


# -- The mouse, the inputs, your own data, the classes and the share code ---------------------------------------
def wait_until(page, condition, what, timeout_s=20):
    """Poll ``condition()`` (a Python function reading the page) until it is true. ``what`` may be a function,
    to say what the page shows at the time of the failure."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            what = what() if callable(what) else what
            raise AssertionError(f"{what} did not happen within {timeout_s} s; the view shows {pg.shown(page)}")
        time.sleep(0.1)


def hover_text(page):
    return page.locator(pg.VIEW).get_attribute("data-hover")


def nodes(page):
    """How many nodes the view draws in each column (inputs, hidden layers, outputs)."""
    return [len(column) for column in json.loads(page.locator(f"{pg.VIEW} canvas").get_attribute("data-nodes"))]


def share_box(page):
    return page.locator(".widget-text").filter(has_text="share").locator("input")


def shared(page) -> dict:
    """The settings the share box's code stands for: the kernel's, as the page shows them."""
    return decode_state(share_box(page).input_value())


def dropdown(page, name):
    return page.locator(".widget-dropdown").filter(has_text=name).locator("select")


def button(page, name):
    """The button (or toggle button) whose text is exactly ``name``: "x1", "1", "erase", "clear points"..."""
    return page.get_by_role("button", name=name, exact=True)


def rebuilt(page, before, what):
    """Wait until the view draws a network newer than version ``before``."""
    wait_for(page, "v => +document.querySelector('.dlkit-playground').dataset.version > v", before, what)


def show_canvas(page):
    """Scroll the picture into the window (at 1366x768 its bottom is below it), so the mouse can reach it all."""
    page.locator(f"{pg.VIEW} canvas").scroll_into_view_if_needed()


def picture(page) -> str:
    """The canvas's pixels, as a PNG data URL."""
    return page.evaluate(f"() => document.querySelector('{pg.VIEW} canvas').toDataURL()")


def no_errors(*pages):
    for page in pages:
        assert page.console_errors == [], f"errors in the browser console: {page.console_errors}"


def test_hover_a_neuron_and_type_a_weight_on_a_link(page):
    show_canvas(page)
    # Hover: the first neuron of hidden layer 1, large, with its bias and incoming weights.
    page.mouse.move(*pg.node_position(page, 1, 0))
    wait_until(page, lambda: hover_text(page) is not None, "the hover picture")
    hover = hover_text(page)
    assert hover.startswith("layer 1, neuron 1"), hover
    assert " | bias " in hover and " | weights in: " in hover, hover
    assert len(hover.split("weights in: ")[1].split(", ")) == 2, hover  # one weight per input, x1 and x2
    page.mouse.move(5, 5)  # off the picture
    wait_until(page, lambda: hover_text(page) is None, "the hover picture going away")

    # A link between hidden layers 1 and 2, clicked a third of the way along (away from where links cross).
    editor, (c, i, j) = pg.open_weight_editor(page)  # the box names its link
    editor.fill("abc")
    editor.press("Enter")
    assert "pg-invalid" in editor.get_attribute("class"), "a weight that is not a number was not marked"
    assert editor.is_visible(), "the box went away after a weight that is not a number"
    assert c == 1, f"the click did not pick a link between hidden layers 1 and 2: {editor.get_attribute('title')}"
    version = pg.shown(page)["version"]
    editor.fill("-2.5")
    editor.press("Enter")
    editor.wait_for(state="detached", timeout=5000)
    # The link's target neuron, hovered, has -2.5 as its weight from node i: the kernel took it and sent it back.
    page.mouse.move(*pg.node_position(page, c + 1, j))

    def weight_in():
        hover = hover_text(page) or ""
        weights = hover.split("weights in: ")[1].split(", ") if "weights in: " in hover else []
        return hover.startswith(f"layer 2, neuron {j + 1}") and len(weights) > i and weights[i] == "-2.5"

    wait_until(page, weight_in, lambda: f"-2.5 as weight {i + 1} into layer 2, neuron {j + 1} ({hover_text(page)!r})")
    assert pg.shown(page)["version"] == version, "typing a weight built a new network"
    no_errors(page)


def test_switching_an_input_feature_on_adds_an_input(page):
    assert nodes(page)[0] == 2
    version = pg.shown(page)["version"]
    button(page, "x1²").click()
    rebuilt(page, version, "the network with x1² as an input")
    wait_until(page, lambda: nodes(page)[0] == 3, "a third input drawn")
    assert "mod-active" in button(page, "x1²").get_attribute("class")
    wait_until(page, lambda: shared(page).get("features") == ["x1", "x2", "x1²"],
               lambda: f"the share code having the features x1, x2, x1² ({shared(page)})")
    no_errors(page)


def test_your_own_data_is_clicked_in_trained_on_and_cleared(page):
    version = pg.shown(page)["version"]
    dropdown(page, "data").select_option("own")
    rebuilt(page, version, "the empty plane of your own data")
    wait_until(page, lambda: "click the picture" in page.locator(".widget-html").filter(
        has_text="Your own data").first.inner_text(), "a word on how to add points")
    assert shared(page)["dataset"] == "own"
    clicks = [(-3, -3, 0), (-2, -4, 0), (-4, -2, 0), (3, 3, 1), (2, 4, 1), (4, 2, 1)]
    adds = page.locator(".widget-toggle-buttons").filter(has_text="erase")
    for k, (x1, x2, label) in enumerate(clicks):
        adds.get_by_role("button", name=str(label), exact=True).click()
        show_canvas(page)
        version = pg.shown(page)["version"]
        page.mouse.click(*pg.surface_position(page, x1, x2, OWN_BOUNDS))
        rebuilt(page, version, f"point {k + 1} added")
        wait_until(page, lambda: len(shared(page).get("points", [])) == k + 1, f"point {k + 1} in the share code")
    points = shared(page)["points"]
    for (x1, x2, label), (px1, px2, plabel) in zip(clicks, points):
        assert abs(px1 - x1) < 0.1 and abs(px2 - x2) < 0.1 and plabel == label, (clicks, points)

    play = pg.play_button(page)
    play.click()
    wait_until(page, lambda: pg.shown(page)["epoch"] >= 10, "training on your own points")
    play.click()
    wait_for(page, "b => b.textContent.trim() === 'play'", play.element_handle(), "the button saying play again")
    assert "loss: train" in pg.shown(page)["readouts"]

    # Erase: a click near a point removes it.
    adds.get_by_role("button", name="erase", exact=True).click()
    show_canvas(page)
    page.mouse.click(*pg.surface_position(page, 4, 2, OWN_BOUNDS))
    wait_until(page, lambda: len(shared(page).get("points", [])) == 5, "the point at (4, 2) erased")
    assert [p[:2] for p in shared(page)["points"]] == [p[:2] for p in points[:5]]

    version = pg.shown(page)["version"]
    button(page, "clear points").click()
    rebuilt(page, version, "the plane without points")
    wait_until(page, lambda: shared(page).get("points", []) == [], lambda: f"no points left ({shared(page)})")
    assert pg.shown(page)["epoch"] == 0
    advice = page.locator(".widget-html").filter(has_text="Your own data").first
    wait_until(page, lambda: "(now 0)" in advice.inner_text(), "the word on how to add points, again")
    no_errors(page)


def test_a_spiral_of_three_classes_has_three_outputs(page):
    assert nodes(page)[-1] == 1
    version = pg.shown(page)["version"]
    dropdown(page, "data").select_option("spiral")
    rebuilt(page, version, "the spiral")
    pg.set_slider(page, "classes", 3)  # enabled by the spiral's rebuild, which reached the page before its frame
    wait_until(page, lambda: nodes(page)[-1] == 3, "three outputs drawn")
    state = shared(page)
    assert state["dataset"] == "spiral" and state["classes"] == 3, state
    assert slider(page, "classes").locator(".widget-readout").inner_text().strip() == "3"
    no_errors(page)


def settings_shown(page) -> dict:
    """What the controls show: the data set, the inputs switched on, the sliders' read-outs, every dropdown."""
    return {"data": dropdown(page, "data").input_value(),
            "dropdowns": [select.input_value() for select in page.locator(".widget-dropdown select").all()],
            "inputs": [text for text in (b.inner_text().strip() for b in
                                         page.locator(".widget-toggle-button.mod-active").all()) if text in FEATURES],
            "sliders": [s.inner_text().strip() for s in page.locator(".widget-slider .widget-readout").all()]}


def test_a_share_code_gives_a_fresh_page_the_same_picture(page, voila_playground):
    # Page A: the xor data, the product x1·x2 as the only input, no hidden layer.
    version = pg.shown(page)["version"]
    dropdown(page, "data").select_option("xor")
    rebuilt(page, version, "the xor data")
    for name in ("x1·x2", "x1", "x2"):  # on, off, off
        version = pg.shown(page)["version"]
        button(page, name).click()
        rebuilt(page, version, f"the network after switching {name}")
    pg.set_slider(page, "hidden layers", 0)
    wait_until(page, lambda: nodes(page) == [1, 1], lambda: f"a network of one input and one output ({nodes(page)})")
    wait_until(page, lambda: shared(page) == {"dataset": "xor", "features": ["x1·x2"], "depth": 0},
               lambda: f"the share code having the new settings ({shared(page)})")
    code = share_box(page).input_value()
    assert pg.shown(page)["epoch"] == 0
    shown_a, picture_a = settings_shown(page), picture(page)
    assert shown_a["data"] == "xor" and shown_a["inputs"] == ["x1·x2"], shown_a

    # Page B: the code in the address.
    page_b = open_page(page.context, voila_playground, f"?state={code}")
    wait_until(page_b, lambda: share_box(page_b).input_value() == code,
               lambda: f"page B's share box showing the code ({share_box(page_b).input_value()!r}, not {code!r})")
    assert settings_shown(page_b) == shown_a
    assert nodes(page_b) == [1, 1] and pg.shown(page_b)["epoch"] == 0
    assert picture(page_b) == picture_a, "the page opened with the share code draws another picture"

    # Page C: a new Playground, the code pasted into its share box.
    page_c = open_page(page.context, voila_playground)
    version = pg.shown(page_c)["version"]
    assert picture(page_c) != picture_a
    share_box(page_c).fill(code)
    share_box(page_c).press("Enter")
    rebuilt(page_c, version, "the network of the pasted code")
    wait_until(page_c, lambda: picture(page_c) == picture_a,
               "the page the code was pasted into drawing the same picture")
    assert share_box(page_c).input_value() == code
    assert settings_shown(page_c) == shown_a
    assert pg.shown(page_c)["epoch"] == 0
    no_errors(page, page_b, page_c)


def test_a_damaged_code_in_the_address_still_gives_a_playground(browser, voila_playground, request, tmp_path_factory):
    context = browser.new_context(viewport=SCREEN)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.console_errors = []
    try:
        page.goto(f"{voila_playground.url}/?state=eNqrrgUAAXU")  # a code cut short, as a link copied in part
        cell_error = page.get_by_text("There was an error when executing cell")
        page.locator(pg.VIEW).or_(cell_error).first.wait_for(timeout=60_000)
        assert cell_error.count() == 0, "the page shows a cell error instead of the Playground"
        pg.wait_for_view(page)
        assert "cannot be used" in page.locator(".widget-html").first.inner_text()  # and it says why
    finally:
        _close_page(page, request, tmp_path_factory)
