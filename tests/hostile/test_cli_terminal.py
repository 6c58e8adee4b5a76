"""Nothing from a card or a path reaches the terminal as a control sequence."""

from __future__ import annotations

import json
from pathlib import Path

from lineage.core.terminal import printable, printable_json
from tests.hostile.conftest import SENTINEL_ID, Run, hostile_sentinel_stored

# Retitle the window, turn text red, a C1 CSI, a bidi override, a carriage return.
HOSTILE = "\x1b]0;owned\x07\x1b[31mred\x9b2J\u202eevil\rtail"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def _clean(text: str) -> bool:
    return not any(ch in text for ch in RAW)


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("x\u202ey\x9b") == "x\\u202ey\\x9b"
    assert printable("one\ntwo\tthree", lines=True) == "one\ntwo\tthree"
    assert printable("one\ntwo") == "one\\x0atwo"
    assert printable("plain ünïcode 模型") == "plain ünïcode 模型"


def test_printable_json_keeps_the_value() -> None:
    text = json.dumps({"v": "a\x9bb\u202ec\x7f"}, ensure_ascii=False)
    escaped = printable_json(text)
    assert _clean(escaped) and "\x7f" not in escaped
    assert json.loads(escaped) == {"v": "a\x9bb\u202ec\x7f"}


def test_trace_and_show_never_print_a_card_s_control_characters(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    card = hostile_sentinel / "evil-org" / "evil-model"
    card.mkdir(parents=True)
    license_yaml = json.dumps(HOSTILE)  # a YAML double-quoted scalar with \e-style escapes
    (card / "README.md").write_text(
        f"---\nlicense: {license_yaml}\nbase_model: {SENTINEL_ID}\n---\n# Evil\n", encoding="utf-8"
    )
    db = tmp_path / "db"
    assert hostile_cli("import", str(hostile_sentinel), db=db).returncode == 0
    assert hostile_sentinel_stored(db)

    trace = hostile_cli("trace", "evil-org/evil-model", db=db)
    assert trace.returncode == 0, trace.stderr
    assert _clean(trace.stdout) and _clean(trace.stderr)
    assert "\\x1b]0;owned" in trace.stdout  # shown, escaped: the reader sees something is odd
    tree = hostile_cli("tree", SENTINEL_ID, db=db)
    assert tree.returncode == 0 and _clean(tree.stdout) and "evil-org/evil-model" in tree.stdout

    # The stored value is untouched: JSON carries it exactly, with C1/bidi as \u escapes.
    shown = hostile_cli("show", "evil-org/evil-model", db=db)
    assert _clean(shown.stdout)
    assert json.loads(shown.stdout)["license"] == HOSTILE


def test_import_errors_do_not_echo_escape_bytes_from_folder_names(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    bad = hostile_sentinel / "org\x1b]0;owned\x07" / "name\x1b[2J"
    bad.mkdir(parents=True)
    (bad / "README.md").write_text("---\nlicense: [unclosed\n---\n", encoding="utf-8")
    db = tmp_path / "db"
    proc = hostile_cli("import", str(hostile_sentinel), db=db)
    assert proc.returncode == 0, proc.stderr
    assert "error:" in proc.stderr and "\\x1b]0;owned\\x07" in proc.stderr
    assert _clean(proc.stderr) and _clean(proc.stdout)
    assert hostile_sentinel_stored(db)


def test_an_error_naming_the_argument_is_escaped(hostile_cli: Run, tmp_path: Path) -> None:
    proc = hostile_cli("trace", "org/\x1b[31mname", db=tmp_path / "db")
    assert proc.returncode != 0
    assert _clean(proc.stderr) and "\\x1b[31m" in proc.stderr
