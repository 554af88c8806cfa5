"""Run a lesson in a real Jupyter kernel, then reach into that kernel to drive its widgets.

A widget test has to see what a learner sees *after the rest of the lesson has run* (a later cell may
change the objects a widget reads). So each test module runs its lesson top to bottom, exactly as saved,
in one kernel (``Lesson``), then drives the lesson's explorers through their controls with ``run`` and
reads back what they display with ``get`` (anything JSON can carry: numbers, lists, strings).
The test compares that with maths of its own.

    with Lesson("06_backpropagation") as lesson:
        lesson.widget("BackpropStepper(", "under_test")  # run up to the widget's cell; bind what it showed
        lesson.run_rest()                                 # (under a name the lesson does not use)
        lesson.run('under_test.controls["next"].click()')
        text = lesson.get("under_test.text()")
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
MARK = "@@lesson-kernel-json@@"  # how a value comes back from the kernel: one marked line on stdout


class Lesson:
    def __init__(self, name: str, timeout: int = 120):
        self.path = NOTEBOOKS / f"{name}.ipynb"
        self.notebook = nbformat.read(self.path, as_version=4)
        self.client = NotebookClient(self.notebook, kernel_name="python3", timeout=timeout,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
        self.next_cell = 0
        self._context = None

    def __enter__(self):
        self._context = self.client.setup_kernel()
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)

    def _execute(self, index):
        cell = self.notebook.cells[index]
        if cell.cell_type == "code":
            self.client.execute_cell(cell, index)
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert not errors, f"{self.path.name} cell {index} failed: {errors[0].ename}: {errors[0].evalue}"

    def run_until(self, text: str) -> int:
        """Run the lesson's cells up to and including the first one (not yet run) whose source contains
        ``text``; returns its index. IPython's ``_`` is then what that cell showed."""
        for index in range(self.next_cell, len(self.notebook.cells)):
            self._execute(index)
            self.next_cell = index + 1
            cell = self.notebook.cells[index]
            if cell.cell_type == "code" and text in cell.source:
                return index
        raise AssertionError(f"no code cell of {self.path.name} after cell {self.next_cell} contains {text!r}")

    def widget(self, text: str, name: str) -> int:
        """Run the lesson up to the cell that shows a widget (the first not yet run whose source contains
        ``text``) and bind what that cell showed to ``name`` in the kernel; returns the cell's index. It reads
        ``Out[n]`` rather than ``_``: a lesson that uses ``_`` as a throwaway variable stops IPython updating it."""
        index = self.run_until(text)
        self.run(f"{name} = Out[{self.notebook.cells[index].execution_count}]")
        return index

    def run_rest(self):
        """Run every cell not yet run, to the end of the lesson."""
        for index in range(self.next_cell, len(self.notebook.cells)):
            self._execute(index)
        self.next_cell = len(self.notebook.cells)

    def run(self, code: str) -> str:
        """Run ``code`` in the lesson's kernel (as a cell the lesson does not have); returns what it printed."""
        cell = nbformat.v4.new_code_cell(code)
        self.notebook.cells.append(cell)  # nbclient writes results back into the notebook by index
        try:
            self.client.execute_cell(cell, len(self.notebook.cells) - 1, store_history=False)
        finally:
            self.notebook.cells.pop()
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{code!r} failed in the kernel: {errors[0].ename}: {errors[0].evalue}"
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    def get(self, expression: str):
        """The value of ``expression`` in the kernel, carried back as JSON (numpy arrays become lists)."""
        printed = self.run(f"import json as _json, numpy as _np\n"
                           f"print({MARK!r} + _json.dumps({expression}, default=lambda v: _np.asarray(v).tolist()))")
        line = [text for text in printed.splitlines() if text.startswith(MARK)][-1]
        return json.loads(line[len(MARK):])
