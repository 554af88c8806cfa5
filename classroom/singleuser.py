"""What every learner's server runs on the class hub (classroom/jupyterhub_config.py), as the learner.

JupyterHub starts this as the learner's own system user (never root: see below); it

1. keeps what it makes private to the learner (umask 077: their workspace is 0700, their files 0600);
2. holds the server and every kernel it starts to the class's memory limit, where the hub has no other way to
   (classroom/limits.py: COURSE_MEMORY_LIMIT, set by the hub);
3. makes or updates the learner's copy of the course, ~/course-workspace (classroom/workspace.py: new lessons
   added, theirs never written over, a folder that is a link refused: then JupyterLab opens in their home, with
   a note saying how to fix it);
4. then becomes JupyterLab's server (jupyterhub-singleuser), opened in that copy, in a process the learner's other
   processes cannot take over.

Doing this here, as the learner, rather than in the hub (which runs as root) is the point: the learner controls
everything in their home, and root following a link the learner planted there could be made to hand them any file
of the machine. Root never touches a path in a learner's home.
"""
from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from classroom import limits, workspace  # noqa: E402

FOLDER = "course-workspace"  # in the learner's home
PROBLEM = "COURSE-WORKSPACE-PROBLEM.md"
PR_SET_DUMPABLE = 4  # prctl's option (linux/prctl.h)  # in the home, where JupyterLab opens if the workspace cannot be used


def main(argv: list[str]) -> None:
    if os.geteuid() == 0:
        sys.exit("classroom/singleuser.py: a learner's server must not run as root (a learner's kernel would be "
                 "root); the hub starts it as the learner's own user.")
    os.umask(0o077)
    limits.apply_from_environment()
    folder = Path.home() / FOLDER
    try:
        workspace.prepare(folder)
        os.environ["COURSE_WORKSPACE"] = str(folder)  # the workspace commands in a terminal find it from any folder
        (Path.home() / PROBLEM).unlink(missing_ok=True)  # a note from an earlier start, no longer true
    except (ValueError, OSError) as error:  # e.g. the folder is a link: JupyterLab opens in the home, and says why
        print(f"classroom/singleuser.py: {error}", file=sys.stderr)
        (Path.home() / PROBLEM).write_text(
            f"# Your copy of the course could not be opened\n\n{error}\n\nIn a terminal (File > New > Terminal), move "
            f"`{FOLDER}` out of the way (`mv {FOLDER} {FOLDER}-old`), then restart your server (File > Hub Control "
            f"Panel > Stop My Server, then Start My Server): a fresh copy is made. Ask your teacher if you are stuck.\n")
        folder = Path.home()
    # Every server is on the hub's one address, so whoever could make this server answer with a page of theirs would
    # act as each visitor. The learner's own processes (a kernel, a terminal) run as the same user and could otherwise
    # take over this one (ptrace, or copying its listening socket with pidfd_getfd): a process that is not "dumpable"
    # cannot be, by anyone but root. Set here, in this process, which becomes the server (an exec would undo it).
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    sys.argv = [str(Path(sys.executable).parent / "jupyterhub-singleuser"), *argv, f"--ServerApp.root_dir={folder}"]
    from jupyterhub.singleuser import main as serve
    sys.exit(serve())


if __name__ == "__main__":
    main(sys.argv[1:])
