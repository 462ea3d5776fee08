"""Random command sequences from several people keep every invariant of the board.

Each example creates a board with random settings and agenda, lets a facilitator,
three participants in different stakeholder groups, a projector and the server's
clock send a random sequence of commands, and checks after every accepted command:

- nobody exceeds their dot budget or the per-note cap;
- no participant (or the projector) is sent another person's private note text,
  a hidden note's text, a blind dot's note, or the facilitator's secret hash;
- a client that followed its stream of events (``BoardView``) agrees with a
  client that just got a fresh snapshot;
- and at the end, folding the log from scratch gives the live state.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain.board import decide, fold, replay
from server.domain.state import COLORS, PHASE_KINDS, SYSTEM, Actor, BoardState, Event
from server.domain.visibility import snapshot, view_event
from server.errors import DomainError
from server.protocol.view import BoardView
from tests.domain.boards import ALICE, BOB, CAROL, FAC, PROJECTOR, SECRET_HASH, T0

PEOPLE = (ALICE, BOB, CAROL)
VIEWERS = (FAC, ALICE, BOB, CAROL, PROJECTOR)
SENDERS = (FAC, FAC, ALICE, BOB, CAROL, PROJECTOR)
GROUPS = ("Government / member state", "NGO / civil society", "Academia")

# Weighted: voting and writing happen far more often than agenda changes.
KINDS = (
    ["vote"] * 6 + ["unvote"] * 3 + ["add_note"] * 4 + ["edit_note"] * 2 + ["set_phase"] * 3
    + ["next_phase"] * 2 + ["hide_note"] * 2 + ["merge_notes"] * 2
    + [
        "update_settings", "join", "leave", "move_note", "recolor_note", "delete_note", "create_cluster",
        "rename_cluster", "delete_cluster", "cluster_note", "reveal_votes", "previous_phase", "reveal_notes",
        "close_phase", "start_timer", "pause_timer", "resume_timer", "adjust_timer", "reset_timer",
        "expire_timer", "expire_timer",
    ]
)
SETTINGS_CHANGES: tuple[dict[str, Any], ...] = (
    {"blind_votes": False},
    {"blind_votes": True},
    {"anonymous": False},
    {"anonymous": True},
    {"facilitator_sees_private": False},
    {"facilitator_sees_private": True},
    {"dots_per_person": 1},
    {"dots_per_person": 3},
    {"dots_per_person": 8},
    {"max_dots_per_note": 1},
    {"max_dots_per_note": 4},
    {"text_limit": 20},
    {"title": "Renamed"},
    {"groups": ["Academia", "Other"]},
)

step = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, len(SENDERS) - 1),
    st.integers(0, 9),
    st.integers(0, 9),
    st.integers(0, 90),  # seconds that pass before the command
)
agenda = st.one_of(
    st.just(["write", "group", "vote", "results", "discuss"]),
    st.lists(st.sampled_from(PHASE_KINDS), min_size=1, max_size=5),
)
board_settings = st.fixed_dictionaries(
    {
        "blind_votes": st.booleans(),
        "anonymous": st.booleans(),
        "facilitator_sees_private": st.booleans(),
        "dots_per_person": st.integers(1, 5),
        "max_dots_per_note": st.integers(1, 3),
    }
)


class Run:
    """One board, its log, and a BoardView per viewer that follows the stream."""

    def __init__(self, kinds: list[str], close: bool, cfg: dict[str, Any]) -> None:
        self.state = BoardState("b1")
        self.log: list[tuple[int, Event]] = []
        self.now = T0
        self.texts = 0
        phases = [
            {"kind": k, "duration": 60 * (i + 1), "close_on_timer": close and k in ("write", "vote")}
            for i, k in enumerate(kinds)
        ]
        self.apply(FAC, {"type": "create_board", "code": "C0DE", "facilitator_hash": SECRET_HASH,
                         "settings": cfg, "phases": phases})
        self.views = {v.id: self.fresh_view(v) for v in VIEWERS}
        for person, group in zip(PEOPLE, GROUPS, strict=True):
            self.apply(person, {"type": "join", "name": person.id, "group": group})

    def welcome(self, viewer: Actor, since: int | None = None) -> dict[str, Any]:
        """What the transport sends: a snapshot, or the events missed since ``since``."""
        msg: dict[str, Any] = {
            "you": {"id": viewer.id, "role": viewer.role},
            "dots_left": self.state.dots_left(viewer.id),
            "seq": self.state.seq,
        }
        if since is None:
            return {**msg, "mode": "snapshot", "snapshot": snapshot(self.state, viewer, self.now)}
        missed = []
        for seq, event in self.log[since:]:
            view = view_event(event, viewer, self.state.settings)
            if view is not None:
                missed.append({**view, "seq": seq})
        return {**msg, "mode": "resume", "events": missed}

    def fresh_view(self, viewer: Actor) -> BoardView:
        view = BoardView()
        view.welcome(self.welcome(viewer))
        return view

    def resume(self, view: BoardView, viewer: Actor) -> BoardView:
        view.welcome(self.welcome(viewer, since=view.seq))
        return view

    def text(self, kind: int) -> Any:
        self.texts += 1
        if kind == 0:
            return "   "
        if kind == 1:
            return "x" * 1001
        return f"  text-{self.texts:04d}  "

    def apply(self, actor: Actor, cmd: dict[str, Any]) -> list[Event]:
        events = decide(self.state, cmd, actor, self.now)
        for event in events:
            seq = self.state.seq + 1
            fold(self.state, seq, event)
            self.log.append((seq, event))
            if hasattr(self, "views"):
                self.check_event(seq, event)
        return events

    # -- building a command from a step ----------------------------------------------

    def command(self, kind: str, a: int, b: int) -> dict[str, Any]:
        s = self.state
        notes = sorted(s.notes) + ["n999"]
        clusters = sorted(s.clusters) + ["c999"]
        note = notes[a % len(notes)]
        cmd: dict[str, Any] = {"type": kind}
        if kind in ("vote", "unvote", "edit_note", "move_note", "recolor_note", "delete_note", "hide_note",
                    "cluster_note"):
            cmd["note"] = note
        if kind in ("add_note", "edit_note"):
            cmd["text"] = self.text(b)
        if kind == "add_note" and a < 3:
            cmd.update(x=a / 3, y=b / 9)
        elif kind == "move_note":
            cmd.update(x=a / 9, y=b / 9 if b < 9 else 1.5)
        elif kind == "recolor_note":
            cmd["color"] = (*COLORS, "red")[b % (len(COLORS) + 1)]
        elif kind == "hide_note":
            cmd["hidden"] = b % 3 != 0
        elif kind == "merge_notes":
            cmd.update(source=note, target=notes[b % len(notes)])
        elif kind in ("create_cluster", "rename_cluster"):
            cmd["name"] = f"cluster-{a}{b}" if b else ""
            cmd["cluster"] = clusters[a % len(clusters)]
        elif kind == "delete_cluster":
            cmd["cluster"] = clusters[a % len(clusters)]
        elif kind == "cluster_note":
            cmd["cluster"] = [*clusters, None][b % (len(clusters) + 1)]
        elif kind == "join":
            groups = [*s.settings.groups, "Pirates"]
            cmd.update(name=f"name-{a}", group=groups[b % len(groups)])
        elif kind == "update_settings":
            cmd["settings"] = SETTINGS_CHANGES[(a * 10 + b) % len(SETTINGS_CHANGES)]
        elif kind == "set_phase":
            cmd["index"] = a % (len(s.phases) + 1)
        elif kind == "close_phase":
            cmd["closed"] = b % 2 == 0
        elif kind == "start_timer":
            if a:
                cmd["duration"] = a * 7
        elif kind == "adjust_timer":
            cmd["seconds"] = (a - 5) * 20
        elif kind == "expire_timer":
            cmd["generation"] = s.timer.generation - (1 if b == 0 else 0)
        return cmd

    def step(self, kind: str, who: int, a: int, b: int, wait: int) -> None:
        self.now += wait
        actor = SYSTEM if kind == "expire_timer" and who != 5 else SENDERS[who]
        before = self.state.seq
        try:
            self.apply(actor, self.command(kind, a, b))
        except DomainError:
            assert self.state.seq == before  # a refused command changes nothing
        self.check_state()

    # -- invariants ----------------------------------------------------------------------

    def check_state(self) -> None:
        s = self.state
        for pid, mine in s.votes.items():
            assert s.dots_used(pid) <= s.settings.dots_per_person, (pid, mine)
            assert all(0 < count <= s.settings.max_dots_per_note for count in mine.values()), (pid, mine)
            assert all(note in s.notes for note in mine), (pid, mine)
        for viewer in VIEWERS:
            same(self.views[viewer.id], self.fresh_view(viewer), viewer)
            if viewer.role != "facilitator":
                assert self.secrets_for(viewer).isdisjoint(self.texts_in(snapshot(s, viewer, self.now)))

    def secrets_for(self, viewer: Actor) -> set[str]:
        return {
            n.text for n in self.state.notes.values() if n.hidden or (n.private and n.author != viewer.id)
        } | {SECRET_HASH}

    def texts_in(self, value: Any) -> set[str]:
        if isinstance(value, dict):
            return set().union(*(self.texts_in(v) for v in value.values()), set())
        if isinstance(value, list):
            return set().union(*(self.texts_in(v) for v in value), set())
        return {value} if isinstance(value, str) else set()

    def check_event(self, seq: int, event: Event) -> None:
        for viewer in VIEWERS:
            view = view_event(event, viewer, self.state.settings)
            if view is None:
                continue
            assert event["type"] != "board_created"
            if viewer.role != "facilitator":
                assert self.secrets_for(viewer).isdisjoint(self.texts_in(view)), (viewer, view)
                if view["type"] in ("vote_placed", "vote_removed") and event["participant"] != viewer.id:
                    assert view["participant"] is None
                    if event["blind"]:
                        assert view["note"] is None and view["group"] is None
            self.views[viewer.id].event({**view, "seq": seq})


def same(followed: BoardView, fresh: BoardView, viewer: Actor) -> None:
    """The client that followed the stream agrees with a fresh welcome (a readable diff if not)."""
    mine, theirs = followed.essentials(), fresh.essentials()
    if mine != theirs:
        diff = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
        if "board" in diff:
            diff["board"] = {k: (v, theirs["board"].get(k)) for k, v in mine["board"].items() if v != theirs["board"].get(k)}
        raise AssertionError(f"{viewer}: followed != fresh: {diff}")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(agenda, st.booleans(), board_settings, st.lists(step, min_size=30, max_size=80), st.integers(0, 80))
def test_random_commands_from_several_people_keep_every_invariant(
    kinds: list[str], close: bool, cfg: dict[str, Any], steps: list[tuple[str, int, int, int, int]], cut: int
) -> None:
    run = Run(kinds, close, cfg)
    run.check_state()
    resumers: dict[str, BoardView] = {}
    for i, (kind, who, a, b, wait) in enumerate(steps):
        if i == cut:  # these clients drop off here and resume at the end
            resumers = {v.id: run.fresh_view(v) for v in VIEWERS}
        run.step(kind, who, a, b, wait)
    for viewer in VIEWERS:
        if viewer.id in resumers:
            same(run.resume(resumers[viewer.id], viewer), run.fresh_view(viewer), viewer)
    assert asdict(replay("b1", run.log)) == asdict(run.state)
