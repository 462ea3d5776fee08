"""The agenda: moving between phases, revealing notes, closing a phase."""

from __future__ import annotations

import pytest

from server.domain.visibility import view_event
from server.errors import Forbidden, InvalidCommand, NotAllowedNow
from tests.domain.boards import ALICE, BOB, FAC, PHASE, Board, types


def test_next_phase_moves_on_and_records_when_it_started() -> None:
    b = Board()
    b.now += 60
    events = b.do(FAC, "next_phase")
    assert types(events)[-2:] == ["timer_reset", "phase_changed"]
    assert b.state.phase_index == 1 and b.state.phase_started_at == b.now
    assert b.state.history[-1] == {"phase": "group", "started": b.now}


def test_previous_phase_moves_back() -> None:
    b = Board()
    b.do(FAC, "next_phase")
    b.do(FAC, "previous_phase")
    assert b.state.phase_index == 0
    assert [h["phase"] for h in b.state.history] == ["write", "group", "write"]


def test_set_phase_jumps_to_any_phase() -> None:
    b = Board()
    b.do(FAC, "set_phase", index=PHASE["results"])
    assert b.state.phase_kind == "results"


def test_there_is_no_phase_before_the_first() -> None:
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "previous_phase")


def test_there_is_no_phase_after_the_last() -> None:
    b = Board()
    b.go("discuss")
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "next_phase")


@pytest.mark.parametrize("index", [-1, 5, 99])
def test_set_phase_out_of_range_is_not_allowed(index: int) -> None:
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "set_phase", index=index)


@pytest.mark.parametrize("index", ["1", 1.0, True, None])
def test_set_phase_needs_a_whole_number(index: object) -> None:
    with pytest.raises(InvalidCommand):
        Board().do(FAC, "set_phase", index=index)


def test_set_phase_to_the_current_phase_is_not_allowed() -> None:
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "set_phase", index=0)


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("next_phase", {}),
        ("previous_phase", {}),
        ("set_phase", {"index": 2}),
        ("reveal_notes", {}),
        ("close_phase", {}),
        ("reveal_votes", {}),
    ],
)
def test_a_participant_sending_a_phase_command_is_forbidden(kind: str, args: dict[str, object]) -> None:
    b = Board()
    b.join(ALICE)
    b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, kind, **args)


def test_moving_on_from_the_write_phase_reveals_private_notes() -> None:
    b = Board()
    b.join(ALICE, BOB)
    n1, n2 = b.note(ALICE, "one"), b.note(BOB, "two")
    events = b.do(FAC, "next_phase")
    assert types(events) == ["notes_revealed", "timer_reset", "phase_changed"]
    assert sorted(events[0]["ids"]) == sorted([n1, n2])
    assert all(not n["private"] for n in events[0]["notes"])
    assert not b.state.notes[n1].private and not b.state.notes[n2].private


def test_the_revealed_notes_are_anonymous_when_the_board_is() -> None:
    b = Board()
    b.join(ALICE)
    b.note(ALICE)
    event = b.do(FAC, "next_phase")[0]
    assert event["notes"][0]["author"] is None


def test_moving_from_write_to_write_keeps_notes_private() -> None:
    b = Board(phases=[{"kind": "write"}, {"kind": "write"}])
    b.join(ALICE)
    n = b.note(ALICE)
    assert types(b.do(FAC, "next_phase")) == ["timer_reset", "phase_changed"]
    assert b.state.notes[n].private


def test_the_facilitator_reveals_notes_during_the_write_phase() -> None:
    b = Board()
    b.join(ALICE)
    n = b.note(ALICE)
    assert types(b.do(FAC, "reveal_notes")) == ["notes_revealed"]
    assert not b.state.notes[n].private
    assert b.state.phase_kind == "write"


def test_revealing_when_nothing_is_private_is_not_allowed() -> None:
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "reveal_notes")


