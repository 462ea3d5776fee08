"""A board as the reference peers keep it: Metanet's pure domain, no log, no fan-out policy.

Boards are created on first use (the benchmark connects to ``/b/<any id>/ws``);
the facilitator proves itself with the peer's ``--secret``. Every participant
gets the same public view of each event (``view_event`` for an anonymous
participant), so one encoded frame serves everyone -- what ``websockets.broadcast``
needs.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from server import templates
from server.domain.board import decide, fold
from server.domain.state import Actor, BoardState
from server.domain.visibility import snapshot, view_event
from server.errors import AuthError, BadMessage, MetanetError
from server.protocol import messages

PUBLIC = Actor("", "participant")  # nobody in particular: the view every participant shares


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class PeerBoard:
    def __init__(self, board_id: str, secret: str) -> None:
        self.id = board_id
        self.state = BoardState(board_id)
        self.sockets: set[Any] = set()
        cmd = {"type": "create_board", "settings": {}, "phases": templates.phases_of("note-and-vote"),
               "code": "PEER00", "facilitator_hash": _hash(secret)}
        for event in decide(self.state, cmd, Actor("creator", "facilitator"), time.time()):
            fold(self.state, self.state.seq + 1, event)

    def actor(self, hello: Any) -> Actor:
        msg = messages.parse_client(hello) if isinstance(hello, dict) else None
        if not isinstance(msg, messages.Hello):
            raise BadMessage("the first message must be hello")
        token = msg.token or ""
        if msg.role != "projector" and not 16 <= len(token) <= 128:
            raise AuthError("a participant token of 16 to 128 characters is required")
        pid = hashlib.sha256(f"{self.id}:{token}".encode()).hexdigest()[:16]
        if msg.role == "facilitator" and _hash(msg.secret or "") != self.state.facilitator_hash:
            raise AuthError("the facilitator link is not valid for this board")
        return Actor(pid, msg.role)  # type: ignore[arg-type]

    def welcome(self, actor: Actor) -> dict[str, Any]:
        state, now = self.state, time.time()
        me = state.participants.get(actor.id)
        return messages.welcome(
            board=self.id, seq=state.seq, time=now, mode="snapshot", fresh=False,
            you={"id": actor.id, "role": actor.role, "joined": bool(me and me.present),
                 "name": me.name if me else "", "group": me.group if me else None},
            dots_left=state.dots_left(actor.id), presence=messages.presence(0, {}),
            snapshot=snapshot(state, actor, now),
        )

    def execute(self, actor: Actor, raw: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The ack for one client message, and the public views of the events it caused."""
        op = raw.get("op") if isinstance(raw, dict) and isinstance(raw.get("op"), str) else None
        try:
            if not isinstance(raw, dict):
                raise BadMessage("a message must be a map")
            msg = messages.parse_client(raw)
            if not isinstance(msg, messages.Command):
                raise BadMessage("only commands after hello")
            events = decide(self.state, {**msg.args, "type": msg.type}, actor, time.time())
        except MetanetError as err:
            return messages.ack_error(op, err), []
        first = self.state.seq + 1
        views = []
        for i, event in enumerate(events):
            fold(self.state, first + i, event)
        settings = self.state.settings
        for i, event in enumerate(events):
            view = view_event(event, PUBLIC, settings)
            if view is not None:
                view["seq"] = first + i
                views.append(view)
        result: dict[str, Any] = {"seq": self.state.seq, "dots_left": self.state.dots_left(actor.id)}
        for event in events:
            if event["type"] == "note_added":
                result["note"] = event["note"]["id"]
        return messages.ack_ok(msg.op, result), views


class PeerBoards:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.boards: dict[str, PeerBoard] = {}

    def get(self, board_id: str) -> PeerBoard:
        board = self.boards.get(board_id)
        if board is None:
            board = self.boards[board_id] = PeerBoard(board_id, self.secret)
        return board
