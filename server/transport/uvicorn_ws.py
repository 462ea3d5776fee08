"""uvicorn's sans-I/O WebSocket protocol, plus a direct way for fan-out to write whole frames.

Through ASGI, every frame written is a coroutine, an event dict, Starlette's
send wrappers and websockets' frame serialisation, per socket. Fan-out writes
the same frame to hundreds of sockets, so :class:`MetanetWebSocketProtocol`
puts a :class:`FrameWriter` in the connection's scope
(``scope["extensions"]["metanet.frames"]``): a synchronous ``write`` of an
already-serialised frame (see :func:`binary_frame`) straight to the transport,
after the same state checks uvicorn makes. Everything else (handshake,
receiving, pings, close) stays uvicorn's.

Writing past the protocol object is safe because a server's unfragmented,
uncompressed data frame depends on no connection state: per-message deflate
is off (``ws_per_message_deflate=False``) and Metanet never fragments.
``docs/performance.md`` has the measurements that justify it.

Use it with ``uvicorn.run(..., ws="server.transport.uvicorn_ws:MetanetWebSocketProtocol")``.
"""

from __future__ import annotations

import struct
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request

EXTENSION = "metanet.frames"


def binary_frame(payload: bytes) -> bytes:
    """``payload`` as one unmasked, final, binary WebSocket frame (RFC 6455 §5.2)."""
    n = len(payload)
    if n < 126:
        return bytes((0x82, n)) + payload
    if n < 65536:
        return struct.pack("!BBH", 0x82, 126, n) + payload
    return struct.pack("!BBQ", 0x82, 127, n) + payload


class FrameWriter:
    """Writes serialised frames to one accepted WebSocket, synchronously."""

    __slots__ = ("_proto",)

    def __init__(self, proto: WebSocketsSansIOProtocol) -> None:
        self._proto = proto

    def write(self, frame: bytes) -> int:
        """Write ``frame``; returns the bytes now waiting in user space, or -1 if the socket is closing.

        Never blocks: what the kernel does not take at once waits in the
        transport's buffer, which the caller bounds (a client that lets it grow
        is too slow and gets cut off).
        """
        p = self._proto
        transport = p.transport
        if p.close_sent or p.disconnected or transport.is_closing():
            return -1
        transport.write(frame)
        return int(transport.get_write_buffer_size())

    def close(self, code: int, reason: str) -> None:
        """Start the closing handshake now, behind whatever is still buffered.

        What uvicorn does for ``websocket.close``, without first waiting for the
        transport to drain (a client cut off for being too slow may never
        drain it): the app's ``receive`` gets the disconnect, and if the peer does
        not answer the close within uvicorn's close timeout the connection is
        dropped, buffer and all.
        """
        p = self._proto
        if p.close_sent or p.disconnected or p.transport.is_closing():
            return
        p.queue.put_nowait({"type": "websocket.disconnect", "code": code, "reason": reason})
        p.conn.send_close(code, reason)
        p.transport.write(b"".join(p.conn.data_to_send()))
        p.close_sent = True
        if p.read_paused:  # read on, to see the peer's close
            p.read_paused = False
            p.transport.resume_reading()
        p.close_timer = p.loop.call_later(p.close_timeout, p.transport.abort)


class MetanetWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's ``websockets-sansio`` protocol with a :class:`FrameWriter` in each scope."""

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        del self.request  # uvicorn keeps it but never reads it again: ~1 KB per idle socket
        scope: dict[str, Any] | None = getattr(self, "scope", None)  # no scope: the handshake was refused
        if scope is not None and self.response.status_code == 101:
            scope["extensions"][EXTENSION] = FrameWriter(self)

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete and hasattr(self, "response"):
            del self.response  # only the handshake needs it: another ~1 KB per idle socket


def frame_writer(scope: Any) -> FrameWriter | None:
    """The connection's :class:`FrameWriter`, or None under any other server (tests, other protocols)."""
    extensions = scope.get("extensions") if isinstance(scope, dict) else None
    writer = extensions.get(EXTENSION) if isinstance(extensions, dict) else None
    return writer if isinstance(writer, FrameWriter) else None
