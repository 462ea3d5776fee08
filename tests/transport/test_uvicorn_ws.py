"""The fast path that writes whole frames below uvicorn (server/transport/uvicorn_ws.py), against the pinned uvicorn.

:class:`FrameWriter` reads and sets attributes of uvicorn's ``websockets-sansio``
protocol object and repeats what its ``websocket.close`` branch does. These
tests fail when an upgrade of uvicorn changes either: then read the new
``uvicorn/protocols/websockets/websockets_sansio_impl.py``, fix the writer, and
update the copies below.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import textwrap
import zlib
from typing import Any

import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.protocol.close import CloseCode
from server.transport.uvicorn_ws import COMPRESS_MIN, MetanetWebSocketProtocol, binary_frame, frame_for, frame_writer
from testkit.process import free_port

# What uvicorn 0.54's WebSocketsSansIOProtocol.send does for "websocket.close"; FrameWriter.close does the same
# (but aborts rather than closes the transport when the peer never answers, and does not wait for the drain).
UVICORN_CLOSE = """\
elif message["type"] == "websocket.close":
    if not self.transport.is_closing():
        code = message.get("code", 1000)
        reason = message.get("reason", "") or ""
        self.queue.put_nowait({"type": "websocket.disconnect", "code": code, "reason": reason})
        self.conn.send_close(code, reason)
        output = self.conn.data_to_send()
        self.transport.write(b"".join(output))
        self.close_sent = True
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.close)
"""
# Every attribute of the protocol object that uvicorn_ws.py reads or sets.
USED = ("config", "loop", "transport", "conn", "queue", "close_sent", "disconnected", "read_paused", "close_timer",
        "close_timeout", "handshake_complete", "request", "response", "scope")


def _close_branches(source: str) -> list[str]:
    """Each ``elif message["type"] == "websocket.close":`` branch in ``source``, dedented."""
    lines = source.splitlines()
    out = []
    for first, head in enumerate(lines):
        if head.strip() != 'elif message["type"] == "websocket.close":':
            continue
        indent = len(head) - len(head.lstrip())
        block = [head]
        for line in lines[first + 1:]:
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            block.append(line)
        out.append(textwrap.dedent("\n".join(block)).strip() + "\n")
    return out


def test_uvicorn_still_closes_a_socket_the_way_frame_writer_repeats() -> None:
    # The branch for an accepted socket (the other one refuses a handshake).
    branches = _close_branches(inspect.getsource(WebSocketsSansIOProtocol.send))
    assert [b for b in branches if "call_later" in b] == [UVICORN_CLOSE]


def test_every_attribute_frame_writer_relies_on_is_still_set_by_uvicorn() -> None:
    source = inspect.getsource(WebSocketsSansIOProtocol)
    missing = [name for name in USED if not re.search(rf"self\.{name}(?::[^=\n]*)? = ", source)]
    assert missing == []


async def test_frames_written_below_uvicorn_reach_a_real_client_plain_and_compressed_then_the_close() -> None:
    sent: dict[str, Any] = {}
    small, big = b"\x81\xa1t\xa6events", b"x" * (2 * COMPRESS_MIN)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        assert (await receive())["type"] == "websocket.connect"
        await send({"type": "websocket.accept"})
        writer = frame_writer(scope)
        assert writer is not None
        sent["bits"] = writer.deflate_bits
        sent["waiting"] = [writer.write(frame_for(small, writer.deflate_bits)),
                           writer.write(frame_for(big, writer.deflate_bits))]
        writer.close(CloseCode.TOO_SLOW, "too slow")
        sent["after_close"] = writer.write(frame_for(small, writer.deflate_bits))
        assert (await receive())["type"] == "websocket.disconnect"

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, ws=MetanetWebSocketProtocol, lifespan="off",
                            log_level="warning", ws_per_message_deflate=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.01)
        async with connect(f"ws://127.0.0.1:{port}/") as ws:  # offers permessage-deflate, as browsers do
            assert await ws.recv() == small
            assert await ws.recv() == big
            try:
                await ws.recv()
                raise AssertionError("the socket was not closed")
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == CloseCode.TOO_SLOW
        assert sent["bits"] > 0  # the deflate extension without context takeover was negotiated
        assert all(n >= 0 for n in sent["waiting"]) and sent["after_close"] == -1
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


def test_a_message_is_framed_once_per_kind_and_a_new_message_is_framed_anew() -> None:
    big, other = b"y" * (2 * COMPRESS_MIN), b"z" * (2 * COMPRESS_MIN)
    plain, deflated = frame_for(big, 0), frame_for(big, 15)
    assert plain == binary_frame(big) and frame_for(big, 0) is plain and frame_for(big, 15) is deflated
    payload = deflated[2:] if deflated[1] < 126 else deflated[4:]  # a short length, or 126 and two bytes of it
    assert deflated[0] == 0xC2 and zlib.decompressobj(-15).decompress(payload + b"\x00\x00\xff\xff") == big
    assert frame_for(big, 12) is not deflated  # another window: compressed again
    assert frame_for(other, 0) == binary_frame(other) and frame_for(b"small", 15) == binary_frame(b"small")
