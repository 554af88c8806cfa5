"""A class on one server: JupyterHub, started by `./course hub`.

Each learner logs in and gets their own JupyterLab server, running as their own system user, in their own copy of
the course (~/course-workspace, private to them), with the course's environment (.venv) as the kernel. The server
makes and updates that copy itself, as the learner (classroom/singleuser.py): the hub, which runs as root, never
touches a path in a learner's home.

Who may log in (COURSE_HUB_AUTH):
- "pam" (the default, for real use): the machine's own accounts and passwords, as The Littlest JupyterHub does.
  Learners are the members of one system group (COURSE_HUB_GROUP, default "course"): `adduser ada` then
  `adduser ada course` lets Ada in; taken out of the group (`deluser ada course`), she is logged out within about
  two minutes (classroom/logins.py). The teacher (COURSE_HUB_TEACHER,
  default "teacher") is an account of the machine too. The hub must run as root to start servers as learners. Serve
  it behind HTTPS (a reverse proxy with a certificate) before anyone logs in over a network.
- "dummy": a trial on your own machine. Any name, one shared password (COURSE_HUB_PASSWORD), listening on this
  machine only (127.0.0.1). Every learner's server runs as one user: the hub's own, or, when the hub runs as root,
  the unprivileged user COURSE_HUB_TRIAL_USER (default "nobody"), so no learner's kernel is root. Learners are not
  kept apart from each other: it is not a login.

The teacher sees, but does not enter (classroom/roles.py): the hub's Admin page, who is logged in and whose server
runs, and starting and stopping a learner's server. The teacher cannot open a learner's notebooks, files, kernels
or terminals, cannot make tokens for learners, and cannot create, rename or delete accounts (a renamed account
would start its servers as another system user): that is done on the machine, with adduser.

Each learner's processes are held to COURSE_HUB_MEMORY_LIMIT (default 2G) and, where systemd runs the machine,
COURSE_HUB_CPU_LIMIT cores (default 1): with systemd, for the learner as a whole (jupyterhub-systemdspawner);
without it, for each of their processes, and CPU without a cap (classroom/limits.py). COURSE_HUB_LIMITS chooses:
"auto" (the default: systemd where it runs the machine), "systemd" or "process".

The hub keeps its database and cookie secret in COURSE_HUB_STATE (default classroom/state/, git-ignored), which only
the hub's user can read. It listens on COURSE_HUB_IP:COURSE_HUB_PORT (default 127.0.0.1:8000).
"""
import grp
import ipaddress
import os
import pwd
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from classroom import limits  # noqa: E402
from classroom.logins import ClassAuthenticator  # noqa: E402
from classroom.roles import TEACHER_SCOPES  # noqa: E402
from classroom.spawners import LearnerSpawner, TrialSpawner, cgroup_parent  # noqa: E402

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)

AUTH = os.environ.get("COURSE_HUB_AUTH", "pam")
TEACHER = os.environ.get("COURSE_HUB_TEACHER") or os.environ.get("COURSE_HUB_ADMIN") or "teacher"
GROUP = os.environ.get("COURSE_HUB_GROUP", "course")
MEMORY = os.environ.get("COURSE_HUB_MEMORY_LIMIT", "2G")
CPUS = float(os.environ.get("COURSE_HUB_CPU_LIMIT", "1"))
VENV_BIN = Path(sys.executable).parent  # the course's environment: the hub runs from it, so do the servers
AS_ROOT = os.geteuid() == 0

# What the hub writes (its database, the cookie secret) is for its own user alone.
os.umask(0o077)
STATE = Path(os.environ.get("COURSE_HUB_STATE", ROOT / "classroom" / "state")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o711 if AUTH == "dummy" else 0o700)  # a trial's servers reach their homes in it, nothing else
for secret in ("jupyterhub.sqlite", "jupyterhub_cookie_secret"):
    if (STATE / secret).exists():  # made 0644 by earlier versions of this file
        (STATE / secret).chmod(0o600)

c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_INTERNAL_PORT", "0")) or 8081
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# The proxy comes from the npm registry, pinned in classroom/package.json (./course hub installs it).
c.ConfigurableHTTPProxy.command = [str(ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('COURSE_HUB_PROXY_API_PORT', '8001'))}"

