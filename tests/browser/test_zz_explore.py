import pytest
from . import lab
def test_explore(lab_page, jupyter_lab):
    page = lab_page
    lab.open_notebook(page, jupyter_lab, "_fixtures/slider_image.ipynb")
    lab.run_all_cells(page)
    html = page.evaluate("() => document.querySelectorAll('.jp-Cell-outputArea')[0]?.outerHTML")
    print(html[:3000])
    print(page.evaluate("() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.outerHTML"))
