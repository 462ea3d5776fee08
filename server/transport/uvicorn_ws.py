"""uvicorn's sans-I/O WebSocket protocol, plus a direct way for fan-out to write whole frames.

Through ASGI, every frame written is a coroutine, an event dict, Starlette's
send wrappers and websockets' frame serialisation, per socket. Fan-out writes
the same frame to hundreds of sockets, so :class:`MetanetWebSocketProtocol`
puts a :class:`FrameWriter` in the connection's scope
(``scope["extensions"]["metanet.frames"]``): a synchronous ``write`` of an
already-serialised frame (see :func:`frame_for`) straight to the transport,
after the same state checks uvicorn makes. Everything else (handshake,
receiving, pings, close) stays uvicorn's.

Compression: the protocol offers permessage-deflate (RFC 7692) *without
context takeover* in either direction, so a socket keeps no zlib state (an
idle phone costs no compressor memory) and a compressed message does not
depend on the ones before it: it can be compressed once and written to every
socket that negotiated the extension. Only messages of ``COMPRESS_MIN`` bytes
or more are compressed -- in practice the welcome, whose 500-note snapshot
shrinks from ~150 KB to ~20 KB -- while the small frames of live fan-out go
out as they are (RFC 7692 lets each message choose). ``docs/performance.md``
has the measurements behind both choices.

Writing past the protocol object is safe because a server's unfragmented data
frame without context takeover depends on no connection state, and Metanet
never fragments.

Use it with ``uvicorn.run(..., ws="server.transport.uvicorn_ws:MetanetWebSocketProtocol")``.
"""

from __future__ import annotations

import logging
import struct
import zlib
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.extensions.permessage_deflate import PerMessageDeflate, ServerPerMessageDeflateFactory
from websockets.http11 import Request
from websockets.server import ServerProtocol

EXTENSION = "metanet.frames"
COMPRESS_MIN = 8 * 1024  # bytes: smaller messages are not worth a compressor
COMPRESS_LEVEL = 1  # 150 KB welcome: ~20 KB in ~1 ms; level 6 saves 3 KB more for twice the time
_SYNC_TAIL = b"\x00\x00\xff\xff"


def _header(first: int, n: int) -> bytes:
    if n < 126:
        return bytes((first, n))
    if n < 65536:
        return struct.pack("!BBH", first, 126, n)
    return struct.pack("!BBQ", first, 127, n)


def binary_frame(payload: bytes) -> bytes:
    """``payload`` as one unmasked, final, binary WebSocket frame (RFC 6455 §5.2)."""
    return _header(0x82, len(payload)) + payload


def deflated_frame(payload: bytes, window_bits: int) -> bytes:
    """``payload`` compressed on its own (RFC 7692 §7.2.1) in one final binary frame with RSV1 set."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -window_bits)
    data = compressor.compress(payload) + compressor.flush(zlib.Z_SYNC_FLUSH)
    if data.endswith(_SYNC_TAIL):
        data = data[:-4]
    return _header(0xC2, len(data)) + data


class _LastFramed:
    """The last message framed, and its frames: fan-out hands one message object to many sockets in a row."""

    __slots__ = ("message", "plain", "deflated", "window_bits")

    def __init__(self) -> None:
        self.message = b""
        self.plain = b""  # the message as a plain frame (empty: not made yet)
        self.deflated: bytes | None = None  # compressed on its own, for sockets with ``window_bits``
        self.window_bits = 0


_last = _LastFramed()


def frame_for(message: bytes, deflate_bits: int) -> bytes:
    """The frame to write ``message`` as, to a socket that negotiated ``deflate_bits`` (0: none)."""
    last = _last
    if last.message is not message:
        last.message, last.plain, last.deflated = message, b"", None
    if deflate_bits and len(message) >= COMPRESS_MIN:
        if last.deflated is None or last.window_bits != deflate_bits:
            last.deflated, last.window_bits = deflated_frame(message, deflate_bits), deflate_bits
        return last.deflated
    if not last.plain:
        last.plain = binary_frame(message)
    return last.plain


class FrameWriter:
    """Writes serialised frames to one accepted WebSocket, synchronously."""

    __slots__ = ("_proto", "deflate_bits")

    def __init__(self, proto: WebSocketsSansIOProtocol, deflate_bits: int) -> None:
        self._proto = proto
        self.deflate_bits = deflate_bits  # the window for messages compressed on their own; 0: none

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's ws_per_message_deflate means context takeover (zlib state on every
        # socket); this protocol negotiates its own, stateless one instead.
        deflate = ServerPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True)
        self.conn = ServerProtocol(extensions=[deflate], max_size=self.config.ws_max_size,
                                   logger=logging.getLogger("uvicorn.error"))

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        del self.request  # uvicorn keeps it but never reads it again: ~1 KB per idle socket
        scope: dict[str, Any] | None = getattr(self, "scope", None)  # no scope: the handshake was refused
        if scope is not None and self.response.status_code == 101:
            bits = next((ext.local_max_window_bits for ext in self.conn.extensions
                         if isinstance(ext, PerMessageDeflate) and ext.local_no_context_takeover), 0)
            scope["extensions"][EXTENSION] = FrameWriter(self, bits)

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete and hasattr(self, "response"):
            del self.response  # only the handshake needs it: another ~1 KB per idle socket


def frame_writer(scope: Any) -> FrameWriter | None:
    """The connection's :class:`FrameWriter`, or None under any other server (tests, other protocols)."""
    extensions = scope.get("extensions") if isinstance(scope, dict) else None
    writer = extensions.get(EXTENSION) if isinstance(extensions, dict) else None
    return writer if isinstance(writer, FrameWriter) else None