# The learner's server: classroom/singleuser.py makes their copy of the course, as them, then starts JupyterLab.
c.Spawner.cmd = [str(VENV_BIN / "python"), str(ROOT / "classroom" / "singleuser.py")]
c.Spawner.environment = {}
# A lesson's kernel left idle for 30 minutes is shut down (the notebook stays, saved), even if its tab is still open
# (cull_connected): a learner who opened every lesson would otherwise hold 2.2 GiB (benchmarks/bench_classroom.py),
# one kernel holds about 0.15 GiB. A kernel busy computing is never idle, so it is never culled.
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=300",
                  "--MappingKernelManager.cull_connected=True"]
c.Spawner.default_url = "/lab"
# Every learner's server is served from the hub's one address, so a page one server sends runs with the visitor's
# login: nothing a learner (or the teacher) puts in their home may be served or loaded by their server (JupyterLab
# extensions in ~/.local/share/jupyter, config in ~/.jupyter), or they could hand a classmate a link that acts as them.
c.Spawner.disable_user_config = True
c.Spawner.http_timeout = 60
c.Spawner.poll_interval = 10  # how soon a server that died, or whose learner may no longer log in, is noticed
c.Spawner.start_timeout = 120

# The teacher: a role that sees, not enters (classroom/roles.py). No admin: the admin role opens every server.
c.Authenticator.admin_users = set()
c.JupyterHub.load_roles = [{"name": "teacher", "description": "sees who is working and starts or stops their "
                            "servers; never opens them", "scopes": TEACHER_SCOPES, "users": [TEACHER]}]

if AUTH == "dummy":
    password = os.environ.get("COURSE_HUB_PASSWORD")
    if not password:
        sys.exit("COURSE_HUB_AUTH=dummy needs COURSE_HUB_PASSWORD (the password every trial learner uses)")
    host = c.JupyterHub.ip
    if host != "localhost" and not ipaddress.ip_address(host or "0.0.0.0").is_loopback:
        sys.exit(f"COURSE_HUB_AUTH=dummy is a trial on this machine, and lets anyone in with one password: it "
                 f"listens on 127.0.0.1 only, not {host!r}. For a class, use real logins (COURSE_HUB_AUTH=pam).")
    if len(password) < 8:
        sys.exit("COURSE_HUB_PASSWORD: give the trial's shared password at least 8 characters")
    c.JupyterHub.authenticator_class = "shared-password"  # any name, with the one password
    c.SharedPasswordAuthenticator.user_password = password
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = TrialSpawner  # every server as one unprivileged user, each in its own home
    c.TrialSpawner.homes = str(STATE / "homes")
    c.TrialSpawner.run_as = os.environ.get("COURSE_HUB_TRIAL_USER", "nobody") if AS_ROOT else ""
    closed = [str(d) for d in [STATE, *STATE.parents] if c.TrialSpawner.run_as and not d.stat().st_mode & 0o001]
    if closed:
        sys.exit(f"COURSE_HUB_AUTH=dummy as root runs the servers as {c.TrialSpawner.run_as!r}, who cannot enter "
                 f"{closed[0]}: put COURSE_HUB_STATE in a folder every user can enter (e.g. below /srv), or run the "
                 f"trial as an ordinary user.")
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")  # the browser tests read JupyterLab's state
    print(f"[course hub] TRIAL: anyone who knows the password logs in, on this machine only; every server runs as "
          f"{c.TrialSpawner.run_as or pwd.getpwuid(os.geteuid()).pw_name}.", file=sys.stderr)
