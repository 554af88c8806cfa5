"""Fixtures of the real-browser tests.

`jupyter_lab` starts one JupyterLab server for the whole session, on a free localhost port, serving a
temporary copy of `notebooks/` (so running notebooks never writes over the committed ones), with every
Jupyter config/settings/runtime directory in a temporary folder (nothing written to the user's home,
no network access attempted). `browser_page` gives a fresh page of Debian's chromium driven by
Playwright; `lab_page` is the same page plus cleanup of the kernels the test started.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
# Inside the lab root the harness fixtures live next to the course notebooks, under this folder.
FIXTURES_IN_ROOT = "_fixtures"

SERVER_START_TIMEOUT_S = 60
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium keeps trying to reach Google services, which spams refused connections offline.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser test (JupyterLab + Playwright + chromium)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Remember each phase's report on the test item, so page fixtures can save a screenshot on failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _unavailable(reason):
    """In CI the browser tests must run, so a missing piece is a failure there; locally it is a skip."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so the browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        _unavailable(
            "chromium not found: install it with `apt-get install chromium` "
            "(or run the README's test command, which installs it) to run the browser tests"
        )
    return path


@dataclass
class JupyterLab:
    url: str  # e.g. http://127.0.0.1:PORT, no trailing slash
    token: str
    root: Path  # the temporary folder the server serves
    log_path: Path

    def api(self, method, path, timeout=10):
        """Call the Jupyter REST API; returns the decoded JSON answer (or None when empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines=40):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def shutdown_all_kernels(self):
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")


def _free_port():
    # Port 0 lets the OS pick a free port; there is a tiny race until the server binds it, and
    # port_retries=0 makes the server fail loudly instead of silently moving to another port.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_json(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2))


def _prepare_jupyter_dirs(base):
    """Temporary Jupyter directories with settings that keep JupyterLab quiet and offline."""
    dirs = {name: base / name for name in ("config", "data", "runtime", "lab-settings", "lab-workspaces", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True)
    # Server-side: no news feed, no update check, no PyPI-backed extension manager.
    _write_json(
        dirs["config"] / "jupyter_lab_config.json",
        {
            "LabApp": {
                "news_url": None,
                "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
                "extension_manager": "readonly",
            }
        },
    )
    settings = dirs["lab-settings"] / "@jupyterlab"
    # Client-side: never ask "Would you like to get notified about official Jupyter news?".
    _write_json(
        settings / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    # Render every cell (no virtual scrolling), so all outputs and widgets are in the DOM to inspect.
    _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings", {"windowingMode": "none"})
    # The lab root is a throwaway copy, but never save anything anyway.
    _write_json(settings / "docmanager-extension" / "plugin.jupyterlab-settings", {"autosave": False})
    return dirs


def _lab_root(base):
    """A temporary copy of the course notebooks, plus the harness fixtures under `_fixtures/`.

    The copy sits in a mirror of the repo (its other top-level folders symlinked next to it), so a
    notebook that reaches `../data/...` still finds it.
    """
    mirror = base / "repo"
    mirror.mkdir()
    for entry in REPO_ROOT.iterdir():
        if entry.name != NOTEBOOKS_DIR.name and not entry.name.startswith("."):
            (mirror / entry.name).symlink_to(entry)
    root = mirror / NOTEBOOKS_DIR.name
    if NOTEBOOKS_DIR.is_dir():
        shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        root.mkdir()
    shutil.copytree(FIXTURES_DIR, root / FIXTURES_IN_ROOT, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def _wait_until_answering(lab, process):
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {process.returncode} at startup; log tail:\n{lab.log_tail()}")
        try:
            lab.api("GET", "/api/status", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"JupyterLab did not answer /api/status within {SERVER_START_TIMEOUT_S} s; log tail:\n{lab.log_tail()}")


def _stop_server(lab, process):
    # Ask politely first: /api/shutdown stops the kernels too. Then signal the process group we
    # created, which contains the server and any kernel it started.
    try:
        lab.api("POST", "/api/shutdown", timeout=5)
        process.wait(timeout=15)
        return
    except Exception:
        pass
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory, chromium_path):
    # Depends on chromium_path only so that, without a browser, we skip before starting a server for nothing.
    base = tmp_path_factory.mktemp("jupyter")
    dirs = _prepare_jupyter_dirs(base)
    root = _lab_root(base)
    port = _free_port()
    token = secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["lab-settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["lab-workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),  # the kernels' history database
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--allow-root",  # containers and CI often run as root; harmless otherwise
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        # window.jupyterapp lets the tests read the real kernel state: the toolbar indicator says
        # "idle" before the kernel is even connected, and a Run All clicked then is lost.
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    lab = JupyterLab(url=f"http://127.0.0.1:{port}", token=token, root=root, log_path=base / "server.log")
    started = time.monotonic()
    with open(lab.log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_answering(lab, process)
        print(f"\njupyter lab answered after {time.monotonic() - started:.1f} s at {lab.url} (root {root})")
        yield lab
    finally:
        _stop_server(lab, process)


@pytest.fixture(scope="session")
def browser(chromium_path, tmp_path_factory):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package `playwright` is not installed (pip install -r requirements.txt)")
    # Playwright's own browser download is not used: we drive the system chromium. launch() gives
    # the browser a fresh, empty, temporary user-data-dir.
    with sync_playwright() as playwright:
        # Chromium keeps crash-report settings and caches under XDG dirs even with a temporary profile.
        xdg = tmp_path_factory.mktemp("chromium-xdg")
        env = {**os.environ, "XDG_CONFIG_HOME": str(xdg / "config"), "XDG_CACHE_HOME": str(xdg / "cache")}
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, env=env)
        yield chromium
        chromium.close()


def _close_page(page, request, tmp_path_factory):
    """Close the page's context; if the test failed, first save a screenshot and the console errors."""
    if page.is_closed():
        return
    keep_dir = os.environ.get("BROWSER_TEST_SCREENSHOTS")  # set it to look at what every test left on screen
    if keep_dir:
        Path(keep_dir).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(keep_dir) / f"{request.node.name}.png"), full_page=True)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tmp_path_factory.mktemp("browser-failures") / f"{request.node.name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failed page: {shot}")
        except Exception as error:  # the page may be broken; the failure itself matters more
            print(f"\n(could not take a screenshot: {error})")
        if page.console_errors:
            print("browser console errors:\n  " + "\n  ".join(page.console_errors[-20:]))
    page.context.close()


@pytest.fixture
def browser_page(browser, request, tmp_path_factory):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    # Keep the browser console's errors: they explain most widget failures.
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    _close_page(page, request, tmp_path_factory)


@pytest.fixture
def lab_page(browser_page, jupyter_lab, request, tmp_path_factory):
    """A browser page for a test that opens notebooks: their kernels are shut down afterwards."""
    yield browser_page
    # Close the lab first, so it does not pop up "kernel died" dialogs while we shut its kernels down.
    _close_page(browser_page, request, tmp_path_factory)
    jupyter_lab.shutdown_all_kernels()
