"""The installed package is the abi3 wheel (cp38-abi3) with its stub and
py.typed, and that wheel works on the oldest and newest CPython found here."""

import glob
import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ksession
import vector_cases

WHEEL_DIR = os.environ.get("KSESSION_WHEEL_DIR")


def _wheel_tags():
    wheel = importlib.metadata.distribution("ksession").read_text("WHEEL") or ""
    return [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]


def test_installed_wheel_is_abi3_for_cpython_38_and_newer():
    tags = _wheel_tags()
    assert tags and all(tag.startswith("cp38-abi3-") for tag in tags), tags
    meta = importlib.metadata.metadata("ksession")
    assert meta["Requires-Python"] == ">=3.8"
    native = Path(ksession._ksession.__file__).name
    assert native.endswith(".abi3.so") or native.endswith(".pyd"), native


def test_wheel_ships_stub_and_py_typed():
    files = {str(f) for f in importlib.metadata.distribution("ksession").files or []}
    assert {"ksession/py.typed", "ksession/_ksession.pyi", "ksession/__init__.py"} <= files


def _built_wheel():
    if not WHEEL_DIR:
        pytest.skip("KSESSION_WHEEL_DIR not set (make test-python sets it)")
    wheels = glob.glob(os.path.join(WHEEL_DIR, "ksession-*.whl"))
    assert len(wheels) == 1, wheels
    return Path(wheels[0])


def test_built_wheel_name_is_cp38_abi3():
    wheel = _built_wheel()
    assert f"ksession-{ksession.__version__}-cp38-abi3-" in wheel.name


def _interpreter(minor):
    """A CPython 3.<minor> on this machine, or None."""
    candidates = [shutil.which(f"python3.{minor}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/3.{minor}.*/bin/python3.{minor}")))
    candidates += [f"/usr/bin/python3.{minor}", f"/usr/local/bin/python3.{minor}"]
    for exe in filter(None, candidates):
        try:
            out = subprocess.run(
                [exe, "-c", "import sys; print(sys.implementation.name, sys.version_info[:2])"],
                capture_output=True, text=True, timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == f"cpython (3, {minor})":
            return exe
    return None


@pytest.mark.parametrize("minor", [8, sys.version_info[1], 13])
def test_wheel_passes_the_vectors_on_other_pythons(minor, tmp_path):
    wheel = _built_wheel()
    exe = sys.executable if minor == sys.version_info[1] else _interpreter(minor)
    if exe is None:
        pytest.skip(f"no CPython 3.{minor} on this machine")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path / "site")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"), PYTHONNOUSERSITE="1")
    script = Path(vector_cases.__file__)
    result = subprocess.run(
        [exe, "-s", str(script), *map(str, vector_cases.vector_paths())],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    count = len(vector_cases.load_cases())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == f"{count} passed, 0 failed"
    # It ran the extracted wheel, not the project venv's install.
    where = subprocess.run(
        [exe, "-s", "-c", "import ksession, sys; print(ksession.__file__, sys.version_info[:2])"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert where.stdout.startswith(str(tmp_path / "site")), where.stdout + where.stderr
