"""Random command sequences from several people keep every invariant of the board.

Each example creates a board with random settings and agenda; a facilitator,
three participants in different stakeholder groups, a projector and the server's
clock then send a random sequence of commands. After every accepted command:

- nobody exceeds their dot budget or the per-note cap, and no dot sits on a missing note;
- no participant (nor the projector) is sent another person's private note text,
  a hidden note's text, a blind dot's note, or the facilitator's secret hash --
  neither in an event nor in a snapshot;
- participants not named by ``personal_ids`` see an event identically (the
  transport encodes one frame for all of them);
- a client that followed its stream of events (``BoardView``) agrees with a
  client that just got a fresh snapshot, and so does one that dropped off
  midway and resumed;
- every snapshot equals the reference construction (``tests/domain/reference.py``:
  ``asdict`` and a recount of the tallies);
- and at the end, folding the log from scratch gives the live state.

After every folded event (and after every refused command) the tallies the
state keeps up to date equal a recount of every voter's dots.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain.board import decide, fold, replay
from server.domain.state import COLORS, PHASE_KINDS, SYSTEM, Actor, BoardState, Event
from server.domain.summary import summarize
from server.domain.visibility import personal_ids, snapshot, view_event
from server.errors import DomainError
from server.protocol.codec import pack, unpack_trusted
from testkit.view import BoardView
from tests.domain.boards import ALICE, BOB, CAROL, FAC, PROJECTOR, SECRET_HASH, T0
from tests.domain.reference import check_counts, check_snapshot
from tests.domain.summary_reference import reference_summary

PEOPLE = (ALICE, BOB, CAROL)
VIEWERS = (FAC, ALICE, BOB, CAROL, PROJECTOR)
GROUPS = ("Government / member state", "NGO / civil society", "Academia")

FACILITATOR_ONLY = {
    "update_settings",
    "hide_note",
    "merge_notes",
    "delete_cluster",
    "reveal_votes",
    "next_phase",
    "previous_phase",
    "set_phase",
    "reveal_notes",
    "close_phase",
    "start_timer",
    "pause_timer",
    "resume_timer",
    "adjust_timer",
    "reset_timer",
}
# Weighted: voting and writing happen far more often than agenda changes.
KINDS = (
    ["vote"] * 8
    + ["unvote"] * 3
    + ["add_note"] * 5
    + ["edit_note"] * 2
    + ["set_phase"] * 3
    + ["hide_note"] * 2
    + ["merge_notes"] * 2
    + ["update_settings"] * 2
    + ["expire_timer"] * 2
    + [
        "join",
        "leave",
        "move_note",
        "recolor_note",
        "delete_note",
        "create_cluster",
        "rename_cluster",
        "delete_cluster",
        "cluster_note",
        "reveal_votes",
        "next_phase",
        "previous_phase",
        "reveal_notes",
        "close_phase",
        "start_timer",
        "pause_timer",
        "resume_timer",
        "adjust_timer",
        "reset_timer",
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
    {"groups": list(GROUPS)},
)

# (command, who sends it, two choices, seconds that pass before it)
step = st.tuples(st.sampled_from(KINDS), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9), st.integers(0, 90))
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

    def __init__(self, kinds: list[str], close: bool, cfg: dict[str, Any], start: int) -> None:
        self.state = BoardState("b1")
        self.log: list[tuple[int, Event]] = []
        self.views: dict[str, BoardView] = {}
        self.now = T0
        self.texts = 0
        phases = [
            {"kind": k, "duration": 60 * (i + 1), "close_on_timer": close and k in ("write", "vote")}
            for i, k in enumerate(kinds)
        ]
        cmd = {
            "type": "create_board",
            "code": "C0DE",
            "facilitator_hash": SECRET_HASH,
            "settings": cfg,
            "phases": phases,
        }
        self.apply(FAC, cmd)
        self.views = {v.id: self.fresh_view(v) for v in VIEWERS}
        for person, group in zip(PEOPLE, GROUPS, strict=True):
            self.apply(person, {"type": "join", "name": person.id, "group": group})
            if self.state.phase_kind in ("write", "group", "discuss"):
                self.apply(person, {"type": "add_note", "text": self.text(5)})
        # Start somewhere in the agenda, most often where the dots are.
        votes = [i for i, p in enumerate(self.state.phases) if p.kind == "vote"]
        index = votes[0] if votes and start < 3 else start % len(phases)
        if index != self.state.phase_index:
            self.apply(FAC, {"type": "set_phase", "index": index})

    # -- what the transport would send ---------------------------------------------------

    def welcome(self, viewer: Actor, since: int | None = None) -> dict[str, Any]:
        """A snapshot, or (``since``) the events missed since then."""
        msg: dict[str, Any] = {
            "you": {"id": viewer.id, "role": viewer.role},
            "dots_left": self.state.dots_left(viewer.id),
            "seq": self.state.seq,
        }
        if since is None:
            return {**msg, "mode": "snapshot", "snapshot": snapshot(self.state, viewer, self.now)}
        # Secrecy was checked when each event was live: a note hidden since was public then.
        missed = [{**v, "seq": seq} for seq, ev in self.log[since:] if (v := self.raw_view(ev, viewer)) is not None]
        return {**msg, "mode": "resume", "events": missed}

    def fresh_view(self, viewer: Actor) -> BoardView:
        view = BoardView()
        view.welcome(wire(self.welcome(viewer)))
        return view

    def resume(self, view: BoardView, viewer: Actor) -> BoardView:
        view.welcome(wire(self.welcome(viewer, since=view.seq)))
        return view

    def raw_view(self, event: Event, viewer: Actor) -> Event | None:
        return view_event(event, viewer, self.state.settings)

    def view_of(self, seq: int, event: Event, viewer: Actor) -> Event | None:
        """The event as sent live to ``viewer``, checked for secrets."""
        view = self.raw_view(event, viewer)
        if view is None:
            return None
        assert event["type"] != "board_created"
        if viewer.role != "facilitator":
            assert self.secrets_for(viewer).isdisjoint(texts_in(view)), (viewer, view)
            if view["type"] in ("vote_placed", "vote_removed") and event["participant"] != viewer.id:
                assert view["participant"] is None
                if event["blind"]:
                    assert view["note"] is None and view["group"] is None
        return {**view, "seq": seq}

    def apply(self, actor: Actor, cmd: dict[str, Any]) -> list[Event]:
        events = decide(self.state, cmd, actor, self.now)
        batches: dict[str, list[Event]] = {v.id: [] for v in VIEWERS}
        for event in events:
            seq = self.state.seq + 1
            fold(self.state, seq, event)
            check_counts(self.state)
            self.log.append((seq, event))
            seen = {viewer.id: self.view_of(seq, event, viewer) for viewer in VIEWERS}
            for viewer_id, view in seen.items():
                if view is not None:
                    batches[viewer_id].append(view)
            # The transport encodes one frame for all participants not named by personal_ids.
            personal = personal_ids(event, self.state.settings)
            shared = [seen[p.id] for p in PEOPLE if p.id not in personal]
            assert all(v == shared[0] for v in shared), event
        for viewer_id, view in self.views.items():  # one ``events`` message per command, as the transport sends
            view.events(wire({"seq": self.state.seq, "events": batches[viewer_id]}))
        return events

    # -- a command from a step -----------------------------------------------------------

    def sender(self, kind: str, who: int) -> Actor:
        if who == 9:
            return PROJECTOR
        if kind == "expire_timer":
            return SYSTEM if who < 8 else FAC
        if kind in FACILITATOR_ONLY:
            return FAC if who < 8 else PEOPLE[0]
        return PEOPLE[who % 3] if who < 7 else FAC

    def text(self, b: int) -> str:
        self.texts += 1
        if b == 9:
            return "   "
        if b == 8:
            return "x" * 300
        return f"  text-{self.texts:04d}  "

    def command(self, kind: str, actor: Actor, a: int, b: int) -> dict[str, Any]:
        s = self.state
        notes = sorted(s.votes.get(actor.id) or s.notes) if kind == "unvote" else sorted(s.notes)
        clusters = sorted(s.clusters)
        note = notes[a % len(notes)] if notes and a < 9 else "n999"
        cluster = clusters[a % len(clusters)] if clusters and a < 9 else "c999"
        cmd: dict[str, Any] = {"type": kind}
        if kind in (
            "vote",
            "unvote",
            "edit_note",
            "move_note",
            "recolor_note",
            "delete_note",
            "hide_note",
            "cluster_note",
        ):
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
            current = s.notes[note].hidden if note in s.notes else False
            cmd["hidden"] = not current if b else current
        elif kind == "merge_notes":
            cmd.update(source=note, target=notes[(a + 1 + b) % len(notes)] if notes else "n998")
        elif kind == "create_cluster":
            cmd["name"] = f"cluster-{a}{b}" if b else " "
        elif kind == "rename_cluster":
            cmd.update(cluster=cluster, name=f"renamed-{a}{b}")
        elif kind == "delete_cluster":
            cmd["cluster"] = cluster
        elif kind == "cluster_note":
            cmd["cluster"] = cluster if b else None
        elif kind == "join":
            groups = s.settings.groups
            cmd.update(name=f"name-{a}", group=groups[b % len(groups)] if b < 9 else "Pirates")
        elif kind == "update_settings":
            cmd["settings"] = SETTINGS_CHANGES[(a * 10 + b) % len(SETTINGS_CHANGES)]
        elif kind == "set_phase":
            votes = [i for i, p in enumerate(s.phases) if p.kind == "vote"]
            cmd["index"] = votes[0] if votes and a < 4 else a % (len(s.phases) + 1)
        elif kind == "close_phase":
            cmd["closed"] = not s.phase_closed if b else s.phase_closed
        elif kind == "start_timer" and a:
            cmd["duration"] = a * 7
        elif kind == "adjust_timer":
            cmd["seconds"] = (a - 5) * 20
        elif kind == "expire_timer":
            cmd["generation"] = s.timer.generation - (1 if b == 0 else 0)
            if b > 2 and s.timer.deadline is not None:
                self.now = max(self.now, s.timer.deadline)  # the server's clock reached the deadline
        return cmd

    def step(self, kind: str, who: int, a: int, b: int, wait: int) -> bool:
        """Send one command; True when it was accepted."""
        self.now += wait
        actor = self.sender(kind, who)
        before = self.state.seq
        try:
            self.apply(actor, self.command(kind, actor, a, b))
        except DomainError:
            assert self.state.seq == before  # a refused command appends nothing
            check_counts(self.state)
            return False
        self.check()
        return True

    # -- invariants ----------------------------------------------------------------------

    def check(self) -> None:
        s = self.state
        for pid, mine in s.votes.items():
            assert s.dots_used(pid) <= s.settings.dots_per_person, (pid, mine)
            assert all(0 < count <= s.settings.max_dots_per_note for count in mine.values()), (pid, mine)
            assert all(note in s.notes for note in mine), (pid, mine)
        check_counts(s)
        people = {"total": 2, "by_group": {"Academia": 2}}
        summary = summarize(s, people, self.now)
        assert summary == reference_summary(s, people, self.now)  # no more than the projector's snapshot shows
        assert self.secrets_for(PROJECTOR).isdisjoint(texts_in(summary))
        for viewer in VIEWERS:
            check_snapshot(s, viewer, self.now)
            welcome = self.welcome(viewer)
            if viewer.role != "facilitator":
                assert self.secrets_for(viewer).isdisjoint(texts_in(welcome["snapshot"]))
            fresh = BoardView()
            fresh.welcome(wire(welcome))
            same(self.views[viewer.id], fresh, viewer)

    def secrets_for(self, viewer: Actor) -> set[str]:
        notes = self.state.notes.values()
        return {n.text for n in notes if n.hidden or (n.private and n.author != viewer.id)} | {SECRET_HASH}


def wire(msg: dict[str, Any]) -> Any:
    """A message as a client gets it: through msgpack, sharing nothing with the server's objects."""
    return unpack_trusted(pack(msg))


