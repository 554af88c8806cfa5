"""The class hub (`./course hub`, classroom/jupyterhub_config.py) is safe to hand to a class, tried as an attacker
would: a learner never reaches root, the hub's secrets or another learner; the teacher sees but never enters a
learner's server; one learner's runaway kernel does not take the server from the others.

Two hubs are started for real: the trial login (as CI runs it: root, so its servers must not be; `trial_hub` of
tests/conftest.py, shared with the other tests of the trial), and, where the tests run as root (CI does), the real
login through PAM with throwaway system accounts, removed afterwards.
"""
from __future__ import annotations

import asyncio
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from classroom import load, singleuser, spawners

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not AS_ROOT, reason="needs root (CI runs as root): it creates system accounts and "
                                                    "runs servers as other users")


def start_server(hub, name: str) -> load.Learner:
    """A learner (with the trial login) with a token and a running server."""
    learner = load.Learner(name)
    hub.api("POST", f"/users/{name}")
    learner.token = hub.api("POST", f"/users/{name}/tokens", {"note": "safety test"})["token"]
    hub.api("POST", f"/users/{name}/server")
    wait_ready(hub, name)
    return learner


def wait_ready(hub, name, timeout=120):
    deadline = time.monotonic() + timeout
    while not hub.api("GET", f"/users/{name}")["servers"].get("", {}).get("ready"):
        assert time.monotonic() < deadline, f"{name}'s server did not start: {hub.log_path.read_text()[-3000:]}"
        time.sleep(0.3)


def uids(pid: int) -> set[int]:
    line = next(ln for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ln.startswith("Uid:"))
    return {int(u) for u in line.split()[1:]}


async def in_kernel(hub, learner, code: str) -> str:
    kernel = load.Kernel(hub, learner)
    await kernel.start("00_welcome.ipynb")
    try:
        return await kernel.run(code)
    finally:
        kernel.ws.close()


# The trial login ---------------------------------------------------------------------------------------------------

