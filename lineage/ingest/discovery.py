"""Where an import's sources are: files and folders walked into work for the parsers.

A folder of cards is not walked here whole: its top level becomes `Subtrees`
that the parsers walk themselves (`lineage.ingest.parsing`), so a huge
organisation is spread over every core.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from importers.base import FileReader
from importers.hub_rows import reference
from importers.registry import reader_for
from lineage.core.errors import UsageError
from lineage.core.ids import parse_reference
from lineage.core.records import SourceFailure

_CACHE_DIR = re.compile(r"^models--([^/]+?)--(.+)$")


@dataclass(frozen=True, slots=True)
class RepoUnit:
    """The files of one model repo that some reader understands."""

    model_id: str
    files: tuple[Path, ...]


def model_id_from_path(readme: Path, root: Path) -> str | None:
    """The model id a repo file's location implies (``ORG/NAME/…`` or the HF cache layout)."""
    return _model_id_of_parts(readme.resolve().parent.parts)


def _in_cache_layout(path: Path) -> bool:
    parts = path.resolve().parent.parts
    return any(
        _CACHE_DIR.match(p) and parts[i + 1] == "snapshots" for i, p in enumerate(parts[:-1])
    )


def walk_repos(root: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(dirpath, file names)`` of every non-hidden folder under ``root`` holding files.

    Like ``os.walk`` (sorted, top-down, symlinked folders listed but not entered)
    but on ``os.scandir`` entries alone: no extra ``lstat`` per folder, which
    matters at a million repos.
    """
    stack = [os.fspath(root)]
    while stack:
        top = stack.pop()
        scanned = scan_folder(top)
        if scanned is None:
            continue
        files, walk_into = scanned
        if files:
            yield top, files
        stack.extend(os.path.join(top, d) for d in reversed(walk_into))


def scan_folder(top: str) -> tuple[tuple[str, ...], list[str]] | None:
    """Sorted file names and sorted folders to walk into (``None``: unreadable).

    Hidden folders are skipped; symlinked folders are not entered.
    """
    try:
        entries = list(os.scandir(top))
    except OSError:
        return None
    files: list[str] = []
    walk_into: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(entry.name)
        elif not entry.name.startswith(".") and not entry.is_symlink():
            walk_into.append(entry.name)
    files.sort()
    walk_into.sort()
    return tuple(files), walk_into


class Readers(dict[str, FileReader | None]):
    """``reader_for`` memoised for one chunk: matching every reader's patterns per file is slow."""

    def __missing__(self, filename: str) -> FileReader | None:
        reader = self[filename] = reader_for(filename)
        return reader


def _unit_of_folder(
    dirpath: str, filenames: Sequence[str], resolved: str, readers: Readers | None = None
) -> RepoUnit | SourceFailure | None:
    """The repo unit of one folder (``resolved``: its real path), if it has readable files."""
    lookup = Readers() if readers is None else readers
    readable = tuple(Path(dirpath) / f for f in filenames if lookup[f] is not None)
    if not readable:
        return None
    mid = _model_id_of_parts(Path(resolved).parts)
    if mid is None:
        return SourceFailure(
            dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
        )
    return RepoUnit(mid, readable)


def folder_files(
    dirpath: str, filenames: Sequence[str], resolved: str, readers: Readers
) -> tuple[str, list[tuple[str, FileReader]]] | SourceFailure | None:
    """`_unit_of_folder` without `pathlib`: the model id and ``(path, reader)`` of each file."""
    files = readable_files(dirpath, filenames, readers)
    if not files:
        return None
    mid = folder_model_id(dirpath, resolved)
    return mid if isinstance(mid, SourceFailure) else (mid, files)


def readable_files(
    dirpath: str, filenames: Sequence[str], readers: Readers
) -> list[tuple[str, FileReader]]:
    """``(path, reader)`` of each file of a folder that a reader reads."""
    readable = [(f, r) for f in filenames if (r := readers[f]) is not None]
    if not readable:
        return []
    if _plain_dir(dirpath):
        return [(dirpath + os.sep + f, r) for f, r in readable]
    base = Path(dirpath)  # ".", "./x", "a//b": paths as `pathlib` writes them
    return [(str(base / f), r) for f, r in readable]


def folder_model_id(dirpath: str, resolved: str) -> str | SourceFailure:
    """The model id a folder's files describe (``resolved``: its real path)."""
    mid = _model_id_of_folder(resolved)
    if mid is None:
        return SourceFailure(
            dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
        )
    return mid


def _plain_dir(dirpath: str) -> bool:
    """Whether ``dirpath`` is written as `pathlib` would write it (no "." part, no "//")."""
    sep = os.sep
    return (
        os.altsep is None
        and bool(dirpath)
        and not dirpath.startswith(".")
        and sep + "." + sep not in dirpath
        and not dirpath.endswith(sep + ".")
        and sep + sep not in dirpath
        and not dirpath.endswith(sep)
    )


def _model_id_of_folder(resolved: str) -> str | None:
    """`_model_id_of_parts` of a real path, without splitting it with `pathlib` when plain."""
    if "models--" not in resolved and resolved.count(os.sep) >= 2 and _plain_dir(resolved[1:]):
        # No cache folder anywhere: only the last two parts can name the model.
        org, name = resolved.rsplit(os.sep, 2)[-2:]
        ref = reference(f"{org}/{name}")
        return ref.model_id if ref.model_id and "/" in ref.model_id else None
    return _model_id_of_parts(Path(resolved).parts)


def _model_id_of_parts(parts: tuple[str, ...]) -> str | None:
    for i, part in enumerate(parts[:-1]):
        m = _CACHE_DIR.match(part)
        if m and parts[i + 1] == "snapshots":
            return f"{m.group(1)}/{m.group(2)}"
    if len(parts) >= 2:
        ref = parse_reference(f"{parts[-2]}/{parts[-1]}")
        if ref.model_id and "/" in ref.model_id:
            return ref.model_id
    return None


def _check_paths(paths: Sequence[Path], explicit_id: str | None) -> None:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        if ref.model_id is None or "/" not in ref.model_id:
            raise UsageError(f"--id {explicit_id!r} is not ORG/NAME")
        if len(paths) != 1 or not paths[0].is_file():
            raise UsageError("--id goes with exactly one file")
        return
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")


def _single_file(path: Path, explicit_id: str | None) -> RepoUnit | SourceFailure:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        assert ref.model_id is not None
        return RepoUnit(ref.model_id, (path,))
    # Only the HF cache layout names a lone file's model for sure; else ask for --id.
    mid = model_id_from_path(path, path.parent) if _in_cache_layout(path) else None
    if mid is None:
        return SourceFailure(
            str(path), "cannot tell the model id of a single file; pass --id ORG/NAME"
        )
    return RepoUnit(mid, (path,))


@dataclass(frozen=True, slots=True)
class Subtrees:
    """Folders to walk whole (each with everything under it), in this order.

    ``top`` is the import root as given and ``real`` its real path (a folder
    under it resolves by prefix); ``depth`` is how far below the root the
    folders sit (0: the root's own children, the organisations of a card folder).
    """

    dirs: tuple[str, ...]
    top: str
    real: str
    depth: int = 0

    def resolve(self, dirpath: str) -> str:
        return self.real + dirpath[len(self.top) :]


# A unit of work for a parser: a lone file's unit, a folder to resolve there
# (dirpath, file names, real path), or subtrees to walk there.
Work = RepoUnit | tuple[str, tuple[str, ...], str] | Subtrees


def work_items(
    paths: Sequence[Path],
    explicit_id: str | None,
    listed: Callable[[int], None] | None = None,
) -> Iterator[Work | SourceFailure]:
    """The work of an import; of a folder, only its own files and its sub-folders to walk.

    ``listed`` is told how many sub-folders (top-level `Subtrees`) each folder adds, as
    soon as the folder is listed and before they are handed out.
    """
    _check_paths(paths, explicit_id)
    for path in paths:
        if explicit_id is not None or path.is_file():
            yield _single_file(path, explicit_id)
            continue
        if not path.is_dir():  # a FIFO, socket or device given by name
            yield SourceFailure(str(path), "not a regular file or a folder; not read")
            continue
        top, real = os.fspath(path), os.fspath(path.resolve())
        scanned = scan_folder(top)
        if scanned is None:
            continue
        files, walk_into = scanned
        if listed is not None:
            listed(len(walk_into))
        if files:
            yield top, files, real
        for name in walk_into:
            yield Subtrees((os.path.join(top, name),), top, real)


def discover(
    paths: Sequence[Path], explicit_id: str | None = None
) -> Iterator[RepoUnit | SourceFailure]:
    """Walk files and folders, grouping readable files by the repo they belong to."""
    for item in work_items(paths, explicit_id):
        if isinstance(item, Subtrees):
            for folder in item.dirs:
                for dirpath, filenames in walk_repos(Path(folder)):
                    unit = _unit_of_folder(dirpath, filenames, item.resolve(dirpath))
                    if unit is not None:
                        yield unit
        elif isinstance(item, tuple):
            unit = _unit_of_folder(*item)
            if unit is not None:
                yield unit
        else:
            yield item
