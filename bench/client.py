"""One simulated phone: the Metanet protocol on top of :class:`bench.wsclient.WSConn`.

What it records is what the benchmark reports:

- ``arrivals[i]``: when event ``base + i`` arrived (NaN until it does), so the
  harness can tell every missing sequence number (lost), every repeated one
  (``dups``), and, given when each command was sent, the command→event delay
  at this client;
- ``timed``: ``(seq, sent_at)`` for each of its own timed commands, from the
  sequence number in the ack;
- connect→welcome time and the welcome's encoded size.

A client made with ``track_view=True`` also keeps a full
:class:`testkit.view.BoardView`, to compare with a fresh welcome at the end.
"""

from __future__ import annotations

import asyncio
import math
from array import array
from collections import Counter
from time import monotonic
from typing import Any

from bench.wsclient import WSConn, _retrieve, open_connection
from testkit.client import hello
from testkit.view import BoardView

NAN = math.nan
WELCOME_TIMEOUT = 30.0  # seconds from connecting to the welcome (a join storm queues thousands)
ACK_TIMEOUT = 60.0  # seconds for a set-up command's ack under full load
RATE_LIMITED_TRIES = 50  # sends of a set-up command the server keeps rate-limiting before giving up
RATE_LIMITED_PAUSE = 0.1  # seconds between two of them


