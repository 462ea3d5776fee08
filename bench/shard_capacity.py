"""``python -m bench.shard_capacity``: what one Redis Cluster shard costs per append, straight through the backbone (with each append's latency, ``WAIT 1`` included).

Starts a cluster (three masters, three replicas, AOF on), then ``--boards``
boards all on one shard, each with one live subscriber and ``--writers``
concurrent appenders (one event of about 300 bytes per append, ``WAIT 1`` each, as
Metanet does), for ``--duration`` seconds. Reports appends/s and the shard
master's CPU (``INFO cpu``) per append; since Redis executes commands on one
core, ``1e6 / µs per append`` is the shard's ceiling in appends/s. On a small
shared machine the client side is the bottleneck, so the appends/s here are a
floor; the µs per append is the number to size with (docs/deploy.md).

    python -m bench.shard_capacity [--boards 30] [--writers 2] [--duration 10] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from server.backbone import Conflict
from server.backbone.redis_cluster import ClusterBackbone
from testkit.redis_cluster import RedisCluster

NOTE = {"type": "note_added", "note": {"id": "n", "text": "x" * 240, "author": "p", "group": "Academia"}}


def boards_on(cluster: RedisCluster, port: int, n: int) -> list[str]:
    found: list[str] = []
    while len(found) < n:
        board = secrets.token_urlsafe(9)
        if cluster.node_of(f"metanet:{{{board}}}:log").port == port:
            found.append(board)
    return found


async def measure(cluster: RedisCluster, boards: int, writers: int, duration: float) -> dict[str, Any]:
    master = cluster.masters()[0]
    names = boards_on(cluster, master.port, boards)
    backbone = ClusterBackbone(cluster.url)
    await backbone.start()
    heard = 0
    stop = asyncio.Event()

    async def listen(board: str, ready: asyncio.Event) -> None:
        nonlocal heard
        async with backbone.subscribe(board) as batches:
            ready.set()
            async for _ in batches:
                heard += 1

    latencies: list[float] = []

    async def write(board: str) -> int:
        done, head = 0, 0
        while not stop.is_set():
            try:
                began = time.perf_counter()
                head = await backbone.append(board, head, [NOTE])
                latencies.append(time.perf_counter() - began)
                done += 1
            except Conflict as c:
                head = c.current
        return done

    listeners = []
    for board in names:
        ready = asyncio.Event()
        listeners.append(asyncio.create_task(listen(board, ready)))
        await ready.wait()
    cpu0 = _cpu(master.info("cpu"))
    began = time.monotonic()
    tasks = [asyncio.create_task(write(b)) for b in names for _ in range(writers)]
    await asyncio.sleep(duration)
    stop.set()
    appends = sum(await asyncio.gather(*tasks))
    seconds = time.monotonic() - began
    cpu = _cpu(master.info("cpu")) - cpu0
    await asyncio.sleep(0.2)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    unreplicated = backbone.unreplicated
    await backbone.close()
    return {
        "boards": boards, "writers_per_board": writers, "seconds": round(seconds, 1),
        "appends_per_s": round(appends / seconds), "heard_per_s": round(heard / seconds),
        "shard_cpu_cores": round(cpu / seconds, 3), "shard_cpu_us_per_append": round(cpu * 1e6 / max(1, appends), 1),
        "shard_ceiling_appends_per_s": round(appends / cpu) if cpu else None, "unreplicated": unreplicated,
        "append_p50_ms": _percentile(latencies, 0.5), "append_p99_ms": _percentile(latencies, 0.99),
    }  # fmt: skip


def _percentile(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2) if ordered else None


def _cpu(info: dict[str, object]) -> float:
    return float(str(info["used_cpu_sys"])) + float(str(info["used_cpu_user"]))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.shard_capacity", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--boards", type=int, default=30)
    p.add_argument("--writers", type=int, default=2, help="concurrent appenders per board")
    p.add_argument("--duration", type=float, default=10.0)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="metanet-shard-"))
    try:
        with RedisCluster(workdir) as cluster:
            result = asyncio.run(measure(cluster, args.boards, args.writers, args.duration))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for key, value in result.items():
        print(f"{key:30} {value}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
