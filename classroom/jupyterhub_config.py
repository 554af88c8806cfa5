"""A class on one server: JupyterHub, started by `./course hub`.

Each learner logs in and gets their own JupyterLab server, running as their own system user, in their own copy
of the course (~/course-workspace, made and updated from notebooks/ at every start by classroom/workspace.py),
with the course's environment (.venv) as the kernel. The teacher (COURSE_HUB_ADMIN, default "teacher") is an
admin: the hub's Admin page shows who is logged in and whose server runs, and can stop them.

Who may log in (COURSE_HUB_AUTH):
- "pam" (the default, for real use): the machine's own user accounts and passwords, as The Littlest
  JupyterHub does. Create one account per learner (`adduser ada`); the hub must run as root to start servers as
  them. Serve it behind HTTPS (a reverse proxy with a certificate) before anyone logs in over a network.
- "dummy": any name, one shared password (COURSE_HUB_PASSWORD), every server running as the hub's own user in
  COURSE_HUB_STATE/homes/NAME. For tests and a trial on your own machine only: it is not a login.

The hub keeps its database, cookie secret and (with "dummy") the learners' homes in COURSE_HUB_STATE (default
classroom/state/, git-ignored). It listens on COURSE_HUB_IP:COURSE_HUB_PORT (default 127.0.0.1:8000).
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from classroom import workspace  # noqa: E402  (the same code as ./course open)

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)

STATE = Path(os.environ.get("COURSE_HUB_STATE", ROOT / "classroom" / "state")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
AUTH = os.environ.get("COURSE_HUB_AUTH", "pam")
ADMIN = os.environ.get("COURSE_HUB_ADMIN", "teacher")
VENV_BIN = Path(sys.executable).parent  # the course's environment: the hub runs from it, so do the servers

c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_INTERNAL_PORT", "0")) or 8081
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# The proxy comes from the npm registry, pinned in classroom/package.json (./course hub installs it).
c.ConfigurableHTTPProxy.command = [str(ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('COURSE_HUB_PROXY_API_PORT', '8001'))}"

c.Authenticator.admin_users = {ADMIN}
c.JupyterHub.admin_access = False  # the teacher sees and stops servers, but does not open learners' notebooks
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
# A lesson's kernel left idle for 30 minutes is shut down (the notebook stays, saved): a learner who opened every
# lesson would otherwise hold 2.2 GiB (benchmarks/bench_classroom.py), one kernel holds about 0.15 GiB.
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=300"]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

if AUTH == "dummy":
    password = os.environ.get("COURSE_HUB_PASSWORD")
    if not password:
        sys.exit("COURSE_HUB_AUTH=dummy needs COURSE_HUB_PASSWORD (the password every test learner uses)")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = password
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "simple"  # every server as the hub's user, each in its own home below STATE
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")  # the browser tests read JupyterLab's state
    if os.geteuid() == 0:  # a test machine or container run as root: the servers run as root too
        c.Spawner.args.append("--allow-root")
elif AUTH == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allow_existing_users = True  # the accounts the admin creates on the machine
    c.JupyterHub.spawner_class = "localprocess"  # each server as the learner's own system user
else:
    sys.exit(f"COURSE_HUB_AUTH should be 'pam' (real use) or 'dummy' (tests), not {AUTH!r}")


def seed_workspace(spawner):
    """Before a learner's server starts: their copy of the course, made or updated (new lessons added, theirs
    never written over), in their home; the server opens there."""
    home = Path(spawner.home_dir_template.format(username=spawner.user.name) if AUTH == "dummy"
                else os.path.expanduser(f"~{spawner.user.name}"))
    folder = home / "course-workspace"
    workspace.prepare(folder)
    if AUTH == "pam" and os.geteuid() == 0:  # made by root: give it to the learner
        import pwd
        entry = pwd.getpwnam(spawner.user.name)
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
    spawner.notebook_dir = str(folder)
    spawner.environment["COURSE_WORKSPACE"] = str(folder)


c.Spawner.pre_spawn_hook = seed_workspace

# Tokens for tools (each optional): COURSE_HUB_MONITOR_TOKEN reads who is logged in and whose server runs
# (monitoring, the tests); COURSE_HUB_LOAD_TOKEN may also create test learners and start their servers
# (classroom/load.py, with the dummy login only).
c.JupyterHub.services, c.JupyterHub.load_roles = [], []
TOOLS = {"course-monitor": ("COURSE_HUB_MONITOR_TOKEN", ["list:users", "read:users", "read:servers"]),
         "course-load-test": ("COURSE_HUB_LOAD_TOKEN", ["list:users", "read:users", "read:servers", "admin:users",
                                                        "admin:servers", "tokens", "access:servers"])}
for name, (variable, scopes) in TOOLS.items():
    if os.environ.get(variable) and (name != "course-load-test" or AUTH == "dummy"):
        c.JupyterHub.services.append({"name": name, "api_token": os.environ[variable]})
        c.JupyterHub.load_roles.append({"name": name, "scopes": scopes, "services": [name]})
