"""The trial login's spawner (COURSE_HUB_AUTH=dummy in classroom/jupyterhub_config.py).

A trial's learners have no accounts on the machine, so their servers cannot run as themselves. They all run as one
user: the hub's own, or, when the hub runs as root, an unprivileged user (``run_as``, "nobody" by default), so that
no learner's kernel is root and none can read the hub's database or cookie secret. Each learner has a home of their
own below ``homes``, made by the hub when their server first starts (a fresh folder, in a folder only root can
write: no learner's path is followed).
"""
from __future__ import annotations

import os
import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode


class TrialSpawner(LocalProcessSpawner):
    homes = Unicode(help="the folder of the learners' homes, one folder each").tag(config=True)
    run_as = Unicode("", help="the user every server runs as when the hub is root (empty: the hub's own)").tag(
        config=True)

    @property
    def home(self) -> Path:
        return Path(self.homes) / self.user.name

    def _account(self):
        return pwd.getpwnam(self.run_as) if self.run_as else pwd.getpwuid(os.geteuid())

    def make_preexec_fn(self, name):
        account, home, homes = self._account(), self.home, Path(self.homes)

        def preexec():  # in the new process, before it becomes the learner's server
            homes.mkdir(exist_ok=True)
            homes.chmod(0o711)  # the servers go through it to their own homes, and cannot list or write it
            try:
                home.mkdir(mode=0o700)
                if self.run_as:  # a folder root just made, in a folder only root can write
                    os.chown(home, account.pw_uid, account.pw_gid, follow_symlinks=False)
            except FileExistsError:
                pass
            if self.run_as:
                os.setgid(account.pw_gid)
                os.setgroups([])
                os.setuid(account.pw_uid)
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = str(self.home)
        env["SHELL"] = "/bin/bash"
        return env

    def move_certs(self, paths):
        return paths
