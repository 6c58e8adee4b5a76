"""Bounds every reader keeps, and what to tell a user when input breaks a parser.

A source is other people's data: a card may list 50,000 base models, a dump line may be
a gigabyte. The caps below keep one source's cost bounded; see docs/security.md (hostile input).
"""

from __future__ import annotations

import json
import zlib

from lineage.core.records import SourceRecord

#: Lineage claims kept from one source (a card, a repo file, a dump row); the rest are
#: dropped and the record says so. Generous: real merges list tens of parents.
MAX_CLAIMS_PER_SOURCE = 1_000
#: What a reader may collect before the cap (one over, so `cap_claims` can tell it was hit).
READ_CLAIMS = MAX_CLAIMS_PER_SOURCE + 1
#: Longest line of a JSONL dump, and largest element of a JSON dump (a model info with
#: its whole card is well under the 5 MB card limit).
MAX_ROW_BYTES = 16 * 2**20


def cap_claims(record: SourceRecord, limit: int = MAX_CLAIMS_PER_SOURCE) -> SourceRecord:
    """Keep at most ``limit`` claims and unresolved references; a warning says when cut."""
    for name, what in (("claims", "lineage claims"), ("unresolved", "unresolved references")):
        items = getattr(record, name)
        if len(items) > limit:
            del items[limit:]
            record.warnings.append(f"more than {limit:,} {what}; kept the first {limit:,}")
    return record


def input_problem(exc: BaseException) -> str | None:
    """What is wrong with the input, when a parser's exception says it; None: not an input error.

    Parsers speak of their internals ("RecursionError", "sys.set_int_max_str_digits()");
    users need to hear what is wrong with their file.
    """
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start:,})"
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, ValueError) and "int_max_str_digits" in str(exc):
        return "a number with too many digits"
    if isinstance(exc, EOFError):
        return "ends early (a truncated compressed file)"
    if isinstance(exc, zlib.error):
        return "damaged compressed data"
    if type(exc).__name__ == "BadGzipFile":
        return "not a gzip file"
    if isinstance(exc, MemoryError):
        return "too large to read"
    return None


__all__ = [
    "MAX_CLAIMS_PER_SOURCE", "MAX_ROW_BYTES", "READ_CLAIMS", "cap_claims", "input_problem",
]  # fmt: skip