elif AUTH == "pam":
    if not AS_ROOT:
        sys.exit("COURSE_HUB_AUTH=pam starts each learner's server as that learner: run ./course hub as root.")
    # Every learner's server runs the course's Python from the course's folder, as the learner: both must be open
    # to every user (a course in /root, or a Python of pyenv's in /root, are not).
    for needed in (ROOT, Path(sys.base_prefix), Path(os.path.realpath(VENV_BIN / "python")).parent):
        closed = [d for d in [needed, *needed.parents] if d.is_dir() and not d.stat().st_mode & 0o001]
        if closed:
            sys.exit(f"Learners could not run the course: {needed} is inside {closed[0]}, which other users cannot "
                     f"enter. Put the course in a folder everyone can read (e.g. /srv/course), and make its .venv "
                     f"from a Python every user can run (remove .venv: ./course picks one).")
    c.JupyterHub.authenticator_class = ClassAuthenticator  # PAM, checked again while logged in (classroom/logins.py)
    c.Authenticator.auth_refresh_age = int(os.environ.get("COURSE_HUB_RECHECK_SECONDS", "60"))
    c.Authenticator.refresh_pre_spawn = True
    c.Spawner.args.append("--HubOAuth.cache_max_age=60")  # a learner's server asks the hub again after a minute
    c.LocalAuthenticator.allowed_groups = {GROUP}
    c.Authenticator.allowed_users = {TEACHER}
    c.Authenticator.allow_existing_users = False  # taken out of the group, a learner is out, whatever the database
    try:
        group = grp.getgrnam(GROUP)
        members = sorted(set(group.gr_mem) | {u.pw_name for u in pwd.getpwall() if u.pw_gid == group.gr_gid})
        learners = f"the members of the group {GROUP!r}: {', '.join(members) or 'none yet'}"
    except KeyError:
        learners = f"no learner: there is no group {GROUP!r} (make it: addgroup {GROUP}; then adduser NAME {GROUP})"
    print(f"[course hub] Logins: the teacher {TEACHER!r} and {learners}.", file=sys.stderr)
    try:
        pwd.getpwnam(TEACHER)
    except KeyError:
        print(f"[course hub] There is no account {TEACHER!r} on this machine, so the teacher cannot log in: make "
              f"it (adduser {TEACHER}), or name the teacher's account in COURSE_HUB_TEACHER.", file=sys.stderr)
    limits_by = os.environ.get("COURSE_HUB_LIMITS", "auto")  # "systemd", "process", or "auto": systemd if it runs
    if limits_by not in ("auto", "systemd", "process"):
        sys.exit(f"COURSE_HUB_LIMITS should be 'auto', 'systemd' or 'process', not {limits_by!r}")
    if limits_by == "systemd" or limits_by == "auto" and Path("/run/systemd/system").is_dir():
        # systemd runs the machine: a cap for each learner as a whole, as The Littlest JupyterHub does
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
        c.SystemdSpawner.mem_limit = MEMORY
        c.SystemdSpawner.cpu_limit = CPUS
        c.SystemdSpawner.isolate_tmp = True
        c.SystemdSpawner.isolate_devices = True
        c.SystemdSpawner.disable_user_sudo = True
        c.SystemdSpawner.unit_name_template = "course-{USERNAME}"
    else:  # no systemd: each learner's server as their own user, in a memory cgroup of their own where one can be made
        c.JupyterHub.spawner_class = LearnerSpawner
else:
    sys.exit(f"COURSE_HUB_AUTH should be 'pam' (real use) or 'dummy' (a trial), not {AUTH!r}")

if c.JupyterHub.spawner_class != "systemdspawner.SystemdSpawner":
    # Without systemd: all of a learner's processes together in a memory cgroup where the machine allows one
    # (classroom/spawners.py), and each process held by a resource limit (classroom/limits.py) in any case: a large
    # allocation then fails with MemoryError in the learner's cell, rather than a process being killed.
    c.LearnerCgroup.memory_limit = limits.parse(MEMORY)
    c.Spawner.environment[limits.VARIABLE] = str(limits.parse(MEMORY))
    if AS_ROOT:  # learners are other users than the hub's: a count of their processes and threads is theirs alone
        c.Spawner.environment[limits.PROCESSES] = os.environ.get("COURSE_HUB_PROCESS_LIMIT", "1024")
    print("[course hub] Each learner's processes together: " + (f"at most {MEMORY} of memory (a cgroup of theirs)"
          if cgroup_parent() else "no cap (this machine lets the hub make no cgroups), but each process at most "
          f"{MEMORY}") + (f"; at most {c.Spawner.environment[limits.PROCESSES]} processes and threads"
                          if AS_ROOT else "") + ".", file=sys.stderr)

# Tokens for tools (each optional): COURSE_HUB_MONITOR_TOKEN reads who is logged in and whose server runs
# (monitoring, the tests); COURSE_HUB_LOAD_TOKEN may also create test learners, start their servers and reach them
# (classroom/load.py, with the trial login only).
c.JupyterHub.services = []
TOOLS = {"course-monitor": ("COURSE_HUB_MONITOR_TOKEN", ["list:users", "read:users", "read:servers"]),
         "course-load-test": ("COURSE_HUB_LOAD_TOKEN", ["list:users", "read:users", "read:servers", "admin:users",
                                                        "admin:servers", "tokens", "access:servers"])}
for name, (variable, scopes) in TOOLS.items():
    if os.environ.get(variable) and (name != "course-load-test" or AUTH == "dummy"):
        c.JupyterHub.services.append({"name": name, "api_token": os.environ[variable]})
        c.JupyterHub.load_roles.append({"name": name, "scopes": scopes, "services": [name]})
