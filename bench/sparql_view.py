"""The import cost of the remote engine's consolidated view (docs/benchmarks.md).

Imports a synthetic card folder into a fresh test server (``oxigraph serve`` or Fuseki, both
started by `lineage.sparql_server.launcher`) through the remote engine alone, then rebuilds
the view once (`refresh_view`), and prints wall time and CPU time of this process, its parser
workers and the server. Run it on the code before the view (``PYTHONPATH`` pointing at an
export of that commit) for the figures without it; there the rebuild is not measured.

    python -m bench.sparql_view --cards /tmp/model-lineage-bench/data/hub-10000-s1/cards \
        --server oxigraph
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from lineage.ingest.sources import import_paths
from lineage.sparql_server import launcher
from lineage.stores.base import Capability, supports, view_store
from lineage.stores.sparql.client import SparqlClient
from lineage.stores.sparql.store import SparqlStore

_TICKS = os.sysconf("SC_CLK_TCK")


def _server_cpu(pid: int) -> float:
    """CPU seconds (user and system) of the server process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _own_cpu() -> float:
    """CPU seconds of this process and its finished children (the parser workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(cards: Path, kind: str, workers: int) -> dict[str, Any]:
    """Import ``cards`` into a fresh ``kind`` server; the costs, and the rebuild's if any."""
    with tempfile.TemporaryDirectory(prefix="lineage-bench-sparql-") as folder:
        start = launcher.start_oxigraph if kind == "oxigraph" else launcher.start_fuseki
        server = start(Path(folder))
        try:
            client = SparqlClient(server.query_url, server.update_url, timeout=600.0)
            store = SparqlStore(client)
            pid = server.process.pid
            cpu0, server0, wall0 = _own_cpu(), _server_cpu(pid), time.perf_counter()
            import_paths([str(cards)], [store], workers=workers)
            out: dict[str, Any] = {
                "server": kind,
                "import_wall_s": round(time.perf_counter() - wall0, 1),
                "import_client_cpu_s": round(_own_cpu() - cpu0, 1),
                "import_server_cpu_s": round(_server_cpu(pid) - server0, 1),
                "stats": store.stats(),
            }
            if supports(store, Capability.VIEW):
                cpu0, server0, wall0 = _own_cpu(), _server_cpu(pid), time.perf_counter()
                done = view_store(store).refresh_view()
                out |= {
                    "rebuild_models": done.models,
                    "rebuild_wall_s": round(time.perf_counter() - wall0, 1),
                    "rebuild_client_cpu_s": round(_own_cpu() - cpu0, 1),
                    "rebuild_server_cpu_s": round(_server_cpu(pid) - server0, 1),
                }
            store.close()
            return out
        finally:
            launcher.stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=Path, required=True, help="a synthetic card folder")
    parser.add_argument("--server", choices=["oxigraph", "fuseki"], default="oxigraph")
    parser.add_argument("--workers", type=int, default=1, help="parser worker processes")
    args = parser.parse_args()
    print(json.dumps(measure(args.cards, args.server, args.workers)))


if __name__ == "__main__":
    main()
