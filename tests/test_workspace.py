"""The learner's own copy (classroom/workspace.py): a learner edits a lesson, resets it, the course is updated
with git, and nothing of the learner's is lost while notebooks/ stays exactly as shipped.

The course here is a small git repository made from this checkout's notebooks/ and classroom/ (so the code under
test is the working tree's): an "upstream" the teacher updates, and a learner's clone that pulls."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))  # the lessons' checks, to write a real answer into a notebook


def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.name=course", "-c", "user.email=course@localhost", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def course(*args, cwd):
    """What ./course reset / progress run, in the learner's clone."""
    return subprocess.run([sys.executable, "-m", "classroom.workspace", *args], cwd=cwd, capture_output=True,
                          text=True)


@pytest.fixture
def clones(tmp_path):
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    shutil.copytree(ROOT / "notebooks", upstream / "notebooks",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copytree(ROOT / "classroom", upstream / "classroom", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".gitignore", upstream / ".gitignore")
    git("init", "-q", "-b", "main", cwd=upstream)
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "the course", cwd=upstream)
    git("clone", "-q", str(upstream), "learner", cwd=tmp_path)
    return upstream, tmp_path / "learner"


def lesson(folder, number):
    """The lesson's notebook (not a learner's kept version, NN_*.mine-*.ipynb)."""
    [notebook] = [p for p in folder.glob(f"{number}_*.ipynb") if ".mine-" not in p.name]
    return notebook


def answer_first_exercise(notebook: Path, answer_is_right: bool):
    """Fill the first exercise cell of lesson 07 as a learner would, and save what the check answered."""
    from exercises import lesson07
    nb = json.loads(notebook.read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "ex.check_n_updates(" in "".join(c["source"]))
    value = 20 * 16 if answer_is_right else 20 * 15
    cell["source"] = f"n_updates = {value}\nex.check_n_updates(n_updates)"
    cell["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                        "data": {"text/plain": repr(lesson07.check_n_updates(value))}}]
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "My own notes: batches of 32."})
    notebook.write_text(json.dumps(nb))


def test_edit_reset_update_and_nothing_of_the_learners_is_lost(clones):
    upstream, learner = clones
    assert course("prepare", cwd=learner).returncode == 0
    workspace = learner / "workspace"
    assert sorted(p.name for p in workspace.glob("*.ipynb")) == sorted(p.name for p in (learner / "notebooks").glob("*.ipynb"))
    assert (workspace / "exercises" / "lesson07.py").exists()

    mine = lesson(workspace, "07")
    answer_first_exercise(mine, answer_is_right=True)
    report = course("progress", cwd=learner).stdout
    line = next(row for row in report.splitlines() if row.startswith("07_training_a_network"))
    assert "✅n_updates" in line and line.split()[1].startswith("1/"), report

    # Reset: the shipped lesson comes back; the learner's version (answer and notes) is kept beside it.
    result = course("reset", "07", cwd=learner)
    assert result.returncode == 0 and "kept as" in result.stdout
    kept = next(workspace.glob("07_*.mine-*.ipynb"))
    assert "My own notes" in kept.read_text()
    assert lesson(workspace, "07").read_bytes() == lesson(learner / "notebooks", "07").read_bytes()
    answer_first_exercise(lesson(workspace, "07"), answer_is_right=False)  # the learner starts again

    # The teacher updates the course: lesson 07 changes, a lesson 14 appears, a check is corrected.
    shipped = lesson(upstream / "notebooks", "07")
    nb = json.loads(shipped.read_text())
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "A new paragraph from the teacher."})
    shipped.write_text(json.dumps(nb))
    shutil.copy(lesson(upstream / "notebooks", "13"), upstream / "notebooks" / "14_what_next.ipynb")
    with open(upstream / "notebooks" / "exercises" / "lesson07.py", "a") as checks:
        checks.write("\n# corrected by the teacher\n")
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "course update", cwd=upstream)

    git("pull", "-q", "--ff-only", cwd=learner)  # no conflict: the learner's work is not in tracked files
    result = course("prepare", cwd=learner)
    assert result.returncode == 0 and "07_training_a_network.ipynb: `./course reset 07`" in result.stdout
    assert (workspace / "14_what_next.ipynb").exists()  # the new lesson appears
    assert "A new paragraph from the teacher" not in lesson(workspace, "07").read_text()  # the learner's stays
    assert "ex.check_n_updates" in lesson(workspace, "07").read_text() and "My own notes" in kept.read_text()
    assert "corrected by the teacher" in (workspace / "exercises" / "lesson07.py").read_text()
    line = next(row for row in course("progress", cwd=learner).stdout.splitlines() if row.startswith("07_"))
    assert "❌n_updates" in line
    assert git("status", "--porcelain", cwd=learner) == ""  # notebooks/ exactly as shipped, workspace ignored