def texts_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(set(), *(texts_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(set(), *(texts_in(v) for v in value))
    return {value} if isinstance(value, str) else set()


def same(followed: BoardView, fresh: BoardView, viewer: Actor) -> None:
    """The client that followed the stream agrees with a fresh welcome (with a readable diff if not)."""
    mine, theirs = followed.essentials(), fresh.essentials()
    if mine != theirs:
        diff = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
        if "board" in diff:
            diff["board"] = {
                k: (v, theirs["board"].get(k)) for k, v in mine["board"].items() if v != theirs["board"].get(k)
            }
        raise AssertionError(f"{viewer}: followed != fresh: {diff}")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    agenda,
    st.booleans(),
    board_settings,
    st.integers(0, 9),
    st.lists(step, min_size=15, max_size=40),
    st.integers(0, 40),
)
def test_random_commands_from_several_people_keep_every_invariant(
    kinds: list[str],
    close: bool,
    cfg: dict[str, Any],
    start: int,
    steps: list[tuple[str, int, int, int, int]],
    cut: int,
) -> None:
    run = Run(kinds, close, cfg, start)
    run.check()
    resumers: dict[str, BoardView] = {}
    for i, (kind, who, a, b, wait) in enumerate(steps):
        if i == cut:  # these clients drop off here and resume at the end
            resumers = {v.id: run.fresh_view(v) for v in VIEWERS}
        run.step(kind, who, a, b, wait)
    for viewer in VIEWERS:
        if viewer.id in resumers:
            same(run.resume(resumers[viewer.id], viewer), run.fresh_view(viewer), viewer)
    assert asdict(replay("b1", run.log)) == asdict(run.state)
