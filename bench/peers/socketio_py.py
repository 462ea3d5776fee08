"""The python-socketio 5 peer: the plenary vote as an ASGI Socket.IO app under uvicorn.

    BENCH_REDIS_URL=redis://... python -m uvicorn --factory bench.peers.socketio_py:create_app --port P [--workers N]

A phone connects with ``auth={board, token, group}`` and enters the board's
room; ``vote`` spends one of the person's dots (:mod:`bench.peers.plenary`),
emits ``vote_placed`` to the room and returns the ack.

Written as python-socketio's documentation recommends, nothing tuned beyond it:

- ``AsyncServer(async_mode="asgi")`` wrapped in ``ASGIApp``, served by uvicorn:
  https://python-socketio.readthedocs.io/en/latest/server.html#uvicorn-daphne-and-other-asgi-servers
- rooms (``enter_room``, ``emit(..., room=)``), the user session (``save_session``),
  ``auth`` in ``connect`` and ``ConnectionRefusedError``, a handler's return value as its ack:
  https://python-socketio.readthedocs.io/en/latest/server.html
- several processes: ``AsyncRedisManager`` as the client manager ("Using a Message Queue"):
  https://python-socketio.readthedocs.io/en/latest/server.html#using-a-message-queue
- the WebSocket transport only, so the uvicorn workers need no sticky sessions
  ("Scalability Notes"); the other settings are the defaults.
"""

from __future__ import annotations

import os
from typing import Any

import socketio

from bench.peers.plenary import Tally, Voter, person, valid_token


def create_app() -> socketio.ASGIApp:
    url = os.environ.get("BENCH_REDIS_URL")
    manager = socketio.AsyncRedisManager(url) if url else None  # one process: the default in-memory manager
    sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager, transports=["websocket"])
    tally = Tally()

    @sio.event  # type: ignore[untyped-decorator]
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        auth = auth if isinstance(auth, dict) else {}
        board, token, group = auth.get("board"), auth.get("token"), auth.get("group")
        if not isinstance(board, str) or not valid_token(token):
            raise socketio.exceptions.ConnectionRefusedError("a board and a token of 16 to 128 characters are required")
        voter = Voter(board, person(board, token), group if isinstance(group, str) else None)
        await sio.save_session(sid, {"voter": voter})
        await sio.enter_room(sid, board)

    @sio.event  # type: ignore[untyped-decorator]
    async def vote(sid: str, data: Any) -> dict[str, Any]:
        voter: Voter = (await sio.get_session(sid))["voter"]
        note = data.get("note") if isinstance(data, dict) else None
        refused = voter.vote(note)
        if refused or not isinstance(note, str):
            return {"ok": False, "code": refused}
        await sio.emit("vote_placed", tally.event(voter, note, data.get("op")), room=voter.board)
        return {"ok": True, "dots_left": voter.left}

    return socketio.ASGIApp(sio)
