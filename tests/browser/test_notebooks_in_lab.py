"""Every course notebook, run in a real JupyterLab: no error output, and every widget really rendered."""

import time

import nbformat
import pytest

from . import lab
from .conftest import NOTEBOOKS_DIR

pytestmark = pytest.mark.browser

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT_S = 120


def course_notebooks():
    if not NOTEBOOKS_DIR.is_dir():
        return []
    return sorted(
        path.relative_to(NOTEBOOKS_DIR)
        for path in NOTEBOOKS_DIR.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    )


def expected_widget_views(notebook_path):
    """How many widget views the notebook must show at least, judged from the committed file:
    one per code cell that was saved with a widget output or is tagged `widget`."""
    notebook = nbformat.read(notebook_path, as_version=4)
    return sum(
        "widget" in cell.metadata.get("tags", [])
        or any(WIDGET_VIEW_MIME in output.get("data", {}) for output in cell.get("outputs", []))
        for cell in notebook.cells
        if cell.cell_type == "code"
    )


# While notebooks/ is empty this parametrizes over nothing, and pytest reports one skipped test
# ("got empty parameter set"); it never skips once notebooks exist.
@pytest.mark.parametrize("notebook", course_notebooks(), ids=str)
def test_notebook_runs_in_lab(lab_page, jupyter_lab, notebook):
    page = lab_page
    started = time.monotonic()
    lab.open_notebook(page, jupyter_lab, notebook.as_posix())
    opened = time.monotonic()
    run_s = lab.run_all_cells(page, timeout_s=RUN_TIMEOUT_S)
    print(f"\n{notebook}: opened in {opened - started:.1f} s, Run All took {run_s:.1f} s")

    errors = lab.error_outputs(page)
    assert not errors, f"{notebook} shows errors in the browser:\n" + "\n---\n".join(errors)
    views = lab.widget_views(page)
    assert not views.problems, f"{notebook}: some widgets did not render: {views.problems}"
    expected = expected_widget_views(NOTEBOOKS_DIR / notebook)
    assert views.rendered >= expected, f"{notebook}: {views.rendered} widget views rendered, expected >= {expected}"
