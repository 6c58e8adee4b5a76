"""Load generator for the HTTP API: requests/s and latency of the model and ancestors endpoints.

Runs in its own process against a server on loopback: either one it starts
(``lineage serve --db DIR``, an already-imported store) or one given with
``--url``. Each endpoint is driven for its share of ``--seconds`` by
``--concurrency`` asyncio workers over keep-alive connections, each request for a
model drawn at random from a sample of models that have parents. Prints JSON.

    python -m bench.api_load --db /path/to/store --seconds 10 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

ENDPOINTS = {
    "model": "/models/{id}",
    "ancestors": "/models/{id}/ancestors",
}
SAMPLE_QUERY = """SELECT DISTINCT ?id WHERE {{
  ?m lin:hubId ?id ; prov:qualifiedDerivation ?d ; lin:describedBy ?src .
}} LIMIT {n}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing to load-test {host!r}: only loopback servers are allowed")


@contextmanager
def served(db: Path, store: str) -> Iterator[str]:
    """Start ``lineage serve`` on a free loopback port and stop it afterwards."""
    port = _free_port()
    cmd = [
        sys.executable, "-c", "from lineage.cli import main; main()", "serve",
        "--host", "127.0.0.1", "--port", str(port), "--db", str(db), "--store", store,
        "--log-level", "warning",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise SystemExit(
                        f"lineage serve exited:\n{log.read().decode(errors='replace')}"
                    )
                try:
                    if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("lineage serve did not become ready in 120 s")
                time.sleep(0.2)
            yield url
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def sample_models(url: str, n: int) -> list[str]:
    """Ids of up to ``n`` described models that have parents (through the SPARQL endpoint)."""
    r = httpx.get(
        url + "/sparql",
        params={"query": SAMPLE_QUERY.format(n=n)},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    r.raise_for_status()
    return [b["id"]["value"] for b in r.json()["results"]["bindings"]]


def _percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return 0.0
    i = min(len(sorted_ms) - 1, max(0, round(p / 100 * (len(sorted_ms) - 1))))
    return round(sorted_ms[i], 2)


async def drive(
    url: str, template: str, ids: list[str], seconds: float, concurrency: int, seed: int
) -> dict[str, Any]:
    """Hit one endpoint for ``seconds`` with ``concurrency`` workers; latency stats in ms."""
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                path = template.format(id=quote(rng.choice(ids), safe="/"))
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - t) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": _percentile(latencies, 50),
        "p90_ms": _percentile(latencies, 90),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": round(latencies[-1], 2) if latencies else 0.0,
    }


def wait_for_cache(url: str, timeout: float) -> dict[str, Any]:
    """Wait until the server's cache warm-up (``/health/ready`` → ``cache``) has ended."""
    deadline = time.monotonic() + timeout
    while True:
        cache: dict[str, Any] = httpx.get(url + "/health/ready", timeout=10).json().get("cache", {})
        if cache.get("state") != "warming" or time.monotonic() > deadline:
            return cache
        time.sleep(0.5)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, then measure each endpoint in turn."""
    with served(args.db, args.store) if args.url is None else _given(args.url) as url:
        cache = wait_for_cache(url, args.warm_timeout) if args.warm_timeout > 0 else {}
        ids = sample_models(url, args.sample)
        if not ids:
            raise SystemExit("the store has no model with parents to load-test")
        share = args.seconds / len(ENDPOINTS)
        results: dict[str, Any] = {}
        for i, (name, template) in enumerate(ENDPOINTS.items()):
            asyncio.run(drive(url, template, ids, min(1.0, share), 4, args.seed + 100 + i))
            results[name] = asyncio.run(
                drive(url, template, ids, share, args.concurrency, args.seed + i)
            )
        stats = httpx.get(url + "/health/ready", timeout=10).json()
    return {
        "url": url,
        "store": args.store,
        "db": str(args.db) if args.db else None,
        "concurrency": args.concurrency,
        "seconds_per_endpoint": round(share, 2),
        "models_sampled": len(ids),
        "server": {"stores": stats.get("stores"), "cache_before_measuring": cache},
        "client_cpus": os.cpu_count(),
        "endpoints": results,
    }


@contextmanager
def _given(url: str) -> Iterator[str]:
    _require_loopback(url)
    yield url.rstrip("/")


def main(argv: list[str] | None = None) -> None:
    """Command line: parse, run, print JSON."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", type=Path, help="Embedded store folder of an imported graph.")
    p.add_argument("--store", default="embedded", choices=["embedded", "neo4j"])
    p.add_argument("--url", help="Use this running loopback server instead of starting one.")
    p.add_argument("--seconds", type=float, default=10.0, help="Total measuring time.")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--sample", type=int, default=1000, help="Models drawn from.")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--warm-timeout",
        type=float,
        default=600.0,
        help="Seconds to wait for the server's cache warm-up before measuring (0: do not wait).",
    )
    args = p.parse_args(argv)
    if args.url is None and args.db is None:
        p.error("give --db (a server is started on it) or --url")
    if not 0 < args.seconds <= 600:
        p.error("--seconds must be in (0, 600]")
    print(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main()
