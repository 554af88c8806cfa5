"""How many learners can one server hold? A load test of the class hub (`./course hub`), on this machine only.

It starts the hub (the test-only "dummy" login, on free loopback ports), then for N simulated learners at once:
their servers are started through the hub's API and timed; each runs a lesson (every code cell of it, in a real
kernel, as "Run All" would); then every learner plays the Playground at the same time for a few seconds,
driving it as the browser does: it asks for a frame, waits for it, and asks again (the frame protocol of
dlkit/widgets/playground_view.py). Reported per N: seconds from asking for a server to having it, memory per
learner (their server and kernel, resident), kernel CPU per Playground frame, and the frames per second each
learner got.

    .venv/bin/python -m classroom.load --learners 1 5 10 20 --lesson 01_single_node --seconds 5

Bounded: a fixed number of learners, a fixed time to play, loopback addresses only; everything it started is
stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test"
PLAYGROUND = ("from dlkit import widgets\n"
              "pg = widgets.Playground(depth=4, width=8)\n"
              "pg.view.playing = True\n"
              "print(pg.view.model_id)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Hub:
    url: str
    token: str
    process: subprocess.Popen
    log_path: Path
    state: Path  # the hub's database, and (with the dummy login) the learners' homes: state/homes/NAME
    started_in: float = 0.0

    def api(self, method, path, body=None, token=None):
        request = urllib.request.Request(f"{self.url}/hub/api{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"token {token or self.token}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read()
            return json.loads(text) if text else None


def ensure_proxy():
    """JupyterHub's proxy, installed from npm as ./course hub installs it (classroom/package.json)."""
    if not (ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=ROOT / "classroom", check=True)


@contextlib.contextmanager
def running_hub(base: Path, auth: str = "dummy", **settings: str):
    """The class hub as ./course hub starts it, with the trial login and a load-test token (or with ``auth="pam"``,
    the machine's logins and a monitoring token), and any other COURSE_HUB_* ``settings``; stopped on exit."""
    ensure_proxy()
    token = secrets.token_hex(16)
    port = free_port()
    state = base / "state"
    if os.geteuid() == 0 and auth == "dummy":  # the trial's servers run as "nobody", who must reach their homes
        state = Path(tempfile.mkdtemp(prefix="course-hub-state-"))
        state.chmod(0o711)
    env = {**os.environ, "COURSE_HUB_AUTH": auth, "COURSE_HUB_PASSWORD": PASSWORD,
           "COURSE_HUB_STATE": str(state), "COURSE_HUB_PORT": str(port),
           "COURSE_HUB_INTERNAL_PORT": str(free_port()), "COURSE_HUB_PROXY_API_PORT": str(free_port()),
           "COURSE_HUB_LOAD_TOKEN" if auth == "dummy" else "COURSE_HUB_MONITOR_TOKEN": token, **settings}
    for name in ("config", "data", "runtime"):
        (base / name).mkdir(parents=True, exist_ok=True)
        env[f"JUPYTER_{name.upper()}_DIR"] = str(base / name)
    log_path = base / "hub.log"
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                                    str(ROOT / "classroom" / "jupyterhub_config.py")], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(url=f"http://127.0.0.1:{port}", token=token, process=process, log_path=log_path, state=state)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                hub.api("GET", "/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the hub did not start: " + log_path.read_text()[-3000:]) from None
                time.sleep(0.2)
        hub.started_in = time.monotonic() - started
        yield hub
    finally:
        stop(process, grace_s=30)
        if state != base / "state":
            shutil.rmtree(state, ignore_errors=True)


