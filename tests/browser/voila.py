"""The Playground's own page, served as `./course playground` serves it (Voila through dlkit's launcher): used by
the Voila browser test and by benchmarks/bench_playground.py.

The server is started with the command of the `playground` case of ./course (read from the script, so the two
cannot drift apart), on a free port, with every Jupyter directory in a temporary folder.
"""
from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from classroom import load

from .conftest import REPO_ROOT, _free_port, _prepare_jupyter_dirs

START_TIMEOUT_S = 60


@dataclass
class VoilaServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    log_path: Path
    pid: int = 0  # the server's process

    def log_tail(self, lines=30):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def course_playground_command():
    """The arguments `./course playground` gives python: ``-m dlkit.widgets.voila_app NOTEBOOK ...``."""
    script = (REPO_ROOT / "course").read_text()
    case = re.search(r"^\s*playground\)\n(.*?)^\s*;;", script, re.S | re.M)
    assert case, "./course has no `playground` case"
    line = re.search(r'^\s*exec \.venv/bin/python (.*?) "\$@"', case.group(1), re.M)
    assert line, f"the `playground` case of ./course does not exec .venv/bin/python: {case.group(1)}"
    return shlex.split(line.group(1))


@contextlib.contextmanager
def playground_server(base: Path, *options: str):
    """A Voila server with the Playground page, its files under ``base`` (and Voilà's ``options`` after the course's
    own); stopped (with its kernels) on exit."""
    dirs = _prepare_jupyter_dirs(base)
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
           "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "IPYTHONDIR": str(dirs["ipython"]), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, *course_playground_command(), f"--port={port}", "--Voila.port_retries=0", *options]
    server = VoilaServer(url=f"http://127.0.0.1:{port}", log_path=base / "voila.log")
    with open(server.log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server.pid = process.pid
    try:
        # The launcher prints the address a learner should open once the server listens.
        deadline = time.monotonic() + START_TIMEOUT_S
        while f"Open {server.url}/ in a browser" not in server.log_tail():
            if process.poll() is not None:
                raise AssertionError(f"Voilà exited with code {process.returncode} at startup; log:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"Voilà did not print its address within {START_TIMEOUT_S} s; log:\n"
                                     f"{server.log_tail()}")
            time.sleep(0.2)
        log_text = server.log_path.read_text()
        assert "TCP_NODELAY" in log_text, f"dlkit's server extension was not loaded; log:\n{log_text}"
        yield server
    finally:
        load.stop(process)  # Voilà shuts its kernels down on SIGTERM; its process group holds them
