"""BoardView, the reference client: following the stream ends where a fresh welcome starts."""

from __future__ import annotations

from typing import Any

from server.domain.state import Actor
from server.domain.visibility import snapshot, view_event
from testkit.view import BoardView
from tests.domain.boards import ALICE, BOB, FAC, PROJECTOR, Board

VIEWERS = (FAC, ALICE, BOB, PROJECTOR)


def welcome(b: Board, viewer: Actor, since: int | None = None) -> dict[str, Any]:
    msg: dict[str, Any] = {
        "you": {"id": viewer.id, "role": viewer.role},
        "dots_left": b.state.dots_left(viewer.id),
        "seq": b.state.seq,
    }
    if since is None:
        return {**msg, "mode": "snapshot", "snapshot": snapshot(b.state, viewer, b.now)}
    missed = []
    for seq, event in b.log[since:]:
        view = view_event(event, viewer, b.state.settings)
        if view is not None:
            missed.append({**view, "seq": seq})
    return {**msg, "mode": "resume", "events": missed}


class Clients:
    """One BoardView per viewer, each fed exactly what the transport would send it."""

    def __init__(self, b: Board) -> None:
        self.b = b
        self.views = {}
        for viewer in VIEWERS:
            self.views[viewer.id] = BoardView()
            self.views[viewer.id].welcome(welcome(b, viewer))

    def do(self, actor: Actor, kind: str, **args: Any) -> dict[str, Any]:
        start = self.b.state.seq
        events = self.b.do(actor, kind, **args)
        for viewer in VIEWERS:
            batch = []
            for seq, event in self.b.log[start:]:
                view = view_event(event, viewer, self.b.state.settings)
                if view is not None:
                    batch.append({**view, "seq": seq})
            self.views[viewer.id].events({"seq": self.b.state.seq, "events": batch})
        return events[0]

    def agree(self) -> None:
        for viewer in VIEWERS:
            fresh = BoardView()
            fresh.welcome(welcome(self.b, viewer))
            assert self.views[viewer.id].essentials() == fresh.essentials(), viewer


def voting(**settings: Any) -> tuple[Board, Clients, str, str]:
    b = Board(settings=settings or None)
    b.join(ALICE)
    b.join(BOB, group="Academia")
    b.go("group")
    n, m = b.note(ALICE, "one"), b.note(BOB, "two")
    b.go("vote")
    return b, Clients(b), n, m


def test_a_client_following_a_whole_round_agrees_with_a_fresh_welcome() -> None:
    b = Board()
    c = Clients(b)
    c.do(ALICE, "join", name="Amina", group="Academia")
    c.do(BOB, "join", group="Other")
    n = c.do(ALICE, "add_note", text="private thought")["note"]["id"]
    m = c.do(BOB, "add_note", text="another")["note"]["id"]
    c.do(FAC, "next_phase")
    cluster = c.do(FAC, "create_cluster", name="Things")["id"]
    c.do(BOB, "cluster_note", note=n, cluster=cluster)
    c.do(FAC, "next_phase")
    c.do(ALICE, "vote", note=n)
    c.do(BOB, "vote", note=m)
    c.do(BOB, "unvote", note=m)
    c.do(FAC, "next_phase")
    c.do(FAC, "start_timer", duration=30)
    c.do(BOB, "leave")
    c.agree()


def test_a_client_that_resumes_does_not_count_its_own_dots_twice() -> None:
    b, c, n, _ = voting()
    resumed = BoardView()
    resumed.welcome(welcome(b, ALICE))
    since = b.state.seq
    b.do(ALICE, "vote", note=n)
    b.do(ALICE, "vote", note=n)
    resumed.welcome(welcome(b, ALICE, since=since))
    assert resumed.dots_left == 3
    fresh = BoardView()
    fresh.welcome(welcome(b, ALICE))
    assert resumed.essentials() == fresh.essentials()


def test_dots_on_a_deleted_note_come_back_to_the_voter() -> None:
    b, c, n, _ = voting()
    c.do(ALICE, "vote", note=n)
    c.do(FAC, "delete_note", note=n)
    assert c.views["alice"].dots_left == 5
    c.agree()