def stop(process: subprocess.Popen, grace_s=15):
    """Stop a server started in a session of its own (start_new_session=True), with all it started: SIGTERM
    first (servers stop their kernels), SIGKILL after ``grace_s`` seconds if it is still there."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait_s)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Learner:
    name: str
    token: str = ""
    server_seconds: float = 0.0
    kernel_pid: int = 0
    memory_mib: float = 0.0
    frames: int = 0
    play_seconds: float = 0.0
    kernel_cpu_seconds: float = 0.0
    errors: list = field(default_factory=list)


class Kernel:
    """A kernel of a learner's server, spoken to over its websocket as JupyterLab does."""

    def __init__(self, hub: Hub, learner: Learner):
        self.hub, self.learner = hub, learner
        self.session = uuid.uuid4().hex
        self.base = f"{hub.url}/user/{learner.name}/api"

    async def start(self, notebook: str):
        """A kernel for a notebook of the learner's workspace, as opening it in JupyterLab makes one (a session:
        the kernel runs in the notebook's folder, where the lessons' checks are)."""
        body = json.dumps({"path": notebook, "type": "notebook", "name": "", "kernel": {"name": "python3"}}).encode()
        request = urllib.request.Request(f"{self.base}/sessions", method="POST", data=body,
                                         headers={"Authorization": f"token {self.learner.token}"})
        session = json.loads(await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=60).read()))
        self.id = session["kernel"]["id"]
        url = f"{self.base}/kernels/{self.id}/channels".replace("http://", "ws://")
        self.ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.learner.token}"}),
                                          max_message_size=64 * 1024 * 1024)

    def _send(self, channel, msg_type, content):
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": self.learner.name, "session": self.session,
                  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "version": "5.3"}
        self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                          "channel": channel, "buffers": []}))
        return msg_id

    async def _receive(self) -> dict:
        raw = await self.ws.read_message()
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        if isinstance(raw, bytes):  # a message with binary buffers: count, offsets, then the JSON part
            count = struct.unpack("!I", raw[:4])[0]
            offsets = struct.unpack("!" + "I" * count, raw[4:4 + 4 * count])
            raw = raw[offsets[0]:offsets[1]] if count > 1 else raw[offsets[0]:]
        return json.loads(raw)

    async def run(self, code: str, timeout=300) -> str:
        """Run code as a cell; returns what it printed. An error in the cell raises."""
        msg_id = self._send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                         "user_expressions": {}, "allow_stdin": False})
        printed, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = await asyncio.wait_for(self._receive(), timeout)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                printed.append(msg["content"]["text"])
            elif kind == "error":
                raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(printed)
        raise TimeoutError("the cell did not finish")

    async def frame(self, comm_id: str):
        """Ask the Playground for a frame, as its browser view does, and wait for the answer."""
        self._send("shell", "comm_msg", {"comm_id": comm_id, "data": {"method": "custom",
                                                                      "content": {"type": "frame"}}})
        while True:
            msg = await self._receive()
            if msg["header"]["msg_type"] == "comm_msg" and msg["content"].get("comm_id") == comm_id:
                content = msg["content"]["data"].get("content", {})
                if content.get("reply"):
                    return content


def process_memory_mib(pid: int) -> float:
    """Resident memory of a process and its children (a learner's server and its kernel), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            todo += [int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
    return total / 1024


def learner_processes(prefix: str) -> list[int]:
    """Processes of learners whose names start with ``prefix`` (their servers carry JUPYTERHUB_USER)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and f"JUPYTERHUB_USER={prefix}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lesson_cells(name: str) -> list[str]:
    notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
    tagged = lambda cell, tag: tag in cell.get("metadata", {}).get("tags", [])  # noqa: E731
    return ["".join(c["source"]) for c in notebook["cells"]
            if c["cell_type"] == "code" and not tagged(c, "raises-exception")]


async def one_learner(hub: Hub, learner: Learner, lesson: str, play_seconds: float, start_playing: asyncio.Event,
                      ready: asyncio.Barrier):
    try:
        started = time.monotonic()
        await asyncio.to_thread(hub.api, "POST", f"/users/{learner.name}/server")
        while not (await asyncio.to_thread(hub.api, "GET", f"/users/{learner.name}"))["servers"].get("", {}).get("ready"):
            await asyncio.sleep(0.2)
        learner.server_seconds = time.monotonic() - started
        kernel = Kernel(hub, learner)
        await kernel.start(f"{lesson}.ipynb")
        await kernel.run("import os")
        learner.kernel_pid = int(await kernel.run("print(os.getpid())"))
        for code in lesson_cells(lesson):
            await kernel.run(code)
        comm_id = (await kernel.run(PLAYGROUND)).strip()
        server_pid = int((await kernel.run("print(os.getppid())")).strip())
        learner.memory_mib = process_memory_mib(server_pid)
    except Exception as error:  # noqa: BLE001  (the report says what failed, per learner)
        learner.errors.append(f"{type(error).__name__}: {error}")
        await ready.wait()
        return
    await ready.wait()
    await start_playing.wait()
    cpu_before, started = cpu_seconds(learner.kernel_pid), time.monotonic()
    while time.monotonic() - started < play_seconds:
        await kernel.frame(comm_id)
        learner.frames += 1
    learner.play_seconds = time.monotonic() - started
    learner.kernel_cpu_seconds = cpu_seconds(learner.kernel_pid) - cpu_before
    kernel.ws.close()


