"""The learner's own copy (classroom/workspace.py): a learner edits a lesson, resets it, the course is updated
with git, and nothing of the learner's is lost while notebooks/ stays exactly as shipped.

The course here is a small git repository made from this checkout's notebooks/ and classroom/ (so the code under
test is the working tree's): an "upstream" the teacher updates, and a learner's clone that pulls."""
import json
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
    assert course("prepare", cwd=learner).returncode == 0
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
