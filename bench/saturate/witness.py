"""Phones made with python-socketio's own ``AsyncClient``: the Socket.IO library from the registry.

The generator's phones speak Socket.IO themselves (:class:`bench.saturate.clients.SocketIOPhone`:
counting a frame is far cheaper than the library's task per message). A few
witnesses made with the real client library sit beside them on every Socket.IO
run and must count exactly the same events, so a peer cannot pass by
talking to the generator's phones differently from a real client.
"""

from __future__ import annotations

import secrets
from typing import Any

import socketio


class Witness:
    def __init__(self, port: int, board: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.board = board
        self.count = 0
        self.ops: list[Any] = []
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("vote_placed", self._vote_placed)

    async def _vote_placed(self, data: dict[str, Any]) -> None:
        self.count += 1
        self.ops.append(data.get("op"))

    async def start(self, timeout: float = 10.0) -> None:
        auth = {"board": self.board, "token": "witness-" + secrets.token_hex(8), "group": "witnesses"}
        await self.client.connect(self.url, transports=["websocket"], auth=auth, wait_timeout=int(timeout))

    async def vote(self, note: str, op: str, timeout: float = 10.0) -> dict[str, Any]:
        """One vote through the library, with its acknowledgement."""
        return dict(await self.client.call("vote", {"note": note, "op": op}, timeout=int(timeout)))

    async def close(self) -> None:
        await self.client.disconnect()
