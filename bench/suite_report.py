"""Render suite results as Markdown and write them into docs/benchmarks.md.

The generated part sits between two marker comments; everything around it is
hand-written prose and is kept as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"

Row = list[str]


def _num(x: object, digits: int = 0) -> str:
    if not isinstance(x, int | float):
        return "—"
    return f"{x:,.{digits}f}"


def _ms(stats: dict[str, Any] | None, key: str = "p50_ms") -> str:
    if not stats or key not in stats:
        return "—"
    value = float(stats[key])
    return f"{value:.3g}" if value < 10 else f"{value:,.0f}"


def _ratio(slow: float | None, fast: float | None) -> str:
    if not slow or not fast:
        return "—"
    r = slow / fast
    return f"{r:,.1f}×" if r >= 10 else f"{r:.2g}×"


def _table(head: Row, rows: list[Row]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _import_rows(size: dict[str, Any]) -> list[Row]:
    n = f"{size['models']:,}"
    rows: list[Row] = []
    entries: list[tuple[str, dict[str, Any]]] = []
    entries += [(f"folder, ours, {k.split('_')[-1]}", v) for k, v in size.get("import", {}).items()]
    dump = size.get("dump", {})
    if "skipped" in dump:
        rows.append([n, "dumps", dump["skipped"], *["—"] * 7])
    else:
        entries += [
            (f"{k.split('_')[0]} dump, ours, {k.split('_')[-1]}", v) for k, v in dump.items()
        ]
    for name in ("rdflib", "networkx"):
        if name in size:
            entries.append((f"folder, {name} baseline, w1", size[name]))
    for label, r in entries:
        if "error" in r or "skipped" in r:
            rows.append([n, label, r.get("error") or r.get("skipped", ""), *["—"] * 7])
            continue
        cps = r.get("cards_per_s") or (size["models"] / r["seconds"] if r.get("seconds") else None)
        rows.append([
            n, label, _num(cps), _num(r.get("triples_per_s")), _num(r.get("seconds"), 1),
            _num(r.get("cpu_s"), 1), _num(size["models"] / r["cpu_s"] if r.get("cpu_s") else None),
            _num(r.get("peak_rss_mb")), _num(r.get("store_mb")),
        ])  # fmt: skip
    return rows


def _query_rows(size: dict[str, Any]) -> list[Row]:
    n = f"{size['models']:,}"
    q, rl, nx = size.get("query", {}), size.get("rdflib", {}), size.get("networkx", {})
    rows: list[Row] = []
    spec: list[tuple[str, str, str, str]] = [
        ("ancestors (sample), caches kept, first touch", "ancestors", "ancestors_sparql", "ancestors"),
        ("ancestors (sample), after the warm-up", "ancestors_preloaded", "ancestors_sparql", "ancestors"),
        ("ancestors (sample), cold caches", "ancestors_cold", "ancestors_sparql", "ancestors"),
        ("ancestors (sample), new store reading the lineage index", "ancestors_indexed",
         "ancestors_sparql", "ancestors"),
        ("descendant count, largest family", "descendants_largest_family",
         "descendants_sparql_largest_family", "descendants_largest_family"),
        ("descendant count, mid-size family", "descendants_small_family",
         "descendants_sparql_small_family", "descendants_small_family"),
        ("path between related models", "paths", "", "paths"),
    ]  # fmt: skip
    for label, api_key, sparql_key, nx_key in spec:
        api, ours_sparql = q.get(api_key), q.get(sparql_key) if sparql_key else None
        if api and "first_ms" in api:
            label += f" (first call {_ms(api, 'first_ms')} ms)"
        if api and "build_ms" in api:
            label += (f" ({api['indexed_models']:,} models indexed in "
                      f"{float(api['build_ms']) / 1000:,.1f} s, {float(api['index_mb']):,.0f} MB)")  # fmt: skip
        if api and "warm_ms" in api:
            label += f" ({api['warmed_models']:,} models in {float(api['warm_ms']) / 1000:,.1f} s)"
        base = rl.get(sparql_key) if sparql_key else None
        best = min(
            (float(s["p50_ms"]) for s in (api, ours_sparql) if s and "p50_ms" in s), default=None
        )
        rows.append([
            n, label, f"{_ms(api)} / {_ms(api, 'p99_ms')}",
            f"{_ms(ours_sparql)} / {_ms(ours_sparql, 'p99_ms')}",
            f"{_ms(base)} / {_ms(base, 'p99_ms')}", f"{_ms(nx.get(nx_key))} / {_ms(nx.get(nx_key), 'p99_ms')}",
            _ratio(base.get("p50_ms") if base else None, best),
            _ratio(nx.get(nx_key, {}).get("p50_ms"), best),
        ])  # fmt: skip
    return rows


def _targets(size: dict[str, Any]) -> list[Row]:
    imp, dump = size.get("import", {}), size.get("dump", {})
    q, rl = size.get("query", {}), size.get("rdflib", {})
    folder = max((r.get("cards_per_s", 0) for r in imp.values()), default=None)
    dumps = [r.get("cards_per_s", 0) for r in dump.values() if isinstance(r, dict)]
    rss = max((r.get("peak_rss_mb", 0) for r in [*imp.values(), *dump.values()] if isinstance(r, dict)), default=None)  # fmt: skip
    w2: dict[str, Any] = next(iter(sorted(imp.items(), reverse=True)), ("", {}))[1]
    anc, desc = q.get("ancestors", {}), q.get("descendants_largest_family", {})
    pre, idx = q.get("ancestors_preloaded", {}), q.get("ancestors_indexed", {})
    dsparql = q.get("descendants_sparql_largest_family", {})
    best_desc = min((float(d["p50_ms"]) for d in (desc, dsparql) if "p50_ms" in d), default=None)

    def check(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "not met")

    rl_anc = rl.get("ancestors_sparql", {}).get("p50_ms")
    our_anc = min(
        (
            float(q[k]["p50_ms"])
            for k in ("ancestors", "ancestors_preloaded", "ancestors_indexed", "ancestors_sparql")
            if "p50_ms" in q.get(k, {})
        ),
        default=None,
    )
    rl_desc = rl.get("descendants_sparql_largest_family", {}).get("p50_ms")
    ratios = [a / b for a, b in ((rl_anc, our_anc), (rl_desc, best_desc)) if a and b]
    q_ratio = min(ratios) if ratios else None
    i_ratio = rl["seconds"] / w2["seconds"] if rl.get("seconds") and w2.get("seconds") else None

    def cell(x: float | None, unit: str) -> str:
        return "—" if x is None else f"{x:,.1f} {unit}"

    return [
        ["folder import ≥ 10,000 cards/s", cell(folder, "cards/s"), check(None if folder is None else folder >= 10_000)],
        ["dump import ≥ 30,000 models/s", cell(max(dumps) if dumps else None, "models/s"), check(max(dumps) >= 30_000 if dumps else None)],
        ["peak RSS ≤ 2 GB", cell(rss, "MB"), check(None if rss is None else rss <= 2000)],
        ["ancestors p99 ≤ 2 ms (after the warm-up)", cell(pre.get("p99_ms"), "ms"), check(pre["p99_ms"] <= 2 if "p99_ms" in pre else None)],
        ["ancestors p99 ≤ 2 ms (caches kept, first touch)", cell(anc.get("p99_ms"), "ms"), check(anc["p99_ms"] <= 2 if "p99_ms" in anc else None)],
        ["ancestors p99 ≤ 2 ms (new store, lineage index)", cell(idx.get("p99_ms"), "ms"), check(idx["p99_ms"] <= 2 if "p99_ms" in idx else None)],
        ["largest family count ≤ 200 ms", cell(best_desc, "ms"), check(None if best_desc is None else best_desc <= 200)],
        ["≥ 50× rdflib on queries (worst of ancestors, family count)", cell(q_ratio, "×"), check(None if q_ratio is None else q_ratio >= 50)],
        ["≥ 10× rdflib on import", cell(i_ratio, "×"), check(None if i_ratio is None else i_ratio >= 10)],
    ]  # fmt: skip


def render_markdown(results: dict[str, Any]) -> str:
    """The generated section: machine, import table, query table, targets per size."""
    m = results["machine"]
    out = [
        f"_Run {results['started']} on {m.get('cpu_model')} ({m['cpus']} CPUs, "
        f"{m['memory_gb']} GB), Python {m['python']}, pyoxigraph {m['versions'].get('pyoxigraph')}, "
        f"rdflib {m['versions'].get('rdflib')}, networkx {m['versions'].get('networkx')}. "
        f"Load average at start {m['load_average_start'][0]:.1f}, at end "
        f"{m.get('load_average_end', [0])[0]:.1f} (shared machine: compare ratios)._\n",
        "### Import\n",
        _table(
            [
                "N",
                "source, engine, workers",
                "cards/s",
                "quads/s",
                "wall s",
                "CPU s",
                "cards per CPU-s",
                "peak RSS MB",
                "store MB",
            ],
            [r for s in results["sizes"] for r in _import_rows(s)],
        ),
        "\n### Queries (milliseconds, p50 / p99)\n",
        _table(
            [
                "N",
                "query",
                "ours: library call",
                "ours: SPARQL",
                "rdflib SPARQL",
                "networkx",
                "rdflib ÷ ours (best)",
                "networkx ÷ ours (best)",
            ],
            [r for s in results["sizes"] for r in _query_rows(s)],
        ),
    ]
    for s in results["sizes"]:
        out += [
            f"\n### Targets at {s['models']:,} models\n",
            _table(["target", "measured", "status"], _targets(s)),
        ]
    return "\n".join(out)


def update_docs(path: Path, generated: str) -> None:
    """Replace the text between the markers (append a marked section when missing)."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{generated.rstrip()}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n## Latest results\n\n" + block + "\n"
    path.write_text(text)
