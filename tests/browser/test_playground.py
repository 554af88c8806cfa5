"""The Playground in real JupyterLab: a depth slider moved with the keyboard redraws the picture, fast,
and Play trains live while the kernel keeps answering.

The fixture notebook (fixtures/playground.ipynb) holds one cell:
``from dlkit import widgets; pg = widgets.Playground(); pg``.
"""
import time

import pytest

from . import lab
from .conftest import FIXTURES_IN_ROOT

pytestmark = pytest.mark.browser

TARGET_MS = 250  # slider to new picture; printed, and asserted only with a wide margin (shared machines are noisy)
PLAY_SECONDS = 3


def open_playground(page, jupyter_lab):
    lab.open_notebook(page, jupyter_lab, f"{FIXTURES_IN_ROOT}/playground.ipynb")
    lab.run_all_cells(page, timeout_s=120)
    assert lab.error_outputs(page) == [], "the Playground cell printed errors"
    views = lab.widget_views(page)
    assert views.rendered >= 1 and not views.problems, f"the Playground did not render: {views}"
    return page.locator(f"{lab.PANEL} img.widget-image")


def epoch_shown(page):
    return int(page.locator(f"{lab.PANEL} .widget-label", has_text="epoch").inner_text().split()[-1])


def test_depth_slider_redraws_the_playground(lab_page, jupyter_lab):
    page = lab_page
    picture = open_playground(page, jupyter_lab)
    slider = page.locator(f"{lab.PANEL} .widget-slider").filter(has_text="depth")
    readout = slider.locator(".widget-readout")
    assert readout.inner_text() == "2", "the Playground should start with 2 hidden layers"
    first_src, first_pixels = lab.img_src(picture), lab.image_bytes(picture)

    slider.locator(".noUi-handle").click()  # focus the handle (a click on it does not move it)
    ms = lab.time_key_to_new_picture(page, picture, "ArrowRight")
    print(f"\nplayground slider-to-picture: {ms:.0f} ms (target <= {TARGET_MS} ms)")
    try:
        page.wait_for_function("readout => readout.textContent.trim() === '3'", arg=readout.element_handle(),
                               timeout=10_000)
    except Exception as error:
        raise AssertionError(f"the depth readout is {readout.inner_text()!r}, expected 3") from error

    assert lab.img_src(picture) != first_src, "the picture's src did not change"
    deadline = time.monotonic() + 10
    while lab.image_bytes(picture) == first_pixels:
        assert time.monotonic() < deadline, "the picture on screen did not change"
        time.sleep(0.1)
    assert lab.error_outputs(page) == [], "errors appeared while moving the slider"
    assert ms < 8 * TARGET_MS, f"the new picture took {ms:.0f} ms: something blocks the kernel"


def test_play_trains_live_and_pause_stops_at_once(lab_page, jupyter_lab):
    page = lab_page
    picture = open_playground(page, jupyter_lab)
    assert epoch_shown(page) == 0
    picture.evaluate("img => { window.__pictures = 0; img.addEventListener('load', () => window.__pictures++); }")
    play_pause = page.locator(f"{lab.PANEL} .widget-play button").first

    play_pause.click()
    time.sleep(PLAY_SECONDS)
    play_pause.click()  # pause
    pictures = page.evaluate("() => window.__pictures")
    print(f"\nplayground while playing: {pictures / PLAY_SECONDS:.1f} pictures/s in the browser")
    stopped_at = epoch_shown(page)
    assert stopped_at >= 5, f"only {stopped_at} epochs after {PLAY_SECONDS} s of play"
    time.sleep(1.0)  # frames queued before the pause may still land, but no new ones start
    assert epoch_shown(page) - stopped_at <= 2, "training went on after pause"
    assert lab.error_outputs(page) == [], "errors appeared while playing"
