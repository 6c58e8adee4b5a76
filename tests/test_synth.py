"""The synthetic Hub generator: determinism, graph shape, card forms, every output format."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

import pytest
import yaml

from bench import synth_vocab
from bench.synth import (
    SynthModel,
    generate,
    main,
    truth_edges,
    write_folder,
    write_jsonl,
    write_parquet,
    write_truth,
)

N = 2000
SEED = 7
HUB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")
DATASET_ID = re.compile(r"(?:[A-Za-z0-9][\w.-]*/)?[A-Za-z0-9][\w.-]*")
API_KEYS = [
    "id",
    "modelId",
    "author",
    "cardData",
    "tags",
    "library_name",
    "pipeline_tag",
    "downloads",
    "likes",
    "createdAt",
    "baseModels",
]


@pytest.fixture(scope="module")
def models() -> list[SynthModel]:
    return list(generate(N, SEED))


@pytest.fixture(scope="module")
def models_10k() -> list[SynthModel]:
    return list(generate(10_000, 3))


def _front_matter(text: str) -> dict[str, Any]:
    if not text.startswith("---\n"):
        return {}
    end = text.index("\n---\n", 4)
    loaded = yaml.safe_load(text[4:end])
    assert isinstance(loaded, dict)
    return loaded


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _parquet() -> Any:
    return importlib.import_module("pyarrow.parquet")


# --- determinism ---------------------------------------------------------------


def test_generate_is_lazy_and_counts_exactly() -> None:
    it = generate(50, 1)
    assert iter(it) is it
    assert sum(1 for _ in it) == 50
    assert list(generate(0, 1)) == []
    assert len(list(generate(7, 1))) == 7


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    n = 1000
    for run in ("a", "b"):
        write_jsonl(generate(n, SEED), tmp_path / run / "m.jsonl")
        write_folder(generate(n, SEED), tmp_path / run / "cards")
        write_parquet(generate(n, SEED), tmp_path / run / "m.parquet", row_group=300)
    for name in ("m.jsonl", "m.parquet"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert _tree_digest(tmp_path / "a" / "cards") == _tree_digest(tmp_path / "b" / "cards")
    write_jsonl(generate(n, SEED + 1), tmp_path / "other.jsonl")
    assert (tmp_path / "other.jsonl").read_bytes() != (tmp_path / "a" / "m.jsonl").read_bytes()


def test_same_seed_same_bytes_across_processes(tmp_path: Path) -> None:
    """Nothing depends on hash randomisation: other PYTHONHASHSEEDs give the same bytes."""
    root = Path(__file__).resolve().parents[1]
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        cmd = [sys.executable, "-m", "bench.synth", "--models", "500", "--seed", "3"]
        cmd += ["--out", str(out), "--formats", "jsonl,folder,truth", "--with-card"]
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(cmd, check=True, cwd=root, env=env, capture_output=True)
        outputs.append(_tree_digest(out))
    assert outputs[0] == outputs[1]


# --- ids and the shape of the graph ------------------------------------------------


def test_ids_look_like_hub_ids_and_are_unique_case_insensitively(
    models: list[SynthModel],
) -> None:
    assert all(HUB_ID.fullmatch(m.id) and not m.id.endswith((".", "-")) for m in models)
    assert len({m.id.casefold() for m in models}) == N
    assert all(m.author == m.id.split("/")[0] for m in models)
    names = [m.id for m in models]
    assert any(n.startswith("bartowski/") and n.endswith("-GGUF") for n in names)
    assert any(n.lower().endswith("-lora") for n in names)


def test_relation_mix_follows_the_hub(models_10k: list[SynthModel]) -> None:
    edges = truth_edges(models_10k)
    counts = Counter(e.relation for e in edges)
    total = sum(counts.values())
    hub = synth_vocab.HUB_EDGES
    hub_total = sum(hub.values())
    for rel, n in hub.items():
        assert abs(counts[rel] / total - n / hub_total) < 0.03, (rel, counts)
    assert 0.005 < counts["distillation"] / total < 0.05
    assert set(counts) == set(hub)


def test_about_a_quarter_declare_lineage(models: list[SynthModel]) -> None:
    share = sum(1 for m in models if m.parents) / N
    assert 0.22 < share < 0.28


def test_family_sizes_are_heavy_tailed(models: list[SynthModel]) -> None:
    sizes = Counter(m.family for m in models if m.family and m.kind != "base")
    biggest = max(sizes.values())
    assert biggest >= 10 * median(sizes.values())
    assert biggest >= 0.03 * N
    # Most models have no descendants at all.
    parents = {p.id for m in models for p in m.parents}
    assert sum(1 for m in models if m.id not in parents) / N > 0.9


def test_merges_have_two_to_five_parents(models: list[SynthModel]) -> None:
    merges = [m for m in models if m.kind == "merge"]
    assert merges
    assert all(2 <= len(m.parents) <= 5 for m in merges)
    assert all(p.relation == "merge" for m in merges for p in m.parents)
    assert len({len(m.parents) for m in merges}) >= 2


def test_cycles_and_dangling_references(models: list[SynthModel]) -> None:
    ids = {m.id for m in models}
    declared = {(m.id, p.id) for m in models for p in m.parents}
    mutual = {(a, b) for a, b in declared if a != b and (b, a) in declared}
    assert mutual, "no A->B->A cycle"
    assert all(p.cycle for m in models for p in m.parents if (m.id, p.id) in mutual)
    flagged = {p.id for m in models for p in m.parents if p.dangling}
    missing = {p.id for m in models for p in m.parents} - ids
    assert flagged and flagged == missing


def _longest_chain(models: list[SynthModel]) -> int:
    parents: dict[str, list[str]] = defaultdict(list)
    for e in truth_edges(models):
        if e.child != e.parent:
            parents[e.child].append(e.parent)
    depth: dict[str, int] = {}
    on_stack: set[str] = set()

    def walk(node: str) -> int:
        if node in depth:
            return depth[node]
        if node in on_stack:
            return 0
        on_stack.add(node)
        best = 0
        for p in parents.get(node, []):
            best = max(best, 1 + walk(p))
        on_stack.discard(node)
        depth[node] = best
        return best

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    return max(walk(m.id) for m in models)


def test_chains_reach_depth_ten(models_10k: list[SynthModel]) -> None:
    assert _longest_chain(models_10k) >= 10


def test_datasets_and_licences(models: list[SynthModel]) -> None:
    uses = Counter(d for m in models for d in m.datasets)
    top = uses.most_common(3)
    assert top[0][1] >= 20 * median(uses.values())
    assert all(DATASET_ID.fullmatch(d) for d in uses)
    licences = Counter(m.license for m in models)
    for lic in ("apache-2.0", "mit", None, "other", "cc-by-nc-4.0"):
        assert licences[lic] > 0, lic
    assert any(lic and lic.startswith("llama3") for lic in licences)
    others = [m for m in models if m.license == "other"]
    assert all(m.license_name for m in others)
    assert all(m.card_data.get("license_name") == m.license_name for m in others)


# --- card forms ------------------------------------------------------------------


def test_base_model_forms(models_10k: list[SynthModel]) -> None:
    refs: list[str] = []
    kinds = Counter[str]()
    for m in models_10k:
        bm = m.card_data.get("base_model")
        if bm is None:
            continue
        kinds[type(bm).__name__] += 1
        refs.extend([bm] if isinstance(bm, str) else bm)
    assert kinds["str"] and kinds["list"]
    assert any(r.startswith("https://huggingface.co/") for r in refs)
    assert any("@" in r for r in refs)
    ids = {m.id for m in models_10k}
    assert any(r not in ids and r.islower() and "/" in r and "@" not in r for r in refs)
    with_rel = [m for m in models_10k if "base_model_relation" in m.card_data]
    without = [m for m in models_10k if "base_model" in m.card_data and m not in with_rel]
    assert with_rel and without


def test_relation_tags_and_libraries(models: list[SynthModel]) -> None:
    yaml_tags = [t for m in models for t in m.card_data.get("tags", [])]
    for rel in ("quantized", "adapter"):
        assert any(t.startswith(f"base_model:{rel}:") for t in yaml_tags), rel
    api_tags = {t.split(":")[1] for m in models for t in m.tags if t.count(":") == 2}
    assert {"finetune", "adapter", "quantized", "merge"} <= api_tags
    quants = [m for m in models if m.kind == "quantized"]
    assert any("gguf" in m.card_data.get("tags", []) for m in quants)
    adapters = [m for m in models if m.kind == "adapter" and m.library_name != "diffusers"]
    assert adapters and all(m.library_name == "peft" for m in adapters)


def test_trainer_prose_cards(models: list[SynthModel]) -> None:
    prose = [m for m in models if any(p.evidence == "prose" for p in m.parents)]
    assert prose
    for m in prose:
        assert "base_model" not in m.card_data
        assert m.base_models is None
        parent = m.parents[0].id
        sentence = (
            f"This model is a fine-tuned version of [{parent}](https://huggingface.co/{parent}) on "
        )
        assert sentence in m.readme()
    assert truth_edges(prose, evidence={"yaml", "tags"}) == []


def test_card_sizes_are_realistic(models: list[SynthModel]) -> None:
    sizes = sorted(len(m.readme().encode()) for m in models)
    assert 300 < sizes[len(sizes) // 2] < 5000
    assert sizes[-1] > 8000
    assert sizes[0] > 100


# --- output formats ----------------------------------------------------------------


def test_folder_output_round_trips(tmp_path: Path, models: list[SynthModel]) -> None:
    assert write_folder(iter(models), tmp_path) == N
    cards = sorted(tmp_path.glob("*/*/README.md"))
    assert len(cards) == N
    by_id = {m.id: m for m in models}
    for card in cards:
        model_id = f"{card.parent.parent.name}/{card.parent.name}"
        assert _front_matter(card.read_text(encoding="utf-8")) == by_id[model_id].card_data


def test_jsonl_output(tmp_path: Path, models: list[SynthModel]) -> None:
    path = tmp_path / "models.jsonl"
    assert write_jsonl(iter(models), path) == N
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == N
    for line, m in zip(lines, models, strict=True):
        row = json.loads(line)
        assert list(row) == API_KEYS
        assert row["id"] == row["modelId"] == m.id
        assert row["cardData"] == m.card_data
        datetime.fromisoformat(row["createdAt"].replace("Z", "+00:00"))
        bm = row["baseModels"]
        if bm is not None:
            assert bm["relation"] in ("finetune", "adapter", "quantized", "merge")
            assert [x["id"] for x in bm["models"]] == [
                p.id for p in m.parents if p.evidence == "yaml"
            ]
    with_card = tmp_path / "cards.jsonl"
    write_jsonl(iter(models[:10]), with_card, include_card=True)
    first = json.loads(with_card.read_text(encoding="utf-8").splitlines()[0])
    assert first["card"] == models[0].readme()


def test_parquet_output(tmp_path: Path, models: list[SynthModel]) -> None:
    path = tmp_path / "models.parquet"
    assert write_parquet(iter(models), path, row_group=600) == N
    pf = _parquet().ParquetFile(path)
    assert pf.metadata.num_rows == N
    assert pf.metadata.num_row_groups == 4
    table = pf.read()
    assert table.column_names == API_KEYS
    assert str(table.schema.field("tags").type) == "list<element: string>"
    rows = table.to_pylist()
    for row, m in zip(rows, models, strict=True):
        assert row["id"] == m.id
        assert json.loads(row["cardData"]) == m.card_data
        assert row["tags"] == m.tags
        assert row["baseModels"] == m.base_models


def test_truth_file(tmp_path: Path, models: list[SynthModel]) -> None:
    path = tmp_path / "truth.jsonl"
    write_truth(iter(models), path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    edges = {(r["id"], p["id"], p["relation"]) for r in rows for p in r["parents"]}
    assert edges == {tuple(e) for e in truth_edges(models)}


def test_cli_writes_all_formats_in_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hub"
    args = ["--models", "300", "--seed", "5", "--out", str(out)]
    assert main([*args, "--formats", "folder,jsonl,parquet,truth"]) == 0
    assert "300 models" in capsys.readouterr().out
    assert len(list(out.glob("*/*/README.md"))) == 300
    assert len((out / "models.jsonl").read_text(encoding="utf-8").splitlines()) == 300
    assert _parquet().ParquetFile(out / "models.parquet").metadata.num_rows == 300
    assert (out / "truth.jsonl").exists()
    with pytest.raises(SystemExit):
        main([*args, "--formats", "csv"])


def test_folder_and_jsonl_work_without_pyarrow(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "from bench.synth import generate, write_folder, write_jsonl\n"
        f"write_jsonl(generate(100, 1), {str(tmp_path / 'm.jsonl')!r})\n"
        f"write_folder(generate(100, 1), {str(tmp_path / 'cards')!r})\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
    assert len((tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()) == 100
