"""Makes docs/playground.png, the README's picture: the Playground as a learner sees it in JupyterLab
(headless chromium, 1366x768), after 200 epochs on the spiral with 3 hidden layers of 8 ReLU neurons.

Run: .venv/bin/python docs/playground_picture.py
"""
import shutil
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import lab as lab_helpers  # noqa: E402
from tests.browser import playground_page as view  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.browser.walk import LAPTOP, jupyter_lab  # noqa: E402

CODE = """from dlkit import widgets
pg = widgets.Playground(dataset="spiral", depth=3, width=8, activation="relu", optimizer="adam", lr=0.01)
pg.train(200)
pg"""


def main():
    from playwright.sync_api import sync_playwright

    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}},
        cells=[nbformat.v4.new_code_cell(CODE)])
    with jupyter_lab() as lab, sync_playwright() as playwright:
        nbformat.write(notebook, str(lab.root / "picture.ipynb"))
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=LAPTOP)
        lab_helpers.open_notebook(page, lab, "picture.ipynb")
        lab_helpers.run_all_cells(page)
        view.wait_for_view(page)
        output = page.locator(".jp-OutputArea-output:has(.dlkit-playground)").first
        output.scroll_into_view_if_needed()
        time.sleep(0.5)
        assert view.shown(page)["epoch"] == 200, view.shown(page)
        output.screenshot(path=str(ROOT / "docs" / "playground.png"))
        browser.close()
    print(f"wrote {ROOT / 'docs' / 'playground.png'}")


if __name__ == "__main__":
    main()
