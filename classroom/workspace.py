"""The learner's own copy of the course: what `./course open`, `./course reset NN` and `./course progress` do.

`notebooks/` stays exactly as shipped: git tracks it, and updating the course (`git pull`) changes only it.
A learner works in `workspace/` (git-ignored), made from `notebooks/`:

- each notebook (the lessons, the Playground's page) is copied the first time, and never written over after:
  the learner's answers stay theirs, and an updated course cannot conflict with them. A notebook that is
  new in the course appears in the workspace at the next open;
- `exercises/`, the checks the lessons import, is the course's code, not the learner's: it is copied afresh at
  every open, so corrected checks reach the learner;
- `reset NN` keeps the learner's lesson NN beside the fresh copy, as `NN_name.mine-DATE-TIME.ipynb`;
- `progress` reads the learner's saved notebooks and says, per lesson, which exercises show as correct.

Run as `python -m classroom.workspace {prepare,reset NN,progress} [--workspace DIR]`. The workspace is
`workspace/` beside `notebooks/`, or COURSE_WORKSPACE (a JupyterHub gives each learner their own).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "notebooks"
CHECKS = "exercises"  # the folder of checks the lessons import, refreshed at every open
LESSON = re.compile(r"^(\d\d)_.*\.ipynb$")
MARKS = {"✅": "correct", "❌": "not yet", "✏️": "not attempted"}  # how a check's answer starts (exercises/checking.py)


def default_workspace() -> Path:
    return Path(os.environ.get("COURSE_WORKSPACE") or ROOT / "workspace")


def course_notebooks(course: Path = COURSE) -> list[Path]:
    return sorted(p for p in course.glob("*.ipynb") if ".mine-" not in p.name)


def prepare(workspace: Path, course: Path = COURSE) -> list[str]:
    """Make or bring up to date the learner's workspace; returns the notebooks it added. Never writes over a
    notebook that is already there."""
    workspace.mkdir(parents=True, exist_ok=True)
    added = []
    for notebook in course_notebooks(course):
        target = workspace / notebook.name
        if not target.exists():
            shutil.copy2(notebook, target)
            added.append(notebook.name)
    checks = workspace / CHECKS
    if (course / CHECKS).is_dir():
        if checks.exists():
            shutil.rmtree(checks)
        shutil.copytree(course / CHECKS, checks, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return added


def lesson_file(folder: Path, number: str) -> Path:
    """The notebook of lesson ``number`` ("05" or "5") in ``folder``; a clear error if there is none."""
    if not re.fullmatch(r"\d{1,2}", str(number)):
        raise ValueError(f"a lesson is given by its number, like 05, but got {number!r}")
    matches = [p for p in course_notebooks(folder) if p.name.startswith(f"{int(number):02d}_")]
    if not matches:
        known = ", ".join(LESSON.match(p.name).group(1) for p in course_notebooks(folder) if LESSON.match(p.name))
        raise ValueError(f"there is no lesson {int(number):02d} in {folder} (there are {known})")
    return matches[0]


def reset(workspace: Path, number: str, course: Path = COURSE, now=None) -> tuple[Path | None, Path]:
    """Bring lesson ``number`` back as shipped. The learner's version, if any, is kept beside it as
    ``NN_name.mine-YYYYMMDD-HHMMSS.ipynb``. Returns (where the learner's version went, the fresh lesson)."""
    shipped = lesson_file(course, number)
    target = workspace / shipped.name
    kept = None
    if target.exists():
        stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.stem}.mine-{stamp}.ipynb")
        target.rename(kept)
    workspace.mkdir(parents=True, exist_ok=True)
    shutil.copy2(shipped, target)
    return kept, target


def exercises_in(notebook: Path) -> list[tuple[str, str]]:
    """(exercise, status) for every exercise check in a saved notebook: status is correct, not yet, not
    attempted or not run, as the check's saved answer says."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    found = []
    for cell in cells:
        source = "".join(cell.get("source", "")) if cell.get("cell_type") == "code" else ""
        for name in re.findall(r"\bex\.(check_\w+)\s*\(", source):
            texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])]
            status = next((state for text in texts for mark, state in MARKS.items() if text.startswith(mark)),
                          "not run")
            found.append((name.removeprefix("check_"), status))
    return found


def progress(workspace: Path) -> list[dict]:
    """Per lesson in the workspace: its exercises and which of them the saved notebook shows as correct."""
    rows = []
    for notebook in course_notebooks(workspace):
        exercises = exercises_in(notebook)
        if exercises:
            rows.append({"lesson": notebook.stem, "exercises": exercises,
                         "correct": sum(status == "correct" for _, status in exercises)})
    return rows


def report(rows: list[dict]) -> str:
    if not rows:
        return "No lessons with exercises in the workspace yet: run ./course open first."
    lines = [f"{'lesson':36} correct  exercises (✅ correct, ❌ not yet, · not answered)"]
    for row in rows:
        marks = " ".join(("✅" if s == "correct" else "❌" if s == "not yet" else "·") + name
                         for name, s in row["exercises"])
        lines.append(f"{row['lesson']:36} {row['correct']:>2}/{len(row['exercises']):<4}  {marks}")
    total = sum(r["correct"] for r in rows), sum(len(r["exercises"]) for r in rows)
    lines.append(f"{'all lessons':36} {total[0]:>2}/{total[1]}  (read from your saved notebooks: save, then ask again)")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="The learner's own copy of the course.")
    parser.add_argument("--workspace", type=Path, default=None, help="default: workspace/ (or COURSE_WORKSPACE)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="make the workspace, or add the course's new notebooks to it")
    again = commands.add_parser("reset", help="bring a lesson back as shipped, keeping yours beside it")
    again.add_argument("lesson", help="its number, e.g. 05")
    commands.add_parser("progress", help="which exercises your saved notebooks show as correct")
    args = parser.parse_args(argv)
    workspace = args.workspace or default_workspace()
    try:
        if args.command == "prepare":
            added = prepare(workspace)
            if added:
                print(f"Your workspace ({workspace}) got {len(added)} notebook(s): {', '.join(added)}")
        elif args.command == "reset":
            kept, fresh = reset(workspace, args.lesson)
            print(f"{fresh.name} is back as shipped." + (f" Your version is kept as {kept.name}." if kept else ""))
        else:
            print(report(progress(workspace)))
    except ValueError as error:
        sys.exit(f"./course {args.command}: {error}")


if __name__ == "__main__":
    main()
