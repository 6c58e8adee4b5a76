"""Docs that cannot drift: the README's commands and output, and every setting documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lineage.core.settings import Settings
from tests.conftest import EXAMPLES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_fresh_machine_commands_and_they_exist() -> None:
    assert "bash scripts/demo.sh" in README and "bash scripts/test.sh" in README
    assert (REPO / "scripts" / "demo.sh").is_file() and (REPO / "scripts" / "test.sh").is_file()
    ci = (REPO / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci


def test_readme_trace_output_is_what_the_tool_prints(tmp_path: Path) -> None:
    block = re.search(r"```\n\$ lineage trace (\S+)\n(.*?)```", README, re.S)
    assert block is not None
    model, shown = block.group(1), block.group(2)
    env = {"LINEAGE_DB": str(tmp_path / "db"), "PATH": str(Path(sys.executable).parent)}
    run = [sys.executable, "-m", "lineage"]
    subprocess.run(
        [*run, "import", str(EXAMPLES)], check=True, capture_output=True, env=env, cwd=REPO
    )
    out = subprocess.run(
        [*run, "trace", model], check=True, capture_output=True, text=True, env=env, cwd=REPO
    )
    assert out.stdout.strip() == shown.strip()


def test_every_setting_is_documented() -> None:
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`LINEAGE_{name.upper()}`" in doc, name
