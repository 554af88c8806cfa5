"""How many frames per second does a learner see in the Playground? Measured where the learner is: in real
JupyterLab (and on the Voila page) in headless chromium, beside the kernel's own cost per frame.

A frame is one epoch of training (circle, noise 0.1, 250 training points, batches of 10: 25 steps) and
the picture of it: the browser asks for the next frame as soon as it can draw one. Settings as in the
comparison with TensorFlow Playground (tanh, 4 hidden layers of 8), and a larger network (8 of 16).

- in the browser, in JupyterLab and on the Playground's own Voila page: press play, count the changes of the epoch counter the view shows (a MutationObserver)
  for SECONDS, press pause; then the time from a key press on the depth slider to the new network drawn.
- in the kernel (in-process): CPU time of answering one frame request (training + the frame's numbers).

Targets (issue 10): >= 30 frames/s at depth 4 width 8 and >= 15 at depth 8 width 16 in JupyterLab,
slider to picture < 100 ms, kernel CPU per frame at depth 4 width 8 < 10 ms.
Run: .venv/bin/python benchmarks/bench_playground.py [--seconds 5]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.browser: the same measuring code as the tests

from dlkit import widgets  # noqa: E402

SETTINGS = [(4, 8), (8, 16)]
# Every feature on at 4 x 8: all seven inputs, L1 and L2, the decision drawn sharp, test points shown.
EVERYTHING = "4 x 8, every feature on"
EVERYTHING_CODE = ('features=("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"), l1=0.001, l2=0.001, '
                   'discretize=True, depth=4, width=8')
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def kernel_cpu_ms(depth=4, width=8, frames=40, **settings) -> float:
    """CPU milliseconds the kernel spends answering one frame request (the browser's send is left out)."""
    pg = widgets.Playground(depth=depth, width=width, **settings)
    pg.view.send = lambda content, buffers=None: None
    pg.view.playing = True
    for _ in range(5):
        pg._answer({"type": "frame"})
    rounds = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(frames):
            pg._answer({"type": "frame"})
        rounds.append((time.process_time() - start) / frames)
    return 1000 * min(rounds)


def notebook(arguments: str) -> nbformat.NotebookNode:
    code = f"from dlkit import widgets\npg = widgets.Playground({arguments})\npg"
    return nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC}, cells=[nbformat.v4.new_code_cell(code)])


def in_jupyterlab(seconds) -> dict:
    """{(depth, width): (frames per second, [slider-to-picture ms, ...])} in real JupyterLab."""
    from playwright.sync_api import sync_playwright

    from tests.browser import lab as lab_helpers
    from tests.browser import playground_page as view
    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.browser.walk import LAPTOP, jupyter_lab

    results = {}
    runs = {setting: f"depth={setting[0]}, width={setting[1]}" for setting in SETTINGS}
    runs[EVERYTHING] = EVERYTHING_CODE
    with jupyter_lab() as lab, sync_playwright() as playwright:
        for k, arguments in enumerate(runs.values()):
            nbformat.write(notebook(arguments), str(lab.root / f"bench_{k}.ipynb"))
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for k, setting in enumerate(runs):
            page = browser.new_page(viewport=LAPTOP)
            lab_helpers.open_notebook(page, lab, f"bench_{k}.ipynb")
            lab_helpers.run_all_cells(page)
            view.wait_for_view(page)
            page.locator(view.VIEW).scroll_into_view_if_needed()
            fps = view.frames_per_second(page, seconds)
            slider = [view.slider_to_picture_ms(page, "hidden layers", key) for key in ("ArrowLeft", "ArrowRight") * 3]
            results[setting] = (fps, slider)
            page.close()
        browser.close()
    return results


def in_voila(seconds) -> dict:
    """{(depth, width): frames per second} on the Playground's own page (``./course playground``), its sliders
    moved with the keyboard to each setting."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from tests.browser import playground_page as view
    from tests.browser import voila
    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.browser.walk import LAPTOP

    with tempfile.TemporaryDirectory() as base, voila.playground_server(Path(base)) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=LAPTOP)
        page.goto(f"{server.url}/")
        view.wait_for_view(page)
        results = {}
        for depth, width in SETTINGS:
            view.set_slider(page, "hidden layers", depth)
            view.set_slider(page, "neurons per layer", width)
            results[depth, width] = view.frames_per_second(page, seconds)
        browser.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of play counted per setting")
    args = parser.parse_args()
    if not shutil.which("chromium"):
        sys.exit("chromium is needed (apt-get install chromium)")
    cpu = {setting: kernel_cpu_ms(*setting) for setting in SETTINGS}
    cpu[EVERYTHING] = kernel_cpu_ms(features=("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"), l1=0.001,
                                    l2=0.001, discretize=True)
    lab = in_jupyterlab(args.seconds)
    page = in_voila(args.seconds)
    print(f"Playground, circle, 250 training points, batch 10, tanh; one epoch a frame; {args.seconds:g} s of play")
    print(f"{'hidden layers x neurons':>24} {'JupyterLab fps':>15} {'Voila page fps':>15} {'slider->picture ms':>19} "
          f"{'kernel CPU ms/frame':>20}")
    for setting in [*SETTINGS, EVERYTHING]:
        fps, slider = lab[setting]
        slider = sorted(ms for ms in slider if ms is not None)
        middle = f"{slider[len(slider) // 2]:.0f} (median of {len(slider)})" if slider else "no picture!"
        name = setting if isinstance(setting, str) else "%d x %d" % setting
        voila = f"{page[setting]:15.1f}" if setting in page else f"{'':15}"
        print(f"{name:>24} {fps:15.1f} {voila} {middle:>19} {cpu[setting]:20.1f}")
    print("targets: >= 30 fps at 4 x 8, >= 15 at 8 x 16 (JupyterLab); slider < 100 ms; kernel CPU at 4 x 8 < 10 ms")


if __name__ == "__main__":
    main()
