"""Streaming writers for synthetic models: card folders, JSONL, Parquet, ground truth.

Each writer is a sink with ``add(model)`` and ``close()``, so one generation
pass can feed several formats; the ``write_*`` functions wrap one sink each.
Memory stays bounded: JSONL is flushed every few thousand lines and Parquet
is written one row group at a time. pyarrow is imported only by the Parquet
sink, so folder and JSONL output work without it.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from bench.synth_model import SynthModel

ROW_GROUP = 50_000
_FLUSH_LINES = 5_000


class Sink(Protocol):
    """Something that takes models one at a time."""

    def add(self, model: SynthModel) -> None:
        """Write one model."""

    def close(self) -> None:
        """Flush and release the output."""


class _Base:
    """Context-manager plumbing shared by the sinks."""

    count = 0

    def close(self) -> None:
        """Flush and release the output."""

    def __enter__(self) -> _Base:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class FolderSink(_Base):
    """``DIR/ORG/NAME/README.md`` for every model."""

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.root = os.fspath(out_dir)
        os.makedirs(self.root, exist_ok=True)

    def add(self, model: SynthModel) -> None:
        """Write the model's README.md."""
        org, name = model.id.split("/", 1)
        org_dir = os.path.join(self.root, org)
        repo = os.path.join(org_dir, name)
        try:
            os.mkdir(repo)
        except FileNotFoundError:
            os.makedirs(repo, exist_ok=True)
        except FileExistsError:
            pass
        with open(os.path.join(repo, "README.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(model.readme())
        self.count += 1


def _jsonl_line(model: SynthModel, include_card: bool) -> str:
    info = model.hub_info()
    if include_card:
        info["card"] = model.readme()
    return json.dumps(info, ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlSink(_Base):
    """One Hub API model-info object per line (``card`` added if ``include_card``)."""

    def __init__(self, path: str | os.PathLike[str], include_card: bool = False) -> None:
        self.f = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.include_card = include_card
        self.buf: list[str] = []

    def add(self, model: SynthModel) -> None:
        """Buffer one line; flush every few thousand."""
        self.buf.append(_jsonl_line(model, self.include_card))
        self.count += 1
        if len(self.buf) >= _FLUSH_LINES:
            self.f.write("".join(self.buf))
            self.buf.clear()

    def close(self) -> None:
        """Flush the tail and close the file."""
        if not self.f.closed:
            self.f.write("".join(self.buf))
            self.buf.clear()
            self.f.close()


def parquet_schema(include_card: bool = False) -> Any:
    """The Arrow schema of the Parquet output (needs pyarrow)."""
    pa: Any = importlib.import_module("pyarrow")
    base_models = pa.struct(
        [
            ("relation", pa.string()),
            ("models", pa.list_(pa.struct([("id", pa.string())]))),
        ]
    )
    fields = [
        ("id", pa.string()),
        ("modelId", pa.string()),
        ("author", pa.string()),
        ("cardData", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("library_name", pa.string()),
        ("pipeline_tag", pa.string()),
        ("downloads", pa.int64()),
        ("likes", pa.int64()),
        ("createdAt", pa.string()),
        ("baseModels", base_models),
    ]
    if include_card:
        fields.append(("card", pa.string()))
    return pa.schema(fields)


class ParquetSink(_Base):
    """The JSONL columns as Parquet (``cardData`` as JSON text), one row group per chunk."""

    def __init__(
        self, path: str | os.PathLike[str], include_card: bool = False, row_group: int = ROW_GROUP
    ) -> None:
        self.pa: Any = importlib.import_module("pyarrow")
        pq: Any = importlib.import_module("pyarrow.parquet")
        self.schema = parquet_schema(include_card)
        self.writer = pq.ParquetWriter(os.fspath(path), self.schema, compression="zstd")
        self.include_card = include_card
        self.row_group = row_group
        self.cols: dict[str, list[Any]] = {c: [] for c in self.schema.names}

    def add(self, model: SynthModel) -> None:
        """Add one row; write a row group when the chunk is full."""
        info = model.hub_info()
        info["cardData"] = json.dumps(info["cardData"], ensure_ascii=False, separators=(",", ":"))
        if self.include_card:
            info["card"] = model.readme()
        for name, col in self.cols.items():
            col.append(info[name])
        self.count += 1
        if len(self.cols["id"]) >= self.row_group:
            self._flush()

    def _flush(self) -> None:
        if self.cols["id"]:
            table = self.pa.Table.from_pydict(self.cols, schema=self.schema)
            self.writer.write_table(table, row_group_size=self.row_group)
            self.cols = {c: [] for c in self.schema.names}

    def close(self) -> None:
        """Write the last row group and the footer."""
        if self.writer is not None:
            self._flush()
            self.writer.close()
            self.writer = None


class TruthSink(_Base):
    """Ground truth, one JSON object per line: id, family, parents, datasets, licence."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.inner = JsonlSink(path)

    def add(self, model: SynthModel) -> None:
        """Write the model's ground truth."""
        row = {
            "id": model.id,
            "kind": model.kind,
            "family": model.family,
            "parents": [
                {
                    "id": p.id,
                    "relation": p.relation,
                    "evidence": p.evidence,
                    "dangling": p.dangling,
                    "cycle": p.cycle,
                }
                for p in model.parents
            ],
            "datasets": list(model.datasets),
            "license": model.license,
            "license_name": model.license_name,
        }
        self.inner.buf.append(json.dumps(row, separators=(",", ":")) + "\n")
        self.inner.count += 1
        self.count += 1
        if len(self.inner.buf) >= _FLUSH_LINES:
            self.inner.f.write("".join(self.inner.buf))
            self.inner.buf.clear()

    def close(self) -> None:
        """Flush and close."""
        self.inner.close()


def drain(models: Iterable[SynthModel], sinks: list[Sink]) -> int:
    """Feed every model to every sink, then close them all; the number of models."""
    n = 0
    try:
        for m in models:
            for s in sinks:
                s.add(m)
            n += 1
    finally:
        for s in sinks:
            s.close()
    return n


def write_folder(models: Iterable[SynthModel], out_dir: str | os.PathLike[str]) -> int:
    """Write ``OUT_DIR/ORG/NAME/README.md`` for each model; the number written."""
    return drain(models, [FolderSink(out_dir)])


def write_jsonl(
    models: Iterable[SynthModel], path: str | os.PathLike[str], include_card: bool = False
) -> int:
    """Write Hub API model-info objects, one per line; the number written."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return drain(models, [JsonlSink(path, include_card)])


def write_parquet(
    models: Iterable[SynthModel],
    path: str | os.PathLike[str],
    include_card: bool = False,
    row_group: int = ROW_GROUP,
) -> int:
    """Write the JSONL columns as Parquet in row groups of ``row_group``; the number written."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return drain(models, [ParquetSink(path, include_card, row_group)])


def write_truth(models: Iterable[SynthModel], path: str | os.PathLike[str]) -> int:
    """Write the ground truth of each model as JSON lines; the number written."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return drain(models, [TruthSink(path)])
