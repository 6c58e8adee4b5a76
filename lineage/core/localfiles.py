"""Two helpers over local files that the server launchers share (pure standard library).

`file_lock` serialises builds and starts across processes (pytest-xdist workers, two
shells); `tail` shows the end of a server's log in an error message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (made, with its folder, when missing)."""
    import fcntl  # POSIX only: imported here so that importing this module works anywhere

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a text file, or ``(no output)`` when it is empty or unreadable."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"
