"""The Playground in a real Jupyter kernel (the venv's "python3"), driven cell by cell through nbclient."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO_ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CELLS = [
    "from dlkit import widgets\npg = widgets.Playground()\npg",
    "before = pg.png()",
    'pg.controls["depth"].value = 5',
    'assert pg.network.depth == 5 and pg.png() != before\nprint("OK")',
]


def test_playground_in_a_real_kernel():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    client = NotebookClient(notebook, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(REPO_ROOT)}})
    client.execute()

    outputs = [output for cell in notebook.cells for output in cell.outputs]
    problems = [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert problems == [], f"the cells printed errors: {problems}"
    shown = notebook.cells[0].outputs
    assert any(WIDGET_VIEW in o.get("data", {}) for o in shown), f"no widget view was displayed: {shown}"
    printed = "".join(o.get("text", "") for o in notebook.cells[3].outputs)
    assert printed.strip() == "OK"
