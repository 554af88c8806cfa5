"""How the class hub starts learners' servers where systemd does not run the machine (classroom/jupyterhub_config.py).

Both spawners here put all of one learner's processes in a memory cgroup of their own, capped at ``memory_limit``
bytes for the learner as a whole (their server, every kernel, every process a terminal starts, and what they write to
/dev/shm), where the machine lets root make cgroups (cgroup v2 with the memory controller, or v1's memory hierarchy).
Past the cap the kernel's OOM killer stops a process of that learner, never of another. When their server stops, all
their processes in it stop too (a job started in a terminal does not outlive it). The hub makes the cgroup in
the new process, as root, before it becomes the learner: only cgroup files are written, never a learner's path.

- ``LearnerSpawner``: each learner's server as their own system user (the real login, PAM).
- ``TrialSpawner``: the trial login's learners have no accounts on the machine, so their servers all run as one
  user: the hub's own, or, when the hub runs as root, an unprivileged user (``run_as``, "nobody" by default), so that
  no learner's kernel is root and none can read the hub's database or cookie secret. Each learner has a home of their
  own below ``homes``, made by the hub when their server first starts (a fresh folder, in a folder only root can
  write: no learner's path is followed).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import re
import signal
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Unicode

CGROUPS = Path("/sys/fs/cgroup")


def cgroup_parent() -> tuple[Path, str] | None:
    """Where learners' memory cgroups go, and the name of the file that caps one ("memory.max" in cgroup v2,
    "memory.limit_in_bytes" in v1), or None where this process cannot make them (not root, no memory controller,
    a read-only /sys/fs/cgroup as in many containers)."""
    if os.geteuid() != 0:
        return None
    v2 = CGROUPS / "cgroup.controllers"
    if v2.exists() and "memory" in v2.read_text().split() and os.access(CGROUPS, os.W_OK):
        return CGROUPS / "course", "memory.max"
    v1 = CGROUPS / "memory"
    if (v1 / "memory.limit_in_bytes").exists() and os.access(v1, os.W_OK):
        return v1 / "course", "memory.limit_in_bytes"
    return None


def cgroup_name(learner: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", learner)


def join_learner_cgroup(name: str, limit: int) -> Path | None:
    """Put this process (and so all it starts) in the learner ``name``'s memory cgroup, capped at ``limit`` bytes."""
    found = cgroup_parent()
    if not found or not limit:
        return None
    parent, cap = found
    group = parent / cgroup_name(name)
    if cap == "memory.max":  # v2: a group passes a controller on to its children only when told to
        (CGROUPS / "cgroup.subtree_control").write_text("+memory")
        parent.mkdir(exist_ok=True)
        (parent / "cgroup.subtree_control").write_text("+memory")
    group.mkdir(parents=True, exist_ok=True)
    (group / cap).write_text(str(limit))
    if (group / "memory.kmem.tcp.limit_in_bytes").exists():  # v1 counts sockets' buffers only when told to
        (group / "memory.kmem.tcp.limit_in_bytes").write_text(str(limit))
    (group / "cgroup.procs").write_text(str(os.getpid()))
    return group


class LearnerCgroup(LocalProcessSpawner):
    memory_limit = Integer(0, help="bytes for all of a learner's processes together (0: no cap)").tag(config=True)

    def make_preexec_fn(self, name):
        become = self.become_learner(name)
        limit, learner = self.memory_limit, self.user.name

        def preexec():  # in the new process, as root, before it becomes the learner's server
            join_learner_cgroup(learner, limit)
            become()

        return preexec

    def become_learner(self, name):
        return super().make_preexec_fn(name)

    async def stop(self, now=False):
        await super().stop(now=now)
        await self.stop_leftovers()

    async def stop_leftovers(self):
        """Whatever the learner left running in their cgroup (a job started in a terminal, a kernel) is stopped."""
        found = cgroup_parent()
        if found:
            group = found[0] / cgroup_name(self.user.name)
            for _ in range(10):
                try:
                    pids = [int(pid) for pid in (group / "cgroup.procs").read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                await asyncio.sleep(0.2)
            with contextlib.suppress(OSError):
                group.rmdir()


class LearnerSpawner(LearnerCgroup):
    """Each learner's server as their own system user, in their memory cgroup. A learner who may no longer log in
    (taken out of the class's group, or whose account is gone) has their server stopped at the next poll: it and all
    they left running."""

    async def poll(self):
        allowed = getattr(self.authenticator, "still_allowed", None)
        if self.pid and allowed is not None and not allowed(self.user.name):
            self.log.warning("%s may no longer log in: their server is stopped", self.user.name)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            await self.stop_leftovers()
        return await super().poll()  # the hub then takes the server's address down, as for any server that ended


class TrialSpawner(LearnerCgroup):
    homes = Unicode(help="the folder of the learners' homes, one folder each").tag(config=True)
    run_as = Unicode("", help="the user every server runs as when the hub is root (empty: the hub's own)").tag(
        config=True)

    @property
    def home(self) -> Path:
        return Path(self.homes) / self.user.name

    def _account(self):
        return pwd.getpwnam(self.run_as) if self.run_as else pwd.getpwuid(os.geteuid())

    def become_learner(self, name):
        account, home, homes, run_as = self._account(), self.home, Path(self.homes), self.run_as

        def become():
            homes.mkdir(exist_ok=True)
            homes.chmod(0o711)  # the servers go through it to their own homes, and cannot list or write it
            try:
                home.mkdir(mode=0o700)
                if run_as:  # a folder root just made, in a folder only root can write
                    os.chown(home, account.pw_uid, account.pw_gid, follow_symlinks=False)
            except FileExistsError:
                pass
            if run_as:
                os.setgid(account.pw_gid)
                os.setgroups([])
                os.setuid(account.pw_uid)
            os.chdir(home)

        return become

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = str(self.home)
        env["SHELL"] = "/bin/bash"
        return env

    def move_certs(self, paths):
        return paths
