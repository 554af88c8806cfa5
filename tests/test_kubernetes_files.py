"""A class on Kubernetes: the files that are checked here, without Docker or a cluster (README, "A class on
Kubernetes"): the image definition repo2docker reads (.binder/), the Helm values for Zero to JupyterHub
(classroom/kubernetes/values.yaml, checked against the chart's own schema and its JupyterHub version) and the
nbgitpuller link learners open (classroom/links.py).

Fast and offline: .binder/postBuild runs against a temporary environment whose python only records how it was
called, so nothing is installed and .venv is not touched. The chart's files come from shared/z2jh/, beside the
repository (in CI too): without them the chart tests fail, they are not skipped."""
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema  # in .venv through jupyter_server (jupyter-events), as PyYAML: pinned by requirements.lock
import pytest
import yaml
from jupyterhub.traitlets import ByteSpecification
from packaging.requirements import Requirement
from packaging.version import Version

from classroom.links import main as links_main
from classroom.roles import TEACHER_SCOPES
from classroom.links import nbgitpuller_link

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / ".binder"
VALUES = ROOT / "classroom" / "kubernetes" / "values.yaml"
# Zero to JupyterHub's own values.yaml (its defaults), values.schema.yaml and README.md (which names its appVersion)
Z2JH = ROOT.parent / "shared" / "z2jh"
# The chart release classroom/kubernetes/values.yaml and README name, and the JupyterHub it runs: chart 4.4.0
# (2026-06-10, the newest release) has appVersion 5.5.0 in its Chart.yaml and images/hub/requirements.txt pins
# jupyterhub==5.5.0; its changelog: "4.4.0 upgrades JupyterHub to 5.5.0" (github.com/jupyterhub/zero-to-jupyterhub-k8s,
# tag 4.4.0). The chart's main branch (shared/z2jh, commit 48ea50e3) still runs 5.5.0.
CHART_VERSION, CHART_JUPYTERHUB = "4.4.0", "5.5.0"
EXTENSION_JSON = {"ServerApp": {"jpserver_extensions": {"dlkit.server_extension": True}}}


def requirement_lines(path):
    """A requirements file's lines without comments and blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


# The Helm values (Zero to JupyterHub) ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def values():
    return yaml.safe_load(VALUES.read_text())


def test_values_use_the_image_repo2docker_builds(values):
    image = values["singleuser"]["image"]
    assert isinstance(image["name"], str) and image["name"] and ":" not in image["name"].rsplit("/", 1)[-1]
    assert isinstance(image["tag"], str) and image["tag"] and image["tag"] != "latest"
    assert image["name"] != "quay.io/jupyterhub/k8s-singleuser-sample"  # the chart's own test image
    text = VALUES.read_text()
    for key in ("name", "tag"):  # the placeholders say they are placeholders
        line = next(i for i, line in enumerate(text.splitlines()) if line.strip().startswith(f"{key}:"))
        assert "TEACHER" in "\n".join(text.splitlines()[line - 3:line + 1]), f"image {key} not marked for the teacher"
    assert values["singleuser"]["uid"] == 1000  # repo2docker's jovyan, built with --user-id 1000


def test_each_learner_has_cpu_and_memory_guarantees_within_limits(values):
    cpu, memory = values["singleuser"]["cpu"], values["singleuser"]["memory"]
    assert 0 < cpu["guarantee"] <= cpu["limit"]
    as_bytes = ByteSpecification().validate  # how the hub reads them: K, M, G, T (1024-based), not Gi
    assert 0 < as_bytes(None, memory["guarantee"]) <= as_bytes(None, memory["limit"])
    assert "From README's sizing table" in VALUES.read_text(), "the numbers should say where they come from"


def test_learners_land_in_jupyterlab_and_idle_servers_are_culled(values):
    assert values["singleuser"]["defaultUrl"] == "/lab"
    cull = values["cull"]
    assert cull["enabled"] is True and cull["users"] is False
    assert cull["timeout"] > 0 and 0 < cull["every"] <= cull["timeout"]


def test_the_teacher_has_the_same_role_as_on_one_server(values):
    """The teacher sees and never enters, on Kubernetes as on one server (tests/test_hub_safety.py tries it)."""
    role = values["hub"]["loadRoles"]["teacher"]
    assert role["scopes"] == TEACHER_SCOPES
    assert not {"access:servers", "admin:users", "tokens", "admin:servers", "users"} & set(role["scopes"])
    assert len(role["users"]) == 1 and "TEACHER" in VALUES.read_text().split(role["users"][0], 1)[1].split("\n")[0]


def test_the_login_is_real_with_https(values):
    config = values["hub"]["config"]
    # Zero to JupyterHub passes hub.config's top-level keys to JupyterHub as configurable classes (and refuses others)
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", key) for key in config), list(config)
    authenticator = config["JupyterHub"]["authenticator_class"]
    assert authenticator and "dummy" not in authenticator.lower() and authenticator.lower() not in ("null", "pam")
    assert authenticator == "github"  # the example written out; its settings:
    github = config["GitHubOAuthenticator"]
    assert {"client_id", "client_secret", "oauth_callback_url"} <= set(github)
    # since JupyterHub 5 nobody gets in without an "allow" setting
    assert github["allowed_organizations"] and "read:org" in github["scope"]
    assert config["Authenticator"]["admin_users"] == []  # nobody: an admin opens every learner's server
    assert "admin_access" not in config["JupyterHub"]  # a no-op since JupyterHub 2: the admin role has access:servers
    callback = urlsplit(github["oauth_callback_url"])
    assert callback.scheme == "https" and callback.path == "/hub/oauth_callback"
    https = values["proxy"]["https"]
    assert https["enabled"] is True and https["hosts"] == [callback.hostname]
    assert "DummyAuthenticator" not in config


def z2jh_file(name):
    """A file of the chart's from shared/z2jh/; the test fails (not skips) without it: CI has a copy of shared/."""
    path = Z2JH / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the chart tests need Zero to JupyterHub's values.yaml, values.schema.yaml and "
                    f"README.md in shared/z2jh/ beside the repository ({ROOT.parent}), as CI has them", pytrace=False)
    return path.read_text()


