"""Unbounded lists and slow inputs: one claim cap for every reader, reported; bounded time."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

from importers.card import READER as CARD
from importers.frontmatter import GUESS_MAX_CHARS
from importers.hub_rows import records_from_row
from importers.registry import file_readers
from lineage.core.limits import MAX_CLAIMS_PER_SOURCE, cap_claims
from lineage.stores.oxigraph.store import OxigraphStore
from tests.hostile.conftest import Run, hostile_sentinel_stored

CAP = MAX_CLAIMS_PER_SOURCE


def test_a_card_with_40000_base_models_is_capped_and_says_so(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    repo = hostile_sentinel / "list-org" / "many-parents"
    repo.mkdir(parents=True)
    # 40,000 entries keep the front matter under its own size cap (1,000,000 characters,
    # which refuses the red team's 50,000-entry card outright): the claim cap must act.
    parents = "\n".join(f"  - base-org/base-{i}" for i in range(40_000))
    (repo / "README.md").write_text(f"---\nlicense: mit\nbase_model:\n{parents}\n---\n# Many\n")
    db = tmp_path / "db"
    started = time.monotonic()
    proc = hostile_cli("import", str(hostile_sentinel), "--json", "--workers", "1", db=db)
    took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert took < 60  # was 52 s and 2.1 GB for this card alone
    summary = json.loads(proc.stdout)
    [warning] = [w for w in summary["warnings"] if "many-parents" in w["path"]]
    assert warning["reason"] == f"more than {CAP:,} lineage claims; kept the first {CAP:,}"
    store = OxigraphStore(db, index=False)
    try:
        kept = store.parents("list-org/many-parents")
    finally:
        store.close()
    assert len(kept) == CAP
    assert {e.parent for e in kept} == {f"base-org/base-{i}" for i in range(CAP)}
    assert hostile_sentinel_stored(db)


def test_hub_rows_and_mergekit_share_the_cap() -> None:
    row = {"id": "org/row", "cardData": {"base_model": [f"b/m{i}" for i in range(5_000)]}}
    records = records_from_row(row, "dump#1")
    assert all(len(cap_claims(r).claims) <= CAP for r in records)
    assert any("kept the first" in w for r in records for w in r.warnings)
    models = "".join(f"  - model: m/m{i}\n" for i in range(3_000))
    config = f"merge_method: linear\nmodels:\n{models}".encode()
    [merged] = file_readers()["mergekit-config"].read(config, "org/merge", "mergekit_config.yml")
    assert len(cap_claims(merged).claims) == CAP and merged.warnings


def _gguf(array_len: int) -> bytes:
    def s(text: str) -> bytes:
        return struct.pack("<Q", len(text)) + text.encode()

    kv = s("general.tags") + struct.pack("<IIQ", 9, 0, array_len) + b"\x01" * array_len
    kv += s("general.source.repo_url") + struct.pack("<I", 8) + s("https://hf.co/gguf-org/base")
    return b"GGUF" + struct.pack("<IQQ", 3, 0, 2) + kv


def test_a_huge_general_array_is_skipped_not_read() -> None:
    reader = file_readers()["gguf"]
    data = _gguf(16_000_000)
    started = time.monotonic()
    records = reader.read(data[: reader.prefix_bytes], "gguf-org/model-GGUF", "model.gguf")
    assert time.monotonic() - started < 1.0  # was 10 s a file
    # The key after the array is still read: skipping moved the cursor exactly.
    small = reader.read(_gguf(10), "gguf-org/model-GGUF", "model.gguf")
    expected = [c.parent for r in small for c in r.claims]
    assert expected == ["gguf-org/base"]
    assert [c.parent for r in records for c in r.claims] == expected


def test_a_huge_block_after_a_preamble_is_not_guessed_as_front_matter() -> None:
    keys = "\n".join(f"key{i}: value {i}" for i in range(150_000))
    card = f"# Title\n\nA preamble.\n\n---\nlicense: mit\n{keys}\n---\nbody\n".encode()
    assert len(card) > 10 * GUESS_MAX_CHARS
    started = time.monotonic()
    [record] = CARD.read(card, "org/pre", "README.md")
    assert time.monotonic() - started < 1.0  # was 11 s and 800 MB
    assert record.license is None  # not loaded
    small = CARD.read(b"# Title\n\n---\nlicense: mit\n---\nbody\n", "org/pre", "README.md")
    assert small[0].license == "mit"  # a normal block after a preamble still is
