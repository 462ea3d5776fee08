"""The chaos run itself: the processes, the people, the audit at the end (the faults: ``faults.py``)."""

from __future__ import annotations

import asyncio
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.chaos.check import audit
from bench.chaos.client import ChaosClient
from bench.chaos.faults import CLUSTER_FAULTS, FAULTS, LABELS, Faults, log
from bench.chaos.work import BOARD, Facilitator, Participant
from bench.targets import NO_ADDRESS_CAP
from server.backbone import from_url
from testkit.client import fresh_view
from testkit.metanet import MetanetServer
from testkit.redis_cluster import RedisCluster
from testkit.redis_server import RedisServer

FAILURES = ("lost", "duplicated", "diverged", "wrong_ack", "phantom", "unacked", "log_gaps", "timer_expired_twice")
PHASE_EVERY = (2.0, 8.0)  # seconds between phases: a sixth of the run, within these
WORK_TIMEOUT = 180.0  # seconds for the people to finish what they started after the stop
DRAIN_TIMEOUT = 60.0  # seconds for every command to get its final ack
CATCH_UP_TIMEOUT = 30.0  # seconds for every client to reach the log's last event
SETTLE = 0.3  # seconds for the facilitator's last commands to reach everyone


@dataclass
class Options:
    """What ``python -m bench chaos`` runs: see :mod:`bench.chaos.cli` for the options."""

    clients: int = 8
    duration: float = 15.0
    seed: int = 1
    servers: int = 2
    fault_every: float = 6.0  # seconds between the big faults (kill, restart, pubsub, stall)
    flap_every: tuple[float, float] = (2.0, 4.0)
    flap_share: float = 0.1  # of the clients, per flap
    window: int = 2  # commands in flight per participant
    keep: bool = False
    backbone: str = "redis"  # or "cluster": a Redis Cluster of three masters and three replicas


class Unanswered(Exception):
    """Commands never answered: a client (or a server) lost track of them. The message tells their stories."""


