"""``python -m bench SCENARIO``: run one scenario against Metanet and the reference peers.

Each target (Metanet, then the naive peer, then the limit peer) runs as its
own server process with fresh generator processes, on the same scenario, one
after the other. The human table goes to stdout; with ``--json`` the last line
of stdout is one JSON object. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from bench.generator import raise_fd_limit
from bench.report import combine, json_line, metrics, table
from bench.run import BenchError, Generators, Run
from bench.scenarios import FLOWS, SCENARIOS, Scenario, scenario
from bench.shards import ClusterMetanet, command_counts, shard_lines, shard_load
from bench.targets import Metanet, Peer, Target
from testkit.redis_cluster import RedisCluster
from testkit.redis_server import RedisServer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", choices=[*sorted(SCENARIOS), "chaos", "saturate"],
                   help="chaos and saturate have their own options: python -m bench chaos --help")
    p.add_argument("--clients", type=int, help="clients in all (default: the scenario's)")
    p.add_argument("--duration", type=float, help="seconds of traffic (join-storm: seconds to join in)")
    p.add_argument("--rate", type=float, help="commands per second per board")
    p.add_argument("--boards", type=int, help="boards (default: the scenario's)")
    p.add_argument("--notes", type=int, help="notes per board before the clients come (snapshot: 500)")
    p.add_argument("--dots", type=int, help="snapshot: dots placed before the probes join (5000)")
    p.add_argument("--backbone", choices=("memory", "redis", "cluster"), default="memory",
                   help="cluster: a Redis Cluster (3 masters, 3 replicas), boards spread evenly over its shards, "
                        "commands/s per shard from INFO commandstats")
    p.add_argument("--workers", type=int, default=1, help="Metanet worker processes (needs --backbone redis or cluster)")
    p.add_argument("--generators", type=int, default=2, help="load-generator processes (default 2)")
    p.add_argument("--ws", help="uvicorn WebSocket implementation for Metanet (websockets-sansio, websockets, wsproto)")
    p.add_argument("--profile", metavar="FILE", help="run Metanet under cProfile and write its stats to FILE")
    p.add_argument("--server-root", metavar="DIR", type=Path,
                   help="run the Metanet server from another checkout (before/after comparisons)")
    p.add_argument("--no-deflate", action="store_true",
                   help="clients do not offer permessage-deflate (browsers do; by default the generator does too)")
    p.add_argument("--no-peers", action="store_true", help="measure Metanet only")
    p.add_argument("--peers", help="which peers to run: naive, limit, and with --backbone redis memory "
                                   "(Metanet on the embedded backbone, one process; the reference for redis). "
                                   "Default naive,limit, or memory,naive,limit with --backbone redis")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--keep", action="store_true", help="keep the work directory (server logs, data)")
    return p


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


async def run_target(sc: Scenario, name: str, target: Target, workdir: Path, generators: int) -> dict[str, Any]:
    log(f"{sc.name}: starting {name} on port {target.port}")
    await asyncio.get_running_loop().run_in_executor(None, target.start)
    log(f"{sc.name}: {name} is pid {target.proc.pid if target.proc else '?'}")
    gens = Generators(max(1, min(generators, sc.clients)))
    run = Run(target, gens, workdir, check=isinstance(target, Metanet))
    try:
        t = time.monotonic()
        load = os.getloadavg()[0]
        m = await FLOWS[sc.name](run, sc)
        m.load = (load, os.getloadavg()[0])
        m.errors = dict(run.extra_errors)
        result = metrics(sc, name, m)
        log(f"{sc.name}: {name} done in {time.monotonic() - t:.1f}s: p99 {result['p99_ms']} ms, "
            f"{result['delivered_events_per_s']} events/s, lost {result['lost']}, dup {result['duplicated']}")
        return result
    except BenchError:
        raise
    except Exception as exc:
        raise BenchError(f"{name}: {type(exc).__name__}: {exc}\n--- server log ---\n{target.log()}") from exc
    finally:
        run.close_clients()
        await gens.close()
        target.stop()


def _loop_run(coro: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    try:
        import uvloop

        return uvloop.run(coro)
    except ImportError:  # pragma: no cover
        return asyncio.run(coro)


def run_scenario(sc: Scenario, *, backbone: str = "memory", workers: int = 1, generators: int = 2,
                 peers: tuple[str, ...] = ("naive", "limit"), ws: str | None = None,
                 keep: bool = False, profile: str | None = None, server_root: Path | None = None,
                 deflate: bool = True) -> dict[str, Any]:
    """Run ``sc`` on Metanet and each peer; the combined result (see ``bench.report.combine``)."""
    raise_fd_limit()
    if workers > 1 and backbone == "memory":
        raise BenchError("--workers above 1 needs --backbone redis or cluster (the embedded backbone is one process)")
    workdir = Path(tempfile.mkdtemp(prefix="metanet-bench-"))
    redis: RedisServer | RedisCluster | None = None
    try:
        url = "memory://"
        if backbone == "cluster":
            redis = cluster = RedisCluster(workdir / "cluster").start()
            log(f"redis cluster: masters {[n.port for n in cluster.masters()]}")
        elif backbone == "redis":
            redis = RedisServer(workdir / "redis", durable=False)  # no fsync in what is measured
            redis.start()
            url = redis.url
            log(f"redis-server on port {redis.port}")
        ours_target = (ClusterMetanet(workdir, cluster, workers, ws, profile, server_root) if backbone == "cluster"
                       else Metanet(workdir, url, workers, ws, profile, server_root))
        targets: list[tuple[str, Target]] = [("metanet", ours_target)]
        for kind in peers:  # the memory reference right after Metanet: the same minutes on this machine
            if kind == "memory":
                targets.insert(1, (kind, Metanet(workdir, "memory://", 1, ws, None, server_root)))
            else:
                targets.append((kind, Peer(workdir, kind)))
        results = {}
        for name, target in targets:
            target.deflate = deflate
            if isinstance(target, ClusterMetanet):
                before, began = command_counts(target.cluster), time.monotonic()
            results[name] = _loop_run(run_target(sc, name, target, workdir, generators))
            if isinstance(target, ClusterMetanet):
                seconds = time.monotonic() - began
                results[name].update(shard_load(before, command_counts(target.cluster), seconds, target.placed))
        ours = results.pop("metanet")
        return combine(ours, results, backbone, workers, deflate)
    finally:
        if redis is not None:
            redis.stop()
        if keep:
            log(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["chaos"]:  # faults and a correctness audit, not a comparison with the peers
        from bench.chaos.cli import main as chaos_main

        return chaos_main(argv[1:])
    if argv[:1] == ["saturate"]:  # each system's breaking point, against the stacks people would pick instead
        from bench.saturate.cli import main as saturate_main

        return saturate_main(argv[1:])
    args = build_parser().parse_args(argv)
    sc = scenario(args.scenario, args.clients, args.duration, args.rate, args.boards, args.notes, args.dots)
    default = {"redis": "memory,naive,limit", "cluster": ""}.get(args.backbone, "naive,limit")
    peers = () if args.no_peers else tuple(p for p in (args.peers or default).split(",") if p)
    if sc.name == "lounge":
        peers = ()  # events are Metanet's own: the peers have nothing to compare
    for p in peers:
        if p not in ("naive", "limit", "memory"):
            print(f"unknown peer {p!r}: naive, limit or memory", file=sys.stderr)
            return 2
        if p == "memory" and args.backbone == "memory":
            print("the memory peer is the reference for --backbone redis or cluster", file=sys.stderr)
            return 2
    try:
        result = run_scenario(sc, backbone=args.backbone, workers=args.workers, generators=args.generators,
                              peers=peers, ws=args.ws, keep=args.keep, profile=args.profile,
                              server_root=args.server_root, deflate=not args.no_deflate)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print("\n".join([table(result), *shard_lines(result)]), flush=True)
    if args.json:
        print(json_line(result), flush=True)
    return 0