class BenchClient(WSConn):
    def __init__(self, host: str, port: int, board: str, role: str, token: str, *, secret: str | None = None,
                 json_mode: bool = False, track_view: bool = False, deflate: bool = True) -> None:
        super().__init__(host, port, f"/b/{board}/ws", deflate=deflate)
        self.json_mode = json_mode
        self.board = board
        self.role = role
        self.token = token
        self.secret = secret
        self.view = BoardView() if track_view else None
        self.started_at = 0.0
        self.welcome_at = 0.0
        self.welcome_size = 0  # on the wire (compressed, if the server compressed it)
        self.welcome_raw_size = 0  # msgpack (or JSON) bytes
        self.welcome_seq = -1
        self.groups: list[str] = []
        self.base = 0  # sequence number of arrivals[0]
        self.arrivals = array("d")
        self.dups = 0
        self.failed = False  # the harness gave up on it while connecting
        self.keep_welcome = False
        self.welcome_msg: dict[str, Any] | None = None
        self.events_in = 0
        self.timed: list[tuple[int, float]] = []
        self.errors: Counter[str] = Counter()
        self.my_votes: dict[str, int] = {}  # kept by the sender (see _ack)
        self.my_notes: list[str] = []
        self.welcomed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.welcomed.add_done_callback(_retrieve)
        self._acks: dict[str, tuple[float, bool, asyncio.Future[dict[str, Any]] | None, str, Any]] = {}
        self._op = 0

    @property
    def seen(self) -> int:
        """The highest sequence number received (the welcome's, before any event)."""
        return self.base - 1 + len(self.arrivals)

    async def start(self, timeout: float = WELCOME_TIMEOUT) -> None:
        """Connect, say hello, wait for the welcome."""
        self.started_at = monotonic()
        await open_connection(self, self.host, self.port, timeout)
        self.send(hello(self.role, self.token, secret=self.secret))
        await asyncio.wait_for(asyncio.shield(self.welcomed), timeout)

    def command(self, t: str, *, timed: bool = False, wait: bool = False, **fields: Any) -> asyncio.Future[dict[str, Any]] | None:
        """Send a command. ``timed`` records its event's send time; ``wait`` returns a future for the ack."""
        self._op += 1
        op = f"o{self._op}"
        fut = asyncio.get_running_loop().create_future() if wait else None
        self._acks[op] = (monotonic(), timed, fut, t, fields.get("note"))
        self.send({"t": t, "op": op, **fields})
        return fut

    async def ok(self, t: str, timeout: float = ACK_TIMEOUT, **fields: Any) -> dict[str, Any]:
        """Send a command and wait for a successful ack (rate-limited commands are retried)."""
        for _ in range(RATE_LIMITED_TRIES):
            fut = self.command(t, wait=True, **fields)
            assert fut is not None
            ack = await asyncio.wait_for(fut, timeout)
            if ack["ok"]:
                return dict(ack["result"])
            if ack.get("code") != "rate_limited":
                raise RuntimeError(f"{t} refused: {ack.get('code')}: {ack.get('message')}")
            await asyncio.sleep(RATE_LIMITED_PAUSE)
        raise RuntimeError(f"{t}: still rate limited")

    @property
    def pending_acks(self) -> int:
        return len(self._acks)

    # -- messages in -----------------------------------------------------------

    def on_message(self, msg: dict[str, Any], now: float, size: int) -> None:
        kind = msg.get("t")
        if kind == "events":
            self._events(msg["events"], now)
            if self.view is not None:
                self.view.events(msg)
        elif kind == "ack":
            self._ack(msg)
        elif kind == "welcome":
            self._welcome(msg, now, size)
        elif kind == "error":
            self.errors[str(msg.get("code"))] += 1

    def _events(self, events: list[dict[str, Any]], now: float) -> None:
        arrivals, base = self.arrivals, self.base
        self.events_in += len(events)
        for ev in events:
            i = ev["seq"] - base
            n = len(arrivals)
            if i == n:
                arrivals.append(now)
            elif i > n:
                arrivals.extend([NAN] * (i - n))
                arrivals.append(now)
            elif i < 0 or arrivals[i] == arrivals[i]:  # not NaN: seen before
                self.dups += 1
            else:
                arrivals[i] = now

    def _ack(self, msg: dict[str, Any]) -> None:
        entry = self._acks.pop(msg.get("op") or "", None)
        if entry is None:
            return
        sent, timed, fut, kind, note = entry
        if msg["ok"]:
            if timed:
                self.timed.append((msg["result"]["seq"], sent))
        else:
            self.errors[str(msg.get("code"))] += 1
            # The sender counted its dots when it sent them (so two quick
            # commands never spend one dot twice); a refusal gives it back.
            delta = -1 if kind == "vote" else 1 if kind == "unvote" else 0
            if delta:
                self.my_votes[note] = self.my_votes.get(note, 0) + delta
                if self.my_votes[note] <= 0:
                    del self.my_votes[note]
        if fut is not None and not fut.done():
            fut.set_result(msg)

    def _welcome(self, msg: dict[str, Any], now: float, size: int) -> None:
        if self.keep_welcome:
            self.welcome_msg = msg
        if self.welcome_seq < 0:
            self.welcome_at = now
            self.welcome_size = size
            self.welcome_raw_size = self.message_bytes
            self.welcome_seq = msg["seq"]
            self.base = msg["seq"] + 1
            snap = msg.get("snapshot") or {}
            self.groups = list(snap.get("settings", {}).get("groups", []))
        if self.view is not None:
            self.view.welcome(msg)
        if not self.welcomed.done():
            self.welcomed.set_result(None)

    def on_close(self) -> None:
        for _, _, fut, _, _ in self._acks.values():
            if fut is not None and not fut.done():
                fut.set_exception(ConnectionError(f"closed ({self.close_code})"))
        if not self.welcomed.done():
            self.welcomed.set_exception(ConnectionError(f"closed before welcome ({self.close_code})"))


def make_client(target: dict[str, Any], board: str, role: str, token: str, **kw: Any) -> BenchClient:
    return BenchClient(target["host"], target["port"], board, role, token, json_mode=target.get("json", False),
                       deflate=target.get("deflate", True), **kw)


async def stale_keys(client: BenchClient, target: dict[str, Any], timeout: float) -> list[str]:
    """Where ``client``'s followed view differs from a fresh welcome for the same identity (none: it kept up)."""
    assert client.view is not None, "only a client made with track_view=True follows a view"
    fresh = make_client(target, client.board, client.role, client.token, secret=client.secret, track_view=True)
    try:
        await fresh.start(timeout)
        assert fresh.view is not None
        mine, ref = client.view.essentials(), fresh.view.essentials()
        return [key for key in mine if mine[key] != ref.get(key)] + [key for key in ref if key not in mine]
    finally:
        fresh.abort()


def tally_checks(stale: list[list[str]]) -> dict[str, Any]:
    """How many views were checked, how many differed, and where (the first few)."""
    diffs = [", ".join(keys) for keys in stale if keys]
    return {"checked": len(stale), "mismatches": len(diffs), "diffs": diffs[:5]}