def test_reset_and_progress_say_plainly_what_is_wrong(clones):
    _, learner = clones
    result = course("reset", "99", cwd=learner)
    assert result.returncode != 0 and "there is no lesson 99" in result.stderr and "Traceback" not in result.stderr
    result = course("reset", "five", cwd=learner)
    assert "a lesson is given by its number, like 05" in result.stderr
    assert "run ./course open first" in course("progress", cwd=learner).stdout


def test_course_open_serves_the_learners_copy(tmp_path):
    """./course open, exactly as a learner runs it: JupyterLab opens on workspace/ (made from notebooks/ on the
    way, or brought up to date: nothing in it is written over). The folder's name once reached JupyterLab as
    `jupyter lab workspace`, which is a subcommand of its own."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if key != "COURSE_WORKSPACE"}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    process = subprocess.Popen([str(ROOT / "course"), "open", "--no-browser", f"--port={port}",
                                "--ServerApp.port_retries=0", "--IdentityProvider.token=t"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token=t", timeout=5) as response:
                    listing = json.loads(response.read())
                break
            except OSError:
                assert process.poll() is None, "./course open stopped"
                assert time.monotonic() < deadline, "./course open did not answer"
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        assert {"00_welcome.ipynb", "13_beyond_images.ipynb", "exercises"} <= names
        assert (ROOT / "workspace" / "00_welcome.ipynb").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


# The bugs users found, one test each. These call classroom/workspace.py directly, on a copy of the course a test
# may change as a teacher would.

@pytest.fixture
def taught(tmp_path):
    """A copy of the course (notebooks/ and its checks) and where a learner's workspace goes."""
    shipped = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", shipped, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return shipped, tmp_path / "home" / "course-workspace"


def add_cell(notebook: Path, text: str):
    nb = json.loads(notebook.read_text())
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": text})
    notebook.write_text(json.dumps(nb))


