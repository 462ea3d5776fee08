"""A real WebSocket client of the Metanet protocol (``websockets``), and the protocol's small pieces.

:func:`hello` and :func:`unpack` are what every client here says and reads
(this one, the chaos run's reconnecting client, the benchmark's lean one);
:class:`BoardClient` keeps every message and a :class:`~testkit.view.BoardView`;
:func:`fresh_view` is what a brand-new connection is told: the reference a
client that followed the stream must equal.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from typing import Any

import msgpack
import websockets
from websockets.asyncio.client import ClientConnection

from testkit.view import BoardView

WELCOME_TIMEOUT = 10.0  # seconds from hello to welcome
ACK_TIMEOUT = 10.0  # seconds from a command to its ack
SEQ_TIMEOUT = 10.0  # seconds to wait for an event sequence number
MESSAGE_TIMEOUT = 5.0  # seconds to wait for a message of a kind
MESSAGE_POLL = 0.01  # seconds between two looks at the messages received

_ops = itertools.count(1)


def socket_url(ws_base: str, board: str) -> str:
    """A board's WebSocket: ``ws://host:port`` + ``/b/BOARD/ws``."""
    return f"{ws_base}/b/{board}/ws"


def hello(role: str, token: str, *, secret: str | None = None, since: int | None = None) -> dict[str, Any]:
    """The first message on a socket: who this is, and (to resume) the last sequence number applied."""
    msg: dict[str, Any] = {"t": "hello", "role": role, "token": token}
    if secret is not None:
        msg["secret"] = secret
    if since is not None:
        msg["since"] = since
    return msg


def unpack(frame: bytes | str) -> list[dict[str, Any]]:
    """The messages in one frame: one or more msgpack maps back to back."""
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
    unpacker.feed(frame.encode() if isinstance(frame, str) else frame)
    return list(unpacker)


class BoardClient:
    def __init__(self, ws: ClientConnection, board: str, token: str = "") -> None:
        self.ws = ws
        self.board = board
        self.token = token
        self.view = BoardView()
        self.frames: list[bytes | str] = []  # every frame received, raw
        self.messages: list[dict[str, Any]] = []
        self.presence: dict[str, Any] | None = None
        self.welcomed = asyncio.Event()
        self.welcome_msg: dict[str, Any] | None = None
        self.closed = asyncio.Event()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._seq_waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, ws_base: str, board: str, *, role: str = "participant", token: str | None = None,
                      secret: str | None = None, since: int | None = None, origin: str | None = None,
                      wait: bool = True, view: BoardView | None = None, local_address: str | None = None) -> BoardClient:
        """Connect and say hello. To resume, pass the old client's ``view`` and ``since=view.seq``.

        ``local_address`` connects from another address of this machine (e.g. ``127.0.0.2``).
        """
        headers = {"Origin": origin} if origin else None
        extra: dict[str, Any] = {"local_addr": (local_address, 0)} if local_address else {}
        ws = await websockets.connect(socket_url(ws_base, board), additional_headers=headers, max_size=None, **extra)
        client = cls(ws, board, token or secrets.token_hex(16))
        if view is not None:
            client.view = view
        await ws.send(msgpack.packb(hello(role, client.token, secret=secret, since=since)))
        if wait:
            await asyncio.wait_for(client.welcomed.wait(), WELCOME_TIMEOUT)
        return client

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.frames.append(frame)
                for msg in unpack(frame):
                    self._dispatch(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for fut in self._acks.values():
                if not fut.done():
                    fut.set_exception(ConnectionError("closed"))

    def _dispatch(self, msg: dict[str, Any]) -> None:
        self.messages.append(msg)
        kind = msg["t"]
        if kind == "welcome":
            self.welcome_msg = msg
            self.view.welcome(msg)
            self.welcomed.set()
        elif kind == "events":
            self.view.events(msg)
        elif kind == "ack":
            fut = self._acks.pop(msg["op"], None) if msg.get("op") else None
            if fut is not None and not fut.done():
                fut.set_result(msg)
        elif kind == "presence":
            self.presence = msg
        for target, waiter in list(self._seq_waiters):
            if self.view.seq >= target and not waiter.done():
                waiter.set_result(None)

    async def send(self, t: str, op: str | None = None, **fields: Any) -> asyncio.Future[dict[str, Any]]:
        """Send a command; returns a future for its ack."""
        op = op or f"op{next(_ops)}"
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[op] = fut
        await self.ws.send(msgpack.packb({"t": t, "op": op, **fields}))
        return fut

    async def command(self, t: str, op: str | None = None, **fields: Any) -> dict[str, Any]:
        """Send a command and wait for its ack."""
        return await asyncio.wait_for(await self.send(t, op, **fields), ACK_TIMEOUT)

    async def ok(self, t: str, **fields: Any) -> dict[str, Any]:
        ack = await self.command(t, **fields)
        assert ack["ok"], ack
        return dict(ack["result"])

    async def send_raw(self, data: bytes | str) -> None:
        await self.ws.send(data)

    async def next_message(self, kind: str, timeout: float = MESSAGE_TIMEOUT) -> dict[str, Any]:
        start = len(self.messages)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for msg in self.messages[start:]:
                if msg["t"] == kind:
                    return msg
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no {kind} message")
            await asyncio.sleep(MESSAGE_POLL)

    async def wait_seq(self, seq: int, timeout: float = SEQ_TIMEOUT) -> None:
        if self.view.seq >= seq:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._seq_waiters.append((seq, fut))
        await asyncio.wait_for(fut, timeout)

    async def note_order(self, text: str) -> list[str]:
        """Add a note, wait for its event; what came first for it here: ["ack", "event"] is the order asked for."""
        result = await self.ok("add_note", text=text)
        await self.wait_seq(result["seq"])
        kinds = []
        for msg in self.messages:
            if msg["t"] == "ack" and msg.get("result", {}).get("note") == result["note"]:
                kinds.append("ack")
            elif msg["t"] == "events" and any(ev.get("note", {}).get("id") == result["note"]
                                              for ev in msg["events"] if ev["type"] == "note_added"):
                kinds.append("event")
        return kinds

    async def close(self) -> None:
        await close_socket(self.ws, self._reader)


async def close_socket(ws: ClientConnection, reader: asyncio.Task[None]) -> None:
    """Close a client's socket and stop its reader task, whatever state either is in."""
    with contextlib.suppress(Exception):
        await ws.close()
    reader.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await reader


async def fresh_view(ws_base: str, board: str, *, role: str, token: str, secret: str | None = None) -> BoardView:
    """What a brand-new connection with this identity is told: the reference a client must equal."""
    client = await BoardClient.connect(ws_base, board, role=role, token=token, secret=secret, wait=False)
    waits = [asyncio.create_task(client.welcomed.wait()), asyncio.create_task(client.closed.wait())]
    try:
        await asyncio.wait(waits, timeout=WELCOME_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
        await client.close()
    if not client.welcomed.is_set():
        refused = [msg for msg in client.messages if msg["t"] == "error"]
        raise RuntimeError(f"a fresh connection was not welcomed: {refused or 'no answer'}")
    return client.view
