"""A lean WebSocket client for the load generator: an ``asyncio.Protocol``, no task per socket.

Thousands of these live in one process, so each one is a small object that
parses frames in ``data_received`` and hands whole messages to ``on_message``.
It speaks just enough of RFC 6455 for a benchmark: the opening handshake,
masked client frames, unmasked server frames (fragmented or not), ping → pong,
and the close handshake. Messages are decoded here: binary frames hold one or
more msgpack maps back to back (Metanet, the limit peer), text frames hold one
JSON object (the naive peer).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import struct
import zlib
from time import monotonic as _now  # CLOCK_MONOTONIC: the same clock in every process
from typing import Any

import msgpack

try:
    from websockets.speedups import apply_mask as _apply_mask  # C, shipped with websockets
except ImportError:  # pragma: no cover -- pure-Python fallback

    def _apply_mask(data: bytes | bytearray | memoryview[int], mask: bytes | bytearray) -> bytes:
        n = len(data)
        key = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
        return (int.from_bytes(data, "big") ^ key).to_bytes(n, "big")


OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

# One decoder for the whole process: a frame is decoded completely inside
# data_received, so nothing is ever left half-read in it between frames.
_UNPACKER = msgpack.Unpacker(raw=False, strict_map_key=False, max_buffer_size=64 * 1024 * 1024)
_pack = msgpack.Packer(use_bin_type=True).pack


class HandshakeFailed(ConnectionError):
    pass


def frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (RFC 6455 §5.3: clients always mask)."""
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    mask = random.getrandbits(32).to_bytes(4, "big")
    return header + mask + _apply_mask(payload, mask)


class WSConn(asyncio.Protocol):
    """One client socket. Subclasses override ``on_message`` (and ``on_close``)."""

    json_mode = False  # send JSON text frames instead of msgpack binary ones

    def __init__(self, host: str, port: int, path: str, *, deflate: bool = True) -> None:
        self.host, self.port = host, port
        offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" if deflate else ""
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\n{offer}\r\n"
        ).encode()
        self._inflate: Any = None  # zlib decompressor, made at the first compressed message
        self.transport: asyncio.Transport | None = None
        self.open = False
        self.closed = False
        self.close_code: int | None = None
        self.frames_in = 0
        self.bytes_in = 0  # message bytes, after decompression
        self.wire_bytes_in = 0  # frame payload bytes as they came
        self.compressed_in = 0
        self.message_bytes = 0  # the last data message, decompressed
        self.deflated = False  # the server accepted permessage-deflate
        self._buf = b""
        self._handshaking = True
        self._fragments: list[bytes] = []
        self._fragment_op = 0
        self._fragment_rsv1 = 0
        self._wire_mark = 0
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.opened.add_done_callback(_retrieve)

    # -- asyncio.Protocol ------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request)  # type: ignore[union-attr]

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        if not self.opened.done():
            self.opened.set_exception(HandshakeFailed(f"connection lost during handshake ({exc})"))
        if not self.closed:
            self.closed = True
            self.on_close()

    def data_received(self, data: bytes) -> None:
        if self._buf:
            data = self._buf + data
            self._buf = b""
        if self._handshaking:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                self._buf = data
                return
            status = data[: data.find(b"\r\n")]
            if not status.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(HandshakeFailed(status.decode(errors="replace")))
                self.transport.abort()  # type: ignore[union-attr]
                return
            self._handshaking = False
            self.deflated = b"permessage-deflate" in data[:end].lower()
            self.open = True
            self.opened.set_result(None)
            data = data[end + 4 :]
        pos, n = 0, len(data)
        while n - pos >= 2:
            b0, b1 = data[pos], data[pos + 1]
            length, head = b1 & 0x7F, 2
            if length == 126:
                if n - pos < 4:
                    break
                length, head = int.from_bytes(data[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if n - pos < 10:
                    break
                length, head = int.from_bytes(data[pos + 2 : pos + 10], "big"), 10
            end = pos + head + length
            if end > n:
                break
            self._frame(b0, data[pos + head : end])
            pos = end
        if pos < n:
            self._buf = data[pos:]

    # -- frames --------------------------------------------------------------------

    def _frame(self, b0: int, payload: bytes) -> None:
        opcode, fin = b0 & 0x0F, b0 & 0x80
        self.wire_bytes_in += len(payload)
        if opcode == OP_PING:
            self._write(OP_PONG, payload)
            return
        if opcode == OP_PONG:
            return
        if opcode == OP_CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            if self.open:
                self._write(OP_CLOSE, payload[:2])
            self.open = False
            self.transport.close()  # type: ignore[union-attr]
            return
        compressed = b0 & 0x40  # RSV1 (on a message's first frame): permessage-deflate, RFC 7692
        if opcode == OP_CONT:
            self._fragments.append(payload)
            if not fin:
                return
            opcode, compressed, payload = self._fragment_op, self._fragment_rsv1, b"".join(self._fragments)
            self._fragments = []
        elif not fin:
            self._fragment_op, self._fragment_rsv1, self._fragments = opcode, compressed, [payload]
            return
        if compressed:
            if self._inflate is None:
                self._inflate = zlib.decompressobj(wbits=-15)  # any window the server chose fits
            self.compressed_in += 1
            payload = self._inflate.decompress(payload + b"\x00\x00\xff\xff")
        self.frames_in += 1
        self.bytes_in += len(payload)
        self.message_bytes = len(payload)
        self.on_data(opcode, payload, _now())
        self._wire_mark = self.wire_bytes_in

    def on_data(self, opcode: int, payload: bytes, now: float) -> None:
        """One whole data message (decompressed): decoded into ``on_message`` here; a subclass may count instead."""
        if opcode == OP_BINARY:
            unpacker = _UNPACKER
            unpacker.feed(payload)
            for msg in unpacker:  # ``size``: the message's frame on the wire (a welcome has its own)
                self.on_message(msg, now, self.wire_bytes_in - self._wire_mark)
        else:
            self.on_message(json.loads(payload), now, self.wire_bytes_in - self._wire_mark)

    def _write(self, opcode: int, payload: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame(opcode, payload))

    # -- API -------------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
        if not self.open:
            return
        if self.json_mode:
            self._write(OP_TEXT, json.dumps(message, separators=(",", ":")).encode())
        else:
            self._write(OP_BINARY, _pack(message))

    def abort(self) -> None:
        """Drop the connection at once (RST): no closing handshake, no TIME_WAIT."""
        self.open = False
        if self.transport is not None:
            self.transport.abort()

    def on_message(self, message: dict[str, Any], now: float, size: int) -> None:
        """One decoded message; ``now`` is when its frame was parsed, ``size`` its encoded size."""

    def on_close(self) -> None:
        """The connection ended (either side)."""


def _retrieve(fut: asyncio.Future[Any]) -> None:
    """Mark a failure as seen: whoever waited for it has timed out and reported it already."""
    if not fut.cancelled():
        fut.exception()


async def open_connection(conn: WSConn, host: str, port: int, timeout: float = 10.0) -> WSConn:
    """Connect ``conn`` and complete the handshake, or raise."""
    loop = asyncio.get_running_loop()
    await asyncio.wait_for(loop.create_connection(lambda: conn, host, port), timeout)
    await asyncio.wait_for(asyncio.shield(conn.opened), timeout)
    return conn
