"""A small pure-domain board for sprint tests, with a BoardView check after every command."""

from __future__ import annotations

from typing import Any

from server.domain.state import Actor, Event
from server.domain.visibility import snapshot, view_event
from testkit.view import BoardView
from tests.report.fixture import Driver

FAC = Actor("fac", "facilitator")
ALICE = Actor("alice", "participant")
BOB = Actor("bob", "participant")
PROJECTOR = Actor("projector", "projector")
T0 = 1_800_000_000.0
AGENDA: list[dict[str, Any]] = [
    {"id": "write", "kind": "write", "title": "Write", "duration": 300, "close_on_timer": True},
    {"id": "group", "kind": "group", "title": "Group", "duration": 600},
    {"id": "vote", "kind": "vote", "title": "Vote", "duration": 180, "close_on_timer": True},
    {"id": "results", "kind": "results", "title": "Results"},
]


class Sprint(Driver):
    """A board with Alice (Academia) and Bob (NGO) joined, and views that follow its events."""

    def __init__(self, phases: list[dict[str, Any]] | None = None, settings: dict[str, Any] | None = None) -> None:
        super().__init__("s1")
        self.now = T0
        self.do(FAC, "create_board", code="CODE42", facilitator_hash="h", phases=phases or AGENDA, settings=settings or {})
        self.do(ALICE, "join", name="Alice", group="Academia")
        self.do(BOB, "join", name="Bob", group="NGO / civil society")
        self.views = {a: self._fresh(a) for a in (FAC, ALICE, BOB, PROJECTOR)}

    def _fresh(self, viewer: Actor) -> BoardView:
        view = BoardView()
        dots = self.state.dots_left(viewer.id)
        view.welcome({"you": {"id": viewer.id, "role": viewer.role}, "mode": "snapshot", "seq": self.state.seq,
                      "snapshot": snapshot(self.state, viewer, self.now), "dots_left": dots})
        return view

    def do(self, actor: Actor, kind: str, **args: Any) -> list[Event]:
        first = self.state.seq + 1
        events = super().do(actor, kind, **args)
        for viewer, view in getattr(self, "views", {}).items():
            for i, event in enumerate(events):
                seen = view_event(event, viewer, self.state.settings)
                if seen is not None:
                    view.event({**seen, "seq": first + i})
        return events

    def check_views(self) -> None:
        """Every view that followed the events equals a fresh snapshot."""
        for viewer, view in self.views.items():
            view.seq = self.state.seq
            assert view.essentials() == self._fresh(viewer).essentials(), viewer
