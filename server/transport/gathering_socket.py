"""The event WebSocket ``/e/{CODE}/ws``: the Lounge, the phone's metanet list, the organiser, the plenary.

Same framing as a board's socket (binary msgpack maps, several per frame).
The first message is ``hello {role, secret?}``; the server answers ``welcome``
with the event and every metanet's latest summary, then sends ``summary``
(one metanet's summary, whole) and ``gathering`` (the event's own fields)
as they change. Only the organiser sends commands (``gathering_ops.py``),
each answered by ``ack``. Close codes as on boards: 4004 no such event,
4001 wrong organiser secret, 1008 no or bad hello.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket, WebSocketDisconnect

from server.domain.gathering import public, unseal
from server.domain.state import Actor
from server.errors import AuthError, BadMessage, Forbidden, MetanetError, RateLimited, Unavailable
from server.protocol import messages
from server.protocol.close import CloseCode
from server.protocol.codec import check_nesting, decode_map, decode_untrusted, pack
from server.protocol.limits import MAX_OP_ID
from server.transport import http
from server.transport.boards import secret_hash
from server.transport.client import Client
from server.transport.gathering_live import LiveGathering
from server.transport.gathering_ops import OPS, run_op
from server.transport.gatherings import Gatherings
from server.transport.keys import export_key
from server.transport.ratelimit import TokenBucket
from server.transport.socket import CLOSE_FOR, _close_quietly, _receive_frame, _send_quietly, limited_per_address

log = logging.getLogger("metanet.gathering")

EVENT_ROLES = ("lounge", "phone", "organiser", "plenary")
HELLO_FIELDS = {"role": ((str,), True), "secret": ((str, type(None)), False), "token": ((str, type(None)), False)}


def base_url(conn: HTTPConnection) -> str:
    configured: str = conn.app.state.config.public_url
    url = str(conn.base_url).rstrip("/")
    return configured or ("http" + url[2:] if url.startswith("ws") else url)  # ws:// → http://, wss:// → https://


def phones_url(conn: HTTPConnection) -> str:
    """Where phones join, as ``http.base_url``: a screen opened on localhost (which no phone can
    reach) gives phones the LAN address ``metanet serve`` found."""
    config = conn.app.state.config
    if not config.public_url and config.lan_url and http._loopback(conn.url.hostname):
        return str(config.lan_url)
    return base_url(conn)


def parse_hello(raw: dict[str, Any]) -> tuple[str, str | None]:
    if raw.get("t") != "hello":
        raise BadMessage("the first message must be hello")
    messages._check_fields(raw, HELLO_FIELDS, {"t"})
    if raw["role"] not in EVENT_ROLES:
        raise BadMessage(f"role must be one of {', '.join(EVENT_ROLES)}")
    return raw["role"], raw.get("secret")


def links(base: str, live: LiveGathering, secret: str | None, phones: str | None = None) -> list[dict[str, Any]]:
    """Each metanet's links (phones' on ``phones``, screens' on ``base``); the facilitator's only
    for the organiser (who proved the event's secret)."""
    phones = phones or base
    out = []
    for m in live.state.metanets:
        entry = {"board": m.board, "code": m.code, "title": m.title, "participant_url": f"{phones}/b/{m.board}",
                 "join_url": f"{phones}/j/{m.code}", "projector_url": f"{base}/b/{m.board}/projector"}
        if secret is not None and m.sealed:
            entry["facilitator_url"] = f"{base}/b/{m.board}/facilitate#{unseal(secret, m.board, m.sealed)}"
        out.append(entry)
    return out


def welcome(base: str, live: LiveGathering, role: str, secret: str | None, now: float,
            phones: str | None = None) -> dict[str, Any]:
    phones = phones or base
    message: dict[str, Any] = {
        "t": "welcome",
        "you": {"role": role},
        "gathering": {**public(live.state), "join_url": f"{phones}/e/{live.state.code}"},
        "metanets": live.ordered_summaries(),
        "links": links(base, live, secret, phones),
        "time": now,
    }
    if secret is not None:
        message["you"]["export_key"] = export_key(live.state.organiser_hash)
    return message


def live_clock(ws: WebSocket) -> float:
    gatherings: Gatherings = ws.app.state.gatherings
    return gatherings.clock()


async def _event_socket(ws: WebSocket) -> None:
    gatherings: Gatherings = ws.app.state.gatherings
    await ws.accept()  # a foreign Origin or Host never gets here (server/transport/sites.py)
    try:
        frame = await asyncio.wait_for(_receive_frame(ws), timeout=ws.app.state.config.hello_timeout)
        role, secret = parse_hello(decode_untrusted(frame))
        live = await gatherings.by_code(ws.path_params["code"])
        if role == "organiser":
            if not secret or not hmac.compare_digest(secret_hash(secret), live.state.organiser_hash):
                gatherings.release(live)
                raise AuthError("the organiser link is not valid for this event", reason="organiser_link_invalid")
        else:
            secret = None
    except (TimeoutError, WebSocketDisconnect):
        await _close_quietly(ws, CloseCode.POLICY, "no hello")
        return
    except MetanetError as err:
        code = CLOSE_FOR.get(type(err), CloseCode.POLICY)
        await _send_quietly(ws, messages.error(err))
        await _close_quietly(ws, code, err.code)
        return
    client = Client(ws, Actor(role, "facilitator" if secret else "projector"), queue_bytes=ws.app.state.config.send_queue)
    live.clients.add(client)
    client.send(pack(welcome(base_url(ws), live, role, secret, gatherings.clock(), phones_url(ws))))
    try:
        await _serve(ws, live, client, secret)
    finally:
        await client.stop()
        live.clients.discard(client)
        gatherings.release(live)


async def _serve(ws: WebSocket, live: LiveGathering, client: Client, secret: str | None) -> None:
    rate: float = ws.app.state.config.rate
    bucket = TokenBucket(rate, 2 * rate)
    while not client.closed:
        op: str | None = None
        try:
            frame = await _receive_frame(ws)
            allowed = bucket.take()
            raw = decode_map(frame)
            op = raw.get("op") if isinstance(raw.get("op"), str) else None
            check_nesting(raw)  # after the op: a frame refused for its nesting is still answered to its op
            if not allowed:
                raise RateLimited("too many messages: slow down")
            kind = raw.get("t")
            if kind == "ping":
                client.send(pack(messages.pong(raw.get("id"), live_clock(ws))))
                continue
            if kind == "hello":
                raise BadMessage("hello was already received")
            if kind not in OPS:
                raise BadMessage(f"unknown message type {kind!r}")
            if op is None or not 0 < len(op) <= MAX_OP_ID:
                raise BadMessage(f"a command needs an 'op' id of 1 to {MAX_OP_ID} characters")
            if secret is None:
                raise Forbidden("only the organiser can change the event", reason="organiser_only")
            result = await run_op(ws.app.state, live, kind, op, raw)
            client.send(pack(messages.ack_ok(op, result)))
        except WebSocketDisconnect:
            return
        except MetanetError as err:
            client.send(pack(messages.ack_error(op, err)))
        except Exception:  # noqa: BLE001 -- a bug must not take the socket loop down silently
            log.exception("event %s: command failed", live.id)
            client.send(pack(messages.ack_error(op, Unavailable("internal error, retry"))))


event_socket = limited_per_address(_event_socket)
