"""A real WebSocket client of the event socket ``/e/{CODE}/ws`` (tests, ``python -m bench lounge``), and JSON POST/GET helpers."""

from __future__ import annotations

import asyncio
import itertools
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import msgpack
import websockets

from testkit.client import close_socket

_ops = itertools.count(1)


class EventClient:
    """One event screen: keeps every raw frame, the welcome, the latest summary per board."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.frames: list[bytes] = []
        self.messages: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] | None = None
        self.gathering: dict[str, Any] | None = None
        self.summaries: dict[str, dict[str, Any]] = {}
        self.error: dict[str, Any] | None = None
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self._welcomed = asyncio.Event()
        self._changed = asyncio.Event()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, ws_base: str, code: str, role: str = "lounge", secret: str | None = None,
                      wait: bool = True) -> EventClient:
        ws = await websockets.connect(f"{ws_base}/e/{code}/ws", max_size=None)
        client = cls(ws)
        hello: dict[str, Any] = {"t": "hello", "role": role}
        if secret is not None:
            hello["secret"] = secret
        await ws.send(msgpack.packb(hello))
        if wait:
            await asyncio.wait_for(client._welcomed.wait(), 10)
        return client

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.frames.append(frame)
                unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
                unpacker.feed(frame)
                for msg in unpacker:
                    self._handle(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.closed.set()

    def _handle(self, msg: dict[str, Any]) -> None:
        self.messages.append(msg)
        kind = msg["t"]
        if kind == "welcome":
            self.welcome = msg
            self.gathering = msg["gathering"]
            self.summaries = {s["board"]: s for s in msg["metanets"]}
            self._welcomed.set()
        elif kind == "summary":
            self.summaries[msg["summary"]["board"]] = msg["summary"]
        elif kind == "gathering":
            self.gathering = msg["gathering"]
        elif kind == "ack":
            future = self._acks.pop(msg["op"], None)
            if future is not None and not future.done():
                future.set_result(msg)
        elif kind == "error":
            self.error = msg
        self._changed.set()

    async def until(self, check: Callable[[EventClient], bool], timeout: float = 10.0) -> None:
        """Wait until ``check(self)`` holds (re-checked after every message)."""
        async def wait() -> None:
            while not check(self):
                self._changed.clear()
                await self._changed.wait()
        await asyncio.wait_for(wait(), timeout)

    async def command(self, kind: str, op: str | None = None, **fields: Any) -> dict[str, Any]:
        """Send an organiser command (a fresh op unless ``op`` is given: a retry) and wait for its ack."""
        return await asyncio.wait_for(await self.send(kind, op, **fields), 15)

    async def send(self, kind: str, op: str | None = None, **fields: Any) -> asyncio.Future[dict[str, Any]]:
        """Send a command without waiting: its ack's future (an op is made unless given)."""
        op = op if op is not None else f"op{next(_ops)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[op] = future
        await self.ws.send(msgpack.packb({"t": kind, "op": op, **fields}))
        return future

    async def close(self) -> None:
        await close_socket(self.ws, self._reader)


def post(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """POST JSON; (status, decoded body) whatever the status."""
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(json.load(resp))
    except urllib.error.HTTPError as err:
        return err.code, dict(json.load(err))


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