async def run_class(hub: Hub, n: int, lesson: str, play_seconds: float, prefix: str) -> list[Learner]:
    learners = [Learner(f"{prefix}{k}") for k in range(n)]
    for learner in learners:
        hub.api("POST", f"/users/{learner.name}")
        learner.token = hub.api("POST", f"/users/{learner.name}/tokens", {"note": "load test"})["token"]
    start_playing, ready = asyncio.Event(), asyncio.Barrier(n + 1)
    tasks = [asyncio.create_task(one_learner(hub, learner, lesson, play_seconds, start_playing, ready))
             for learner in learners]
    await ready.wait()  # everyone has run the lesson: now all play at once
    start_playing.set()
    await asyncio.gather(*tasks)
    for learner in learners:  # free the machine for the next, larger class
        with contextlib.suppress(Exception):
            hub.api("DELETE", f"/users/{learner.name}/server")
    return learners


def summary(n: int, learners: list[Learner]) -> dict:
    ok = [learner for learner in learners if not learner.errors]
    fps = [learner.frames / learner.play_seconds for learner in ok if learner.play_seconds]
    frames = sum(learner.frames for learner in ok)
    return {"learners": n, "failed": len(learners) - len(ok),
            "errors": [e for learner in learners for e in learner.errors][:3],
            "server_start_s": max((learner.server_seconds for learner in ok), default=float("nan")),
            "memory_mib_per_learner": sum(learner.memory_mib for learner in ok) / max(len(ok), 1),
            "kernel_cpu_ms_per_frame": 1000 * sum(learner.kernel_cpu_seconds for learner in ok) / max(frames, 1),
            "fps_min": min(fps, default=0.0), "fps_mean": sum(fps) / max(len(fps), 1)}


async def after_every_lesson(hub: Hub, name="lessons") -> list[tuple[str, float]]:
    """One learner runs lessons 00 to 13, each in its own kernel, and keeps them open (as JupyterLab does until
    the learner shuts them down): (lesson, MiB of their server and all its kernels) after each one."""
    learner = Learner(name)
    hub.api("POST", f"/users/{name}")
    learner.token = hub.api("POST", f"/users/{name}/tokens", {"note": "load test"})["token"]
    hub.api("POST", f"/users/{name}/server")
    while not hub.api("GET", f"/users/{name}")["servers"].get("", {}).get("ready"):
        await asyncio.sleep(0.2)
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    measured = []
    for lesson in lessons:
        kernel = Kernel(hub, learner)
        await kernel.start(f"{lesson}.ipynb")
        await kernel.run("import os")
        server_pid = int((await kernel.run("print(os.getppid())")).strip())
        for code in lesson_cells(lesson):
            await kernel.run(code)
        measured.append((lesson, process_memory_mib(server_pid)))
    hub.api("DELETE", f"/users/{name}/server")
    return measured


def run(coroutine):
    """asyncio.run in a thread of its own: it works even when the caller already runs an event loop (a test
    runner, a notebook)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001  (raised again in the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def main(argv=None, hub: Hub | None = None):
    """Run the load test; on ``hub`` if given (the tests share one trial hub), else on a hub of its own."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--lesson", default="01_single_node", help="the lesson each learner runs first")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long everyone plays at once")
    parser.add_argument("--all-lessons", action="store_true",
                        help="first, one learner runs lessons 00-13 (each in its own kernel, kept open): memory")
    args = parser.parse_args(argv)
    if any(n < 1 or n > 60 for n in args.learners):
        sys.exit("--learners: between 1 and 60 learners at once (this is a bounded test)")
    with contextlib.ExitStack() as stack:
        if hub is None:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="class-load-")))
            hub = stack.enter_context(running_hub(base))
        print(f"hub started in {hub.started_in:.1f} s; lesson {args.lesson}, then {args.seconds:g} s of Playground "
              f"(4 hidden layers of 8) for everyone at once")
        print(f"{'learners':>8} {'server start s':>15} {'MiB/learner':>12} {'kernel CPU ms/frame':>20} "
              f"{'fps each (min/mean)':>20}")
        results = []
        if args.all_lessons:
            measured = run(after_every_lesson(hub))
            print("one learner's server and kernels after each lesson (MiB): "
                  + ", ".join(f"{lesson[:2]} {mib:.0f}" for lesson, mib in measured))
        for k, n in enumerate(args.learners):
            result = summary(n, run(run_class(hub, n, args.lesson, args.seconds, f"class{k}-")))
            results.append(result)
            print(f"{n:8d} {result['server_start_s']:15.1f} {result['memory_mib_per_learner']:12.0f} "
                  f"{result['kernel_cpu_ms_per_frame']:20.1f} {result['fps_min']:9.1f} / {result['fps_mean']:<8.1f}"
                  + (f"  {result['failed']} failed: {result['errors']}" if result["failed"] else ""))
        return results


if __name__ == "__main__":
    main()