def test_a_kept_version_never_overwrites_another(taught):
    """Two resets in the same second once gave both kept versions the same name: the second overwrote the first."""
    import datetime
    import threading
    from classroom import workspace
    course, folder = taught
    workspace.prepare(folder, course)
    now = datetime.datetime(2026, 12, 2, 2, 54, 50)
    mine = lesson(folder, "05")
    add_cell(mine, "first attempt")
    first, _ = workspace.reset(folder, "05", course, now=now)
    add_cell(mine, "second attempt")
    second, _ = workspace.reset(folder, "05", course, now=now)
    assert first != second and first.name == "05_gradient_descent.mine-20261202-025450.ipynb"
    assert "first attempt" in first.read_text() and "second attempt" in second.read_text()

    # Several resets racing (a double-click, two terminals): each kept version gets a name of its own, created
    # exclusively, and the learner's edit is in at least one of them.
    add_cell(mine, "third attempt")
    before = {p: p.read_bytes() for p in folder.glob("05_*.mine-*")}
    threads = [threading.Thread(target=workspace.reset, args=(folder, "05", course), kwargs={"now": now})
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(path.read_bytes() == data for path, data in before.items()), "a kept version was written over"
    assert any("third attempt" in p.read_text() for p in folder.glob("05_*.mine-*") if p not in before)
    assert lesson(folder, "05").read_bytes() == lesson(course, "05").read_bytes()


def test_a_learners_own_files_in_exercises_survive_and_the_checks_stay_current(taught):
    """exercises/ was deleted and copied afresh at every open: a learner's notes or edited check there vanished."""
    from classroom import workspace
    course, folder = taught
    workspace.prepare(folder, course)
    checks = folder / "exercises"
    (checks / "my_notes.md").write_text("mine")
    (checks / "scratch").mkdir()
    (checks / "scratch" / "try.ipynb").write_text("{}")
    with open(checks / "lesson07.py", "a") as edited:
        edited.write("\n# my edit\n")
    with open(course / "exercises" / "lesson05.py", "a") as corrected:  # the teacher corrects a check
        corrected.write("\n# corrected by the teacher\n")

    result = workspace.prepare(folder, course)
    assert (checks / "my_notes.md").read_text() == "mine" and (checks / "scratch" / "try.ipynb").exists()
    for name in ("lesson05.py", "lesson07.py"):  # the course's checks, current
        assert (checks / name).read_bytes() == (course / "exercises" / name).read_bytes()
    [kept] = checks.glob("lesson07.mine-*.py")  # the learner's edit, kept beside it (not importable as lesson07)
    assert "# my edit" in kept.read_text() and f"exercises/{kept.name}" in result.kept

    # A workspace made by an earlier version: exercises/ with no record of what the course put there, a stale
    # check in it, and a learner's file. The stale check does not shadow the current one, and nothing is deleted.
    (folder / ".course-manifest.json").unlink()
    (checks / "lesson05.py").write_text("# an old version of the checks\n")
    result = workspace.prepare(folder, course)
    assert (checks / "lesson05.py").read_bytes() == (course / "exercises" / "lesson05.py").read_bytes()
    [old] = checks.glob("lesson05.mine-*.py")
    assert old.read_text() == "# an old version of the checks\n" and (checks / "my_notes.md").read_text() == "mine"
    imported = subprocess.run([sys.executable, "-c", "from exercises import lesson05; print(lesson05.__file__)"],
                              cwd=folder, capture_output=True, text=True)  # as a lesson's kernel imports them
    assert imported.stdout.strip() == str(checks / "lesson05.py"), imported.stderr


def test_a_learner_is_told_of_a_corrected_lesson_and_can_get_it_keeping_theirs(clones, tmp_path):
    """A teacher's correction to a lesson a learner already had never reached them, and nothing said so. Here as
    on the class hub: the workspace is elsewhere (the hub runs `prepare --workspace ~/course-workspace` as the
    learner), and the learner reads COURSE-UPDATES.md in JupyterLab and runs its command in a terminal there."""
    import os
    import shlex
    upstream, learner = clones
    folder = tmp_path / "ada" / "course-workspace"
    assert course("prepare", "--workspace", str(folder), cwd=learner).returncode == 0
    assert not (folder / "COURSE-UPDATES.md").exists()
    add_cell(lesson(folder, "07"), "My own notes")  # the learner works on 07, has not opened 05

    for number in ("05", "07"):
        add_cell(lesson(upstream / "notebooks", number), f"The teacher's correction to {number}.")
    git("commit", "-q", "-am", "corrections", cwd=upstream)
    git("pull", "-q", "--ff-only", cwd=learner)
    result = course("prepare", "--workspace", str(folder), cwd=learner)
    assert result.returncode == 0 and "07_training_a_network.ipynb" in result.stdout, result.stdout
    assert "The teacher's correction to 05" in lesson(folder, "05").read_text()  # untouched: brought up to date
    assert "My own notes" in lesson(folder, "07").read_text()  # theirs: never written over, but they are told
    notice = (folder / "COURSE-UPDATES.md").read_text()
    assert "07_training_a_network.ipynb" in notice and "05_" not in notice
    sys.path.insert(0, str(learner))
    try:
        from classroom import workspace
        assert "07_training_a_network.ipynb" in workspace.updates_notice(folder, learner / "notebooks")
    finally:
        sys.path.remove(str(learner))

    # The command the notice gives, in a terminal opened in the workspace (no COURSE_WORKSPACE, not the course's
    # folder), with the course's python.
    [command] = re.findall(r"`([^`]*reset 07[^`]*)`", notice)
    env = {key: value for key, value in os.environ.items() if key not in ("COURSE_WORKSPACE", "PYTHONPATH")}
    reset = subprocess.run(shlex.split(command), cwd=folder, env=env, capture_output=True, text=True)
    assert reset.returncode == 0 and "kept as" in reset.stdout, reset.stderr
    assert "The teacher's correction to 07" in lesson(folder, "07").read_text()
    assert "My own notes" in next(folder.glob("07_*.mine-*.ipynb")).read_text()
    assert not (folder / "COURSE-UPDATES.md").exists()  # nothing newer any more: the notice is gone

    # A notice the learner wrote in is theirs: kept under a name of its own when the course rewrites it.
    add_cell(lesson(upstream / "notebooks", "07"), "Another correction.")
    git("commit", "-q", "-am", "another", cwd=upstream)
    git("pull", "-q", "--ff-only", cwd=learner)
    add_cell(lesson(folder, "07"), "My second go")
    course("prepare", "--workspace", str(folder), cwd=learner)
    with open(folder / "COURSE-UPDATES.md", "a") as notes:
        notes.write("\nmy own note\n")
    course("reset", "07", "--workspace", str(folder), cwd=learner)
    [kept] = folder.glob("COURSE-UPDATES.mine-*.md")
    assert "my own note" in kept.read_text() and not (folder / "COURSE-UPDATES.md").exists()


def test_a_workspace_made_by_an_earlier_version_is_told_only_of_lessons_that_differ(taught):
    """Earlier versions recorded nothing of what they copied: a lesson with all the course's text is taken as of
    the course's version (the learner's answers are in code cells); one whose text differs is reported."""
    from classroom import workspace
    course, folder = taught
    workspace.prepare(folder, course)
    (folder / ".course-manifest.json").unlink()
    add_cell(lesson(folder, "03"), "My own notes")  # answered, of the current version
    add_cell(lesson(folder, "04"), "My own notes")
    nb = json.loads(lesson(course, "04").read_text())  # the course has corrected 04's text since it was copied
    next(cell for cell in nb["cells"] if cell["cell_type"] == "markdown")["source"] = "# Corrected title"
    lesson(course, "04").write_text(json.dumps(nb))
    result = workspace.prepare(folder, course)
    assert result.newer == ["04_error_and_loss.ipynb"] and result.added == result.updated == []
    assert "My own notes" in lesson(folder, "04").read_text()


def test_progress_names_a_damaged_notebook_and_goes_on(taught):
    from classroom import workspace
    course, folder = taught
    workspace.prepare(folder, course)
    lesson(folder, "05").write_text('{"cells": [')  # cut short, as by a full disk
    result = subprocess.run([sys.executable, "-m", "classroom.workspace", "--workspace", str(folder), "progress"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "05_gradient_descent.ipynb cannot be read:" in result.stdout
    assert "07_training_a_network" in result.stdout and "all lessons" in result.stdout  # the others, read
    # A class's workspace has no ./course: the hint is the command that works in its JupyterLab terminal.
    assert "./course" not in result.stdout and f"reset NN --workspace {folder.resolve()}" in result.stdout
    for notebook in folder.glob("*.ipynb"):
        notebook.write_text("not a notebook")
    result = subprocess.run([sys.executable, "-m", "classroom.workspace", "progress", "--workspace", str(folder)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "07_training_a_network.ipynb cannot be read:" in result.stdout + result.stderr


def test_a_workspace_is_the_learners_alone(taught, monkeypatch):
    """Made 0700 with files 0600 whatever the umask (answers are private on a shared machine), never through a
    symbolic link (a learner could point it at someone else's folder), and without chown: it runs as the learner."""
    import os
    import stat
    from classroom import workspace
    course, folder = taught
    monkeypatch.setattr(os, "chown", lambda *args, **kwargs: pytest.fail("prepare must not chown"))
    old = os.umask(0o022)
    try:
        workspace.prepare(folder, course)
    finally:
        os.umask(old)
    mode = lambda path: stat.S_IMODE(path.lstat().st_mode)  # noqa: E731
    assert mode(folder) == 0o700 and mode(folder / "exercises") == 0o700
    assert {mode(p) for p in folder.rglob("*") if p.is_file()} == {0o600}

    earlier = folder.parent / "made-by-an-earlier-version"  # open to all, as earlier versions made it: tightened
    earlier.mkdir(mode=0o755)
    os.chmod(earlier, 0o755)
    workspace.prepare(earlier, course)
    assert mode(earlier) == 0o700

    theirs = folder.parent / "someone-elses"
    theirs.mkdir()
    link = folder.parent / "linked-workspace"
    link.symlink_to(theirs)
    with pytest.raises(ValueError, match="symbolic link"):
        workspace.prepare(link, course)
    with pytest.raises(ValueError, match="symbolic link"):
        workspace.reset(link, "05", course)
    assert list(theirs.iterdir()) == []
    result = subprocess.run([sys.executable, "-m", "classroom.workspace", "prepare", "--workspace", str(link)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "symbolic link" in result.stderr and "Traceback" not in result.stderr
