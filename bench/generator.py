"""A load-generator process: many :class:`BenchClient` sockets on one event loop.

The orchestrator (``bench.run``) starts a few of these and drives them step by
step over a pipe: ``connect`` the clients, ``sync`` until they have seen the
setup, ``mark`` the counters, run ``traffic``, ``drain`` until every client has
the final sequence number, then ``results`` (lost, duplicated, latency
histogram) and ``check`` (a followed view against a fresh welcome). Each step is
bounded in time; traffic is bounded in count (rate × duration).
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from bench import wake
from bench.client import BenchClient, make_client, stale_keys, tally_checks

LATENCY_BUCKET = 1e-4  # histogram resolution: 0.1 ms
TICK = 0.005


def raise_fd_limit() -> int:
    """Lift the soft open-files limit to the hard one; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


class Generator:
    def __init__(self, conn: Connection, index: int) -> None:
        self.conn = conn
        self.index = index
        self.clients: list[BenchClient] = []
        self.target: dict[str, Any] = {}
        self._mark: dict[str, float] = {}
        self._rr: Counter[str] = Counter()

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            ready: asyncio.Future[None] = loop.create_future()
            loop.add_reader(self.conn.fileno(), wake, ready)
            try:
                await ready
            finally:
                loop.remove_reader(self.conn.fileno())
            os.set_blocking(self.conn.fileno(), True)  # the loop made it non-blocking
            name, kwargs = self.conn.recv()
            if name == "exit":
                self._abort_all()
                self.conn.send({})
                return
            try:
                reply = await getattr(self, "cmd_" + name)(**kwargs)
            except Exception:  # noqa: BLE001 -- the orchestrator reports it and stops the run
                reply = {"error": f"generator {self.index}: {name} failed:\n{traceback.format_exc()}"}
            self.conn.send(reply)

    def _abort_all(self) -> None:
        for c in self.clients:
            c.abort()

    def _open(self) -> list[BenchClient]:
        return [c for c in self.clients if c.open]

    # -- steps -------------------------------------------------------------------

    async def cmd_connect(self, target: dict[str, Any], specs: list[dict[str, Any]], start_at: float | None = None,
                          concurrency: int = 100, timeout: float = 30.0) -> dict[str, Any]:
        """Connect, hello, and optionally join / add an own note, for each spec."""
        self.target = target
        sem = asyncio.Semaphore(concurrency)
        reasons: Counter[str] = Counter()
        heads: dict[str, int] = {}

        async def one(spec: dict[str, Any]) -> None:
            if start_at is not None:
                await asyncio.sleep(max(0.0, start_at + spec.get("delay", 0.0) - time.monotonic()))
            async with sem:
                c = make_client(target, spec["board"], spec["role"], spec["token"], secret=spec.get("secret"),
                                track_view=spec.get("view", False))
                self.clients.append(c)
                try:
                    await c.start(timeout)
                    if spec.get("join") is not None:
                        fut = c.command("join", timed=spec.get("timed", False), wait=True,
                                        group=c.groups[spec["join"] % len(c.groups)])
                        ack = await asyncio.wait_for(fut, timeout)  # type: ignore[arg-type]
                        if not ack["ok"]:
                            raise RuntimeError(f"join refused: {ack.get('code')} ({ack.get('message')})")
                        heads[c.board] = max(heads.get(c.board, 0), ack["result"]["seq"])
                    if spec.get("own_note"):
                        result = await c.ok("add_note", timeout, text=f"a note by {c.token[:12]}")
                        c.my_notes.append(result["note"])
                        heads[c.board] = max(heads.get(c.board, 0), result["seq"])
                    heads[c.board] = max(heads.get(c.board, 0), c.welcome_seq)
                except Exception as exc:  # noqa: BLE001 -- counted and reported, the run goes on
                    reasons[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    c.failed = True  # reported as a failed connect, not as lost events
                    c.abort()

        await asyncio.gather(*(one(s) for s in specs))
        mine = self.clients[-len(specs):] if specs else []
        ok = [c for c in mine if not c.failed and c.open]
        return {
            "ok": len(ok),
            "failed": len(specs) - len(ok),
            "reasons": dict(reasons),
            "welcome_s": [c.welcome_at - c.started_at for c in ok],
            "welcome_bytes": [c.welcome_size for c in ok],
            "welcome_raw_bytes": [c.welcome_raw_size for c in ok],
            "heads": heads,
        }

    async def cmd_sync(self, heads: dict[str, int], timeout: float = 60.0) -> dict[str, Any]:
        """Wait until every open client has seen its board's ``heads`` sequence number."""
        deadline = time.monotonic() + timeout
        while True:
            behind = [c for c in self._open() if c.seen < heads.get(c.board, 0)]
            if not behind or time.monotonic() > deadline:
                return {"behind": len(behind)}
            await asyncio.sleep(0.02)

    async def cmd_mark(self) -> dict[str, Any]:
        self._mark = {
            "cpu": time.process_time(),
            "frames": sum(c.frames_in for c in self.clients),
            "events": sum(c.events_in for c in self.clients),
            "bytes": sum(c.bytes_in for c in self.clients),
            "at": time.monotonic(),
        }
        return {}

    async def cmd_counters(self) -> dict[str, Any]:
        """Frames, events and bytes received, and this process's CPU seconds, since ``mark``."""
        m = self._mark
        return {
            "cpu": time.process_time() - m["cpu"],
            "frames": sum(c.frames_in for c in self.clients) - m["frames"],
            "events": sum(c.events_in for c in self.clients) - m["events"],
            "bytes": sum(c.bytes_in for c in self.clients) - m["bytes"],
            "wall": time.monotonic() - m["at"],
        }

    async def cmd_traffic(self, start_at: float, duration: float, boards: dict[str, dict[str, Any]],
                          ack_timeout: float = 15.0) -> dict[str, Any]:
        """Send each board's commands at its rate from ``start_at`` for ``duration`` seconds (open loop)."""
        plan = {}
        for board, spec in boards.items():
            voters = [c for c in self.clients if c.board == board and c.role == "participant" and c.open]
            facilitators = [c for c in self.clients if c.board == board and c.role == "facilitator" and c.open]
            total = max(1, round(spec["rate"] * duration)) if spec["rate"] > 0 else 0
            if voters and total:
                # Boards start their schedules at random points within one period: 100 boards
                # at 0.2 commands/s should not all fire in the same tick.
                plan[board] = ({**spec, "phase": random.random()}, voters, facilitators, total)
        sent: Counter[str] = Counter()
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        end = start_at + duration
        while True:
            now = time.monotonic()
            elapsed = min(now, end) - start_at
            for board, (spec, voters, facilitators, total) in plan.items():
                due = (total if now >= end else min(total, int(elapsed * spec["rate"] + spec["phase"]))) - sent[board]
                for _ in range(due):
                    self._operate(board, spec, voters, facilitators, sent[board])
                    sent[board] += 1
            if now >= end or all(sent[b] >= p[3] for b, p in plan.items()):
                break
            await asyncio.sleep(TICK)
        deadline = time.monotonic() + ack_timeout
        while any(c.pending_acks for c in self._open()) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return {"sent": sum(sent.values()), "unacked": sum(c.pending_acks for c in self.clients)}

    async def cmd_sends(self) -> dict[str, Any]:
        """``(board, seq, sent_at)`` of every timed command acked since the last call, and all refusals."""
        timed = [(c.board, seq, at) for c in self.clients for seq, at in c.timed]
        errors: Counter[str] = Counter()
        for c in self.clients:
            c.timed = []
            errors.update(c.errors)
            c.errors.clear()
        return {"timed": timed, "errors": dict(errors)}

    def _next(self, board: str, clients: list[BenchClient], want: Any = None) -> BenchClient | None:
        """The next client of ``clients`` (round robin) for which ``want(client)`` holds."""
        n = len(clients)
        for _ in range(n):
            self._rr[board] += 1
            c = clients[self._rr[board] % n]
            if c.open and (want is None or want(c)):
                return c
        return None

    def _operate(self, board: str, spec: dict[str, Any], voters: list[BenchClient],
                 facilitators: list[BenchClient], k: int) -> None:
        mix: list[str] = spec["mix"]
        notes: list[str] = spec["notes"]
        kind = mix[k % len(mix)]
        if kind == "unvote":
            c = self._next(board, voters, lambda c: bool(c.my_votes))
            if c is not None:
                note = next(iter(c.my_votes))
                c.my_votes[note] -= 1
                if not c.my_votes[note]:
                    del c.my_votes[note]
                c.command("unvote", timed=True, note=note)
                return
        elif kind == "move":
            c = self._next(board, voters, lambda c: bool(c.my_notes))
            if c is not None:
                c.command("move_note", timed=True, note=c.my_notes[0],
                          x=round(random.random(), 4), y=round(random.random(), 4))
                return
        elif kind == "add_note" and facilitators:
            c = self._next(board + "/f", facilitators)
            if c is not None:
                c.command("add_note", timed=True, text=f"idea {k} from the floor")
                return
        c = self._next(board, voters, lambda c: sum(c.my_votes.values()) < spec.get("budget", 50))
        if c is None or not notes:
            return
        note = notes[k % len(notes)]
        c.my_votes[note] = c.my_votes.get(note, 0) + 1
        c.command("vote", timed=True, note=note)

    async def cmd_drain(self, finals: dict[str, int], timeout: float = 30.0) -> dict[str, Any]:
        """Wait until every open client has the final sequence number of its board."""
        return await self.cmd_sync(finals, timeout)

    async def cmd_results(self, sends: dict[str, dict[int, float]], finals: dict[str, int],
                          start: float = 0.0) -> dict[str, Any]:
        """Lost and duplicated events per client, and the command→event delay of every timed event.

        ``timeline`` is the delay again, by whole second of sending after ``start``
        (1 ms buckets): whether it grows over the run.
        """
        hist: Counter[int] = Counter()
        timeline: dict[int, Counter[int]] = {}
        lost = dups = delivered = 0
        worst = 0.0
        last = 0.0
        closed: Counter[str] = Counter()
        for c in self.clients:
            if c.failed or c.welcome_seq < 0:
                continue  # never connected and joined: reported by connect
            if not c.open:
                closed[str(c.close_code)] += 1
            dups += c.dups
            final = finals.get(c.board, c.seen)
            arrivals = c.arrivals
            upto = min(len(arrivals), final - c.base + 1)
            lost += max(0, final - c.seen)
            board_sends = sends.get(c.board, {})
            base = c.base
            for i in range(max(0, upto)):
                at = arrivals[i]
                if at != at:  # NaN: never arrived
                    lost += 1
                    continue
                sent = board_sends.get(base + i)
                if sent is None:
                    continue
                delay = at - sent
                hist[int(delay / LATENCY_BUCKET)] += 1
                second = int(sent - start)
                if second not in timeline:
                    timeline[second] = Counter()
                timeline[second][int(delay * 1000)] += 1
                delivered += 1
                if delay > worst:
                    worst = delay
                if at > last:
                    last = at
        return {"lost": lost, "dups": dups, "hist": dict(hist), "max": worst, "delivered": delivered,
                "timeline": {sec: dict(h) for sec, h in timeline.items()},
                "last_arrival": last, "closed": dict(closed), "clients": sum(1 for c in self.clients if not c.failed and c.welcome_seq >= 0)}

    async def cmd_check(self, timeout: float = 10.0) -> dict[str, Any]:
        """Compare each checker's followed view with a fresh welcome for the same identity."""
        stale = [await stale_keys(c, self.target, timeout) for c in self.clients if c.view is not None and c.open]
        return tally_checks(stale)

    async def cmd_close(self) -> dict[str, Any]:
        self._abort_all()
        self.clients = []
        return {}


def main(conn: Connection, index: int) -> None:
    """Entry point of a generator process (``multiprocessing`` spawn).

    With ``BENCH_PROFILE_GENERATORS=DIR`` each generator runs under cProfile and
    writes ``DIR/generator-<index>.prof``.
    """
    raise_fd_limit()
    profile_dir = os.environ.get("BENCH_PROFILE_GENERATORS")
    if profile_dir:
        import cProfile

        with cProfile.Profile() as prof:
            _run(conn, index)
        prof.dump_stats(os.path.join(profile_dir, f"generator-{index}.prof"))
    else:
        _run(conn, index)


def _run(conn: Connection, index: int) -> None:
    try:
        import uvloop

        uvloop.run(Generator(conn, index).serve())
    except ImportError:  # pragma: no cover
        asyncio.run(Generator(conn, index).serve())
