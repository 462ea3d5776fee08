"""A saturation generator process: its share of the phones, driven step by step over a pipe.

``connect`` the phones, then for each offered rate: ``traffic`` (votes at this
process's share of the rate, open loop, until every ack is in or the bound
passes) and ``drain`` (until every phone has counted as many vote events as
votes were accepted in all, or the bound passes). Each step reports this
process's own CPU, so the orchestrator can tell a point where the generator,
not the server, was the limit.
"""

from __future__ import annotations

import asyncio
import os
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from bench import wake
from bench.generator import TICK, raise_fd_limit
from bench.saturate.clients import PHONES, Phone
from bench.wsclient import open_connection

POLL = 0.01  # seconds between two looks at the counters while draining


class Load:
    def __init__(self, index: int) -> None:
        self.index = index
        self.phones: list[Phone] = []
        self.base: list[int] = []
        self.cpu0 = 0.0
        self.wire0 = 0
        self.ops = 0

    async def cmd_connect(self, target: dict[str, Any], specs: list[dict[str, Any]], concurrency: int = 50,
                          timeout: float = 30.0) -> dict[str, Any]:
        kind = PHONES[target["protocol"]]
        sem = asyncio.Semaphore(concurrency)
        failed: Counter[str] = Counter()

        async def one(spec: dict[str, Any]) -> None:
            async with sem:
                phone = kind(target["host"], target["port"], spec["board"], spec["token"], sample=spec["sample"],
                             deflate=target["deflate"], group=spec.get("group"))
                try:
                    await open_connection(phone, target["host"], target["port"], timeout)
                    await asyncio.wait_for(asyncio.shield(phone.ready), timeout)
                    self.phones.append(phone)
                except Exception as exc:  # noqa: BLE001 -- counted and reported; the orchestrator stops the run
                    failed[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    phone.abort()

        await asyncio.gather(*(one(s) for s in specs))
        return {"ok": len(self.phones), "failed": dict(failed), "deflated": sum(p.deflated for p in self.phones)}

    async def cmd_traffic(self, start_at: float, duration: float, rate: float, notes: list[str],
                          ack_timeout: float) -> dict[str, Any]:
        """Votes at ``rate`` per second for ``duration`` seconds from ``start_at``, then wait for their acks."""
        phones = [p for p in self.phones if p.open]
        self.base = [p.count for p in self.phones]
        self.wire0 = sum(p.wire_bytes_in for p in self.phones)
        for p in self.phones:
            p.arrivals.clear()
            p.accepted.clear()
            p.refused.clear()
        total = max(1, round(rate * duration))
        sent = 0
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        self.cpu0 = time.process_time()
        while sent < total:
            due = min(total, int((time.monotonic() - start_at) * rate) + 1)
            while sent < due:
                self.ops += 1
                phones[self.ops % len(phones)].vote(notes[self.ops % len(notes)], f"{self.index}.{self.ops}")
                sent += 1
            await asyncio.sleep(TICK)
        deadline = time.monotonic() + ack_timeout
        while any(p.pending for p in phones) and time.monotonic() < deadline:
            await asyncio.sleep(POLL)
        refused: Counter[str] = Counter()
        for p in self.phones:
            refused.update(p.refused)
        return {"sent": sent, "accepted": [a for p in self.phones for a in p.accepted],
                "unacked": sum(len(p.pending) for p in self.phones), "refused": dict(refused)}

    async def cmd_drain(self, expected: int, timeout: float) -> dict[str, Any]:
        """Wait until every phone has ``expected`` vote events since ``traffic`` began; what came, lost, doubled."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(p.count - b >= expected for p, b in zip(self.phones, self.base, strict=True)):
                break
            await asyncio.sleep(POLL)
        done_at = time.monotonic()
        got = [p.count - b for p, b in zip(self.phones, self.base, strict=True)]
        return {
            "events": sum(got),
            "lost": sum(max(0, expected - g) for g in got),
            "duplicated": sum(max(0, g - expected) for g in got),
            "closed": sum(1 for p in self.phones if not p.open),
            "arrivals": [a for p in self.phones if p.sample for a in p.arrivals],
            "cpu": time.process_time() - self.cpu0,
            "done_at": done_at,
            "wire_bytes": sum(p.wire_bytes_in for p in self.phones) - self.wire0,
        }

    async def cmd_close(self) -> dict[str, Any]:
        for p in self.phones:
            p.abort()
        self.phones = []
        return {}


async def serve(conn: Connection, index: int) -> None:
    """Answer the orchestrator's steps until ``exit``."""
    load = Load(index)
    loop = asyncio.get_running_loop()
    while True:
        ready: asyncio.Future[None] = loop.create_future()
        loop.add_reader(conn.fileno(), wake, ready)
        try:
            await ready
        finally:
            loop.remove_reader(conn.fileno())
        os.set_blocking(conn.fileno(), True)
        name, kwargs = conn.recv()
        if name == "exit":
            await load.cmd_close()
            conn.send({})
            return
        try:
            reply = await getattr(load, "cmd_" + name)(**kwargs)
        except Exception:  # noqa: BLE001 -- the orchestrator reports it and stops the run
            reply = {"error": f"generator {index}: {name} failed:\n{traceback.format_exc()}"}
        conn.send(reply)


def main(conn: Connection, index: int) -> None:
    """Entry point of a saturation generator process (``multiprocessing`` spawn), on uvloop.

    With ``BENCH_PROFILE_GENERATORS=DIR`` each runs under cProfile and writes ``DIR/saturate-<index>.prof``.
    """
    raise_fd_limit()
    profile_dir = os.environ.get("BENCH_PROFILE_GENERATORS")
    if profile_dir:
        import cProfile

        with cProfile.Profile() as prof:
            _run(conn, index)
        prof.dump_stats(os.path.join(profile_dir, f"saturate-{index}.prof"))
    else:
        _run(conn, index)


def _run(conn: Connection, index: int) -> None:
    try:
        import uvloop

        uvloop.run(serve(conn, index))
    except ImportError:  # pragma: no cover
        asyncio.run(serve(conn, index))
