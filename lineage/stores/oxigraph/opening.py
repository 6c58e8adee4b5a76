"""Opening the embedded store's database, and what to tell a user when it does not open."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path

_LOCKED = re.compile(r"lock", re.IGNORECASE)
_NO_SPACE = re.compile(r"No space left on device|ENOSPC|Disk quota exceeded", re.IGNORECASE)


def _unwritable_reason(path: Path, exc: OSError) -> str | None:
    """Why a store that exists cannot be opened for writing, when reading it still works."""
    text = str(exc)
    if exc.errno == errno.ENOSPC or _NO_SPACE.search(text):
        return f"the disk holding it is full ({text})"
    if _LOCKED.search(text) and "unavailable" in text.casefold():
        return (
            "another lineage process holds it for writing (`lineage serve` or an import); "
            "reads work beside it; import through the server (POST /import) or when it ends"
        )
    return None


def _open_problem(path: Path, exc: OSError) -> str:
    """What to tell a user whose store did not open (no guesses about other processes)."""
    text = str(exc)
    if exc.errno == errno.ENOSPC or _NO_SPACE.search(text):
        return f"cannot open the embedded store at {path}: the disk holding it is full ({text})"
    if exc.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return f"cannot open the embedded store at {path}: permission denied ({text})"
    if _LOCKED.search(text) and "unavailable" in text.casefold():
        return (
            f"cannot open the embedded store at {path}: another lineage process holds it "
            f"for writing ({text})"
        )
    return f"cannot open the embedded store at {path}: {text}"


def _old_logs(path: Path) -> set[str]:
    try:
        return {p.name for p in path.glob("LOG.old.*")}
    except OSError:
        return set()


def _restore_log(path: Path, before: set[str]) -> None:
    """Undo the LOG rotation of a failed open: RocksDB renames ``LOG`` to ``LOG.old.<time>``
    before it finds the lock taken (or the disk full), leaving one file behind per try."""
    new = sorted((p for p in path.glob("LOG.old.*") if p.name not in before), key=_log_time)
    with contextlib.suppress(OSError):
        if new:
            # The first is the LOG as it was (the live log of a process holding the store).
            os.replace(new[0], path / "LOG")
        for extra in new[1:]:
            extra.unlink()


def _log_time(p: Path) -> int:
    suffix = p.name.rsplit(".", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0


__all__ = ["_old_logs", "_open_problem", "_restore_log", "_unwritable_reason"]
