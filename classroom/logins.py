"""The class's real login (COURSE_HUB_AUTH=pam in classroom/jupyterhub_config.py): the machine's accounts, for the
members of the class's system group and the teacher.

JupyterHub asks who may log in only at login; its cookie then holds for two weeks. Here, every login is checked again
at least every ``auth_refresh_age`` seconds (set by the config), and before each server start: a learner taken out of
the group, or whose account is gone, is logged out at the next check, and their server (with all they left running)
is stopped at its next poll (classroom/spawners.py, LearnerSpawner).
"""
from __future__ import annotations

import pwd

from jupyterhub.auth import PAMAuthenticator


class ClassAuthenticator(PAMAuthenticator):
    def still_allowed(self, name: str) -> bool:
        try:
            pwd.getpwnam(name)
        except KeyError:
            return False  # the account is gone
        return bool(self.check_allowed(name, None))

    async def refresh_user(self, user, handler=None):
        return self.still_allowed(user.name)
