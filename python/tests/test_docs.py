"""The examples in the package's docstrings run and give what they show."""

import doctest

import ksession


def test_docstring_examples():
    result = doctest.testmod(ksession, verbose=False)
    assert result.failed == 0
    # The module's and Privileges' examples at least.
    assert result.attempted >= 2


def test_readme_example_runs(monkeypatch, capsys):
    import os
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) == 1
    monkeypatch.setitem(os.environ, "KALTURA_ADMIN_SECRET", "0123456789abcdef0123456789abcdef")
    exec(compile(blocks[0], "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    # The refusal the README's comment shows.
    assert out[-1] == "entry_id entry_id contains ',' at byte 5"
    assert "# entry_id  entry_id contains ',' at byte 5" in blocks[0]
