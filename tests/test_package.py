"""dlkit as a real package: a wheel built from the course folder, installed elsewhere, loads every dataset.

The course installs dlkit editable (requirements.txt), where the package dlkit.data is the folder data/ in
place. A wheel must carry those files inside it, so this test builds one, installs it into a temporary
folder, and imports it from outside the repository, where the repository's dlkit cannot be found. The
lessons' exercise checks (notebooks/exercises/) must not be installed: they are not part of dlkit.
Nothing is downloaded: pip builds with the setuptools pinned in requirements.txt (--no-build-isolation).
"""
import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from dlkit.datasets import CLASSIFICATION, REGRESSION

ROOT = Path(__file__).resolve().parent.parent
# What a fresh clone would not have: the build sees the course folder as a clone has it.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".hypothesis",
                                    ".pytest_cache", ".ipynb_checkpoints", "walk")

# Run by the installed wheel's Python, from a folder outside the repository; prints what it found.
LOAD_EVERYTHING = """
import json, sys
sys.path.insert(0, sys.argv[1])
from importlib import resources
import dlkit
from dlkit import datasets

digits, penguins, texts = datasets.load_digits(), datasets.load_penguins(), datasets.load_texts()
found = {
    "dlkit": dlkit.__file__,
    "data": str(resources.files("dlkit.data") / "penguins.csv"),
    "digits": [digits.X.shape, digits.y.shape, digits.images.shape],
    "penguins": [penguins.X.shape, penguins.y.shape],
    "texts": [texts.X.shape, texts.y.shape, len(texts.texts), len(texts.feature_names)],
    "toys": {name: [a.shape for a in datasets.make(name, n=50)]
             for name in datasets.CLASSIFICATION + datasets.REGRESSION},
}
print(json.dumps(found))
"""


def pip(*args, cwd):
    """Run pip quietly and without an index: nothing may be downloaded."""
    command = [sys.executable, "-m", "pip", *args, "--no-deps", "--no-index", "--disable-pip-version-check", "-q"]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"pip {args[0]} failed:\n{result.stdout}\n{result.stderr}"


def test_a_wheel_installed_elsewhere_loads_every_dataset(tmp_path):
    assert importlib.util.find_spec("setuptools"), "no setuptools: ./course test installs requirements.txt's"
    source, wheels, site, elsewhere = (tmp_path / name for name in ("source", "wheels", "site", "elsewhere"))
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    pip("wheel", "--no-build-isolation", "-w", str(wheels), ".", cwd=source)
    [wheel] = wheels.glob("dlkit-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "dlkit").rglob("*.py"))
    assert [m for m in modules if m not in names] == [], "every module of dlkit, subpackages too, is in the wheel"
    for data_file in ("digits.csv.gz", "penguins.csv", "texts.csv", "README.md"):
        assert f"dlkit/data/{data_file}" in names, f"the wheel lacks dlkit/data/{data_file}"
    for browser_file in ("playground_view.js", "playground_view.css"):  # the Playground's browser side
        assert f"dlkit/widgets/{browser_file}" in names, f"the wheel lacks dlkit/widgets/{browser_file}"
    installed = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert installed == {"dlkit"}, f"the wheel installs something besides dlkit: {sorted(installed)}"

    pip("install", "--target", str(site), str(wheel), cwd=tmp_path)
    assert sorted(p.name for p in site.iterdir() if not p.name.endswith(".dist-info")) == ["dlkit"]
    assert not list(site.rglob("exercises*")), "the lessons' exercise checks must not be installed"

    elsewhere.mkdir()
    # -I: no PYTHONPATH, no user site, not the current folder: only the wheel's dlkit (put first on the
    # path by the script) and the packages dlkit needs (numpy, from this Python's site-packages).
    result = subprocess.run([sys.executable, "-I", "-c", LOAD_EVERYTHING, str(site)], cwd=elsewhere,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert Path(found["dlkit"]).is_relative_to(site), f"imported the wrong dlkit: {found['dlkit']}"
    assert Path(found["data"]).is_relative_to(site / "dlkit" / "data"), f"read the wrong data: {found['data']}"
    assert found["digits"] == [[1797, 64], [1797], [1797, 8, 8]]
    assert found["penguins"] == [[342, 4], [342]]
    n_texts, n_words = found["texts"][2], found["texts"][3]
    assert n_texts == 240 and found["texts"][:2] == [[240, n_words], [240]] and n_words > 100
    assert found["toys"] == {name: [[50, 2], [50]] for name in CLASSIFICATION + REGRESSION}
