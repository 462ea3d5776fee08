"""A board driven through the pure domain, for tests: decide, then fold, keep the log."""

from __future__ import annotations

from typing import Any

from server.domain.board import decide, fold
from server.domain.state import SYSTEM, Actor, BoardState, Event

FAC = Actor("fac", "facilitator")
ALICE = Actor("alice", "participant")
BOB = Actor("bob", "participant")
CAROL = Actor("carol", "participant")
PROJECTOR = Actor("projector", "projector")
T0 = 1_700_000_000.0
SECRET_HASH = "sha256:facilitator-secret-hash"

NOTE_AND_VOTE: list[dict[str, Any]] = [
    {"id": "write", "kind": "write", "title": "Write silently", "duration": 300, "close_on_timer": True},
    {"id": "group", "kind": "group", "title": "Group similar notes", "duration": 600},
    {"id": "vote", "kind": "vote", "title": "Dot vote", "duration": 180, "close_on_timer": True},
    {"id": "results", "kind": "results", "title": "Results"},
    {"id": "discuss", "kind": "discuss", "title": "Discuss"},
]
PHASE = {p["kind"]: i for i, p in enumerate(NOTE_AND_VOTE)}


class Board:
    """One board's state and log; ``do`` applies a command the way the server does."""

    def __init__(
        self,
        *,
        phases: list[dict[str, Any]] | None = None,
        settings: dict[str, Any] | None = None,
        now: float = T0,
    ) -> None:
        self.state = BoardState("b1")
        self.log: list[tuple[int, Event]] = []
        self.now = now
        cmd: dict[str, Any] = {"code": "ABC123", "facilitator_hash": SECRET_HASH, "phases": phases or NOTE_AND_VOTE}
        if settings is not None:
            cmd["settings"] = settings
        self.do(FAC, "create_board", **cmd)

    def do(self, actor: Actor, kind: str, **args: Any) -> list[Event]:
        events = decide(self.state, {"type": kind, **args}, actor, self.now)
        for event in events:
            seq = self.state.seq + 1
            fold(self.state, seq, event)
            self.log.append((seq, event))
        return events

    def system(self, kind: str, **args: Any) -> list[Event]:
        return self.do(SYSTEM, kind, **args)

    def join(self, *actors: Actor, group: str = "NGO / civil society") -> None:
        for actor in actors:
            self.do(actor, "join", name=actor.id.capitalize(), group=group)

    def note(self, actor: Actor, text: str = "An idea", **args: Any) -> str:
        return str(self.do(actor, "add_note", text=text, **args)[0]["note"]["id"])

    def go(self, kind: str) -> list[Event]:
        return self.do(FAC, "set_phase", index=PHASE[kind])


def types(events: list[Event]) -> list[str]:
    return [ev["type"] for ev in events]
