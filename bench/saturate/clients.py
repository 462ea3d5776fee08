"""The saturation run's phones: one lean client per protocol, each counting ``vote_placed`` events.

Every client is a voter and a receiver. Most only *count* the vote events they
receive -- a byte search on the frame, no decoding -- which is what lets one
generator process keep up with hundreds of thousands of events a second. A
*sample* of them also decodes every event and records when each vote's event
arrived (by its key: Metanet's sequence number, the peers' ``op``), for the
latency. Acks, welcomes and anything else are decoded at every client.

- :class:`MetanetPhone` -- Metanet's protocol (msgpack in binary frames): Metanet and the limit peer;
- :class:`SocketIOPhone` -- Socket.IO 4 (Engine.IO 4 packets over WebSocket), both Socket.IO peers;
  the smoke test checks it against python-socketio's own ``AsyncClient``;
- :class:`JsonPhone` -- JSON text frames: the broadcaster peer.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from time import monotonic
from typing import Any

import msgpack

from bench.wsclient import OP_BINARY, OP_TEXT, WSConn, _retrieve
from testkit.client import hello

MSGPACK_VOTE = b"\xabvote_placed"  # the msgpack string "vote_placed"
MSGPACK_ACK = b"\xa1t\xa3ack"  # "t": "ack" (a welcome or an error comes before the phone is ready, or ends it)
SIO_VOTE = b'42["vote_placed",'
JSON_VOTE = b'{"type": "vote_placed"'
_pack = msgpack.Packer(use_bin_type=True).pack


class Phone(WSConn):
    """A voter that counts vote events; ``sample`` phones also time each one."""

    def __init__(self, host: str, port: int, path: str, board: str, token: str, *, sample: bool,
                 deflate: bool, group: str | None = None) -> None:
        super().__init__(host, port, path, deflate=deflate)
        self.board, self.token, self.group = board, token, group
        self.sample = sample
        self.count = 0  # vote events received
        self.arrivals: list[tuple[Any, float]] = []  # (key, when): sample phones only
        self.pending: dict[Any, float] = {}  # op -> when the vote was sent
        self.accepted: list[tuple[Any, float]] = []  # (key of its event, when sent)
        self.refused: Counter[str] = Counter()
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.ready.add_done_callback(_retrieve)

    def _ready(self, error: str | None = None) -> None:
        if not self.ready.done():
            if error:
                self.ready.set_exception(ConnectionError(error))
            else:
                self.ready.set_result(None)

    def _acked(self, op: Any, ok: bool, key: Any, code: Any = None) -> None:
        sent = self.pending.pop(op, None)
        if sent is None:
            return
        if ok:
            self.accepted.append((key, sent))
        else:
            self.refused[str(code)] += 1

    def on_close(self) -> None:
        self._ready(f"closed ({self.close_code})")

    def vote(self, note: str, op: str) -> None:
        raise NotImplementedError


class MetanetPhone(Phone):
    """Metanet's protocol: hello → welcome, ``join`` a group, then ``vote``; events carry ``seq``."""

    def __init__(self, host: str, port: int, board: str, token: str, **kw: Any) -> None:
        super().__init__(host, port, f"/b/{board}/ws", board, token, **kw)
        self._join_op = "join"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.opened.add_done_callback(lambda f: None if f.exception() else self.send(hello("participant", self.token)))

    def on_data(self, opcode: int, payload: bytes, now: float) -> None:
        if opcode == OP_BINARY and not self.sample and self.ready.done() and MSGPACK_ACK not in payload:
            self.count += payload.count(MSGPACK_VOTE)
            return
        super().on_data(opcode, payload, now)

    def on_message(self, msg: dict[str, Any], now: float, size: int) -> None:
        kind = msg.get("t")
        if kind == "events":
            for ev in msg["events"]:
                if ev.get("type") == "vote_placed":
                    self.count += 1
                    if self.sample:
                        self.arrivals.append((ev["seq"], now))
        elif kind == "ack":
            if msg.get("op") == self._join_op:
                self._ready(None if msg["ok"] else f"join refused: {msg.get('code')}")
            else:
                self._acked(msg.get("op"), msg["ok"], (msg.get("result") or {}).get("seq"), msg.get("code"))
        elif kind == "welcome":
            groups = ((msg.get("snapshot") or {}).get("settings") or {}).get("groups") or [None]
            self.group = groups[hash(self.token) % len(groups)]
            self.send({"t": "join", "op": self._join_op, "group": self.group})
        elif kind == "error":
            self._ready(f"error: {msg.get('code')}: {msg.get('message')}")

    def vote(self, note: str, op: str) -> None:
        self.pending[op] = monotonic()
        self.send({"t": "vote", "op": op, "note": note})


