"""The learner's own copy of the course: what `./course open`, `./course reset NN` and `./course progress` do.

`notebooks/` stays exactly as shipped: git tracks it, and updating the course (`git pull`) changes only it.
A learner works in a workspace (`workspace/`, git-ignored; `~/course-workspace` on the class hub) made from it:

- each notebook (the lessons, the Playground's page) is copied the first time. A copy the learner has changed is
  theirs and never written over; a copy still exactly as the course put it is brought up to date, as nothing of
  theirs is in it. A notebook new in the course appears at the next open;
- when the course has a newer version of a lesson the learner changed, `prepare` says so (`./course open` prints
  it) and writes COURSE-UPDATES.md in the workspace, where JupyterLab shows it, with the command that gets it
  (`reset NN`: theirs is kept). The notice is the course's file: rewritten by each prepare, removed when nothing is
  newer; if the learner wrote in it, theirs is kept under a name of its own. `updates_notice(workspace)` gives
  the same text, for the class hub;
- `exercises/`, the checks the lessons import (`from exercises import lessonNN as ex`), stays in the workspace:
  a lesson's kernel runs in the lesson's folder, and so it is found there with nothing set up, by `./course
  open`, the hub, nbval (in notebooks/) and Binder alike. JupyterLab shows it as the learner's, so only the files
  the course shipped there are refreshed, at every prepare; anything else in it (notes, a copied notebook) is
  left alone. A shipped check the learner edited is kept beside it as `lessonNN.mine-DATE-TIME.py` (which no
  lesson can import by mistake) before the course's comes back, so a stale or edited check never shadows the
  current one silently, and nothing is lost. A workspace from an earlier version has no record of what the
  course put there: a check that differs from the course's is kept that way once, as it may be the learner's;
- `reset NN` keeps the learner's lesson NN beside the fresh copy, as `NN_name.mine-DATE-TIME.ipynb`;
- `progress` reads the learner's saved notebooks and says, per lesson, which exercises show as correct; a damaged
  notebook is named and skipped.

What the course put where is recorded in `.course-manifest.json` in the workspace: the hash of each notebook's
shipped version it was copied from, and of each check and notice written. A kept version never takes the place
of a file (its name is created exclusively, with -2, -3... on a collision), and every file is written whole
(a temporary file, then renamed), so two commands at once, or one cut short, lose nothing.

A workspace holds a learner's answers: it is made 0700 and its files 0600, whatever the umask. This runs as the
learner (it never changes an owner), and refuses a workspace that is a symbolic link: it could point at someone
else's folder.

Run as `python -m classroom.workspace {prepare,reset NN,progress} [--workspace DIR]` (or with the path of this
file, from any folder). The workspace is --workspace, or COURSE_WORKSPACE, or the current folder if it is a
workspace (a JupyterLab terminal on the hub opens in it), or `workspace/` beside `notebooks/`.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "notebooks"
CHECKS = "exercises"  # the folder of checks the lessons import, refreshed at every open
MANIFEST = ".course-manifest.json"  # what the course put in the workspace (hidden: it is not the learner's)
NOTICE = "COURSE-UPDATES.md"  # the learner's lessons that have a newer version in the course
SKIP = {"__pycache__", ".ipynb_checkpoints"}  # made by Python and JupyterLab, not shipped
LESSON = re.compile(r"^(\d\d)_.*\.ipynb$")
MARKS = {"✅": "correct", "❌": "not yet", "✏️": "not attempted"}  # how a check's answer starts (exercises/checking.py)


class Prepared(NamedTuple):
    """What `prepare` did. Notebooks are named by file name, other files by their path in the workspace."""
    added: list[str]  # notebooks new in the workspace
    updated: list[str]  # copies the learner had not changed, brought to the course's newer version
    newer: list[str]  # lessons the learner changed that have a newer version in the course (see COURSE-UPDATES.md)
    kept: list[str]  # the learner's versions of the course's files, kept aside so the course's could come back


def default_workspace() -> Path:
    if os.environ.get("COURSE_WORKSPACE"):
        return Path(os.environ["COURSE_WORKSPACE"])
    if (Path.cwd() / MANIFEST).is_file():  # a terminal opened in a workspace, as JupyterLab's on the class hub
        return Path.cwd()
    return ROOT / "workspace"


def course_notebooks(course: Path = COURSE) -> list[Path]:
    return sorted(p for p in course.glob("*.ipynb") if ".mine-" not in p.name)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_of(path: Path) -> str | None:
    """The hash of a file's content, None if there is none."""
    try:
        return digest(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None


def private(path, flags):
    """An opener for files only their owner may read: the learner's answers are theirs, whatever the umask."""
    return os.open(path, flags, 0o600)


def write(path: Path, data: bytes):
    """Write a file whole: a reader (or a command running at the same time) sees the old content or the new, never
    part of one. mkstemp makes the temporary file 0600."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def keep_aside(path: Path, now=None) -> Path:
    """Keep the file at `path` under a name of its own, NAME.mine-YYYYMMDD-HHMMSS.EXT (-2, -3... if that is taken),
    and return it; `path` itself stays, for the caller to write over or remove. The new name is created exclusively
    (a hard link), so two commands in the same second, even at the same time, never write over each other's."""
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in itertools.count(1):
        kept = path.with_name(f"{path.stem}.mine-{stamp}{f'-{n}' if n > 1 else ''}{path.suffix}")
        try:
            os.link(path, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise
        except OSError:  # a file system without hard links: an exclusive create, then a copy
            try:
                with open(kept, "xb", opener=private) as out:
                    out.write(path.read_bytes())
            except FileExistsError:
                continue
        return kept


def put(target: Path, data: bytes, recorded: str | None, now=None) -> Path | None:
    """Write the course's `data` at `target`. What is there is written over only if the course put it there
    (its hash is `recorded`); anything else is the learner's, kept aside first. Returns where it was kept."""
    there = hash_of(target)
    if there == digest(data):
        return None
    kept = keep_aside(target, now) if there not in (None, recorded) else None
    write(target, data)
    return kept


def remove(target: Path, recorded: str | None, now=None) -> Path | None:
    """Remove a file the course put at `target` (its hash was `recorded`); if the learner changed it, theirs is
    kept aside. A file the course did not put there is left alone."""
    there = hash_of(target)
    if there is None or recorded is None:
        return None
    kept = keep_aside(target, now) if there != recorded else None
    target.unlink(missing_ok=True)
    return kept


def own_folder(workspace: Path):
    """Make the workspace if need be, readable by the learner alone. Never through a symbolic link: it could point
    at another learner's folder."""
    if workspace.is_symlink():
        raise ValueError(f"{workspace} is a symbolic link; a workspace must be a folder of its own, not point at "
                         f"another one (it could be someone else's). Remove the link, or give another folder.")
    if not (workspace / MANIFEST).exists():  # new, or made by an earlier version, which left it open to everyone
        workspace.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(workspace, 0o700)


def read_manifest(workspace: Path) -> dict:
    try:
        manifest = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none (made by an earlier version) or damaged: nothing known
        return {}
    return manifest if isinstance(manifest, dict) else {}


def has_text_of(notebook: Path, copy: Path) -> bool:
    """Whether a learner's copy has every text (Markdown) cell of the course's notebook, so is of its version: for
    copies made by an earlier version of this file, which did not record what it copied. Learners answer in code
    cells; a corrected lesson has some text changed."""
    def texts(path):
        return {"".join(cell.get("source", "")) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
                if cell.get("cell_type") == "markdown"}
    try:
        return texts(notebook) <= texts(copy)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def refresh_checks(workspace: Path, course: Path, manifest: dict, now=None) -> list[Path]:
    """Bring the course's checks in workspace/exercises/ up to date; the learner's own files there are left alone,
    and their edits of the course's checks kept aside. Returns what was kept aside."""
    source, folder = course / CHECKS, workspace / CHECKS
    if not source.is_dir():
        return []
    kept = []
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):  # something of the learner's, not a folder
        kept.append(keep_aside(folder, now))
        folder.unlink()
    folder.mkdir(mode=0o700, exist_ok=True)
    recorded, shipped = manifest.get("checks", {}), {}
    for path in sorted(source.rglob("*")):
        name = path.relative_to(source).as_posix()
        if path.is_file() and not SKIP & set(path.parts) and path.suffix != ".pyc":
            (folder / name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = path.read_bytes()
            kept.append(put(folder / name, data, recorded.get(name), now))
            shipped[name] = digest(data)
    for name in recorded.keys() - shipped.keys():  # checks the course no longer ships
        kept.append(remove(folder / name, recorded[name], now))
    manifest["checks"] = shipped
    return [path for path in kept if path]


def newer_lessons(workspace: Path, course: Path = COURSE, manifest: dict | None = None) -> list[str]:
    """The learner's notebooks of which the course has a newer version than the one they got."""
    recorded = (read_manifest(workspace) if manifest is None else manifest).get("notebooks", {})
    return [notebook.name for notebook in course_notebooks(course) if notebook.name in recorded
            and recorded[notebook.name] != hash_of(notebook) and (workspace / notebook.name).exists()]


def reset_command(workspace: Path, notebook: str) -> str | None:
    """The command that brings `notebook` back as shipped in this workspace, keeping the learner's."""
    lesson = LESSON.match(notebook)
    return reset_lesson_command(workspace, lesson.group(1)) if lesson else None


def reset_lesson_command(workspace: Path, number: str) -> str:
    """The command that brings lesson `number` ("05", or "NN" in a hint) back as shipped, keeping the learner's."""
    if workspace.resolve() == (ROOT / "workspace").resolve():  # ./course open's workspace
        return f"./course reset {number}"
    # A class: in a JupyterLab terminal, whose PATH may not lead to the course's python, nor its folder to the
    # course's code: both by their full path, which works from any folder.
    return (f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))} reset {number} "
            f"--workspace {shlex.quote(str(workspace.resolve()))}")


