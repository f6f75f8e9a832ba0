"""Type checkers see the whole API: the stub passes ``mypy --strict`` on a
typed usage file and on the package, it matches the runtime (stubtest), and
it catches misuse."""

import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / "target" / "mypy-cache"


def _mypy(*args, cwd=None):
    cmd = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(CACHE), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)


def test_typed_usage_passes_mypy_strict():
    result = _mypy(str(HERE / "typed_usage.py"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_typed_usage_runs():
    result = subprocess.run([sys.executable, str(HERE / "typed_usage.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "entry_id"


def test_package_source_passes_mypy_strict():
    result = _mypy(str(ROOT / "python" / "ksession"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_stub_matches_runtime(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "ksession"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_stub_catches_misuse(tmp_path):
    misuse = tmp_path / "misuse.py"
    misuse.write_text(textwrap.dedent("""\
        import ksession
        S = "secret"
        ksession.generate_cached_entry_viewing_session(S, "u", "0_x", "3000582")
        ksession.generate_cached_entry_viewing_session(S, "u", "0_x", 1, 600, 60, "", 1621594000)
        ksession.generate_session(S, 1, layout="compact")
        ksession.generate_session(S, 1, rnd=5)
        ks = ksession.decode("token")
        ks.partner_id = 5
        print(ks.type.name)
        ksession.verify("token", [S, 5])
        user_id: int = ks.user_id
        try:
            pass
        except ksession.InvalidSignature as err:
            print(err.field)
    """))
    result = _mypy(str(misuse), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    lines = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line})
    assert lines == [3, 4, 5, 6, 8, 9, 10, 11, 15], result.stdout