def test_dots_beyond_the_cap_come_back_after_a_merge() -> None:
    b, c, n, m = voting(max_dots_per_note=2)
    for note in (n, n, m):
        c.do(ALICE, "vote", note=note)
    c.do(BOB, "vote", note=n)
    c.do(FAC, "merge_notes", source=n, target=m)
    assert c.views["alice"].my_votes == {m: 2}
    assert c.views["alice"].dots_left == 3
    c.agree()


def test_switching_blind_votes_off_and_on_tells_participants_what_they_may_see() -> None:
    b, c, n, _ = voting()
    c.do(ALICE, "vote", note=n)
    assert c.views["bob"].tallies is None
    c.do(FAC, "update_settings", settings={"blind_votes": False})
    assert c.views["bob"].tallies == {n: {"total": 1, "by_group": {"NGO / civil society": 1}}}
    c.agree()
    c.do(FAC, "update_settings", settings={"blind_votes": True})
    assert c.views["bob"].tallies is None
    c.agree()


def test_a_bigger_budget_shows_in_dots_left() -> None:
    b, c, n, _ = voting()
    c.do(ALICE, "vote", note=n)
    c.do(FAC, "update_settings", settings={"dots_per_person": 8})
    assert c.views["alice"].dots_left == 7
    assert c.views["projector"].dots_left == 8
    c.agree()


def test_hiding_and_unhiding_a_voted_note_keeps_its_tally() -> None:
    b, c, n, _ = voting(blind_votes=False)
    c.do(BOB, "vote", note=n)
    c.do(FAC, "hide_note", note=n)
    assert n not in c.views["bob"].notes
    c.agree()
    c.do(FAC, "edit_note", note=n, text="cleaned up")
    c.do(FAC, "hide_note", note=n, hidden=False)
    assert c.views["bob"].notes[n]["text"] == "cleaned up"
    c.agree()


def test_a_board_that_starts_in_results_keeps_tallies_shown_after_moving_on() -> None:
    b = Board(phases=[{"kind": "results"}, {"kind": "group"}])
    c = Clients(b)
    c.do(FAC, "next_phase")
    c.agree()


def test_a_participant_who_leaves_sees_themselves_leave() -> None:
    b = Board()
    b.join(ALICE)
    c = Clients(b)
    c.do(ALICE, "leave")
    assert c.views["alice"].board["me"]["present"] is False
    c.agree()


def test_a_hidden_private_note_revealed_gives_the_facilitator_its_text() -> None:
    b = Board(settings={"facilitator_sees_private": False})
    b.join(ALICE)
    c = Clients(b)
    n = c.do(ALICE, "add_note", text="secret")["note"]["id"]
    assert c.views["fac"].notes[n]["text"] is None
    c.do(FAC, "hide_note", note=n)
    c.do(FAC, "reveal_notes")
    assert c.views["fac"].notes[n]["text"] == "secret"
    c.agree()


def test_an_event_seen_twice_is_applied_once() -> None:
    b, c, n, _ = voting()
    view = c.views["alice"]
    c.do(ALICE, "vote", note=n)
    seq, event = b.log[-1]
    view.events({"seq": seq, "events": [{**view_event(event, ALICE, b.state.settings), "seq": seq}]})  # type: ignore[dict-item]
    assert view.my_votes == {n: 1} and view.applied.count(seq) == 1


def test_views_fed_the_same_event_objects_share_no_state() -> None:
    """In-process clients (tests, the benchmark) get the very same dicts: applying one must not change another."""
    b, c, n, m = voting(blind_votes=False)
    c.do(FAC, "vote", note=m)
    c.do(ALICE, "vote", note=m)
    c.do(FAC, "merge_notes", source=n, target=m)
    c.do(FAC, "unvote", note=m)
    assert c.views["bob"].tallies == {m: {"total": 1, "by_group": {"NGO / civil society": 1}}}
    c.agree()
