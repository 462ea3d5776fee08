"""One system through the rising rates: start it, connect the phones, one step per offered rate.

A step offers ``rate`` votes per second for ``duration`` seconds (open loop,
spread over the generator processes), waits for every ack, then for every
phone to count every accepted vote's event. It *holds* when p99 (vote sent →
its event at a sample phone) is at most the bound and nothing was lost,
duplicated, refused or left unacked. A step where any generator process used
more than :data:`GENERATOR_BOUND` of a core is *generator-bound*: it does not
count, and the run of that system stops there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from pathlib import Path
from typing import Any

from bench.run import Board, Generators, Run, spread
from bench.saturate import load
from bench.saturate.systems import PeerServer, Plan, peer_board, server
from bench.saturate.witness import Witness
from bench.scenarios import PLENARY_SETTINGS
from bench.targets import Metanet, Peer, cpu_seconds
from testkit.redis_server import RedisServer

GENERATOR_BOUND = 0.8  # cores: above this a generator's own queueing is in the latency it measures
STEP_GAP = 1.0  # seconds of quiet between two steps
ACK_BOUND = 10.0  # seconds after the last vote for every ack
DRAIN_BOUND = 10.0  # seconds after the acks for every event at every phone (later: lost)
WITNESSES = 3
GROUPS = ("civil society", "government", "private sector", "research")


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs, from ``/proc/stat``: how busy the whole machine was (everyone's work)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return float(sum(fields) - idle), float(sum(fields))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class SystemRun:
    def __init__(self, p: Plan, workdir: Path, redis: RedisServer | None, *, clients: int, generators: int,
                 sample: int, deflate: bool, p99_bound_ms: float, drain_bound: float = DRAIN_BOUND,
                 target: Metanet | Peer | PeerServer | None = None) -> None:
        self.p, self.workdir, self.redis = p, workdir, redis
        self.clients, self.generators, self.sample, self.deflate = clients, generators, sample, deflate
        self.p99_bound_ms, self.drain_bound = p99_bound_ms, drain_bound
        self.server = target or server(p, workdir, redis.url if redis else None)
        self.gens: Generators | None = None
        self.board: Board | None = None
        self.witnesses: list[Witness] = []
        self.notes: list[str] = []

    def cpu(self) -> tuple[float, float]:
        """Server CPU seconds, and redis-server's (0 for a system that does not use it)."""
        redis = cpu_seconds(self.redis.pids()) if self.redis is not None and self.p.uses_redis else 0.0
        return cpu_seconds(self.server.pids()), redis

    async def start(self) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.server.start)
        self.gens = Generators(self.generators, load.main)
        if isinstance(self.server, Metanet | Peer):
            run = Run(self.server, self.gens, self.workdir, check=False)
            self.board = await run.open_board(dict(PLENARY_SETTINGS), notes=20, to_vote=True)
            board_id, self.notes = self.board.id, self.board.notes
        else:
            board_id, self.notes = peer_board()
        target = {"protocol": self.p.protocol, "host": "127.0.0.1", "port": self.server.port, "deflate": self.deflate}
        specs = [{"board": board_id, "token": "bench-" + secrets.token_hex(12), "group": GROUPS[i % len(GROUPS)],
                  "sample": i % self.sample == 0} for i in range(self.clients)]
        replies = await self.gens.each("connect", [{"target": target, "specs": part, "timeout": 60.0}
                                                   for part in spread(specs, len(self.gens))], 300)
        ok = sum(r["ok"] for r in replies)
        failed: dict[str, int] = {}
        for r in replies:
            for k, v in r["failed"].items():
                failed[k] = failed.get(k, 0) + v
        if self.p.protocol == "socketio":
            self.witnesses = [Witness(self.server.port, board_id) for _ in range(WITNESSES)]
            for w in self.witnesses:
                await w.start()
        # The Redis adapters subscribe to a room's channel when its first socket joins, a moment after
        # the connect is acknowledged: votes wait until every process has (a real phone's first vote does).
        await asyncio.sleep(STEP_GAP)
        return {"connected": ok, "connect_failed": failed, "deflated": sum(r["deflated"] for r in replies)}

    async def step(self, rate: float, duration: float) -> dict[str, Any]:
        assert self.gens is not None
        n = len(self.gens)
        for w in self.witnesses:
            w.count = 0
        load0 = os.getloadavg()[0]
        start_at = time.monotonic() + 0.3
        cpu0, redis0 = self.cpu()
        busy0 = machine_busy()
        traffic = await self.gens.each("traffic", [
            {"start_at": start_at, "duration": duration, "rate": rate / n, "notes": self.notes,
             "ack_timeout": ACK_BOUND} for _ in range(n)], duration + ACK_BOUND + 30)
        sends = {key: at for r in traffic for key, at in r["accepted"]}
        expected = sum(len(r["accepted"]) for r in traffic)
        drains = await self.gens.all("drain", expected=expected, timeout=self.drain_bound)
        cpu1, redis1 = self.cpu()
        busy1 = machine_busy()
        done_at = max(d["done_at"] for d in drains)
        wall = max(done_at - start_at, 1e-9)
        events = sum(d["events"] for d in drains)
        lost = sum(d["lost"] for d in drains) + sum(max(0, expected - w.count) for w in self.witnesses)
        dups = sum(d["duplicated"] for d in drains) + sum(max(0, w.count - expected) for w in self.witnesses)
        delays = [1000 * (at - sends[key]) for d in drains for key, at in d["arrivals"] if key in sends]
        refused: dict[str, int] = {}
        for r in traffic:
            for k, v in r["refused"].items():
                refused[k] = refused.get(k, 0) + v
        unacked = sum(r["unacked"] for r in traffic)
        gen_cores = [d["cpu"] / wall for d in drains]
        server_s, redis_s = cpu1 - cpu0, redis1 - redis0
        p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
        point = {
            "rate": rate,
            "sent": sum(r["sent"] for r in traffic),
            "accepted": expected,
            "p50_ms": round(p50, 2),
            "p99_ms": round(p99, 2),
            "max_ms": round(max(delays), 2) if delays else None,
            "timed_events": len(delays),
            "events": events,
            "events_per_s": round(events / wall),
            "lost": lost,
            "duplicated": dups,
            "unacked": unacked,
            "refused": refused,
            "closed": sum(d["closed"] for d in drains),
            "server_cores": round(server_s / wall, 3),
            "redis_cores": round(redis_s / wall, 3),
            "cpu_us_per_event": round(1e6 * (server_s + redis_s) / max(1, events), 3),
            "generator_cores": [round(c, 3) for c in gen_cores],
            "generator_bound": max(gen_cores) > GENERATOR_BOUND,
            "machine_cores": round((busy1[0] - busy0[0]) / max(1e-9, busy1[1] - busy0[1]) * (os.cpu_count() or 1), 2),
            "wire_bytes_per_event": round(sum(d["wire_bytes"] for d in drains) / max(1, events), 1),
            "load": [round(load0, 2), round(os.getloadavg()[0], 2)],
        }
        # Whatever else ran on the machine meanwhile (other jobs: they take the cores this run measures on).
        point["other_cores"] = round(max(0.0, point["machine_cores"] - point["server_cores"] - point["redis_cores"]
                                         - sum(gen_cores)), 2)
        point["held"] = (p99 <= self.p99_bound_ms and not lost and not dups and not unacked and not refused
                         and not point["closed"] and len(delays) > 0)
        return point

    async def stop(self) -> None:
        for w in self.witnesses:
            with contextlib.suppress(Exception):  # a witness of a dead server cannot close cleanly
                await w.close()
        if self.board is not None:
            self.board.facilitator.abort()
        if self.gens is not None:
            await self.gens.close()
        await asyncio.get_running_loop().run_in_executor(None, self.server.stop)