def helm_merge(defaults, values):
    """What Helm does with a values file over the chart's defaults: maps merge key by key, all else is replaced, and
    a null removes the chart's key."""
    merged = dict(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def schema_errors(values):
    schema = yaml.safe_load(z2jh_file("values.schema.yaml"))
    jsonschema.Draft7Validator.check_schema(schema)
    defaults = yaml.safe_load(z2jh_file("values.yaml"))
    errors = jsonschema.Draft7Validator(schema).iter_errors(helm_merge(defaults, values))
    return sorted(f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in errors)


def test_helm_merge_merges_maps_and_replaces_the_rest():
    defaults = {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": "x", "g": 1}
    assert helm_merge(defaults, {"a": {"c": [3], "d": {"h": 2}}, "f": {"i": 1}, "g": None}) == {
        "a": {"b": 1, "c": [3], "d": {"e": 1, "h": 2}}, "f": {"i": 1}}
    assert defaults["a"]["d"] == {"e": 1}  # the chart's defaults are left as they were


def test_values_pass_the_charts_schema_after_merging_over_its_defaults(values):
    """What Helm checks before it installs anything: the chart's defaults with this file over them, against the
    chart's schema (draft 7). The schema refuses unknown keys, so a misspelt or moved setting fails here."""
    assert schema_errors(values) == []
    assert schema_errors({"singleuser": {"cpuu": {"limit": 1}}}), "the schema should refuse an unknown key"
    assert schema_errors({"cull": {"timeout": "an hour"}}), "the schema should refuse a wrong type"


def test_the_image_runs_the_jupyterhub_major_version_of_the_chart_it_names():
    """Each learner's server runs the image's jupyterhub-singleuser, talking to the chart's hub: their JupyterHub
    must share its major version. One pin for everything: requirements.txt (./course hub and the image)."""
    pins = [Requirement(line) for line in requirement_lines(ROOT / "requirements.txt") if not line.startswith("-")]
    (pin,) = [req for req in pins if req.name == "jupyterhub"]
    (spec,) = pin.specifier
    assert spec.operator == "==", pin
    app_version = re.search(r"appVersion[^0-9]*(\d+\.\d+\.\d+)", z2jh_file("README.md")).group(1)
    assert Version(spec.version).major == Version(app_version).major == Version(CHART_JUPYTERHUB).major, (
        f"the image's jupyterhub {spec.version}, the chart's {app_version} (main) and {CHART_JUPYTERHUB} (chart "
        f"{CHART_VERSION}) should share their major version")
    # the released chart is named where the teacher reads the install command
    for path in (VALUES, ROOT / "README.md"):
        text = path.read_text()
        assert f"--version {CHART_VERSION} " in text and "CHART-VERSION" not in text, path


# The image definition repo2docker reads (.binder/) --------------------------------------------------------------

def test_repo2docker_reads_the_binder_folder_and_nothing_overrides_it():
    assert BINDER.is_dir()
    assert not (ROOT / "binder").exists(), "repo2docker refuses a repository with both binder/ and .binder/"
    assert not (ROOT / "Dockerfile").exists() and not (BINDER / "Dockerfile").exists()  # a Dockerfile wins over all
    # files that would make repo2docker pick another build pack than pip's, or that it would read instead of ours
    others = ["environment.yml", "Pipfile", "Pipfile.lock", "Project.toml", "JuliaProject.toml", "REQUIRE",
              "default.nix", "DESCRIPTION", "install.R", "pyproject.toml", "setup.py", "requirements3.txt"]
    assert not [name for name in others if (BINDER / name).exists()]
    assert {"requirements.txt", "runtime.txt", "postBuild"} <= {path.name for path in BINDER.iterdir()}
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"  # the image's Python is the oldest the course supports, as the tests run it


def test_binder_requirements_include_the_course_and_pin_nbgitpuller():
    lines = requirement_lines(BINDER / "requirements.txt")
    assert "-r ../requirements.lock" in lines  # the lock of requirements.txt: every version the tests ran with
    assert (BINDER / "../requirements.lock").resolve() == ROOT / "requirements.lock"
    assert not [line for line in lines if line.startswith("-") and line != "-r ../requirements.lock"]
    packages = [line for line in lines if not line.startswith("-")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", line) for line in packages), packages
    assert any(re.fullmatch(r"nbgitpuller==\d+\.\d+\.\d+", line) for line in packages)
    root = " ".join(requirement_lines(ROOT / "requirements.txt")).lower()
    assert "nbgitpuller" not in root, "nbgitpuller is only for the image"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pip's vendored pkg_resources
def test_pip_reads_the_nested_lock_beside_the_binder_file_and_every_version_is_pinned():
    """What repo2docker runs: `pip install -r .binder/requirements.txt` from the repository's top level. pip reads
    `-r ../requirements.lock` relative to .binder/requirements.txt (relative to the top level it would be a file
    outside the repository, which does not exist). Every package is pinned to one version; dlkit is not among them
    (the lock leaves it out): postBuild installs it, as a regular package."""
    try:
        from pip._internal.network.session import PipSession
        from pip._internal.req.constructors import install_req_from_parsed_requirement
        from pip._internal.req.req_file import parse_requirements
    except ImportError:  # pip's internals moved: the text checks above still hold
        pytest.skip("this pip has no pip._internal.req.req_file.parse_requirements")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        parsed = list(parse_requirements(".binder/requirements.txt", session=PipSession()))
        editable = [install_req_from_parsed_requirement(req) for req in parsed if req.is_editable]
    finally:
        os.chdir(cwd)
    assert not (ROOT.parent / "requirements.lock").exists()
    assert {req.requirement.split("==")[0] for req in parsed} >= {"numpy", "jupyterhub", "jupyterlab", "nbgitpuller",
                                                                  "jupyter-server", "tornado", "traitlets"}
    assert editable == []
    unpinned = [req.requirement for req in parsed
                if not re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.+!]*", req.requirement)]
    assert unpinned == []


@pytest.fixture
def image_env(tmp_path):
    """A stand-in for the image's environment: its bin/python records each call (arguments and folder), and
    fails when FAIL_ON names a word in them."""
    prefix = tmp_path / "env"
    (prefix / "bin").mkdir(parents=True)
    log = tmp_path / "calls.jsonl"
    python = prefix / "bin" / "python"
    python.write_text(f"""#!{sys.executable}
import json, os, sys
with open({str(log)!r}, "a") as f:
    f.write(json.dumps({{"args": sys.argv[1:], "cwd": os.getcwd()}}) + "\\n")
sys.exit(1 if os.environ.get("FAIL_ON") in sys.argv[1:] else 0)
""")
    python.chmod(0o755)
    return prefix, log


def run_post_build(prefix, cwd, **extra):
    env = {key: value for key, value in os.environ.items() if key != "NB_PYTHON_PREFIX"}
    if prefix is not None:
        env["NB_PYTHON_PREFIX"] = str(prefix)
    env.update(extra)
    return subprocess.run([str(BINDER / "postBuild")], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_post_build_is_an_executable_strict_bash_script():
    script = BINDER / "postBuild"
    assert script.stat().st_mode & stat.S_IXUSR
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    subprocess.run(["bash", "-n", str(script)], check=True)
    assert "npm" not in text and "configurable-http-proxy" not in text  # the chart brings the hub and proxy


def test_post_build_installs_dlkit_as_a_package_and_enables_its_server_extension(image_env, tmp_path):
    prefix, log = image_env
    venv_json = ROOT / ".venv" / "etc" / "jupyter" / "jupyter_server_config.d" / "dlkit.json"
    before = venv_json.stat().st_mtime_ns if venv_json.exists() else None
    done = run_post_build(prefix, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    install, check = calls
    assert install == {"args": ["-m", "pip", "install", "--no-cache-dir", "--no-deps", "--no-build-isolation",
                                "--force-reinstall", "."], "cwd": str(ROOT)}  # dlkit, not editable, offline
    assert check["cwd"] == "/" and check["args"][0] == "-c"  # imported from outside the repository
    assert {"dlkit", "dlkit.data", "dlkit.server_extension", "nbgitpuller"} <= set(
        re.findall(r"[\w.]+", check["args"][1].split("import", 1)[1]))
    written = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "dlkit.json"
    assert json.loads(written.read_text()) == EXTENSION_JSON
    # the same file ./course writes into .venv
    course = (ROOT / "course").read_text()
    echoed = re.search(r"echo ('[^']*')\s*\\\s*\n\s*> \.venv/etc/jupyter/jupyter_server_config\.d/dlkit\.json", course)
    assert echoed and json.loads(shlex.split(echoed.group(1))[0]) == EXTENSION_JSON
    assert (venv_json.stat().st_mtime_ns if venv_json.exists() else None) == before  # .venv untouched


def test_post_build_stops_at_the_first_failure(image_env, tmp_path):
    prefix, log = image_env
    done = run_post_build(prefix, cwd=tmp_path, FAIL_ON="pip")
    assert done.returncode != 0
    assert len(log.read_text().splitlines()) == 1
    assert not (prefix / "etc").exists()


def test_post_build_refuses_to_run_outside_repo2docker(image_env, tmp_path):
    prefix, log = image_env
    done = run_post_build(None, cwd=tmp_path)
    assert done.returncode != 0 and "NB_PYTHON_PREFIX" in done.stderr
    assert not log.exists()


# The nbgitpuller link (classroom/links.py) ----------------------------------------------------------------------

def test_the_link_for_the_course():
    assert nbgitpuller_link("https://course.example.org", "https://github.com/your-org/deep-learning-course") == (
        "https://course.example.org/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fyour-org%2Fdeep-learning-course"
        "&branch=main"
        "&urlpath=lab%2Ftree%2Fdeep-learning-course%2Fnotebooks%2F00_welcome.ipynb")


def test_the_link_with_a_hub_under_a_path_another_branch_and_a_git_address():
    # nbgitpuller clones https://.../dl-course.git into the folder "dl-course.git", so the lesson is opened there
    assert nbgitpuller_link("https://hub.example.edu/jupyter/", "https://git.example.edu/teaching/dl-course.git",
                            branch="autumn 2026", path="notebooks/08_hidden_layers.ipynb") == (
        "https://hub.example.edu/jupyter/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgit.example.edu%2Fteaching%2Fdl-course.git"
        "&branch=autumn+2026"
        "&urlpath=lab%2Ftree%2Fdl-course.git%2Fnotebooks%2F08_hidden_layers.ipynb")


@pytest.mark.parametrize("hub_url", ["course.example.org", "ftp://course.example.org", "https://", "",
                                     "https://course.example.org/?next=x"])
def test_the_link_refuses_a_hub_address_without_http(hub_url):
    with pytest.raises(ValueError, match="hub's address"):
        nbgitpuller_link(hub_url, "https://github.com/your-org/deep-learning-course")


@pytest.mark.parametrize("repo", ["", "   "])
def test_the_link_refuses_an_empty_repository(repo):
    with pytest.raises(ValueError, match="repository is missing"):
        nbgitpuller_link("https://course.example.org", repo)


def test_the_link_refuses_other_apps_and_an_empty_branch():
    with pytest.raises(ValueError, match="app should be one of lab"):
        nbgitpuller_link("https://course.example.org", "https://github.com/o/r", app="classic")
    with pytest.raises(ValueError, match="branch is empty"):
        nbgitpuller_link("https://course.example.org", "https://github.com/o/r", branch="")


def test_the_command_prints_the_link_or_a_plain_error(capsys):
    assert links_main(["https://course.example.org", "https://github.com/o/r", "--branch", "dev"]) == 0
    assert capsys.readouterr().out == nbgitpuller_link("https://course.example.org", "https://github.com/o/r",
                                                       branch="dev") + "\n"
    assert links_main(["course.example.org", "https://github.com/o/r"]) == 2
    assert capsys.readouterr().err.startswith("error: the hub's address should start with https://")
    done = subprocess.run([sys.executable, "-m", "classroom.links", "https://h.example.org", "https://github.com/o/r"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("https://h.example.org/hub/user-redirect/git-pull?repo=")