def notice_text(workspace: Path, newer: list[str], kept: list[str] = ()) -> str:
    """COURSE-UPDATES.md: the learner's lessons with a newer version in the course, and their files kept aside."""
    if not newer and not kept:
        return ""
    where = ("in a terminal, in the course's folder" if workspace.resolve() == (ROOT / "workspace").resolve()
             else "in a terminal (in JupyterLab: File > New > Terminal)")
    lines = ["# Course updates", ""]
    if newer:
        lines += ["The course has a newer version of these lessons than yours. Yours are never written over: to get "
                  f"the course's, run the command beside it {where}. Yours stays beside it, as "
                  "NN_name.mine-DATE-TIME.ipynb.", ""]
        for name in newer:
            command = reset_command(workspace, name)
            lines.append(f"- {name}: `{command}`" if command else
                         f"- {name}: rename yours, and the course's comes back the next time your workspace opens")
        lines.append("")
    if kept:
        lines += ["These differed from the course's files, which are back in their place. They are kept:", ""]
        lines += [f"- {path}" for path in kept] + [""]
    lines.append(f"_The course writes this file each time your workspace opens, and removes it when there is "
                 f"nothing to say. Anything you write in it is kept, under another name._")
    return "\n".join(lines) + "\n"


def updates_notice(workspace: Path, course: Path = COURSE) -> str:
    """The learner's lessons that have a newer version in the course, and how to get each, in Markdown ("" when
    there are none): what COURSE-UPDATES.md in the workspace says, for the class hub to show as well."""
    return notice_text(workspace, newer_lessons(workspace, course))


