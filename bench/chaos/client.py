"""A chaos client: one phone (or the facilitator's laptop) that never gives up.

It behaves like the web client on a bad network. Its socket may die at any
moment (a killed process, a flap, a cut-off after a stall); it then reconnects
with backoff to any of the processes and resumes with ``since`` = the last
sequence its :class:`~testkit.view.BoardView` applied. Every command
gets its op id once and keeps it: commands not acknowledged yet are sent again,
with the same op, on every new connection, and one acknowledged with a retry
code (``unavailable``, ``rate_limited``) is sent again after a pause. The
server applies an op once and acks every copy with the first result, so a
command ends with exactly one final ack (``ok`` or a refusal).

Each :class:`Command` keeps its final ack: the chaos run compares them with
the log in Redis at the end. It also keeps its story (sent on which
connection, each ack, each retry): a command still unanswered when the run
gives up is reported with it (:meth:`ChaosClient.unanswered`), and a connection
loop that dies of a bug fails the commands waiting on it instead of leaving
them waiting for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import msgpack
import websockets

from testkit.client import hello, socket_url, unpack
from testkit.view import BoardView

RETRY_CODES = ("unavailable", "rate_limited")
WELCOME_TIMEOUT = 10.0  # seconds from hello to welcome
ACK_TIMEOUT = 30.0  # a connection that leaves a command unanswered this long is treated as dead
BACKOFF = (0.05, 2.0)  # first and longest pause between connection attempts
JITTER = 0.5  # a pause is its backoff times 0.5 to 1.5, so clients do not come back in step
CONNECT_TIMEOUT = 5.0  # seconds for the opening handshake
CLOSE_TIMEOUT = 1.0  # seconds websockets waits for the server's half of a closing handshake
CLOSE_BOUND = 2.0  # seconds a close may take in all before the client moves on
START_TIMEOUT = 30.0  # seconds for the first connection to be welcomed
WATCHDOG_EVERY = 1.0  # seconds between two looks for a command left unanswered too long
RETRY_PAUSE = 0.1  # seconds before a command acked with a retry code is sent again...
RETRY_SPREAD = 0.05  # ... plus up to this many seconds per retry so far (random), ...
RETRY_SPREAD_MAX = 20  # ... counting at most this many retries
POLL = 0.05  # seconds between two looks while waiting for acks or events
HISTORY = 30  # a command's story keeps its first entry and the last ones, this many in all


@dataclass
class Command:
    op: str
    kind: str
    fields: dict[str, Any]
    sent_at: float = 0.0
    sends: int = 0  # 1 + resends (after a reconnect or a retry code)
    retried: int = 0  # acks with a retry code
    ack: dict[str, Any] | None = None  # the final one
    done: asyncio.Future[dict[str, Any]] | None = field(default=None, repr=False)
    created: float = field(default_factory=time.monotonic, repr=False)
    history: list[str] = field(default_factory=list, repr=False)  # "+1.52s ack unavailable", ...

    @property
    def ok(self) -> bool:
        return self.ack is not None and bool(self.ack.get("ok"))

    def note(self, what: str) -> None:
        """Add to the command's story, seconds after it was made (the first entry and the last ones kept)."""
        self.history.append(f"+{time.monotonic() - self.created:.2f}s {what}")
        if len(self.history) > HISTORY:
            del self.history[1]

    def describe(self) -> str:
        waited = time.monotonic() - self.created
        return (f"{self.op} {self.kind} {self.fields}: unanswered after {waited:.1f} s, {self.sends} sends, "
                f"{self.retried} retry acks; " + ", ".join(self.history))


