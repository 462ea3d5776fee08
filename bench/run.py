"""The orchestrator's tools: generator processes, the server under test, boards to play on.

A :class:`Run` is one target (Metanet or a peer) on one scenario: it starts the
server, spawns the generator processes, and gives the scenario flows (in
``bench.scenarios``) what they need -- boards set up through the real
protocol, steps sent to every generator at once, the server's CPU and RSS.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench import generator, wake
from bench.client import BenchClient, make_client, stale_keys, tally_checks
from bench.targets import Target, cpu_seconds, rss_kb, spec_of

STEP_TIMEOUT = 600.0  # no generator step may take longer than this
SYNC_TIMEOUT = 60.0  # seconds for the orchestrator's own clients to reach the heads
SYNC_POLL = 0.02  # seconds between two looks at them
CHECK_TIMEOUT = 30.0  # seconds for a fresh connection's welcome when views are compared
VOTE_PHASE = 2  # note-and-vote: write, group, vote, results


class BenchError(RuntimeError):
    pass


async def _recv(conn: Connection, timeout: float) -> Any:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    loop.add_reader(conn.fileno(), wake, ready)
    try:
        await asyncio.wait_for(ready, timeout)
    finally:
        loop.remove_reader(conn.fileno())
    os.set_blocking(conn.fileno(), True)  # the loop made it non-blocking; a long message arrives in parts
    return conn.recv()


class Generators:
    """N generator processes (``multiprocessing`` spawn), driven step by step."""

    def __init__(self, n: int, entry: Callable[[Connection, int], None] = generator.main) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        for i in range(n):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=entry, args=(child, i), name=f"bench-generator-{i}", daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def __len__(self) -> int:
        return len(self.conns)

    async def call(self, i: int, name: str, wait: float = STEP_TIMEOUT, **kwargs: Any) -> dict[str, Any]:
        """Step ``name`` on generator ``i``; ``wait`` bounds how long its answer may take."""
        self.conns[i].send((name, kwargs))
        try:
            reply = await _recv(self.conns[i], wait)
        except (TimeoutError, EOFError) as exc:
            raise BenchError(f"generator {i} did not answer {name!r} ({type(exc).__name__})") from None
        if "error" in reply:
            raise BenchError(reply["error"])
        return dict(reply)

    async def each(self, name: str, per: list[dict[str, Any]], wait: float = STEP_TIMEOUT) -> list[dict[str, Any]]:
        """Step ``name`` on every generator at once, generator i with ``per[i]``."""
        return list(await asyncio.gather(*(self.call(i, name, wait, **kw) for i, kw in enumerate(per))))

    async def all(self, name: str, wait: float = STEP_TIMEOUT, **kwargs: Any) -> list[dict[str, Any]]:
        return await self.each(name, [kwargs] * len(self), wait)

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p.pid is not None]

    async def close(self) -> None:
        for i, conn in enumerate(self.conns):
            try:
                conn.send(("exit", {}))
                await _recv(conn, 10)
            except Exception:  # noqa: BLE001 -- a dead generator is simply joined below
                pass
            self.procs[i].join(5)
            if self.procs[i].is_alive():
                self.procs[i].kill()
                self.procs[i].join(5)
            conn.close()


@dataclass
class Board:
    id: str
    secret: str
    facilitator: BenchClient
    notes: list[str] = field(default_factory=list)


def token() -> str:
    return "bench-" + secrets.token_hex(12)


@dataclass
class Run:
    """One target on one scenario."""

    target: Target
    gens: Generators
    workdir: Path
    check: bool  # follow full views and compare them with fresh welcomes (Metanet only)
    boards: list[Board] = field(default_factory=list)
    extra_clients: list[BenchClient] = field(default_factory=list)
    extra_errors: Counter[str] = field(default_factory=Counter)  # refused commands, by code

    @property
    def spec(self) -> dict[str, Any]:
        return spec_of(self.target)

    # -- server measurements ------------------------------------------------------

    def server_cpu(self) -> float:
        return cpu_seconds(self.target.pids())

    def server_rss_kb(self) -> int:
        return rss_kb(self.target.pids())

    # -- boards ----------------------------------------------------------------------

    async def open_board(self, settings: dict[str, Any] | None = None, notes: int = 0, to_vote: bool = False) -> Board:
        """A new board with its facilitator connected (and following it), set up through the protocol."""
        info = await asyncio.get_running_loop().run_in_executor(None, self.target.new_board)
        fac = make_client(self.spec, info["board"], "facilitator", token(), secret=info["secret"], track_view=self.check)
        await fac.start()
        board = Board(info["board"], info["secret"], fac)
        self.boards.append(board)
        if settings:
            await fac.ok("update_settings", settings=settings)
        for i in range(notes):
            board.notes.append((await fac.ok("add_note", text=f"Priority {i + 1}: {IDEAS[i % len(IDEAS)]}"))["note"])
        if to_vote:
            await self.to_vote(board)
        return board

    async def to_vote(self, board: Board) -> int:
        """Jump the note-and-vote agenda to its vote phase; returns the sequence number after it."""
        return int((await board.facilitator.ok("set_phase", index=VOTE_PHASE))["seq"])

    async def connect_extra(self, board: Board, role: str = "participant", keep_welcome: bool = False,
                            **kw: Any) -> BenchClient:
        client = make_client(self.spec, board.id, role, token(), **kw)
        client.keep_welcome = keep_welcome
        self.extra_clients.append(client)
        await client.start()
        return client

    async def heads(self) -> dict[str, int]:
        """Each board's sequence number as the server has it now: a fresh facilitator welcome."""
        out = {}
        for board in self.boards:
            probe = make_client(self.spec, board.id, "facilitator", token(), secret=board.secret)
            try:
                await probe.start()
                out[board.id] = probe.welcome_seq
            finally:
                probe.abort()
        return out

    async def sync_orchestrator(self, heads: dict[str, int], timeout: float = SYNC_TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while True:
            behind = [b for b in self.boards if b.facilitator.open and b.facilitator.seen < heads.get(b.id, 0)]
            if not behind or time.monotonic() > deadline:
                return len(behind)
            await asyncio.sleep(SYNC_POLL)

    async def check_orchestrator(self) -> dict[str, Any]:
        """The facilitators' followed views against fresh welcomes (see ``Generator.cmd_check``)."""
        facilitators = [board.facilitator for board in self.boards]
        stale = [await stale_keys(fac, self.spec, CHECK_TIMEOUT) for fac in facilitators if fac.view is not None and fac.open]
        return tally_checks(stale)

    def close_clients(self) -> None:
        for board in self.boards:
            board.facilitator.abort()
        for client in self.extra_clients:
            client.abort()


IDEAS = (
    "a shared data standard for early warning",
    "finance the last mile, not the pilot",
    "one registry of who funds what",
    "local partners co-design the roadmap",
    "publish the evidence before the negotiation",
    "a standing youth seat in the working group",
    "open procurement for climate adaptation",
    "measure outcomes, not activities",
)


def spread(specs: list[dict[str, Any]], n: int) -> list[list[dict[str, Any]]]:
    """Deal client specs round robin over ``n`` generators."""
    return [specs[i::n] for i in range(n)]
