"""The WebSocket endpoint: hello, then commands in and acks out, for one socket.

One connection too many from one address is refused before the handshake
completes: closing an unaccepted socket makes the server answer HTTP 403 (a
foreign Origin or Host never gets here: server/transport/sites.py). Close codes after that: :class:`~server.protocol.close.CloseCode`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from server.domain.state import Actor
from server.errors import AuthError, BadMessage, Forbidden, MetanetError, NotFound, RateLimited, Unavailable
from server.protocol import messages
from server.protocol.close import CloseCode
from server.protocol.codec import check_nesting, decode_map, decode_untrusted, pack
from server.transport.boards import Boards, participant_id, secret_hash
from server.transport.client import Client
from server.transport.liveboard import LiveBoard
from server.transport.ratelimit import TokenBucket

log = logging.getLogger("metanet.socket")

# The close code for an error before the socket was served (anything else: POLICY).
CLOSE_FOR = {NotFound: CloseCode.NO_BOARD, AuthError: CloseCode.UNAUTHORIZED, Unavailable: CloseCode.UNAVAILABLE}


async def _send_now(ws: WebSocket, message: dict[str, Any]) -> None:
    await ws.send_bytes(pack(message))


async def _receive_frame(ws: WebSocket) -> bytes:
    """The next binary frame; raises BadMessage for a text frame, WebSocketDisconnect at the end."""
    msg = await ws.receive()
    if msg["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(msg.get("code", 1000))
    if msg.get("bytes") is not None:
        return bytes(msg["bytes"])
    raise BadMessage("text frames are not accepted: send binary msgpack")


def _actor(live: LiveBoard, hello: messages.Hello) -> Actor:
    token = hello.token
    if hello.role == "projector":
        return Actor(participant_id(live.id, token or "projector"), "projector")
    if not token or not 16 <= len(token) <= 128:
        raise AuthError("a participant token of 16 to 128 characters is required")
    pid = participant_id(live.id, token)
    if hello.role == "facilitator":
        secret = hello.secret or ""
        if not hmac.compare_digest(secret_hash(secret), live.state.facilitator_hash):
            raise AuthError("the facilitator link is not valid for this board", reason="facilitator_link_invalid")
        return Actor(pid, "facilitator")
    return Actor(pid, "participant")


def limited_per_address(serve: Callable[[WebSocket], Awaitable[None]]) -> Callable[[WebSocket], Awaitable[None]]:
    """The socket endpoint ``serve``, closed at once (``1008``) when its address already holds
    ``max_per_address`` sockets of any kind (boards' and events' together)."""
    async def endpoint(ws: WebSocket) -> None:
        address = ws.client.host if ws.client else "?"
        counts: dict[str, int] = ws.app.state.connections
        if counts.get(address, 0) >= ws.app.state.config.max_per_address:
            await ws.close(CloseCode.POLICY, "too many connections from your address")
            return
        counts[address] = counts.get(address, 0) + 1
        try:
            await serve(ws)
        finally:
            counts[address] -= 1
            if counts[address] <= 0:
                del counts[address]
    return endpoint


async def _board_socket(ws: WebSocket) -> None:
    boards: Boards = ws.app.state.boards
    await ws.accept()
    board_id = ws.path_params["board"]
    try:
        frame = await asyncio.wait_for(_receive_frame(ws), timeout=ws.app.state.config.hello_timeout)
        hello = messages.parse_client(decode_untrusted(frame))
        if not isinstance(hello, messages.Hello):
            raise BadMessage("the first message must be hello")
        live = await boards.get(board_id)
        actor = _actor(live, hello)
    except (TimeoutError, WebSocketDisconnect):
        await _close_quietly(ws, CloseCode.POLICY, "no hello")
        return
    except MetanetError as err:
        code = CLOSE_FOR.get(type(err), CloseCode.POLICY)
        await _send_quietly(ws, messages.error(err))
        await _close_quietly(ws, code, err.code)
        return
    client = Client(ws, actor, queue_bytes=ws.app.state.config.send_queue)
    live.attach(client, hello.since)
    try:
        await _serve(ws, live, client)
    finally:
        await client.stop()
        live.detach(client)
        boards.release(live)


async def _serve(ws: WebSocket, live: LiveBoard, client: Client) -> None:
    rate: float = ws.app.state.config.rate
    bucket = TokenBucket(rate, 2 * rate)
    while not client.closed:
        op: str | None = None
        try:
            frame = await _receive_frame(ws)
            allowed = bucket.take()  # every frame counts, even one that fails to decode
            raw = decode_map(frame)
            op = raw.get("op") if isinstance(raw.get("op"), str) else None
            check_nesting(raw)  # after the op: a frame refused for its nesting is still answered to its op
            if not allowed:
                raise RateLimited("too many messages: slow down")
            msg = messages.parse_client(raw)
            if isinstance(msg, messages.Ping):
                client.send(pack(messages.pong(msg.id, live.clock())))
                continue
            if isinstance(msg, messages.Hello):
                raise BadMessage("hello was already received")
            if client.actor.role == "projector":
                raise Forbidden("the projector view is read-only", reason="projector_read_only")
            await live.command(client, msg.type, msg.args, msg.op)  # writes the ack, before the events' frames
        except WebSocketDisconnect:
            return
        except MetanetError as err:
            client.send(pack(messages.ack_error(op, err)))
        except Exception:  # noqa: BLE001 -- a bug must not take the socket loop down silently
            log.exception("board %s: command failed", live.id)
            client.send(pack(messages.ack_error(op, Unavailable("internal error, retry"))))


async def _send_quietly(ws: WebSocket, message: dict[str, Any]) -> None:
    with contextlib.suppress(Exception):  # the peer may already be gone
        await _send_now(ws, message)


async def _close_quietly(ws: WebSocket, code: CloseCode, reason: str) -> None:
    with contextlib.suppress(Exception):  # the peer may already be gone
        await ws.close(code, reason)


board_socket = limited_per_address(_board_socket)
