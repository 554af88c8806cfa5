"""Checks the browser harness itself: a slider that redraws a picture, and a notebook broken on purpose."""

import time

import pytest

from . import lab
from .conftest import FIXTURES_IN_ROOT

pytestmark = pytest.mark.browser

ARROW_PRESSES = 3


def test_slider_redraws_picture(lab_page, jupyter_lab):
    page = lab_page
    started = time.monotonic()
    lab.open_notebook(page, jupyter_lab, f"{FIXTURES_IN_ROOT}/slider_image.ipynb")
    opened = time.monotonic()
    run_s = lab.run_all_cells(page, timeout_s=60)
    print(f"\nnotebook opened in {opened - started:.1f} s, Run All took {run_s:.1f} s")

    errors = lab.error_outputs(page)
    assert not errors, "the fixture notebook printed errors:\n" + "\n---\n".join(errors)
    views = lab.widget_views(page)
    assert views.rendered >= 1 and not views.problems, f"the widget did not render: {views}"

    slider = page.locator(f"{lab.PANEL} .widget-slider").filter(has_text="depth")
    handle = slider.locator(".noUi-handle")
    readout = slider.locator(".widget-readout")
    picture = page.locator(f"{lab.PANEL} img.widget-image")
    assert readout.inner_text() == "1", "the slider should start at 1"
    first_src = lab.img_src(picture)
    first_pixels = lab.image_bytes(picture)

    handle.click()  # focuses the handle; clicking on it does not move it
    assert readout.inner_text() == "1", "clicking the handle moved the slider"
    key_to_picture_ms = lab.time_key_to_new_picture(page, picture, "ArrowRight")
    for _ in range(ARROW_PRESSES - 1):
        page.keyboard.press("ArrowRight")
    expected = str(1 + ARROW_PRESSES)
    try:
        page.wait_for_function(
            "([readout, expected]) => readout.textContent.trim() === expected",
            arg=[readout.element_handle(), expected],
            timeout=10_000,
        )
    except Exception as error:
        raise AssertionError(f"slider readout is {readout.inner_text()!r}, expected {expected}") from error

    print(f"slider-to-picture: {key_to_picture_ms:.0f} ms")
    assert lab.img_src(picture) != first_src, "the picture's src did not change"
    # The last redraw may still be on its way; wait for the drawn pixels to differ from the first picture.
    deadline = time.monotonic() + 10
    while lab.image_bytes(picture) == first_pixels:
        assert time.monotonic() < deadline, "the picture on screen did not change"
        time.sleep(0.1)
    errors = lab.error_outputs(page)
    assert not errors, "errors appeared while moving the slider:\n" + "\n---\n".join(errors)


def test_harness_notices_failures(lab_page, jupyter_lab):
    """A checker that never fails proves nothing: the broken fixture must be reported as broken."""
    page = lab_page
    lab.open_notebook(page, jupyter_lab, f"{FIXTURES_IN_ROOT}/broken.ipynb")
    lab.run_all_cells(page, timeout_s=60)

    # The kernel may report the run over a moment before the last traceback is drawn (seen with two test
    # processes sharing the machine): look again for up to 10 s before calling it missed.
    deadline = time.monotonic() + 10
    errors = lab.error_outputs(page)
    while not any("deliberate failure" in error for error in errors) and time.monotonic() < deadline:
        time.sleep(0.2)
        errors = lab.error_outputs(page)
    assert any("deliberate failure" in error for error in errors), f"the traceback was not seen: {errors}"
    assert not any("shown on purpose" in error for error in errors), "a raises-exception cell was reported"
    views = lab.widget_views(page)
    assert views.rendered == 0 and any("Error displaying widget" in text for text in views.failures), (
        f"the broken widget was not seen: {views}"
    )
