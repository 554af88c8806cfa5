"""A learner's walk through one lesson, with screenshots to look at: the tool behind the checklist in
CONTRIBUTING.md.

    .venv/bin/python -m tests.browser.walk 06_backpropagation [--out walk/]

opens the lesson in real JupyterLab in headless chromium at 1366x768 (a small laptop), runs all cells,
and saves one screenshot per widget and one per screenful of the notebook (``walk/06_backpropagation/``).
Scripts that also move controls use ``lesson_in_lab``:

    from tests.browser.walk import lesson_in_lab, widget_shots
    with lesson_in_lab("05_gradient_descent") as page:
        slider = page.locator(".widget-slider").first ...
        page.screenshot(path="after.png")

Nothing is saved into notebooks/: the server works on a temporary copy (as the browser tests do).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import lab as lab_helpers
from .conftest import CHROMIUM_ARGS, JupyterLab, _free_port, _lab_root, _prepare_jupyter_dirs, _stop_server, \
    _wait_until_answering

LAPTOP = {"width": 1366, "height": 768}
WIDGET_OUTPUT = ".jp-OutputArea-output:has(.jupyter-widgets)"


@contextlib.contextmanager
def jupyter_lab():
    """A JupyterLab server on a free port, serving a temporary copy of the notebooks."""
    base = Path(tempfile.mkdtemp(prefix="walk-"))
    dirs = _prepare_jupyter_dirs(base)
    root = _lab_root(base)
    port, token = _free_port(), secrets.token_hex(24)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
           "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "JUPYTERLAB_SETTINGS_DIR": str(dirs["lab-settings"]),
           "JUPYTERLAB_WORKSPACES_DIR": str(dirs["lab-workspaces"]), "IPYTHONDIR": str(dirs["ipython"])}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
               f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True"]
    lab = JupyterLab(url=f"http://127.0.0.1:{port}", token=token, root=root, log_path=base / "server.log")
    with open(lab.log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_until_answering(lab, process)
        yield lab
    finally:
        _stop_server(lab, process)
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def lesson_in_lab(name: str, run_all: bool = True):
    """A chromium page at 1366x768 with lesson ``name`` open (and run, unless ``run_all=False``)."""
    from playwright.sync_api import sync_playwright

    with jupyter_lab() as lab, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=LAPTOP)
        page.set_default_timeout(30_000)
        page.console_errors = []
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        lab_helpers.open_notebook(page, lab, f"{name}.ipynb")
        if run_all:
            lab_helpers.run_all_cells(page, timeout_s=180)
            lab_helpers.wait_widgets_settled(page)
        try:
            yield page
        finally:
            browser.close()


def widget_shots(page, folder: Path, prefix="widget"):
    """A screenshot of every widget output, as it sits in the page; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, output in enumerate(page.locator(WIDGET_OUTPUT).all()):
        output.scroll_into_view_if_needed()
        time.sleep(0.3)
        path = folder / f"{prefix}{k + 1}.png"
        output.screenshot(path=str(path))
        paths.append(path)
    return paths


def screenfuls(page, folder: Path):
    """The notebook a screen at a time, as a learner scrolls through it; returns the paths. JupyterLab draws only the
    cells near the view and learns their heights as it draws them: so each screenful waits until cells are drawn in
    view, the notebook's height is measured again after every scroll, and the walk stops at the screen that shows the
    last cell (the shots after it were blank: the room JupyterLab leaves below the end)."""
    folder.mkdir(parents=True, exist_ok=True)
    scroller = f"{lab_helpers.PANEL} .jp-WindowedPanel-outer"
    height = f"() => document.querySelector('{scroller}')?.scrollHeight || 0"
    cells_in_view = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].filter(cell => {
        const box = cell.getBoundingClientRect();
        return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight; }).length"""
    last_cell_shown = """() => {
        const cells = window.jupyterapp.shell.currentWidget.content.widgets;
        const last = cells[cells.length - 1].node, box = last.getBoundingClientRect();
        return last.isConnected && box.height > 0 && box.bottom > 0 && box.bottom <= window.innerHeight; }"""
    paths, top, k = [], 0, 1
    while top < max(page.evaluate(height), 1):
        page.evaluate(f"() => document.querySelector('{scroller}')?.scrollTo(0, {top})")
        deadline = time.time() + 5
        while not page.evaluate(cells_in_view) and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)  # the drawn cells' pictures settle
        path = folder / f"screen{k:02d}.png"
        page.screenshot(path=str(path))
        paths.append(path)
        if page.evaluate(last_cell_shown):  # what lies below is the empty room JupyterLab leaves after the end
            break
        top, k = top + LAPTOP["height"] - 150, k + 1
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lesson", help="e.g. 06_backpropagation")
    parser.add_argument("--out", default="walk", help="folder for the screenshots (default: walk/)")
    args = parser.parse_args()
    folder = Path(args.out) / args.lesson
    with lesson_in_lab(args.lesson) as page:
        errors = lab_helpers.error_outputs(page)
        shots = widget_shots(page, folder) + screenfuls(page, folder)
    print(f"{len(shots)} screenshots in {folder}/; error outputs: {errors or 'none'}; "
          f"page errors: {page.console_errors or 'none'}")


if __name__ == "__main__":
    main()
