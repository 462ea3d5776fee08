"""One connected socket: who it is, and a bounded queue of frames to write.

Fan-out never awaits a socket. Under uvicorn with
:class:`~server.transport.uvicorn_ws.MetanetWebSocketProtocol` (what ``metanet
serve`` runs), ``send`` frames the encoded message and writes it to the socket
at once: what the kernel does not take waits in the transport's buffer. Fan-out
already packs the events of one loop turn into one message per audience, so
there is nothing left to coalesce, and no task or queue per socket.

Anywhere else (Starlette's test client, other protocols) a writer task drains a
queue instead; messages that piled up while the previous write was under way go
out together in one WebSocket frame (msgpack maps back to back; the browser
decodes them with ``decodeMulti``).

Either way, a client with more than ``queue_bytes`` waiting cannot keep up: it
is cut off and resumes on reconnect, so a stalled phone costs bounded memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from typing import Any

from starlette.websockets import WebSocket

from server.domain.state import Actor
from server.protocol import limits
from server.protocol.close import CloseCode
from server.transport.uvicorn_ws import frame_for, frame_writer

log = logging.getLogger("metanet.client")

MAX_COALESCED_BYTES = 256 * 1024


class Client:
    # Thousands of these live in one process: no instance dict, and the queue,
    # its event and the writer task exist only where there is no FrameWriter.
    __slots__ = ("ws", "actor", "closed", "queue_bytes", "_frames", "_queue", "_queued", "_wakeup", "_writer")

    def __init__(self, ws: WebSocket, actor: Actor, *, queue_bytes: int = limits.SEND_QUEUE_BYTES) -> None:
        self.ws = ws
        self.actor = actor
        self.closed = False
        self.queue_bytes = queue_bytes
        self._frames = frame_writer(getattr(ws, "scope", None))
        self._queued = 0
        self._writer: asyncio.Task[None] | None = None
        if self._frames is None:
            self._queue: deque[bytes] = deque()
            self._wakeup = asyncio.Event()
            self._writer = asyncio.create_task(self._write(), name=f"writer:{actor.id}")

    def send(self, message: bytes) -> None:
        """Send (or queue) an encoded message; never blocks. Too much waiting cuts the client off."""
        if self.closed:
            return
        frames = self._frames
        if frames is not None:
            waiting = frames.write(frame_for(message, frames.deflate_bits))
            if waiting < 0:
                self.closed = True  # the socket is closing: the reader sees the disconnect
            elif waiting > self.queue_bytes:
                self.cut_off(CloseCode.TOO_SLOW, "too slow: reconnect to resume")
            return
        self._queued += len(message)
        if self._queued > self.queue_bytes:
            self.cut_off(CloseCode.TOO_SLOW, "too slow: reconnect to resume")
            return
        self._queue.append(message)
        self._wakeup.set()

    def cut_off(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        log.warning("closing participant socket %s (%d): %s", self.actor.id, code, reason)
        if self._frames is not None:
            self._frames.close(code, reason)
            return
        if self._writer is not None:
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
                if not queue:
                    self._wakeup.clear()
                    await self._wakeup.wait()
                parts = [queue.popleft()]
                size = len(parts[0])
                while queue and size < MAX_COALESCED_BYTES:
                    part = queue.popleft()
                    parts.append(part)
                    size += len(part)
                await self.ws.send_bytes(parts[0] if len(parts) == 1 else b"".join(parts))
                self._queued -= size
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 -- a broken socket ends this writer; the reader sees the close
            log.info("socket %s gone while writing: %r", self.actor.id, exc)
            self.closed = True

    async def stop(self) -> None:
        self.closed = True
        if self._writer is None:
            return
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._writer


_CLOSING: set[asyncio.Task[Any]] = set()
