"""The faults of a chaos run (mixed into :class:`bench.chaos.run.Chaos`), on their schedule."""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from testkit.redis_cluster import RedisCluster
from testkit.redis_server import RedisServer

if TYPE_CHECKING:
    from bench.chaos.client import ChaosClient
    from bench.chaos.run import Options
    from testkit.metanet import MetanetServer

LABELS = "abcdefgh"  # the Metanet processes' names, in the faults' entries
FAULTS = ("kill_server", "restart_redis", "kill_pubsub", "stall")  # plus "flap", on its own clock
CLUSTER_FAULTS = ("kill_server", "kill_master", "kill_pubsub", "stall")
FAULT_SPAN = (0.12, 0.78)  # the big faults strike in this part of the run (shares of its duration)
FLAP_UNTIL = 0.85  # no flap after this share of the run: the last reconnections settle before the end
SERVER_DOWN = (0.3, 1.2)  # seconds a killed Metanet process stays down
REDIS_DOWN = (0.5, 1.5)  # seconds a killed redis-server stays down
LONG_STALL = 25.0  # seconds: outlasts the server's ping timeout (10 s + 10 s)
LONG_STALL_RUN = 60.0  # runs at least this long alternate short and long stalls
SHORT_STALL = (1.0, 4.0)  # a short stall is a fifth of the run, within these seconds
ABORT_SHARE = 0.5  # of the flapped connections, dropped without a close handshake
OFFLINE = (0.0, 1.5)  # seconds a flapped client stays away


def log(msg: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def schedule(duration: float, every: float, rng: random.Random, kinds: tuple[str, ...] = FAULTS
             ) -> list[tuple[float, str]]:
    """When each big fault strikes: every kind once per shuffled round, in the middle 2/3 of the run."""
    start, end = FAULT_SPAN[0] * duration, FAULT_SPAN[1] * duration
    n = max(len(kinds), round((end - start) / every) + 1)
    order: list[str] = []
    while len(order) < n:
        round_ = list(kinds)
        rng.shuffle(round_)
        order += round_
    step = (end - start) / (n - 1)
    return [(start + i * step, order[i]) for i in range(n)]


class Faults:
    """What the faults need from the run: its processes, clients, random source and clock."""

    opts: Options
    rng: random.Random
    servers: list[MetanetServer]
    redis: RedisServer | RedisCluster
    kinds: tuple[str, ...]
    board_id: str
    clients: list[ChaosClient]
    faults: list[dict[str, Any]]
    t0: float
    _kills: int
    _stalls: int
    _background: set[asyncio.Task[None]]

    def mark(self, fault: str, **detail: Any) -> dict[str, Any]:
        entry = {"fault": fault, "at": round(time.monotonic() - self.t0, 2), **detail}
        self.faults.append(entry)
        log(f"{entry['at']:6.1f}s {fault} {detail or ''}")
        return entry

    # -- faults ------------------------------------------------------------------

    async def kill_server(self) -> None:
        which = self._kills % len(self.servers)
        server = self.servers[which]
        self._kills += 1
        entry = self.mark("kill_server", server=LABELS[which])
        await asyncio.to_thread(server.kill)
        await asyncio.sleep(self.rng.uniform(*SERVER_DOWN))
        began = time.monotonic()
        await asyncio.to_thread(server.start)
        entry["down_s"] = round(time.monotonic() - self.t0 - entry["at"], 2)
        entry["restart_s"] = round(time.monotonic() - began, 2)

    async def kill_master(self) -> None:
        assert isinstance(self.redis, RedisCluster)
        entry = self.mark("kill_master")
        entry.update(await asyncio.to_thread(self.redis.fail_over, f"metanet:{{{self.board_id}}}:log"))
        log(f"       master {entry['master']} killed, {entry['promoted']} promoted in {entry['promoted_s']} s")

    async def restart_redis(self) -> None:
        assert isinstance(self.redis, RedisServer)
        entry = self.mark("restart_redis")
        await asyncio.to_thread(self.redis.kill)
        await asyncio.sleep(self.rng.uniform(*REDIS_DOWN))
        await asyncio.to_thread(self.redis.start)
        entry["down_s"] = round(time.monotonic() - self.t0 - entry["at"], 2)

    async def kill_pubsub(self) -> None:
        killed = await asyncio.to_thread(self.redis.kill_pubsub)
        self.mark("kill_pubsub", connections=killed)

    async def stall(self) -> None:
        client = self.rng.choice(self.clients[1:])
        # Every other stall outlasts the server's ping timeout when the run is long enough.
        long = self._stalls % 2 == 1 and self.opts.duration >= LONG_STALL_RUN
        seconds = LONG_STALL if long else min(SHORT_STALL[1], max(SHORT_STALL[0], self.opts.duration / 5))
        self._stalls += 1
        self.mark("stall", client=client.name, seconds=seconds)
        self._spawn(client.stall(seconds))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def inject(self, stop: asyncio.Event) -> None:
        for at, kind in schedule(self.opts.duration, self.opts.fault_every, self.rng, self.kinds):
            delay = self.t0 + at - time.monotonic()
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
            if stop.is_set():
                return
            await getattr(self, kind)()

    async def flap(self, stop: asyncio.Event) -> None:
        while True:
            try:
                await asyncio.wait_for(stop.wait(), self.rng.uniform(*self.opts.flap_every))
                return
            except TimeoutError:
                pass
            if time.monotonic() - self.t0 > FLAP_UNTIL * self.opts.duration:
                return
            k = max(1, round(self.opts.flap_share * len(self.clients)))
            victims = self.rng.sample(self.clients, min(k, len(self.clients)))
            how: Counter[str] = Counter()
            for c in victims:
                abort = self.rng.random() < ABORT_SHARE
                dropped = c.flap(abort=abort, offline=self.rng.uniform(*OFFLINE))
                how["aborted" if abort else "closed"] += dropped
                how["not_connected"] += not dropped
            self.mark("flap", clients=len(victims), **{k: n for k, n in how.items() if n})
