"""What a store holds, as an incremental import compares it: one row of 64-bit keys a source.

A `DigestTable` row is a stored source: the key of its name, the key of its digest (what
it was read from), the key of the file's path, size and modification time when it was
read from a file (so an unchanged file is known by a ``stat`` alone), and whether it was
read from a dump row. Keys are stable across processes (not Python's salted ``hash``):
the embedded store keeps the table beside its database (`DigestIndexStore`) and an
import reads it in a fraction of a second instead of scanning every source's digest.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lineage.core import vocab as v

#: Flags of a row.
ROW = 1  # read from a dump row (its location is ``PATH#ROW``)

# The columns are written in the machine's byte order, which the header names.
_MAGIC = f"LINDIGEST2 {sys.byteorder}\n".encode()
_TYPECODE = "Q"
#: What a dump row's location looks like (``PATH#ROW``); the other sources come from files.
_ROW_LOCATION = re.compile(r"#\d+$")
assert array(_TYPECODE).itemsize == 8


def source_key(name: str) -> int:
    """The key of a source: of its graph's IRI (`vocab.source_iri`: names that differ in
    case only are one source), which a store can compute from its graphs alone."""
    return graph_key(v.source_iri(name))


def graph_key(iri: str) -> int:
    """`source_key` of the source whose named graph is ``iri``."""
    data = iri.encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def digest_key(digest: str) -> int:
    """The key of a digest (`SourceRecord.digest`, hex): its first 64 bits (0: never)."""
    return int(digest[:16], 16) or 1


def stat_key(location: str, size: int, mtime_ns: int, salt: bytes = b"") -> int:
    """The key of a file as ``stat`` sees it: its path, size and modification time.

    ``salt`` (at most 16 bytes) keys it further: an import passes its release, so that a
    file known by its stat to one release is read again by the next (whose readers may
    read more), as its digest would be.
    """
    h = hashlib.blake2b(
        location.encode("utf-8", "surrogateescape"), digest_size=8, person=salt[:16]
    )
    h.update(b"\0%d\0%d" % (size, mtime_ns))
    return int.from_bytes(h.digest(), "little") or 1


@dataclass(slots=True)
class DigestTable:
    """Stored sources as columns of 64-bit keys (0 in ``digests``/``stats``: none known).

    ``rows_known``: whether ``flags`` says of every source if it came from a dump row (a
    table read from a store without locations does not know; `--prune` then asks the store).
    """

    keys: array[int] = field(default_factory=lambda: array(_TYPECODE))
    digests: array[int] = field(default_factory=lambda: array(_TYPECODE))
    stats: array[int] = field(default_factory=lambda: array(_TYPECODE))
    flags: array[int] = field(default_factory=lambda: array(_TYPECODE))
    rows_known: bool = True

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: int, digest: int, stat: int, flags: int) -> None:
        self.keys.append(key)
        self.digests.append(digest)
        self.stats.append(stat)
        self.flags.append(flags)

    def rows(self) -> Iterator[tuple[int, int, int, int]]:
        return zip(self.keys, self.digests, self.stats, self.flags, strict=True)

    @classmethod
    def of_sources(
        cls, sources: Iterable[tuple[str, str | None, str | None]], locations: bool
    ) -> DigestTable:
        """From ``(name, digest, location)`` of every stored source (``locations``: known)."""
        out = cls(rows_known=locations)
        for name, digest, location in sources:
            row = ROW if location is not None and is_row_location(location) else 0
            out.add(source_key(name), digest_key(digest) if digest else 0, 0, row)
        return out

    def merged(
        self,
        written: array[int],
        written_keys: set[int],
        removed: Iterable[int] = (),
        restat: dict[int, int] | None = None,
    ) -> DigestTable:
        """This table after an import.

        ``written``: rows the import wrote, flat (key, digest, stat, flags, key, …), a
        later row of a key replacing an earlier one; ``written_keys`` their keys;
        ``removed`` keys go; ``restat`` (digest → stat) gives unchanged files their new
        ``stat`` key.
        """
        gone = written_keys.union(removed) if removed else written_keys
        out = DigestTable(rows_known=self.rows_known)
        for key, digest, stat, flags in self.rows():
            if key in gone:
                continue
            if restat and digest in restat:
                stat = restat[digest]
            out.add(key, digest, stat, flags)
        latest: dict[int, int] = {}  # key → its last row in ``written``
        for i in range(0, len(written), 4):
            latest[written[i]] = i
        for i in sorted(latest.values()):
            out.add(written[i], written[i + 1], written[i + 2], written[i + 3])
        return out

    def encode(self, stamp: str) -> bytes:
        """The table as bytes: a header naming ``stamp`` and a checksum, then the columns."""
        body = b"".join(col.tobytes() for col in (self.keys, self.digests, self.stats, self.flags))
        check = hashlib.blake2b(body, digest_size=16).hexdigest()
        head = f"{stamp}\n{len(self)} {int(self.rows_known)}\n{check}\n".encode("ascii")
        return _MAGIC + head + body

    @classmethod
    def decode(cls, data: bytes, stamp: str) -> DigestTable | None:
        """The table in ``data`` if it is whole and names ``stamp`` (else None)."""
        if not data.startswith(_MAGIC):
            return None
        parts = data[len(_MAGIC) :].split(b"\n", 3)
        if len(parts) != 4:
            return None
        got_stamp, counts, check, body = parts
        try:
            count, known = (int(x) for x in counts.split())
        except ValueError:
            return None
        if got_stamp.decode("ascii", "replace") != stamp or count < 0 or len(body) != 32 * count:
            return None
        if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != check:
            return None
        out = cls(rows_known=bool(known))
        size = 8 * count
        for i, col in enumerate((out.keys, out.digests, out.stats, out.flags)):
            col.frombytes(body[i * size : (i + 1) * size])
        return out


def is_row_location(location: str) -> bool:
    """Whether a source was read from a dump row (its location is ``PATH#ROW``)."""
    return _ROW_LOCATION.search(location) is not None


__all__ = [
    "ROW",
    "DigestTable",
    "digest_key",
    "graph_key",
    "is_row_location",
    "source_key",
    "stat_key",
]