def test_the_trial_listens_on_this_machine_only(tmp_path):
    env = {**os.environ, "COURSE_HUB_AUTH": "dummy", "COURSE_HUB_PASSWORD": "a-trial-password", "COURSE_HUB_IP": "0.0.0.0",
           "COURSE_HUB_STATE": str(tmp_path / "state")}
    done = subprocess.run([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                           str(ROOT / "classroom" / "jupyterhub_config.py")],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "listens on 127.0.0.1 only, not '0.0.0.0'" in done.stderr + done.stdout


def test_a_learners_server_never_runs_as_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    with pytest.raises(SystemExit, match="must not run as root"):
        singleuser.main([])


@needs_root
def test_a_course_learners_cannot_reach_is_refused_with_how_to_fix_it(tmp_path):
    """A course in a folder only root can enter (here, pytest's own temporary folder, 0700): learners' servers
    could not start, so the hub says so at once instead of failing at every login."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "classroom", course / "classroom", ignore=shutil.ignore_patterns("node_modules", "state"))
    assert not Path(tmp_path).parent.stat().st_mode & 0o001
    done = subprocess.run([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                           str(course / "classroom" / "jupyterhub_config.py")],
                          env={**os.environ, "COURSE_HUB_STATE": str(tmp_path / "state")}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert f"Learners could not run the course: {course} is inside" in done.stderr


@needs_root
def test_trial_servers_run_unprivileged_and_cannot_read_the_hubs_secrets(trial_hub):
    learner = start_server(trial_hub, "eve")
    code = ("import os\n"
            "print(os.getuid(), end=' ')\n"
            f"for p in [{str(trial_hub.state / 'jupyterhub.sqlite')!r}, "
            f"{str(trial_hub.state / 'jupyterhub_cookie_secret')!r}]:\n"
            "    try:\n        open(p, 'rb').read(1); print('READ', end=' ')\n"
            "    except PermissionError:\n        print('refused', end=' ')\n")
    printed = load.run(in_kernel(trial_hub, learner, code)).split()
    assert printed == [str(pwd.getpwnam("nobody").pw_uid), "refused", "refused"]
    for pid in load.learner_processes("eve"):
        assert 0 not in uids(pid)


def test_the_teacher_sees_but_never_enters_a_learners_server(trial_hub):
    start_server(trial_hub, "ada")
    token = trial_hub.api("POST", "/users/teacher/tokens", {"note": "the teacher's"})["token"]
    teacher = requests.Session()
    teacher.headers["Authorization"] = f"token {token}"
    url = trial_hub.url

    def status(method, path, **kw):
        return teacher.request(method, url + path, allow_redirects=False, timeout=60, **kw).status_code

    # What the teacher may do: who is working, starting and stopping servers (and the admin page, which
    # tests/browser/test_hub.py opens in a browser, logged in as the teacher).
    assert {u["name"] for u in teacher.get(f"{url}/hub/api/users", timeout=60).json()} >= {"ada", "teacher"}
    # What the teacher may not: a learner's files, kernels, terminals; tokens as the learner; becoming admin;
    # renaming an account (a renamed account would start its servers as another system user).
    assert status("GET", "/user/ada/api/contents") == 403
    assert status("GET", "/user/ada/api/contents/00_welcome.ipynb") == 403
    assert status("POST", "/user/ada/api/kernels", json={"name": "python3"}) == 403
    assert status("GET", "/user/ada/api/terminals") == 403
    assert status("POST", "/user/ada/api/terminals") == 403
    assert status("GET", "/user/ada/lab") in (302, 403)  # to the hub's login: no way in
    assert status("POST", "/hub/api/users/ada/tokens", json={}) == 403
    assert status("PATCH", "/hub/api/users/teacher", json={"admin": True}) == 403
    assert status("PATCH", "/hub/api/users/ada", json={"name": "teacher2"}) == 403
    assert status("POST", "/hub/api/users/ada/admin-access") in (403, 404)
    assert status("DELETE", "/hub/api/users/ada/server") in (202, 204)
    deadline = time.monotonic() + 60
    while trial_hub.api("GET", "/users/ada")["servers"]:
        assert time.monotonic() < deadline, "the teacher's stop did not stop ada's server"
        time.sleep(0.3)
    assert status("POST", "/hub/api/users/ada/server") in (201, 202)
    wait_ready(trial_hub, "ada")


def test_a_kernel_past_its_memory_limit_stops_with_a_message_while_a_neighbour_plays(trial_hub):
    player, hog = start_server(trial_hub, "grace"), start_server(trial_hub, "mallory")

    async def scene():
        playing = load.Kernel(trial_hub, player)
        await playing.start("00_welcome.ipynb")
        comm_id = (await playing.run(load.PLAYGROUND)).strip()
        greedy = load.Kernel(trial_hub, hog)
        await greedy.start("00_welcome.ipynb")
        await greedy.run("import numpy as np")
        frames, stop = [], asyncio.Event()

        async def play():
            while not stop.is_set():
                await playing.frame(comm_id)
                frames.append(time.monotonic())

        player_task = asyncio.create_task(play())
        started = time.monotonic()
        with pytest.raises(RuntimeError) as refused:  # 8 GiB, four times the class's limit of 2 GiB
            await greedy.run("x = np.ones(2**30, dtype=np.float64)")
        await asyncio.sleep(0.5)  # a request that arrives right after an error is aborted (ipykernel's stop_on_error)
        after = await greedy.run("print(1 + 1)")  # the kernel goes on
        await asyncio.sleep(1.0)
        stop.set()
        await player_task
        playing.ws.close(), greedy.ws.close()
        return str(refused.value), after, [t - started for t in frames]

    message, after, frames = load.run(scene())
    assert message.startswith("MemoryError: Unable to allocate 8.00 GiB")
    assert after.strip() == "2"
    assert sum(t > 0 for t in frames) >= 10, f"the neighbour got {sum(t > 0 for t in frames)} frames meanwhile"


@pytest.mark.skipif(spawners.cgroup_parent() is None, reason="this machine lets root make no memory cgroups "
                                                            "(CI's does); each process is still capped")
def test_all_of_a_learners_processes_together_are_capped(trial_hub):
    """A learner cannot get past the cap by starting many processes, each under it (found by an attack on the hub):
    three processes of 1 GiB each, 3 GiB in all, against the class's 2 GiB for the learner as a whole."""
    hog, neighbour = start_server(trial_hub, "oscar"), start_server(trial_hub, "nina")
    code = ("import subprocess, sys\n"
            "grab = 'import numpy as np, time; a = np.ones(2**27); time.sleep(3)'  # 1 GiB, touched\n"
            "children = [subprocess.Popen([sys.executable, '-c', grab]) for _ in range(3)]\n"
            "print(sorted(child.wait(timeout=120) for child in children))")
    codes = json.loads(load.run(in_kernel(trial_hub, hog, code)))
    assert -9 in codes, f"all three processes of 1 GiB ran to the end: {codes}"  # the OOM killer stopped one
    assert load.run(in_kernel(trial_hub, neighbour, "print(2 + 2)")).strip() == "4"
    group = spawners.cgroup_parent()[0] / "oscar"
    assert int((group / spawners.cgroup_parent()[1]).read_text()) == 2 * 2**30


def test_a_learners_own_processes_cannot_take_over_their_server(trial_hub):
    """Every server is on the hub's one address: a kernel that copied its server's listening socket (pidfd_getfd)
    could answer at the learner's address with a page that acts as each visitor (found by an attack on the hub).
    The server is not "dumpable": processes of the same user cannot reach into it."""
    learner = start_server(trial_hub, "ivy")
    code = ("import ctypes, os\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "pidfd = libc.syscall(434, os.getppid(), 0)  # pidfd_open(the server)\n"
            "copied = libc.syscall(438, pidfd, 3, 0)  # pidfd_getfd(its file 3)\n"
            "print(pidfd >= 0, copied, ctypes.get_errno())\n"
            "try:\n    open(f'/proc/{os.getppid()}/environ').read(); print('environ read')\n"
            "except PermissionError:\n    print('environ refused')\n")
    printed = load.run(in_kernel(trial_hub, learner, code)).split("\n")
    assert printed[0] == "True -1 1", printed  # the server is there, and copying its files: EPERM
    assert printed[1] == "environ refused"


@needs_root
def test_a_learners_processes_and_threads_are_counted(trial_hub):
    """A fork bomb stops at the learner's own count, not at the machine's."""
    learner = start_server(trial_hub, "fred")
    printed = load.run(in_kernel(trial_hub, learner, "import resource\nprint(resource.getrlimit(resource.RLIMIT_NPROC))"))
    assert printed.strip() == "(1024, 1024)"


# The real login (PAM), with throwaway accounts -----------------------------------------------------------------------

def system(*command):
    for folder in ("/usr/sbin", "/sbin"):  # useradd and friends live in sbin, not always on PATH
        if not shutil.which(command[0]) and Path(folder, command[0]).exists():
            command = (str(Path(folder, command[0])), *command[1:])
    subprocess.run(command, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pam_class(tmp_path_factory):
    """A group of learners, one learner in it, one account outside it, and a teacher: real system accounts with
    passwords, and the hub with the real login. Everything is removed at the end."""
    tag = secrets.token_hex(3)
    group, names = f"crs{tag}", {"learner": f"lrn{tag}", "outsider": f"out{tag}", "teacher": f"tch{tag}",
                                 "leaver": f"lvr{tag}"}
    passwords = {name: secrets.token_urlsafe(12) for name in names.values()}
    system("groupadd", group)
    try:
        for role, name in names.items():
            system("useradd", "--create-home", "--shell", "/bin/bash", *(["-G", group] if role in ("learner", "leaver") else []),
                   name)
            subprocess.run(["chpasswd"], input=f"{name}:{passwords[name]}", check=True, text=True,
                           env={**os.environ, "PATH": os.environ.get("PATH", "") + ":/usr/sbin:/sbin"})
        with load.running_hub(tmp_path_factory.mktemp("pam"), auth="pam", COURSE_HUB_GROUP=group,
                              COURSE_HUB_TEACHER=names["teacher"], COURSE_HUB_RECHECK_SECONDS="2") as hub:
            hub.names, hub.passwords, hub.group = names, passwords, group
            yield hub
    finally:
        with_sbin = {**os.environ, "PATH": os.environ.get("PATH", "") + ":/usr/sbin:/sbin"}
        for name in names.values():
            for _ in range(20):  # userdel refuses while a process of the account is still dying
                subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
                if subprocess.run(["userdel", "--remove", name], capture_output=True, env=with_sbin).returncode != 8:
                    break
                time.sleep(0.3)
        subprocess.run(["groupdel", group], capture_output=True,
                       env={**os.environ, "PATH": os.environ.get("PATH", "") + ":/usr/sbin:/sbin"})


def log_in(hub, name, password) -> requests.Session:
    """A learner's browser, logged in through the hub's login form."""
    browser = requests.Session()
    browser.get(f"{hub.url}/hub/login", timeout=60)
    xsrf = next(c.value for c in browser.cookies if c.name == "_xsrf" and c.path.startswith("/hub"))
    browser.post(f"{hub.url}/hub/login", data={"username": name, "password": password, "_xsrf": xsrf}, timeout=120)
    # The hub's API takes a logged-in browser's requests with the XSRF token it set at login.
    browser.headers["X-XSRFToken"] = next(c.value for c in browser.cookies
                                          if c.name == "_xsrf" and c.path.startswith("/hub"))
    return browser


def restart(hub, browser, name):
    stopping = browser.delete(f"{hub.url}/hub/api/users/{name}/server", timeout=60)
    assert stopping.status_code in (202, 204), (stopping.status_code, stopping.text)
    deadline = time.monotonic() + 60
    while hub.api("GET", f"/users/{name}")["servers"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return browser.post(f"{hub.url}/hub/api/users/{name}/server", timeout=120)


@needs_root
def test_a_learner_logs_in_through_pam_and_works_as_themselves(pam_class):
    hub, name = pam_class, pam_class.names["learner"]
    assert f"the members of the group {hub.group!r}: {name}" in hub.log_path.read_text()  # whom it lets in
    account = pwd.getpwnam(name)
    browser = log_in(hub, name, hub.passwords[name])
    browser.get(f"{hub.url}/hub/spawn", timeout=120)
    wait_ready(hub, name)
    processes = load.learner_processes(name)
    assert processes and all(uids(pid) == {account.pw_uid} for pid in processes)
    folder = Path(account.pw_dir) / "course-workspace"
    info = folder.lstat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (account.pw_uid, 0o700)
    lesson = (folder / "00_welcome.ipynb").lstat()
    assert lesson.st_uid == account.pw_uid and not lesson.st_mode & 0o077
    # The hub's secrets are out of the learner's reach.
    state = hub.state
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    peek = subprocess.run(["runuser", "-u", name, "--", "cat", str(state / "jupyterhub.sqlite")],
                          capture_output=True)
    assert peek.returncode != 0 and b"Permission denied" in peek.stderr


@needs_root
def test_an_account_outside_the_group_cannot_log_in(pam_class):
    hub, name = pam_class, pam_class.names["outsider"]
    browser = log_in(hub, name, hub.passwords[name])
    assert browser.get(f"{hub.url}/hub/api/user", timeout=60).status_code == 403
    assert name not in {user["name"] for user in hub.api("GET", "/users")}


@needs_root
def test_root_never_follows_a_link_a_learner_planted(pam_class, tmp_path):
    hub, name = pam_class, pam_class.names["learner"]
    account = pwd.getpwnam(name)
    browser = log_in(hub, name, hub.passwords[name])
    browser.get(f"{hub.url}/hub/spawn", timeout=120)
    wait_ready(hub, name)
    # Root's file, and a link to it in the learner's workspace, made by the learner.
    secret = tmp_path / "roots-file"
    secret.write_text("root's own")
    secret.chmod(0o600)
    folder = Path(account.pw_dir) / "course-workspace"
    link = folder / "x"
    subprocess.run(["runuser", "-u", name, "--", "ln", "-s", str(secret), str(link)], check=True)
    restart(hub, browser, name)
    wait_ready(hub, name)
    info = secret.stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode), secret.read_text()) == (0, 0o600, "root's own")
    # The workspace itself replaced by a link to a folder of root's: refused, the folder untouched; JupyterLab opens in
    # the learner's home with a note saying how to fix it.
    roots = tmp_path / "roots-folder"
    roots.mkdir(mode=0o755)
    subprocess.run(["runuser", "-u", name, "--", "mv", str(folder), str(folder) + "-old"], check=True)
    subprocess.run(["runuser", "-u", name, "--", "ln", "-s", str(roots), str(folder)], check=True)
    browser.delete(f"{hub.url}/hub/api/users/{name}/server", timeout=60)
    deadline = time.monotonic() + 60
    while hub.api("GET", f"/users/{name}")["servers"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    browser.post(f"{hub.url}/hub/api/users/{name}/server", timeout=120)
    deadline = time.monotonic() + 60
    while "is a symbolic link" not in hub.log_path.read_text():
        assert time.monotonic() < deadline, hub.log_path.read_text()[-3000:]
        time.sleep(0.3)
    wait_ready(hub, name)
    assert list(roots.iterdir()) == [] and roots.stat().st_uid == 0
    note = Path(account.pw_dir) / singleuser.PROBLEM
    assert "is a symbolic link" in note.read_text() and f"mv {singleuser.FOLDER}" in note.read_text()
    assert note.stat().st_uid == account.pw_uid
    note.unlink()
    subprocess.run(["runuser", "-u", name, "--", "rm", str(folder)], check=True)
    subprocess.run(["runuser", "-u", name, "--", "mv", str(folder) + "-old", str(folder)], check=True)


@needs_root
def test_where_systemd_runs_each_learner_is_capped_as_a_whole(tmp_path):
    """As The Littlest JupyterHub does: jupyterhub-systemdspawner, with a memory and CPU cap per learner. No systemd
    runs here, so the hub's configuration is read (jupyterhub --show-config), not started."""
    env = {**os.environ, "COURSE_HUB_LIMITS": "systemd", "COURSE_HUB_STATE": str(tmp_path / "state"),
           "COURSE_HUB_MEMORY_LIMIT": "3G", "COURSE_HUB_CPU_LIMIT": "0.5", "COURSE_HUB_TEACHER": "nobody"}
    shown = subprocess.run([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                            str(ROOT / "classroom" / "jupyterhub_config.py"), "--show-config"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "Using Spawner: systemdspawner.systemdspawner.SystemdSpawner" in shown.stderr
    assert "SystemdSpawner\n  .cpu_limit = 0.5\n" in shown.stdout
    assert "  .mem_limit = '3G'\n" in shown.stdout
    assert "COURSE_MEMORY_LIMIT" not in shown.stdout  # the cap is systemd's, for the learner as a whole


@needs_root
def test_a_page_a_learner_plants_in_their_home_is_never_served(pam_class):
    """All servers share the hub's address, so a page served from one learner's server runs with the visitor's
    login: a JupyterLab extension folder in a learner's home would serve, with no login, a page that makes a token
    for whoever opens it (found by an attack on the hub)."""
    hub, name = pam_class, pam_class.names["learner"]
    account = pwd.getpwnam(name)
    planted = Path(account.pw_dir) / ".local/share/jupyter/labextensions/evil/static/hint.html"
    subprocess.run(["runuser", "-u", name, "--", "mkdir", "-p", str(planted.parent)], check=True)
    subprocess.run(["runuser", "-u", name, "--", "sh", "-c", f"echo '<script>/* a token thief */</script>' > {planted}"],
                   check=True)
    browser = log_in(hub, name, hub.passwords[name])
    restart(hub, browser, name)
    wait_ready(hub, name)
    stranger = requests.get(f"{hub.url}/user/{name}/lab/extensions/evil/static/hint.html", timeout=60,
                            allow_redirects=False)
    assert stranger.status_code in (302, 403, 404) and b"token thief" not in stranger.content
    own = browser.get(f"{hub.url}/user/{name}/lab/extensions/evil/static/hint.html", timeout=60)
    assert b"token thief" not in own.content  # not even to its owner: the server does not look in homes
    assert browser.get(f"{hub.url}/user/{name}/lab", timeout=60).status_code == 200  # JupyterLab itself works


@needs_root
def test_a_learner_taken_out_of_the_class_is_logged_out_and_stopped(pam_class):
    """JupyterHub checks who may log in only at login, and its cookie holds for two weeks: here the login is checked
    again (every 2 s in this test, every minute by default), so taken out of the group, a learner is out; and their
    server is stopped with everything they left running (a job in the background outlived it, and kept serving a
    page at their address: found by an attack on the hub)."""
    hub, name = pam_class, pam_class.names["leaver"]
    browser = log_in(hub, name, hub.passwords[name])
    assert browser.get(f"{hub.url}/hub/api/user", timeout=60).status_code == 200
    browser.get(f"{hub.url}/hub/spawn", timeout=120)
    wait_ready(hub, name)
    token = browser.post(f"{hub.url}/hub/api/users/{name}/tokens", json={}, timeout=60).json()["token"]
    learner = load.Learner(name, token=token)
    load.run(in_kernel(hub, learner, "import subprocess\nsubprocess.Popen(['setsid', 'sleep', '600'])"))
    assert len(load.learner_processes(name)) >= 3  # the server, the kernel, the job in the background
    system("gpasswd", "--delete", name, hub.group)
    time.sleep(3)
    assert browser.get(f"{hub.url}/hub/api/user", timeout=60).status_code == 403
    assert browser.post(f"{hub.url}/hub/api/users/{name}/server", timeout=60).status_code == 403
    deadline = time.monotonic() + 60
    while hub.api("GET", f"/users/{name}")["servers"] or load.learner_processes(name):
        assert time.monotonic() < deadline, f"still running: {load.learner_processes(name)}"
        time.sleep(0.5)
