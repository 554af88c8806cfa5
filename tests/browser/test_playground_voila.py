"""The Playground on a page of its own, as `./course playground` serves it with Voilà: the page renders it without
errors, play trains and pause stops, a slider changes the network, a divergence stops play and says so.

The server is started as ./course starts it (tests/browser/voila.py). It does not need JupyterLab. The page is 1366x768, a small laptop or a projector; set BROWSER_TEST_SCREENSHOTS to a folder to keep
screenshots of the page before and after 3 s of play.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

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
    page = context.new_page()
    page.console_errors = []
    origin = voila_playground.url

    def on_console(message):
        # Voilà's page template links Font Awesome from a CDN, which an offline machine cannot reach; the icons
        # come from Voilà's own bundle all the same. Only errors of the page itself count.
        if message.type == "error" and (message.location.get("url") or origin).startswith(origin):
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(f"{voila_playground.url}/")
    try:
        pg.wait_for_view(page, timeout_s=60)
    except Exception as error:
        raise AssertionError(f"the Playground did not appear; errors {page.console_errors}; server log:\n"
                             f"{voila_playground.log_tail()}") from error
    yield page
    _close_page(page, request, tmp_path_factory)


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
    depth = slider(page, "depth")
    assert depth.locator(".widget-readout").inner_text().strip() == "2"
    before = pg.shown(page)["version"]
    ms = pg.slider_to_picture_ms(page, "depth", key="ArrowRight", timeout_s=15)
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
