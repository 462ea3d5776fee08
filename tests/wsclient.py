"""A real WebSocket client of the Metanet protocol, for tests (and the benchmark's checks)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from typing import Any

import msgpack
import websockets

from server.protocol.view import BoardView

_ops = itertools.count(1)


class BoardClient:
    def __init__(self, ws: Any, board: str) -> None:
        self.ws = ws
        self.board = board
        self.view = BoardView()
        self.frames: list[bytes] = []  # every frame received, raw
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
        ws = await websockets.connect(f"{ws_base}/b/{board}/ws", additional_headers=headers, max_size=None, **extra)
        client = cls(ws, board)
        if view is not None:
            client.view = view
        hello: dict[str, Any] = {"t": "hello", "role": role, "token": token or secrets.token_hex(16)}
        if secret is not None:
            hello["secret"] = secret
        if since is not None:
            hello["since"] = since
        client.token = hello["token"]
        await ws.send(msgpack.packb(hello))
        if wait:
            await asyncio.wait_for(client.welcomed.wait(), 10)
        return client

    token: str = ""

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.frames.append(frame)
                unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
                unpacker.feed(frame)
                for msg in unpacker:
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
        for target, fut in list(self._seq_waiters):
            if self.view.seq >= target and not fut.done():
                fut.set_result(None)

    async def send(self, t: str, op: str | None = None, **fields: Any) -> asyncio.Future[dict[str, Any]]:
        """Send a command; returns a future for its ack."""
        op = op or f"op{next(_ops)}"
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[op] = fut
        await self.ws.send(msgpack.packb({"t": t, "op": op, **fields}))
        return fut

    async def command(self, t: str, op: str | None = None, **fields: Any) -> dict[str, Any]:
        """Send a command and wait for its ack."""
        return await asyncio.wait_for(await self.send(t, op, **fields), 10)

    async def ok(self, t: str, **fields: Any) -> dict[str, Any]:
        ack = await self.command(t, **fields)
        assert ack["ok"], ack
        return dict(ack["result"])

    async def send_raw(self, data: bytes | str) -> None:
        await self.ws.send(data)

    async def next_message(self, kind: str, timeout: float = 5) -> dict[str, Any]:
        start = len(self.messages)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for msg in self.messages[start:]:
                if msg["t"] == kind:
                    return msg
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no {kind} message")
            await asyncio.sleep(0.01)

    async def wait_seq(self, seq: int, timeout: float = 10) -> None:
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
        with contextlib.suppress(Exception):
            await self.ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
