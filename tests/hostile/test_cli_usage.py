"""A usage error is one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import Run


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("stats", "--bogus"), "No such option: --bogus"),
        (("trace",), "Missing argument"),
        (("no-such-command",), "No such command"),
        (("trace", "--depth", "deep", "a/b"), "--depth"),
        (("import", "--workers", "-3", "x"), "--workers"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    hostile_cli: Run, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    proc = hostile_cli(*args, db=tmp_path / "db")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0]
    assert proc.stdout == ""


def test_help_still_works(hostile_cli: Run) -> None:
    proc = hostile_cli("stats", "--help")
    assert proc.returncode == 0 and "Usage" in proc.stdout