class Chaos(Faults):
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.rng = random.Random(opts.seed)
        self.workdir = Path(tempfile.mkdtemp(prefix="metanet-chaos-"))
        cluster = opts.backbone == "cluster"
        self.redis = RedisCluster(self.workdir / "cluster") if cluster else RedisServer(self.workdir / "redis")
        self.kinds = CLUSTER_FAULTS if cluster else FAULTS
        self.board_id = ""
        self.servers = [
            MetanetServer(self.workdir / label / "data", self.redis.url, log_path=self.workdir / label / "metanet.log",
                          env={"METANET_MAX_PER_ADDR": NO_ADDRESS_CAP})  # every chaos client comes from 127.0.0.1
            for label in LABELS[: opts.servers]
        ]
        self.clients: list[ChaosClient] = []
        self.faults: list[dict[str, Any]] = []
        self.t0 = time.monotonic()
        self._kills = 0
        self._stalls = 0
        self._background: set[asyncio.Task[None]] = set()

    def _token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    # -- the run -------------------------------------------------------------------

    async def run(self) -> dict[str, Any]:
        opts = self.opts
        started = time.monotonic()
        await asyncio.to_thread(self.redis.start)
        await asyncio.gather(*(asyncio.to_thread(s.start) for s in self.servers))
        board = await asyncio.to_thread(self.servers[0].create_board, **BOARD)
        bid, bases = board["board"], [s.ws_base for s in self.servers]
        self.board_id = bid
        log(f"{self.redis.name} on {self.redis.port}, metanet on {[s.port for s in self.servers]}, board {bid}")
        fac = ChaosClient(
            "fac",
            bases,
            bid,
            role="facilitator",
            token=self._token(),
            secret=board["secret"],
            rng=random.Random(self.rng.random()),
        )
        self.clients = [fac] + [
            ChaosClient(
                f"p{i:03d}",
                bases,
                bid,
                role="participant",
                token=self._token(),
                rng=random.Random(self.rng.random()),
                first=i,
            )
            for i in range(opts.clients)
        ]
        await asyncio.gather(*(c.start() for c in self.clients))
        self.t0 = time.monotonic()
        stop = asyncio.Event()
        people = [Participant(c, random.Random(self.rng.random()), window=opts.window) for c in self.clients[1:]]
        phase_every = min(PHASE_EVERY[1], max(PHASE_EVERY[0], opts.duration / 6))
        work = [
            asyncio.create_task(Facilitator(fac, random.Random(self.rng.random()), phase_every=phase_every).run(stop)),
            *(asyncio.create_task(p.run(stop)) for p in people),
        ]
        faults = [asyncio.create_task(self.inject(stop)), asyncio.create_task(self.flap(stop))]
        await asyncio.sleep(opts.duration)
        stop.set()
        log("stopping the work; letting the last fault finish")
        await asyncio.gather(*faults)
        if self._background:
            await asyncio.gather(*self._background)
        await self._finish(work)
        drained = await asyncio.gather(*(c.drained(DRAIN_TIMEOUT) for c in self.clients))
        log(f"work done at {time.monotonic() - self.t0:.1f}s; {drained.count(False)} clients with unanswered commands")
        await fac.do("reveal_notes")  # the facilitator's reference view then has every note's text
        await fac.do("reset_timer")  # no expiry can land while the views are compared
        await asyncio.sleep(SETTLE)
        events = await read_log(self.redis.url, bid, self.workdir)
        final = events[-1][0] if events else 0
        caught = await asyncio.gather(*(c.caught_up(final, CATCH_UP_TIMEOUT) for c in self.clients))
        behind = {c.name for c, ok in zip(self.clients, caught, strict=True) if not ok}
        fresh = {}
        for i, c in enumerate(self.clients):
            fresh[c.name] = await fresh_view(bases[i % len(bases)], bid, role=c.role, token=c.token, secret=c.secret)
        result = audit(events, self.clients, fresh, fresh["fac"], behind)
        result.update(self._figures(started))
        return result

    async def _finish(self, work: list[asyncio.Task[None]]) -> None:
        """Wait for the people to finish what they started; if some never do, say which commands hang."""
        _, late = await asyncio.wait(work, timeout=WORK_TIMEOUT)
        for task in late:
            task.cancel()
        if late:
            stuck = [line for c in self.clients for line in c.unanswered()]
            raise Unanswered(f"{len(late)} of the people still waited {WORK_TIMEOUT:.0f} s after the stop; "
                             f"{len(stuck)} commands unanswered:\n" + "\n".join(stuck))
        await asyncio.gather(*work)  # a person's error, if any

    def _figures(self, started: float) -> dict[str, Any]:
        closes: Counter[str] = Counter()
        for c in self.clients:
            closes.update(c.closes)
        return {
            "clients": len(self.clients) - 1,
            "servers": len(self.servers),
            "duration": self.opts.duration,
            "seed": self.opts.seed,
            "backbone": self.opts.backbone,
            "elapsed_s": round(time.monotonic() - started, 1),
            "connections": sum(c.connections for c in self.clients),
            "resumed": sum(c.resumes for c in self.clients),
            "snapshots": sum(c.snapshots for c in self.clients),
            "replayed": sum(c.replayed for c in self.clients),
            "resent": sum(c.resends for c in self.clients),
            "retried": sum(cmd.retried for c in self.clients for cmd in c.commands),
            "closes": dict(sorted(closes.items())),
            "by_kind": self._by_kind(),
            "server_tracebacks": self._tracebacks(),
            "fault_counts": dict(Counter(f["fault"] for f in self.faults)),
            "faults": self.faults,
        }

    def _tracebacks(self) -> dict[str, int]:
        """Python tracebacks in the Metanet processes' logs, by their last line (the exception)."""
        found: Counter[str] = Counter()
        for server in self.servers:
            lines = server.log_path.read_text(errors="replace").splitlines() if server.log_path.exists() else []
            for i, line in enumerate(lines):
                if line.startswith("Traceback"):
                    end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j].startswith(" ")), i)
                    found[lines[end][:160]] += 1
        return dict(found)

    def _by_kind(self) -> dict[str, list[int]]:
        """Command type -> [sent, acked ok]."""
        out: dict[str, list[int]] = {}
        for c in self.clients:
            for cmd in c.commands:
                row = out.setdefault(cmd.kind, [0, 0])
                row[0] += 1
                row[1] += cmd.ok
        return dict(sorted(out.items()))

    async def close(self) -> None:
        for c in self.clients:
            await c.close()
        for proc in [*self.servers, self.redis]:
            await asyncio.to_thread(proc.stop)
        if self.opts.keep:
            log(f"work directory kept: {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


async def read_log(url: str, board: str, workdir: Path) -> list[tuple[int, dict[str, Any]]]:
    backbone = from_url(url, workdir / "reader")
    await backbone.start()
    try:
        return await backbone.read(board, 0)
    finally:
        await backbone.close()


async def chaos(opts: Options) -> dict[str, Any]:
    run = Chaos(opts)
    try:
        return await run.run()
    except BaseException:
        for proc in [*run.servers, run.redis]:
            print(f"--- {proc.name} {proc.port} log ---\n{proc.log()}", file=sys.stderr)
        raise
    finally:
        await run.close()
