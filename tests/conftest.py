"""Shared fixtures."""
import numpy as np
import pytest

# The test files that use the class hub's trial (`trial_hub`): pytest-xdist runs them on one worker, so the
# session starts one hub for all of them (see pytest_xdist_make_scheduler below).
TRIAL_HUB_FILES = {"tests/test_hub_safety.py", "tests/test_classroom_load.py", "tests/browser/test_hub.py"}


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture(scope="session")
def trial_hub(tmp_path_factory):
    """The class hub as ./course hub starts it, with the trial login (classroom/load.py starts it so), shared by every
    test that needs that configuration: starting and stopping a hub takes about 15 s. The tests give their learners
    names of their own, so none finds another test's learner. Tests that need another configuration (the real login,
    PAM) start their own."""
    from classroom import load

    with load.running_hub(tmp_path_factory.mktemp("trial-hub")) as hub:
        yield hub


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's --dist loadfile (pyproject.toml), except that TRIAL_HUB_FILES go to one worker together."""
    if config.getvalue("dist") != "loadfile":
        return None  # pytest-xdist's own scheduler
    from xdist.scheduler import LoadFileScheduling

    class LoadFileTrialHubTogether(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            return "trial-hub" if path in TRIAL_HUB_FILES else path

    return LoadFileTrialHubTogether(config, log)
