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
    return read_bounded_stat(path, limit, prefix)[0]


def read_bounded_stat(
    path: str | os.PathLike[str], limit: int, prefix: bool = False
) -> tuple[bytes, os.stat_result]:
    """`read_bounded`, with the file's ``fstat`` as it was opened (no second ``stat`` call).

    Reads on the descriptor, asking for the size ``fstat`` gives and one byte more: a buffer
    of ``limit`` bytes for every small card would cost more than reading it. A file whose
    size says too little (grown since, a /proc file) is read on in steps up to the limit.
    """
    fd = os.open(path, _FLAGS)  # O_NONBLOCK: a FIFO is refused below, not waited on
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise CardError(os.fspath(path), f"not a regular file ({_kind(st.st_mode)}); not read")
        if not prefix and st.st_size > limit:
            raise CardError(
                os.fspath(path), f"file too large ({st.st_size:,} bytes; limit {limit:,})"
            )
        want = limit if prefix else limit + 1
        data = _read_upto(fd, want, st.st_size + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew since, or its size says nothing (a /proc file)
        raise CardError(os.fspath(path), f"file too large (over {limit:,} bytes)")
    return data, st


def _read_upto(fd: int, want: int, first: int) -> bytes:
    """Up to ``want`` bytes from ``fd``; the first read asks for ``first`` bytes.

    A regular file's short read is its end.
    """
    parts: list[bytes] = []
    got = 0
    ask = min(want, max(first, 1))
    while got < want:
        part = os.read(fd, ask)
        parts.append(part)
        got += len(part)
        if len(part) < ask:
            break
        ask = min(want - got, _STEP)
    return parts[0] if len(parts) == 1 else b"".join(parts)


_STEP = 1 << 20  # later reads of a file larger than its size said


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


__all__ = ["open_regular", "read_bounded", "read_bounded_stat"]
