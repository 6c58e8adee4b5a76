"""The launchers' shared file helpers: an exclusive lock across holders, a log's last lines."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from lineage.core.localfiles import file_lock, tail


def test_file_lock_makes_its_folder_and_excludes_a_second_holder(tmp_path: Path) -> None:
    lock = tmp_path / "deep" / "er" / ".lock"
    events: list[str] = []
    held = threading.Event()

    def first() -> None:
        with file_lock(lock):
            held.set()
            events.append("first in")
            time.sleep(0.3)
            events.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    assert held.wait(5)
    with file_lock(lock):  # another open file: flock makes it wait for the first holder
        events.append("second in")
    thread.join()
    assert lock.is_file()
    assert events == ["first in", "first out", "second in"]


def test_tail_shows_the_last_lines_or_says_there_are_none(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text("".join(f"line {i}\n" for i in range(50)))
    assert tail(log, 3) == "line 47\nline 48\nline 49"
    assert len(tail(log).splitlines()) == 30
    log.write_text("")
    assert tail(log) == "(no output)"
    assert tail(tmp_path / "missing.log") == "(no output)"