class SocketIOPhone(Phone):
    """Socket.IO 4 over the WebSocket transport: Engine.IO open, namespace connect with ``auth``, emits with acks."""

    def __init__(self, host: str, port: int, board: str, token: str, **kw: Any) -> None:
        super().__init__(host, port, "/socket.io/?EIO=4&transport=websocket", board, token, **kw)
        self._ack_ids: dict[int, str] = {}
        self._next_id = 0

    def _text(self, text: str) -> None:
        self._write(OP_TEXT, text.encode())

    def on_data(self, opcode: int, payload: bytes, now: float) -> None:
        if payload.startswith(SIO_VOTE):
            self.count += 1
            if self.sample:
                self.arrivals.append((json.loads(payload[2:])[1]["op"], now))
        elif payload == b"2":  # Engine.IO ping: answer pong
            self._text("3")
        elif payload.startswith(b"43"):  # ack: 43<id>[data]
            bracket = payload.index(b"[")
            op = self._ack_ids.pop(int(payload[2:bracket]), None)
            data = json.loads(payload[bracket:])[0]
            self._acked(op, bool(data.get("ok")), op, data.get("code"))
        elif payload.startswith(b"0"):  # Engine.IO open: connect to the main namespace with auth
            self._text("40" + json.dumps({"board": self.board, "token": self.token, "group": self.group}))
        elif payload.startswith(b"40"):
            self._ready()
        elif payload.startswith(b"44"):
            self._ready(f"connect refused: {payload[2:].decode(errors='replace')}")

    def vote(self, note: str, op: str) -> None:
        self._next_id += 1
        self._ack_ids[self._next_id] = op
        self.pending[op] = monotonic()
        self._text(f"42{self._next_id}" + json.dumps(["vote", {"note": note, "op": op}]))


class JsonPhone(Phone):
    """The broadcaster peer's JSON: hello → welcome, ``vote`` → ack; events are the bare ``vote_placed`` maps."""

    json_mode = True

    def __init__(self, host: str, port: int, board: str, token: str, **kw: Any) -> None:
        super().__init__(host, port, f"/b/{board}/ws", board, token, **kw)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.opened.add_done_callback(
            lambda f: None if f.exception() else self.send({"t": "hello", "token": self.token, "group": self.group}))

    def on_data(self, opcode: int, payload: bytes, now: float) -> None:
        if payload.startswith(JSON_VOTE):
            self.count += 1
            if self.sample:
                self.arrivals.append((json.loads(payload)["op"], now))
            return
        msg = json.loads(payload)
        if msg.get("t") == "ack":
            self._acked(msg.get("op"), bool(msg.get("ok")), msg.get("op"), msg.get("code"))
        elif msg.get("t") == "welcome":
            self._ready()

    def vote(self, note: str, op: str) -> None:
        self.pending[op] = monotonic()
        self.send({"t": "vote", "note": note, "op": op})


PHONES: dict[str, Callable[..., Phone]] = {"metanet": MetanetPhone, "socketio": SocketIOPhone, "json": JsonPhone}


def encode_check() -> None:
    """The byte patterns above match what the encoders write (run by the smoke test)."""
    assert MSGPACK_VOTE in _pack({"type": "vote_placed"})
    assert json.dumps({"type": "vote_placed"}).encode().startswith(JSON_VOTE)
