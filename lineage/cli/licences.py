"""``lineage licenses``, ``compare`` and ``aibom``: a model's chain for a compliance reviewer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from lineage.cli.base import (
    DbOpt,
    DepthOpt,
    JsonOpt,
    StoreOpt,
    app,
    err,
    graph_for,
    print_answer,
    print_json,
)

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
ModelArg = Annotated[str, typer.Argument(help="Model id, e.g. acme/Llama-3.1-Chat-8B")]


def _licence_view(data: dict[str, Any]) -> Group:
    """The chain's licences, the duties that reach the model, then the findings."""
    model = data["model"]
    table = Table(title=f"Licences on the chain of {model}")
    for column in ("model", "declared", "read as", "declared in", "effective"):
        table.add_column(column)
    for m in data["models"]:
        d = m["declared"]
        declared = d["declared"] or "—"
        if d["license_name"]:
            declared += f" ({d['license_name']})"
        read = f"{d['expression'] or '—'} [{d['status']}]"
        name = Text(m["model"], style="bold" if m["model"] == model else "")
        if m["placeholder"]:
            name.append(" (no card)", style="italic dim")
        table.add_row(
            name, declared, read, ", ".join(m["declared_in"]) or "—", m["effective_license"] or "—"
        )
    parts: list[Table | Text] = [table]
    own = next(m for m in data["models"] if m["model"] == model)
    parts.append(Text(f"\nObligations that reach {model}:", style="bold"))
    if not own["obligations"]:
        parts.append(Text("  none", style="dim"))
    for o in own["obligations"]:
        line = Text(f"  {o['kind']}", style="bold")
        line.append(f" ({o['license']}, from {o['ancestor']}")
        line.append(f" via {o['via']}): {o['clause']}")
        if not o.get("verified", True):
            line.append(" [clause not checked against the licence text]", style="magenta")
        if o["detail"]:
            line.append(f" — {o['detail']}", style="dim")
        parts.append(line)
    parts.append(Text(f"\nFindings ({len(data['findings'])}):", style="bold"))
    if not data["findings"]:
        parts.append(Text("  none", style="green"))
    for f in data["findings"]:
        line = Text(f"  {f['severity'].upper():7}", style=SEVERITY_STYLE.get(f["severity"], ""))
        line.append(f" {f['model']}: ", style="bold")
        line.append(f["message"])
        if f["edge"]:
            e = f["edge"]
            line.append(f"  [{e['child']} → {e['parent']}, {e['relation']}]", style="dim")
        parts.append(line)
    score = data["completeness"]
    parts.append(Text(f"\nProvenance completeness: {score['score']:g}", style="bold"))
    for p in score["parts"]:
        mark = "n/a" if p["met"] is None else "yes" if p["met"] else "no"
        parts.append(Text(f"  {p['name']}: {mark} — {p['detail']}"))
    if data["truncated"]:
        parts.append(Text("… depth limit reached; raise --depth to see more", style="yellow"))
    return Group(*parts)


@app.command()
def licenses(
    model: ModelArg,
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    depth: DepthOpt = None,
) -> None:
    """Every licence on a model's chain, the duties that reach it, and the findings."""
    with graph_for(db, store=store) as graph:
        chain = graph.licenses(model, depth)
    data = chain.to_json()
    print_answer(as_json, lambda: data, lambda: _licence_view(data))


def _compare_view(data: dict[str, Any]) -> Group:
    model = data["model"]
    parts: list[Table | Text] = [
        Text(f"{model}: {data['results']} evaluation result(s)", style="bold")
    ]
    if not data["comparisons"]:
        parts.append(Text("nothing to compare: no result shared with a parent", style="dim"))
    for c in data["comparisons"]:
        how = c["relation"] or f"{c['distance']} step(s) up"
        table = Table(title=f"{model} vs {c['parent']} ({how})")
        for column in ("benchmark", "metric", "shots", model, c["parent"], "delta"):
            table.add_column(
                column, justify="left" if column in ("benchmark", "metric") else "right"
            )
        for d in c["shared"]:
            style = "" if d["better"] is None else "green" if d["better"] else "red"
            table.add_row(
                d["benchmark"], d["metric"], "" if d["shots"] is None else str(d["shots"]),
                f"{d['child']:g}", f"{d['parent']:g}", Text(f"{d['delta']:+g}", style=style),
            )  # fmt: skip
        parts.append(table)
        if c["only_child"] or c["only_parent"]:
            parts.append(
                Text(
                    f"  only {model}: {', '.join(c['only_child']) or '—'}; "
                    f"only {c['parent']}: {', '.join(c['only_parent']) or '—'}",
                    style="dim",
                )
            )
    if data["without_results"]:
        parts.append(
            Text(f"no results reported by: {', '.join(data['without_results'])}", style="dim")
        )
    parts.append(Text(f"\nFindings ({len(data['findings'])}):", style="bold"))
    for f in data["findings"]:
        parts.append(Text(f"  WARNING {f['message']}", style="yellow"))
    return Group(*parts)


@app.command()
def compare(
    model: ModelArg,
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    ancestors: Annotated[
        bool, typer.Option("--ancestors", help="Compare with every ancestor, not only parents.")
    ] = False,
    depth: DepthOpt = None,
) -> None:
    """A model's evaluation results beside its parents': shared benchmarks, deltas, regressions."""
    with graph_for(db, store=store) as graph:
        data = graph.compare(model, ancestors, depth)
    print_answer(as_json, lambda: data, lambda: _compare_view(data))


@app.command()
def aibom(
    model: ModelArg,
    db: DbOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="cyclonedx (CycloneDX 1.6) or spdx (SPDX 3.0.1).")
    ] = "cyclonedx",
    output: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """An AI bill of materials of a model and its pedigree, validated against its schema."""
    with graph_for(db, store=store) as graph:
        doc = graph.aibom(model, fmt)
    if output is None:
        print_json(doc)
    else:
        output.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        err.print(f"wrote {output}", highlight=False, markup=False)