def only_slow(point: dict[str, Any]) -> bool:
    """The step failed on p99 alone: nothing lost, duplicated, refused, unacked or closed."""
    return not (point["lost"] or point["duplicated"] or point["unacked"] or point["refused"] or point["closed"])


async def saturate(p: Plan, workdir: Path, redis: RedisServer | None, rates: list[float], duration: float,
                   log: Any, retry_slow: bool = True, **kw: Any) -> dict[str, Any]:
    """Every rate in turn until one does not hold (or is generator-bound); the system's curve and maximum.

    A rate that fails on p99 alone is run once more (``retry_slow``) and counts by its second try:
    one second with a busy neighbour on a shared machine should not end a system's curve.
    """
    run = SystemRun(p, workdir, redis, **kw)
    curve: list[dict[str, Any]] = []
    stopped = "top rate reached"
    try:
        info = await run.start()
        log(f"{p.name}: {info['connected']} phones connected, failed {info['connect_failed'] or 0}")
        if info["connect_failed"]:
            raise RuntimeError(f"{p.name}: phones failed to connect: {info['connect_failed']}")
        for rate in rates:
            point = await run.step(rate, duration)
            if not point["held"] and not point["generator_bound"] and retry_slow and only_slow(point):
                log(f"{p.name} @ {rate:g}/s: p99 {point['p99_ms']} ms, nothing lost -- once more")
                await asyncio.sleep(STEP_GAP)
                point = {**await run.step(rate, duration), "first_try_p99_ms": point["p99_ms"]}
            curve.append(point)
            log(f"{p.name} @ {rate:g}/s: p50 {point['p50_ms']} p99 {point['p99_ms']} ms, "
                f"{point['events_per_s']} events/s, lost {point['lost']}, dup {point['duplicated']}, "
                f"server {point['server_cores']} cores, generators {point['generator_cores']}"
                f"{' GENERATOR-BOUND' if point['generator_bound'] else ''}{'' if point['held'] else ' -- not held'}")
            if point["generator_bound"]:
                stopped = "generator-bound"
                break
            if not point["held"]:
                stopped = "p99 over bound" if only_slow(point) else "events lost, duplicated, refused or unacked"
                break
            await asyncio.sleep(STEP_GAP)
    finally:
        await run.stop()
    held = [pt for pt in curve if pt["held"] and not pt["generator_bound"]]
    best = held[-1] if held else None
    return {
        "system": p.name,
        "processes": p.workers,
        "redis": p.uses_redis,
        "max_votes_per_s": best["rate"] if best else 0,
        "events_per_s_at_max": best["events_per_s"] if best else 0,
        "cpu_us_per_event": best["cpu_us_per_event"] if best else None,
        "lost": sum(pt["lost"] for pt in curve),  # at every rate run, the breaking one too
        "duplicated": sum(pt["duplicated"] for pt in curve),
        "stopped_by": stopped,
        "curve": curve,
    }