def settle(workspace: Path, course: Path, manifest: dict, kept: list[str], now=None) -> tuple[list[str], list[str]]:
    """Write COURSE-UPDATES.md (or remove it) and the manifest, last: if anything before fails, the next prepare
    starts from what was recorded. Returns the newer lessons, and what was kept aside (with the learner's notice)."""
    newer = newer_lessons(workspace, course, manifest)
    text = notice_text(workspace, newer, kept).encode()
    if text:
        moved = put(workspace / NOTICE, text, manifest.get("notice"), now)
        manifest["notice"] = digest(text)
    else:
        moved = remove(workspace / NOTICE, manifest.pop("notice", None), now)
    write(workspace / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return newer, kept + ([moved.name] if moved else [])


def prepare(workspace: Path, course: Path = COURSE, now=None) -> Prepared:
    """Make the learner's workspace, or bring it up to date: notebooks new in the course added, copies the learner
    has not changed updated, the checks refreshed. A notebook the learner changed is never written over; a newer
    version of it in the course is reported (and written in COURSE-UPDATES.md)."""
    own_folder(workspace)
    manifest = read_manifest(workspace)
    kept = [path.relative_to(workspace).as_posix() for path in refresh_checks(workspace, course, manifest, now)]
    recorded = manifest.setdefault("notebooks", {})
    added, updated = [], []
    for notebook in course_notebooks(course):
        data, target = notebook.read_bytes(), workspace / notebook.name
        shipped, there = digest(data), hash_of(target)
        if there is None or (there == recorded.get(notebook.name) and there != shipped):
            # New in the course, or the learner's copy is as the course put it: nothing of theirs is in it.
            (added if there is None else updated).append(notebook.name)
            write(target, data)
            recorded[notebook.name] = shipped
        elif there == shipped or (notebook.name not in recorded and has_text_of(notebook, target)):
            recorded[notebook.name] = shipped
        elif notebook.name not in recorded:  # copied by an earlier version, from an older version of the course
            recorded[notebook.name] = None
    newer, kept = settle(workspace, course, manifest, kept, now)
    return Prepared(added, updated, newer, kept)


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
    """Bring lesson ``number`` back as shipped. The learner's version, if it differs, is kept beside it as
    ``NN_name.mine-YYYYMMDD-HHMMSS.ipynb``. Returns (where the learner's version went, the fresh lesson)."""
    shipped = lesson_file(course, number)
    own_folder(workspace)
    manifest = read_manifest(workspace)
    data, target = shipped.read_bytes(), workspace / shipped.name
    kept = keep_aside(target, now) if hash_of(target) not in (None, digest(data)) else None
    write(target, data)
    manifest.setdefault("notebooks", {})[shipped.name] = digest(data)
    settle(workspace, course, manifest, [], now)
    return kept, target


def exercises_in(notebook: Path) -> list[tuple[str, str]]:
    """(exercise, status) for every exercise check in a saved notebook: status is correct, not yet, not
    attempted or not run, as the check's saved answer says."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    if not isinstance(nb, dict):
        raise ValueError("it is not a notebook")
    found = []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", "")) if cell.get("cell_type") == "code" else ""
        for name in re.findall(r"\bex\.(check_\w+)\s*\(", source):
            texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])]
            status = next((state for text in texts for mark, state in MARKS.items() if text.startswith(mark)),
                          "not run")
            found.append((name.removeprefix("check_"), status))
    return found


def progress(workspace: Path) -> list[dict]:
    """Per lesson in the workspace: its exercises and which of them the saved notebook shows as correct. A notebook
    that cannot be read gives a row with an "error" naming it, and the others are still read."""
    rows = []
    for notebook in course_notebooks(workspace):
        try:
            exercises = exercises_in(notebook)
        except (OSError, ValueError, TypeError, AttributeError) as error:  # cut short, damaged, not a notebook
            rows.append({"lesson": notebook.stem, "error": f"{notebook.name} cannot be read: {error}"})
            continue
        if exercises:
            rows.append({"lesson": notebook.stem, "exercises": exercises,
                         "correct": sum(status == "correct" for _, status in exercises)})
    return rows


def report(rows: list[dict], workspace: Path | None = None) -> str:
    damaged = [row["error"] for row in rows if "error" in row]
    rows = [row for row in rows if "error" not in row]
    on_a_laptop = workspace is None or workspace.resolve() == (ROOT / "workspace").resolve()
    if not rows and not damaged:
        return ("No lessons with exercises in the workspace yet: " +
                ("run ./course open first." if on_a_laptop else "open a lesson, answer an exercise and save it."))
    lines = []
    if rows:
        lines.append(f"{'lesson':36} correct  exercises (✅ correct, ❌ not yet, · not answered)")
        for row in rows:
            marks = " ".join(("✅" if s == "correct" else "❌" if s == "not yet" else "·") + name
                             for name, s in row["exercises"])
            lines.append(f"{row['lesson']:36} {row['correct']:>2}/{len(row['exercises']):<4}  {marks}")
        total = sum(r["correct"] for r in rows), sum(len(r["exercises"]) for r in rows)
        lines.append(f"{'all lessons':36} {total[0]:>2}/{total[1]}  (read from your saved notebooks: save, then ask "
                     f"again)")
    if damaged:
        how = reset_lesson_command(workspace or ROOT / "workspace", "NN")
        lines += damaged + [f"({how} brings lesson NN back as shipped, and keeps the damaged file beside it)"]
    return "\n".join(lines)


def main(argv=None):
    os.umask(0o077)  # anything this command writes is the learner's alone
    # --workspace before or after the command: `python -m classroom.workspace prepare --workspace DIR` too.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                        help="default: COURSE_WORKSPACE, or this folder if it is a workspace, or workspace/")
    parser = argparse.ArgumentParser(description="The learner's own copy of the course.", parents=[common])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", parents=[common], help="make the workspace, or bring it up to date")
    again = commands.add_parser("reset", parents=[common], help="bring a lesson back as shipped, keeping yours")
    again.add_argument("lesson", help="its number, e.g. 05")
    commands.add_parser("progress", parents=[common], help="which exercises your saved notebooks show as correct")
    args = parser.parse_args(argv)
    workspace = getattr(args, "workspace", None) or default_workspace()
    try:
        if args.command == "prepare":
            done = prepare(workspace)
            if done.added:
                print(f"Your workspace ({workspace}) got {len(done.added)} notebook(s): {', '.join(done.added)}")
            if done.updated:
                print(f"Brought up to date (you had not changed them): {', '.join(done.updated)}")
            if done.newer or done.kept:
                print(notice_text(workspace, done.newer, done.kept), end="")
        elif args.command == "reset":
            kept, fresh = reset(workspace, args.lesson)
            print(f"{fresh.name} is back as shipped." + (f" Your version is kept as {kept.name}." if kept else ""))
        else:
            rows = progress(workspace)
            print(report(rows, workspace))
            damaged = sum("error" in row for row in rows)
            if damaged and damaged == len(course_notebooks(workspace)):
                sys.exit(1)  # nothing could be read: a script or a teacher should notice
    except (ValueError, OSError) as error:
        on_a_laptop = workspace.resolve() == (ROOT / "workspace").resolve()
        sys.exit(f"{'./course' if on_a_laptop else 'workspace.py'} {args.command}: {error}")


if __name__ == "__main__":
    main()
