"""Every lesson follows the course's conventions (CONTRIBUTING.md), and its folded solutions pass its checks.

nbval (run by pytest over notebooks/) re-runs each lesson as saved and compares the outputs; these tests
check what nbval cannot: the shape of a lesson, and that the solutions a learner can reveal are right.
"""
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
SOLUTION = re.compile(r"<details>.*?```python\n(.*?)```.*?</details>", re.S)


def lesson_id(path):
    return path.stem


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def exercises_with_solutions(nb):
    """(index of each exercise cell, the solution code in the markdown cell right after it)."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if "exercise" in tags(cell):
            after = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            found = SOLUTION.search(after.source) if after is not None and after.cell_type == "markdown" else None
            pairs.append((i, found.group(1) if found else None))
    return pairs


def output_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_the_lessons_are_numbered_without_gaps():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))) and len(numbers) >= 1, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_lesson_follows_the_conventions(path):
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    intro = nb.cells[0]
    assert intro.cell_type == "markdown" and intro.source.startswith(f"# {number}"), "title '# NN · ...' first"
    assert "You will be able to" in intro.source and "Assumes" in intro.source
    assert any(c.cell_type == "markdown" and "Recap" in c.source for c in nb.cells[-4:]), "a recap at the end"
    assert (path.parent / "exercises" / f"lesson{number}.py").exists(), "its checks in notebooks/exercises/"

    pairs = exercises_with_solutions(nb)
    assert 2 <= len(pairs) <= 4, f"{len(pairs)} exercise cells (tag 'exercise'); expected 2-4"
    assert all(solution for _, solution in pairs), "each exercise needs a folded solution right after it"
    for i, _ in pairs:  # as saved, the learner has not answered yet
        assert "Not attempted yet" in output_text(nb.cells[i]), f"cell {i} should run as saved, unanswered"

    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "saved from one clean run"
    assert "import dlkit" in "".join(c.source for c in code)
    widget_cells = [c for c in code if any(WIDGET in o.get("data", {}) for o in c.outputs)]
    assert widget_cells, "at least one live widget"
    assert all("nbval-ignore-output" in tags(c) for c in widget_cells), "widget cells need nbval-ignore-output"
    for c in code:
        for out in c.outputs:
            assert out.output_type != "error", f"a saved error: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"saved stderr: {out.text[:200]}"
            assert not re.search(r"/(work|tmp|root|home)/", json.dumps(out)), "an output shows a machine path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_folded_solutions_pass_their_checks(path):
    nb = nbformat.read(path, as_version=4)
    pairs = exercises_with_solutions(nb)
    for i, solution in pairs:
        nb.cells[i].source = solution
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for i, _ in pairs:
        text = output_text(nb.cells[i])
        assert "Correct" in text and "Not yet" not in text, f"exercise cell {i}: {text[:300]}"