class ChaosClient:
    def __init__(
        self,
        name: str,
        bases: list[str],
        board: str,
        *,
        role: str,
        token: str,
        secret: str | None = None,
        rng: random.Random | None = None,
        first: int = 0,
    ) -> None:
        self.name = name
        self.bases = bases
        self.board = board
        self.role = role
        self.token = token
        self.secret = secret
        self.rng = rng or random.Random()
        self.view = BoardView()
        self.me: str | None = None
        self.commands: list[Command] = []
        self.pending: dict[str, Command] = {}
        self.connected = asyncio.Event()
        self.welcomed_once = False
        self.connections = 0
        self.resumes = 0  # welcomes in mode "resume"
        self.snapshots = 0  # welcomes in mode "snapshot" after the first (too far behind, or a lagging replica)
        self.resends = 0
        self.replayed = 0  # events a resume welcome brought
        self.closes: Counter[str] = Counter()  # how connections ended: close codes, "refused", ...
        self.stalls = 0
        self._ws: Any = None
        self._base = first % len(bases)  # then, after each connection, either process at random
        self._reading = asyncio.Event()
        self._reading.set()
        self._ops = itertools.count(1)
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._offline_until = 0.0
        self._retry_tasks: set[asyncio.Task[None]] = set()

    # -- lifecycle ---------------------------------------------------------------

    async def start(self, timeout: float = START_TIMEOUT) -> None:
        self._task = asyncio.create_task(self._run(), name=f"chaos:{self.name}")
        self._task.add_done_callback(self._ended)
        await asyncio.wait_for(self.connected.wait(), timeout)

    async def close(self) -> None:
        self._closing = True
        self._reading.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), CLOSE_BOUND)
        for task in [self._task, *self._retry_tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _ended(self, task: asyncio.Task[None]) -> None:
        """The connection loop ended: by a bug unless closed. Nothing would send or answer the commands
        waiting, so they fail with its error rather than wait for ever."""
        if task.cancelled() or task.exception() is None:
            return
        error = RuntimeError(f"{self.name}: the connection loop died: {task.exception()!r}")
        for cmd in self.pending.values():
            cmd.note(f"connection loop died: {task.exception()!r}")
            if cmd.done is not None and not cmd.done.done():
                cmd.done.set_exception(error)

    def unanswered(self) -> list[str]:
        """The commands still waiting for their final ack, each with its story, and how the client stands."""
        task = self._task
        loop = "not started" if task is None else "running" if not task.done() else "ended"
        where = (f"{'connected' if self._ws is not None else 'not connected'} after {self.connections} connections, "
                 f"connection loop {loop}, closes {dict(self.closes)}")
        return [f"{self.name} {cmd.describe()} [{where}]" for cmd in self.pending.values()]

    async def _run(self) -> None:
        delay = BACKOFF[0]
        tries = 0
        while not self._closing:
            away = self._offline_until - time.monotonic()
            if away > 0:
                await asyncio.sleep(away)
            base = self.bases[(self._base + tries) % len(self.bases)]
            tries += 1
            try:
                ws = await websockets.connect(
                    socket_url(base, self.board), max_size=None, open_timeout=CONNECT_TIMEOUT, ping_interval=None,
                    close_timeout=CLOSE_TIMEOUT,
                )
            except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                self.closes[f"connect:{type(exc).__name__}"] += 1
                await asyncio.sleep(delay * (JITTER + self.rng.random()))
                delay = min(delay * 2, BACKOFF[1])
                continue
            try:
                if await self._session(ws):
                    delay, tries = BACKOFF[0], 0
                    self._base = self.rng.randrange(len(self.bases))  # next time: either process
            except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                self.closes[f"error:{type(exc).__name__}"] += 1
            finally:
                self._ws = None
                self.connected.clear()
                code = ws.close_code
                if code is not None:
                    self.closes[str(code)] += 1
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(), CLOSE_BOUND)
            if not self._closing:
                await asyncio.sleep(delay * (JITTER + self.rng.random()))
                delay = min(delay * 2, BACKOFF[1])

    async def _session(self, ws: Any) -> bool:
        """Hello, welcome, resend, then read until the socket ends. True if it was welcomed."""
        since = self.view.seq if self.welcomed_once else None
        await ws.send(msgpack.packb(hello(self.role, self.token, secret=self.secret, since=since)))
        welcomed = False
        deadline = time.monotonic() + WELCOME_TIMEOUT
        while not welcomed:
            frame = await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic()))
            for msg in unpack(frame):
                if msg["t"] == "error":
                    self.closes[f"error:{msg.get('code')}"] += 1
                    return False
                if msg["t"] == "welcome":
                    self._welcome(msg)
                    welcomed = True
                elif welcomed:
                    self._dispatch(msg)
        self._ws = ws
        self.connections += 1
        self.connected.set()
        for cmd in sorted(self.pending.values(), key=lambda c: c.sent_at):
            self.resends += 1
            await self._send(cmd)
        watchdog = asyncio.create_task(self._watchdog(ws))
        try:
            while True:
                await self._reading.wait()  # a stalled client reads nothing
                frame = await ws.recv()
                for msg in unpack(frame):
                    self._dispatch(msg)
        except websockets.ConnectionClosed:
            return True
        finally:
            watchdog.cancel()
            for cmd in self.pending.values():
                cmd.note(f"connection {self.connections} ended ({ws.close_code})")

    async def _watchdog(self, ws: Any) -> None:
        while True:
            await asyncio.sleep(WATCHDOG_EVERY)
            if not self._reading.is_set():
                continue
            now = time.monotonic()
            if any(now - cmd.sent_at > ACK_TIMEOUT for cmd in self.pending.values()):
                self.closes["ack_timeout"] += 1
                ws.transport.abort()
                return

    def _welcome(self, msg: dict[str, Any]) -> None:
        if self.welcomed_once:
            if msg["mode"] == "resume":
                self.resumes += 1
                self.replayed += len(msg["events"])
            else:
                self.snapshots += 1
        self.view.welcome(msg)
        self.me = msg["you"]["id"]
        self.welcomed_once = True

    def _dispatch(self, msg: dict[str, Any]) -> None:
        kind = msg["t"]
        if kind == "events":
            self.view.events(msg)
        elif kind == "ack":
            self._ack(msg)
        elif kind == "welcome":
            raise RuntimeError("a second welcome on one connection")

    def _ack(self, msg: dict[str, Any]) -> None:
        cmd = self.pending.get(msg.get("op") or "")
        if cmd is None:
            return  # a second copy's ack: the first already settled the command
        cmd.note(f"ack {'ok' if msg['ok'] else msg.get('code')} on connection {self.connections}")
        if not msg["ok"] and msg.get("code") in RETRY_CODES:
            cmd.retried += 1
            spread = RETRY_SPREAD * min(cmd.retried, RETRY_SPREAD_MAX) * self.rng.random()
            task = asyncio.create_task(self._retry(cmd, RETRY_PAUSE + spread))
            self._retry_tasks.add(task)
            task.add_done_callback(self._retry_tasks.discard)
            return
        del self.pending[cmd.op]
        cmd.ack = msg
        if cmd.done is not None and not cmd.done.done():
            cmd.done.set_result(msg)

    async def _retry(self, cmd: Command, delay: float) -> None:
        await asyncio.sleep(delay)
        if cmd.op in self.pending:
            await self._send(cmd)  # with no connection: the next one sends it

    async def _send(self, cmd: Command) -> None:
        ws = self._ws
        if ws is None:
            cmd.note("not sent: no connection")
            return  # the next connection sends it
        cmd.note(f"sent on connection {self.connections}")
        cmd.sent_at = time.monotonic()
        cmd.sends += 1
        with contextlib.suppress(websockets.ConnectionClosed, OSError):
            await ws.send(msgpack.packb({"t": cmd.kind, "op": cmd.op, **cmd.fields}))

    # -- commands ----------------------------------------------------------------

    async def do(self, kind: str, **fields: Any) -> Command:
        """Send a command and wait for its final ack (however many connections that takes)."""
        cmd = Command(f"{self.name}-{next(self._ops)}", kind, fields, sent_at=time.monotonic())
        cmd.done = asyncio.get_running_loop().create_future()
        self.commands.append(cmd)
        self.pending[cmd.op] = cmd
        await self._send(cmd)
        await cmd.done
        return cmd

    # -- faults ------------------------------------------------------------------

    def flap(self, *, abort: bool, offline: float = 0.0) -> bool:
        """Drop the connection (abort: like a phone leaving the Wi-Fi; else a clean close)
        and stay away ``offline`` seconds before reconnecting."""
        ws = self._ws
        if ws is None:
            return False
        self._offline_until = time.monotonic() + offline
        if abort:
            ws.transport.abort()
        else:
            task = asyncio.create_task(ws.close())
            self._retry_tasks.add(task)
            task.add_done_callback(self._retry_tasks.discard)
        return True

    async def stall(self, seconds: float) -> None:
        """Stop reading for a while: frames pile up in the kernel and then in the server's buffer."""
        self.stalls += 1
        self._reading.clear()
        try:
            await asyncio.sleep(seconds)
        finally:
            self._reading.set()

    # -- the end -------------------------------------------------------------------

    async def drained(self, timeout: float) -> bool:
        """Wait until every command has its final ack."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            await asyncio.sleep(POLL)
        return not self.pending

    async def caught_up(self, seq: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while (self.view.seq < seq or not self.connected.is_set()) and time.monotonic() < deadline:
            await asyncio.sleep(POLL)
        return self.view.seq >= seq
