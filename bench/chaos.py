"""``python -m bench chaos``: real processes, real faults, and proof that no acknowledged command was lost.

Starts a ``redis-server`` (append-only file on) and two ``metanet serve``
processes on it, then a population of clients doing mixed work on one board
(participants join, add, edit, move, recolour and delete notes, vote and take
dots back; the facilitator moves through the agenda and plays with the timer)
while faults are injected:

- ``kill_server``: ``kill -9`` one Metanet process, start it again a moment later;
- ``restart_redis``: ``kill -9`` redis-server, start it again on its append-only file;
- ``kill_pubsub``: ``CLIENT KILL TYPE pubsub`` (every process's subscriber connection);
- ``flap``: every few seconds, some clients drop their connection (abort or close)
  and reconnect to either process, resuming with ``since``;
- ``stall``: a client stops reading for a while.

Clients resend unacknowledged commands with the same op id (see
``bench/chaos_client.py``). At the end every acknowledged command is checked
against the log in Redis and the final state (``bench/chaos_check.py``), and
every client's picture of the board against a fresh welcome.

    python -m bench chaos [--clients 60] [--duration 90] [--seed 1] [--json]

The table goes to stdout; with ``--json`` the last line is one JSON object
(``sent``, ``acked``, ``present``, ``lost``, ``duplicated``, ``diverged``,
``faults`` ...). The exit code is 1 when anything was lost, duplicated,
diverged, wrongly acked or left unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.chaos_check import audit
from bench.chaos_client import ChaosClient, fresh_view
from bench.chaos_procs import MetanetProc, RedisProc
from bench.chaos_work import BOARD, Facilitator, Participant
from server.backbone.redis import RedisBackbone

FAULTS = ("kill_server", "restart_redis", "kill_pubsub", "stall")  # plus "flap", on its own clock
FAILURES = ("lost", "duplicated", "diverged", "wrong_ack", "phantom", "unacked", "log_gaps", "timer_expired_twice")


@dataclass
class Options:
    clients: int = 8
    duration: float = 15.0
    seed: int = 1
    servers: int = 2
    fault_every: float = 6.0  # seconds between the big faults (kill, restart, pubsub, stall)
    flap_every: tuple[float, float] = (2.0, 4.0)
    flap_share: float = 0.1  # of the clients, per flap
    window: int = 2  # commands in flight per participant
    keep: bool = False


def log(msg: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def schedule(duration: float, every: float, rng: random.Random) -> list[tuple[float, str]]:
    """When each big fault strikes: every kind once per shuffled round, in the middle 2/3 of the run."""
    start, end = 0.12 * duration, 0.78 * duration
    n = max(len(FAULTS), round((end - start) / every) + 1)
    order: list[str] = []
    while len(order) < n:
        round_ = list(FAULTS)
        rng.shuffle(round_)
        order += round_
    step = (end - start) / (n - 1)
    return [(start + i * step, order[i]) for i in range(n)]


class Chaos:
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.rng = random.Random(opts.seed)
        self.workdir = Path(tempfile.mkdtemp(prefix="metanet-chaos-"))
        self.redis = RedisProc(self.workdir / "redis")
        self.servers = [
            MetanetProc(self.workdir / label, self.redis.url, label) for label in "abcdefgh"[: opts.servers]
        ]
        self.clients: list[ChaosClient] = []
        self.faults: list[dict[str, Any]] = []
        self.t0 = time.monotonic()
        self._kills = 0
        self._stalls = 0
        self._background: set[asyncio.Task[None]] = set()

    def _token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def mark(self, fault: str, **detail: Any) -> dict[str, Any]:
        entry = {"fault": fault, "at": round(time.monotonic() - self.t0, 2), **detail}
        self.faults.append(entry)
        log(f"{entry['at']:6.1f}s {fault} {detail or ''}")
        return entry

    # -- faults ------------------------------------------------------------------

    async def kill_server(self) -> None:
        server = self.servers[self._kills % len(self.servers)]
        self._kills += 1
        entry = self.mark("kill_server", server=server.label)
        await asyncio.to_thread(server.kill)
        await asyncio.sleep(self.rng.uniform(0.3, 1.2))
        began = time.monotonic()
        await asyncio.to_thread(server.start)
        entry["down_s"] = round(time.monotonic() - self.t0 - entry["at"], 2)
        entry["restart_s"] = round(time.monotonic() - began, 2)

    async def restart_redis(self) -> None:
        entry = self.mark("restart_redis")
        await asyncio.to_thread(self.redis.kill)
        await asyncio.sleep(self.rng.uniform(0.5, 1.5))
        await asyncio.to_thread(self.redis.start)
        entry["down_s"] = round(time.monotonic() - self.t0 - entry["at"], 2)

    async def kill_pubsub(self) -> None:
        killed = await asyncio.to_thread(self.redis.kill_pubsub)
        self.mark("kill_pubsub", connections=killed)

    async def stall(self) -> None:
        client = self.rng.choice(self.clients[1:])
        # Every other stall outlasts the server's ping timeout (10 s + 10 s) when the run is long enough.
        long = self._stalls % 2 == 1 and self.opts.duration >= 60
        seconds = 25.0 if long else min(4.0, max(1.0, self.opts.duration / 5))
        self._stalls += 1
        self.mark("stall", client=client.name, seconds=seconds)
        self._spawn(client.stall(seconds))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def inject(self, stop: asyncio.Event) -> None:
        for at, kind in schedule(self.opts.duration, self.opts.fault_every, self.rng):
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
            if time.monotonic() - self.t0 > 0.85 * self.opts.duration:
                return
            k = max(1, round(self.opts.flap_share * len(self.clients)))
            victims = self.rng.sample(self.clients, min(k, len(self.clients)))
            how: Counter[str] = Counter()
            for c in victims:
                abort = self.rng.random() < 0.5
                dropped = c.flap(abort=abort, offline=self.rng.uniform(0, 1.5))
                how["aborted" if abort else "closed"] += dropped
                how["not_connected"] += not dropped
            self.mark("flap", clients=len(victims), **{k: n for k, n in how.items() if n})

    # -- the run -------------------------------------------------------------------

    async def run(self) -> dict[str, Any]:
        opts = self.opts
        started = time.monotonic()
        await asyncio.to_thread(self.redis.start)
        await asyncio.gather(*(asyncio.to_thread(s.start) for s in self.servers))
        board = await asyncio.to_thread(self.servers[0].create_board, **BOARD)
        bid, bases = board["board"], [s.ws_base for s in self.servers]
        log(f"redis-server on {self.redis.port}, metanet on {[s.port for s in self.servers]}, board {bid}")
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
        phase_every = min(8.0, max(2.0, opts.duration / 6))
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
        await asyncio.wait_for(asyncio.gather(*work), 180)
        drained = await asyncio.gather(*(c.drained(60) for c in self.clients))
        log(f"work done at {time.monotonic() - self.t0:.1f}s; {drained.count(False)} clients with unanswered commands")
        await fac.do("reveal_notes")  # the facilitator's reference view then has every note's text
        await fac.do("reset_timer")  # no expiry can land while the views are compared
        await asyncio.sleep(0.3)
        events = await read_log(self.redis.url, bid)
        final = events[-1][0] if events else 0
        caught = await asyncio.gather(*(c.caught_up(final, 30) for c in self.clients))
        behind = {c.name for c, ok in zip(self.clients, caught, strict=True) if not ok}
        fresh = {}
        for i, c in enumerate(self.clients):
            fresh[c.name] = await fresh_view(bases[i % len(bases)], bid, role=c.role, token=c.token, secret=c.secret)
        result = audit(events, self.clients, fresh, fresh["fac"], behind)
        result.update(self._figures(started))
        return result

    def _figures(self, started: float) -> dict[str, Any]:
        closes: Counter[str] = Counter()
        for c in self.clients:
            closes.update(c.closes)
        return {
            "clients": len(self.clients) - 1,
            "servers": len(self.servers),
            "duration": self.opts.duration,
            "seed": self.opts.seed,
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


async def read_log(url: str, board: str) -> list[tuple[int, dict[str, Any]]]:
    backbone = RedisBackbone(url)
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
            print(f"--- {proc.name} {getattr(proc, 'label', '')} log ---\n{proc.log()}", file=sys.stderr)
        raise
    finally:
        await run.close()


def failed(result: dict[str, Any]) -> list[str]:
    return [key for key in FAILURES if result.get(key)]


def table(r: dict[str, Any]) -> str:
    rows = [
        ("clients / servers", f"{r['clients']} / {r['servers']}, {r['duration']:g} s, seed {r['seed']}"),
        ("faults", ", ".join(f"{k} {v}" for k, v in sorted(r["fault_counts"].items()))),
        ("commands sent", r["sent"]),
        ("acknowledged", f"{r['acked']} ({r['ok']} ok, refused {r['refused'] or 'none'})"),
        ("present at the end", r["present"]),
        ("lost", r["lost"]),
        ("duplicated", r["duplicated"]),
        ("diverged clients", r["diverged"]),
        ("wrong acks / phantoms / unacked", f"{r['wrong_ack']} / {r['phantom']} / {r['unacked']}"),
        ("log events", f"{r['log_events']} (gaps {r['log_gaps']}, timer expired twice {r['timer_expired_twice']})"),
        (
            "connections",
            f"{r['connections']} ({r['resumed']} resumed with {r['replayed']} events, "
            f"{r['snapshots']} fresh snapshots)",
        ),
        ("commands resent / retried", f"{r['resent']} / {r['retried']}"),
        ("elapsed", f"{r['elapsed_s']} s"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines += [f"  ! {p}" for p in r["problems"]]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench chaos", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--clients", type=int, default=Options.clients, help="participants (plus one facilitator)")
    p.add_argument("--duration", type=float, default=Options.duration, help="seconds of work under faults")
    p.add_argument("--seed", type=int, default=Options.seed)
    p.add_argument("--servers", type=int, default=Options.servers, help="Metanet processes (default 2)")
    p.add_argument("--fault-every", type=float, default=Options.fault_every, help="seconds between big faults")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, AOF)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    opts = Options(
        clients=args.clients,
        duration=args.duration,
        seed=args.seed,
        servers=args.servers,
        fault_every=args.fault_every,
        keep=args.keep,
    )
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        result = asyncio.run(chaos(opts))
    else:
        result = uvloop.run(chaos(opts))
    print(table(result), flush=True)
    if args.json:
        print(json.dumps(result, separators=(",", ":")), flush=True)
    bad = failed(result)
    if bad:
        log(f"FAILED: {', '.join(f'{k} {result[k]}' for k in bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
