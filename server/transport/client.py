"""One connected socket: who it is, and a bounded queue of frames to write.

Fan-out never awaits a socket: it drops encoded messages into each client's
queue. A writer task drains the queue; messages that piled up while the
previous write was under way go out together in one WebSocket frame (msgpack
maps back to back; the browser decodes them with ``decodeMulti``). A client
whose queue fills up cannot keep up: it is cut off and resumes on reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.websockets import WebSocket

from server.domain.state import Actor
from server.protocol import limits

CLOSE_TOO_SLOW = 4008  # documented in docs/protocol.md
MAX_COALESCED_BYTES = 256 * 1024


class Client:
    def __init__(self, ws: WebSocket, actor: Actor, *, queue_size: int = limits.SEND_QUEUE_FRAMES) -> None:
        self.ws = ws
        self.actor = actor
        self.closed = False
        self.frames_sent = 0
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=queue_size)
        self._writer = asyncio.create_task(self._write(), name=f"writer:{actor.id}")

    @property
    def key(self) -> tuple[str, str]:
        return (self.actor.role, self.actor.id)

    def send(self, message: bytes) -> None:
        """Queue an encoded message; never blocks. A full queue cuts the client off."""
        if self.closed:
            return
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.cut_off(CLOSE_TOO_SLOW, "too slow: reconnect to resume")

    def cut_off(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        self._writer.cancel()
        task = asyncio.create_task(self._close(code, reason))
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(code, reason), timeout=5)

    async def _write(self) -> None:
        queue = self._queue
        try:
            while True:
                parts = [await queue.get()]
                size = len(parts[0])
                while not queue.empty() and size < MAX_COALESCED_BYTES:
                    part = queue.get_nowait()
                    parts.append(part)
                    size += len(part)
                await self.ws.send_bytes(parts[0] if len(parts) == 1 else b"".join(parts))
                self.frames_sent += 1
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 -- a broken socket ends this writer; the reader sees the close
            self.closed = True

    async def stop(self) -> None:
        self.closed = True
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._writer


_CLOSING: set[asyncio.Task[Any]] = set()
