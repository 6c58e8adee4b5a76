"""A byte-mutation fuzzer over every reader: only clean failures, in bounded time.

Each reader gets valid seeds (the test fixtures, a built GGUF, dump files) mutated by a
seeded generator for a few seconds; ``LINEAGE_FUZZ_SECONDS`` runs longer by hand (and
``LINEAGE_FUZZ_SEED`` another sequence). A reader may return records or raise
`CardError`; anything else, an internal's name in a reason, or a slow input fails.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import struct
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from importers.base import FileReader
from importers.hub_dump import dump_tasks, parse_task
from importers.registry import file_readers
from lineage.core.errors import CardError
from lineage.core.limits import MAX_CLAIMS_PER_SOURCE
from tests.conftest import EXAMPLES, REPO

BUDGET = float(os.environ.get("LINEAGE_FUZZ_SECONDS", "2"))
SEED = int(os.environ.get("LINEAGE_FUZZ_SEED", "15"))
SLOW = 5.0  # seconds one input may take at most (a shared, busy CI machine)
# Words of a parser's insides that must never reach a user as the reason.
INTERNALS = ("Traceback", "RecursionError", "set_int_max_str_digits", "object has no attribute")
HOSTILE_PIECES = (
    b"[" * 3000, b"{" * 3000, b"9" * 6000, b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"---\n",
    b"&a [*a, *a, *a]", b"\x1b]0;x\x07", b"\r\n", b"\t", b'"', b"base_model: ", b"- a/b\n" * 50,
    b"\xf0\x9f", b"!!python/object:os.system", b"1e99999", b"-0x", b"\\u0000",
)  # fmt: skip


def _gguf_seed() -> bytes:
    def s(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    kv = s("general.name") + struct.pack("<I", 8) + s("Model Q4")
    kv += s("general.base_model.count") + struct.pack("<I", 4) + struct.pack("<I", 1)
    kv += s("general.base_model.0.repo_id") + struct.pack("<I", 8) + s("org/base")
    kv += s("general.tags") + struct.pack("<II", 9, 8) + struct.pack("<Q", 2) + s("a") + s("b")
    kv += s("tokenizer.scores") + struct.pack("<II", 9, 6) + struct.pack("<Q", 3) + b"\0" * 12
    return b"GGUF" + struct.pack("<I", 3) + struct.pack("<QQ", 0, 5) + kv


def _seeds(reader: FileReader) -> list[bytes]:
    found = [
        p.read_bytes()
        for root in (REPO / "tests" / "fixtures" / "repos", EXAMPLES)
        for p in sorted(root.rglob("*"))
        if p.is_file() and reader.matches(p.name) and p.stat().st_size < 200_000
    ]
    if reader.name == "gguf":
        found.append(_gguf_seed())
    return found[:12] or [b""]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to four random edits: flips, cuts, repeats, and pieces that hurt parsers."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(out))
        op = rng.randrange(6)
        if op == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[at:at] = rng.randbytes(rng.randint(1, 16))
        elif op == 2:
            del out[at : at + rng.randint(1, 64)]
        elif op == 3 and out:
            piece = out[at : at + rng.randint(1, 32)]
            out[at:at] = piece * rng.randint(2, 200)
        elif op == 4:
            out[at:at] = rng.choice(HOSTILE_PIECES)
        else:
            del out[at:]  # truncated
    return bytes(out)


def fuzz(seeds: list[bytes], check: Callable[[bytes], None], salt: str) -> int:
    """Run ``check`` on mutated seeds for `BUDGET` seconds; the number of inputs tried."""
    rng = random.Random(f"{SEED}:{salt}")
    deadline = time.monotonic() + BUDGET
    tried = 0
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(seeds))
        started = time.monotonic()
        try:
            check(data)
        except Exception as exc:
            raise AssertionError(f"{salt}: {type(exc).__name__}: {exc} on {data[:300]!r}") from exc
        took = time.monotonic() - started
        assert took < SLOW, f"{salt}: {took:.1f}s on {data[:300]!r}"
        tried += 1
    return tried


def _clean(reason: str, data: bytes) -> None:
    assert not any(word in reason for word in INTERNALS), f"{reason!r} on {data[:300]!r}"


@pytest.mark.parametrize("name", sorted(file_readers()))
def test_every_reader_fails_cleanly_on_mutated_input(name: str) -> None:
    reader = file_readers()[name]

    def check(data: bytes) -> None:
        if reader.prefix_bytes is not None:
            data = data[: reader.prefix_bytes]
        try:
            records = reader.read(data, "fuzz-org/fuzz-model", "fuzz/location")
        except CardError as exc:
            _clean(exc.reason, data)
            return
        for rec in records:
            assert len(rec.claims) <= MAX_CLAIMS_PER_SOURCE + 1  # the cap's one over, at most

    assert fuzz(_seeds(reader), check, name) > 0


def _dump_seeds(tmp_path: Path) -> list[tuple[str, bytes]]:
    rows = [
        {"id": f"org/m{i}", "cardData": {"base_model": "org/base", "license": "mit"},
         "tags": ["base_model:finetune:org/base"]}
        for i in range(5)
    ]  # fmt: skip
    lines = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buf)
    return [
        ("d.jsonl", lines),
        ("d.jsonl.gz", gzip.compress(lines)),
        ("d.json", json.dumps(rows).encode()),
        ("d.json", json.dumps(rows[0]).encode()),
        ("d.parquet", buf.getvalue()),
    ]


def test_dump_files_and_rows_fail_cleanly_on_mutated_input(tmp_path: Path) -> None:
    seeds = _dump_seeds(tmp_path)
    names = {data: name for name, data in seeds}
    counter = iter(range(10**9))

    def check(data: bytes) -> None:
        name = names.get(data, "")
        path = tmp_path / f"{next(counter) % 8}-{name or 'd.jsonl'}"
        path.write_bytes(data)
        for task in dump_tasks(path, chunk_rows=3):
            rows = parse_task(task)  # never raises: failures are returned
            for failure in rows.failures:
                _clean(failure.reason, data)

    # Mutate a seed of each format under that format's name.
    for name, data in seeds:
        names.clear()
        names_for = name

        def check_as(mutated: bytes, n: str = names_for) -> None:
            names[mutated] = n
            check(mutated)

        assert fuzz([data], check_as, name) > 0
