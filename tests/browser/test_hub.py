"""A class on one server: the hub `./course hub` starts (classroom/jupyterhub_config.py), with the test-only
"dummy" login. Two learners log in in their own browsers, each gets their own server in their own copy of the
course, and each runs a lesson; the teacher's admin page and the hub's API show who is running, and the teacher
cannot open a learner's JupyterLab.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from classroom import load

from . import lab
from .conftest import REPO_ROOT, _close_page

pytestmark = pytest.mark.browser

LESSON = "01_single_node.ipynb"


@dataclass
class LearnersLab:
    """What tests/browser/lab.py needs of a JupyterLab: its address (the learner's own server) and a token
    (none: the learner is logged in by the hub's cookie)."""
    url: str
    token: str = ""

    def log_tail(self):
        return ""


# Learners of this test only: the hub is shared with tests/test_hub_safety.py, whose learners have servers already,
# and here each learner's server must be started by their login.
LEARNERS = ("hedy", "joan")


@pytest.fixture(scope="module")
def hub(chromium_path, trial_hub):
    """The hub as ./course hub starts it, with the test-only dummy login: the session's (tests/conftest.py).
    It asks for chromium_path first so that, without a browser, the test is skipped before a hub is started."""
    print(f"\nthe hub answered after {trial_hub.started_in:.1f} s")
    return trial_hub


def log_in(browser, hub, name):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", load.PASSWORD)
    started = time.monotonic()
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab**", timeout=120_000)  # the hub starts the learner's server
    print(f"\n{name}: logged in and own server ready in {time.monotonic() - started:.1f} s")
    return page


def test_two_learners_each_run_a_lesson_in_their_own_copy(browser, hub, request, tmp_path_factory):
    assert not set(LEARNERS) & {user["name"] for user in hub.api("GET", "/users")}, "not new learners"
    pages = {name: log_in(browser, hub, name) for name in LEARNERS}
    try:
        for name, page in pages.items():
            own = LearnersLab(url=f"{hub.url}/user/{name}")
            lab.open_notebook(page, own, LESSON)
            lab.run_all_cells(page, timeout_s=180)
            assert lab.error_outputs(page) == [], f"{name}'s run of {LESSON} printed errors"
            lab.click_menu(page, "File", "docmanager:save")
        for name in pages:  # each learner's copy, made from notebooks/ and saved in their own home
            workspace = hub.state / "homes" / name / "course-workspace"
            deadline = time.monotonic() + 10
            while '"execution_count": 1' not in (workspace / LESSON).read_text():
                assert time.monotonic() < deadline, f"{name}'s run was not saved in their own workspace"
                time.sleep(0.2)
            assert (workspace / "exercises" / "lesson01.py").exists()
        shipped = (REPO_ROOT / "notebooks" / LESSON).read_text()
        assert '"execution_count": null' in shipped or "execution_count" in shipped  # notebooks/ is as shipped
        # Who is running: the monitoring token, and the teacher's admin page.
        users = {user["name"]: user for user in hub.api("GET", "/users")}
        assert set(LEARNERS) <= set(users)
        assert all(users[name]["servers"][""]["ready"] for name in LEARNERS)
        teacher = log_in(browser, hub, "teacher")
        teacher.goto(f"{hub.url}/hub/admin")
        for name in LEARNERS:
            teacher.get_by_text(name, exact=True).first.wait_for(timeout=30_000)
        # ... but cannot enter a learner's server: the hub refuses, and no JupyterLab opens.
        answer = teacher.goto(f"{hub.url}/user/{LEARNERS[0]}/lab")
        assert answer.status == 403, (answer.status, teacher.url)
        assert teacher.locator("#jp-main-dock-panel").count() == 0
        _close_page(teacher, request, tmp_path_factory)
        for name, page in pages.items():
            assert page.console_errors == [], f"{name}: {page.console_errors}"
    finally:
        for page in pages.values():
            _close_page(page, request, tmp_path_factory)
