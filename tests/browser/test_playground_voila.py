"""The Playground on a page of its own, as `./course playground` serves it with Voilà: the page renders it without
errors, play trains and pause stops, a slider changes the network, a divergence stops play and says so.

The server is started with the command of the `playground` case of ./course (read from the script, so the two
cannot drift apart), on a free port, with every Jupyter directory in a temporary folder. It does not need
JupyterLab. The page is 1366x768, a small laptop or a projector; set BROWSER_TEST_SCREENSHOTS to a folder to keep
screenshots of the page before and after 3 s of play.
"""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import playground_page as pg
from .conftest import REPO_ROOT, _close_page, _free_port, _prepare_jupyter_dirs

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
START_TIMEOUT_S = 60
PLAY_SECONDS = 3


@dataclass
class VoilaServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    log_path: Path

    def log_tail(self, lines=30):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def course_playground_command():
    """The arguments `./course playground` gives python: ``-m dlkit.widgets.voila_app NOTEBOOK ...``."""
    script = (REPO_ROOT / "course").read_text()
    case = re.search(r"^\s*playground\)\n(.*?)^\s*;;", script, re.S | re.M)
    assert case, "./course has no `playground` case"
    line = re.search(r'^\s*exec \.venv/bin/python (.*?) "\$@"', case.group(1), re.M)
    assert line, f"the `playground` case of ./course does not exec .venv/bin/python: {case.group(1)}"
    return shlex.split(line.group(1))


@pytest.fixture(scope="module")
def voila_playground(tmp_path_factory, chromium_path):
    # Depends on chromium_path only so that, without a browser, we skip before starting a server for nothing.
    base = tmp_path_factory.mktemp("voila")
    dirs = _prepare_jupyter_dirs(base)
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
           "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "IPYTHONDIR": str(dirs["ipython"]), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, *course_playground_command(), f"--port={port}", "--Voila.port_retries=0"]
    server = VoilaServer(url=f"http://127.0.0.1:{port}", log_path=base / "voila.log")
    with open(server.log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        # The launcher prints the address a learner should open once the server listens.
        deadline = time.monotonic() + START_TIMEOUT_S
        while f"Open {server.url}/ in a browser" not in server.log_tail():
            if process.poll() is not None:
                pytest.fail(f"Voilà exited with code {process.returncode} at startup; log:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Voilà did not print its address within {START_TIMEOUT_S} s; log:\n{server.log_tail()}")
            time.sleep(0.2)
        log_text = server.log_path.read_text()
        assert "TCP_NODELAY" in log_text, f"dlkit's server extension was not loaded; log:\n{log_text}"
        yield server
    finally:
        # Voilà shuts its kernels down on SIGTERM; the process group holds the server and its kernels.
        for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=wait_s)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue


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
