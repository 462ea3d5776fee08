"""The welcome a socket gets on a board: who it is, then the events it missed or the whole board."""

from __future__ import annotations

from collections import deque
from typing import Any

from server.domain.state import Actor, BoardState, Event
from server.domain.visibility import snapshot
from server.engine.fanout import views
from server.protocol import messages
from server.transport.keys import export_key


def welcome(state: BoardState, recent: deque[tuple[int, Event]], actor: Actor, since: int | None,
            presence: dict[str, Any], now: float) -> dict[str, Any]:
    """A resume (the events after ``since``) when ``recent`` still holds them, else a snapshot."""
    me = state.participants.get(actor.id)
    base: dict[str, Any] = {
        "board": state.id,
        "seq": state.seq,
        "time": now,
        "you": {
            "id": actor.id,
            "role": actor.role,
            "joined": bool(me and me.present) or actor.role == "facilitator",
            "name": me.name if me else "",
            "group": me.group if me else None,
            **({"export_key": export_key(state.facilitator_hash)} if actor.role == "facilitator" else {}),
        },
        "dots_left": state.dots_left(actor.id),
        "presence": presence,
    }
    oldest = recent[0][0] if recent else state.seq + 1
    if since is not None and oldest - 1 <= since <= state.seq:
        missed = [(seq, ev) for seq, ev in recent if seq > since]
        return messages.welcome(**base, mode="resume", events=views(missed, actor, state.settings))
    return messages.welcome(**base, mode="snapshot", fresh=since is not None, snapshot=snapshot(state, actor, now))
