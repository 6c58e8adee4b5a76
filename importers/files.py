"""Opening source files safely: regular files only, reads bounded by bytes.

A FIFO named ``README.md`` would block an import forever and a symlink to
``/dev/zero`` has size 0 yet never ends, so a file is opened without blocking
(``O_NONBLOCK``: opening a FIFO with no writer returns at once), checked to be a
regular file on the open descriptor (no race with a rename), and read up to a
byte limit whatever its size claims to be.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from lineage.core.errors import CardError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading if it is a regular file (symlinks followed), else a `CardError`.

    ``OSError`` (missing, unreadable) is raised as is.
    """
    fd = os.open(path, _FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise CardError(os.fspath(path), f"not a regular file ({_kind(mode)}); not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: str | os.PathLike[str], limit: int, prefix: bool = False) -> bytes:
    """A regular file's bytes, at most ``limit``; more is a `CardError` (``prefix``: cut there)."""
    with open_regular(path) as fh:
        if not prefix:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise CardError(
                    os.fspath(path), f"file too large ({size:,} bytes; limit {limit:,})"
                )
        data = fh.read(limit if prefix else limit + 1)
    if len(data) > limit:  # grew since, or its size says nothing (a /proc file)
        raise CardError(os.fspath(path), f"file too large (over {limit:,} bytes)")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


__all__ = ["open_regular", "read_bounded"]