def test_a_hidden_private_note_is_revealed_to_the_facilitator_only() -> None:
    b = Board(settings={"facilitator_sees_private": False})
    b.join(ALICE, BOB)
    n = b.note(ALICE, "keep this quiet")
    b.do(FAC, "hide_note", note=n)
    event = b.do(FAC, "reveal_notes")[0]
    assert event["ids"] == [n]
    assert not b.state.notes[n].private
    assert "keep this quiet" not in repr(view_event(event, BOB, b.state.settings))
    assert "keep this quiet" not in repr(view_event(event, ALICE, b.state.settings))
    assert "keep this quiet" in repr(view_event(event, FAC, b.state.settings))


def test_entering_results_reveals_the_votes() -> None:
    b = Board()
    b.join(ALICE)
    b.go("group")
    n = b.note(ALICE)
    b.go("vote")
    b.do(ALICE, "vote", note=n)
    events = b.do(FAC, "next_phase")
    assert types(events) == ["votes_revealed", "timer_reset", "phase_changed"]
    assert events[0]["tallies"] == {n: {"total": 1, "by_group": {"NGO / civil society": 1}}}
    assert b.state.votes_revealed


def test_entering_results_after_the_votes_were_revealed_reveals_nothing_more() -> None:
    b = Board()
    b.go("vote")
    b.do(FAC, "reveal_votes")
    assert types(b.do(FAC, "next_phase")) == ["timer_reset", "phase_changed"]


def test_a_phase_change_resets_the_timer_to_the_phases_duration() -> None:
    b = Board()
    b.do(FAC, "start_timer")
    gen = b.state.timer.generation
    b.do(FAC, "next_phase")
    t = b.state.timer
    assert (t.status, t.duration, t.deadline) == ("idle", 600.0, None)
    assert t.generation == gen + 1


def test_a_phase_without_a_duration_has_no_timer() -> None:
    b = Board()
    b.go("vote")
    b.go("results")  # no timebox: not the vote's 3:00 shown as "not started"
    assert b.state.timer.status == "idle" and b.state.timer.duration == 0.0


def test_a_timeboxed_phase_can_start_its_timer_when_it_begins() -> None:
    phases = [
        {"id": "talk", "kind": "discuss", "title": "Talk"},
        {"id": "write", "kind": "write", "title": "Write", "duration": 300, "auto_timer": True},
        {"id": "vote", "kind": "vote", "title": "Vote", "duration": 180},
    ]
    b = Board(phases=phases)
    events = b.do(FAC, "next_phase")
    assert types(events) == ["timer_reset", "phase_changed", "timer_started"]
    started = events[-1]["timer"]
    assert started["status"] == "running" and started["deadline"] == b.now + 300
    assert started["generation"] == events[0]["timer"]["generation"] + 1  # an expiry of the reset one is stale
    assert b.state.timer.status == "running"
    # Without auto_timer the timebox waits for the facilitator.
    assert types(b.do(FAC, "next_phase")) == ["timer_reset", "phase_changed"]
    assert b.state.timer.status == "idle" and b.state.timer.duration == 180.0


def test_auto_timer_must_be_true_or_false() -> None:
    with pytest.raises(InvalidCommand):
        Board(phases=[{"kind": "write", "title": "Write", "duration": 60, "auto_timer": "yes"}])


def test_the_facilitator_closes_and_reopens_a_phase() -> None:
    b = Board()
    assert types(b.do(FAC, "close_phase")) == ["phase_closed"]
    assert b.state.phase_closed
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "close_phase", closed=True)
    assert types(b.do(FAC, "close_phase", closed=False)) == ["phase_reopened"]
    assert not b.state.phase_closed
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "close_phase", closed=False)


def test_closed_must_be_true_or_false() -> None:
    with pytest.raises(InvalidCommand):
        Board().do(FAC, "close_phase", closed="yes")


def test_a_new_phase_starts_open() -> None:
    b = Board()
    b.do(FAC, "close_phase")
    b.do(FAC, "next_phase")
    assert not b.state.phase_closed
