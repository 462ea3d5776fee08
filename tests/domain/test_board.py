"""Creating a board, changing its settings, and what decide refuses before anything else."""

from __future__ import annotations

import pytest

from server.domain.board import COMMAND_TYPES, EVENT_TYPES, decide
from server.domain.state import BoardState, Settings
from server.errors import DomainError, Forbidden, InvalidCommand, NotAllowedNow
from tests.domain.boards import ALICE, FAC, PROJECTOR, SECRET_HASH, T0, Board, types


def test_create_board_produces_one_board_created_event_with_the_agenda() -> None:
    b = Board(settings={"title": "  Cyber capacity  ", "dots_per_person": 7})
    assert types([ev for _, ev in b.log]) == ["board_created"]
    s = b.state
    assert (s.code, s.facilitator_hash, s.created_at) == ("ABC123", SECRET_HASH, T0)
    assert s.settings.title == "Cyber capacity"
    assert s.settings.dots_per_person == 7
    assert [p.kind for p in s.phases] == ["write", "group", "vote", "results", "discuss"]
    assert s.phase_index == 0 and s.phase_kind == "write"
    assert s.timer.status == "idle" and s.timer.duration == 300.0
    assert s.history == [{"phase": "write", "started": T0}]


def test_create_board_defaults_to_one_discuss_phase_and_default_settings() -> None:
    state = BoardState("b")
    events = decide(state, {"type": "create_board", "code": "X", "facilitator_hash": "h"}, FAC, T0)
    (phase,) = events[0]["phases"]
    assert (phase["id"], phase["kind"], phase["title"], phase["duration"]) == ("p1", "discuss", "Discuss", None)
    assert events[0]["settings"]["dots_per_person"] == 5
    assert events[0]["settings"]["text_limit"] == 280


def test_create_board_twice_is_refused() -> None:
    b = Board()
    with pytest.raises(InvalidCommand):
        b.do(FAC, "create_board", code="X", facilitator_hash="h")


@pytest.mark.parametrize(
    "phases",
    [
        "write",
        [{"kind": "brainstorm"}],
        [{"kind": "write", "duration": 0}],
        [{"kind": "write", "duration": True}],
        [{"kind": "write", "close_on_timer": "yes"}],
        [{"kind": "write", "title": "x" * 81}],
        [{"kind": "write", "id": "a"}, {"kind": "vote", "id": "a"}],
        ["not a map"],
        [{"kind": "write"}] * 41,
    ],
)
def test_create_board_with_a_bad_agenda_is_refused(phases: object) -> None:
    with pytest.raises(InvalidCommand):
        decide(
            BoardState("b"), {"type": "create_board", "code": "X", "facilitator_hash": "h", "phases": phases}, FAC, T0
        )


@pytest.mark.parametrize(
    "settings",
    [
        {"title": ""},
        {"title": "x" * 121},
        {"question": 5},
        {"question": "q" * 501},
        {"groups": []},
        {"groups": ["A", "A"]},
        {"groups": ["A", " "]},
        {"groups": "A"},
        {"groups": ["G"] * 13},
        {"dots_per_person": 0},
        {"dots_per_person": 51},
        {"dots_per_person": True},
        {"dots_per_person": 2.5},
        {"max_dots_per_note": 0},
        {"anonymous": "no"},
        {"blind_votes": 1},
        {"facilitator_sees_private": None},
        {"text_limit": 19},
        {"text_limit": 1001},
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object]) -> None:
    b = Board()
    with pytest.raises(InvalidCommand):
        b.do(FAC, "update_settings", settings=settings)


def test_update_settings_keeps_the_settings_not_mentioned() -> None:
    b = Board(settings={"dots_per_person": 8})
    events = b.do(
        FAC, "update_settings", settings={"groups": [" Gov ", "NGO"], "anonymous": False, "question": " Why? "}
    )
    assert types(events) == ["settings_changed"]
    assert b.state.settings == Settings(
        dots_per_person=8, groups=["Gov", "NGO"], anonymous=False, question="Why?", group_colors=["#1d4ed8", "#b42318"]
    )


def test_update_settings_needs_a_map() -> None:
    with pytest.raises(InvalidCommand):
        Board().do(FAC, "update_settings", settings=["title"])


def test_update_settings_by_a_participant_is_forbidden() -> None:
    b = Board()
    b.join(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, "update_settings", settings={"title": "Mine"})


def test_update_settings_by_the_projector_is_forbidden() -> None:
    with pytest.raises(Forbidden):
        Board().do(PROJECTOR, "update_settings", settings={"title": "Mine"})


def test_an_unknown_command_is_invalid() -> None:
    with pytest.raises(InvalidCommand):
        Board().do(FAC, "launch_rocket")


def test_a_command_without_a_type_is_invalid() -> None:
    b = Board()
    with pytest.raises(InvalidCommand):
        decide(b.state, {}, FAC, T0)


def test_commands_on_a_board_that_does_not_exist_are_not_found() -> None:
    with pytest.raises(DomainError) as err:
        decide(BoardState("b"), {"type": "join", "group": "Other"}, ALICE, T0)
    assert err.value.code == "not_found"


def test_decide_never_changes_the_state() -> None:
    b = Board()
    b.join(ALICE)
    before = repr(b.state)
    decide(b.state, {"type": "add_note", "text": "hello"}, ALICE, T0)
    decide(b.state, {"type": "next_phase"}, FAC, T0)
    assert repr(b.state) == before


def test_every_event_type_has_a_fold_and_every_command_a_decider() -> None:
    assert len(set(EVENT_TYPES)) == len(EVENT_TYPES)
    assert {
        "create_board",
        "update_settings",
        "join",
        "leave",
        "add_note",
        "edit_note",
        "move_note",
        "recolor_note",
        "delete_note",
        "hide_note",
        "merge_notes",
        "create_cluster",
        "rename_cluster",
        "delete_cluster",
        "cluster_note",
        "vote",
        "unvote",
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
        "expire_timer",
    } <= set(COMMAND_TYPES)


def test_fold_refuses_an_out_of_order_sequence_number() -> None:
    from server.domain.board import fold

    b = Board()
    with pytest.raises(ValueError):
        fold(b.state, b.state.seq + 2, {"type": "phase_closed", "index": 0})


def test_anonymity_can_change_before_any_note_is_written() -> None:
    b = Board()
    b.do(FAC, "update_settings", settings={"anonymous": False, "facilitator_sees_private": False})
    assert not b.state.settings.anonymous and not b.state.settings.facilitator_sees_private


@pytest.mark.parametrize("change", [{"anonymous": False}, {"facilitator_sees_private": False}])
def test_anonymity_and_note_privacy_cannot_change_once_notes_are_written(change: dict[str, bool]) -> None:
    b = Board()
    b.join(ALICE)
    b.note(ALICE, "written under the promise")
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "update_settings", settings=change)
    b.do(FAC, "update_settings", settings={"anonymous": True, "title": "Same promise"})


def voted_twice() -> Board:
    b = Board()
    b.join(ALICE)
    b.go("group")
    n = b.note(ALICE)
    b.go("vote")
    b.do(ALICE, "vote", note=n)
    b.do(ALICE, "vote", note=n)
    return b


def test_the_budget_cannot_drop_below_the_dots_someone_placed() -> None:
    b = voted_twice()
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "update_settings", settings={"dots_per_person": 1})
    b.do(FAC, "update_settings", settings={"dots_per_person": 2})
    assert b.state.dots_left("alice") == 0


def test_the_per_note_cap_cannot_drop_below_the_dots_someone_placed_on_one_note() -> None:
    b = voted_twice()
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "update_settings", settings={"max_dots_per_note": 1})
    b.do(FAC, "update_settings", settings={"max_dots_per_note": 2})


def test_switching_blind_votes_off_sends_the_tallies_and_on_again_takes_them_away() -> None:
    b = voted_twice()
    (event,) = b.do(FAC, "update_settings", settings={"blind_votes": False})
    assert event["tallies"] == {"n1": {"total": 2, "by_group": {"NGO / civil society": 2}}}
    (event,) = b.do(FAC, "update_settings", settings={"blind_votes": True})
    assert event["tallies"] is None


def test_other_settings_changes_carry_no_tallies() -> None:
    (event,) = voted_twice().do(FAC, "update_settings", settings={"title": "New"})
    assert "tallies" not in event


def test_a_board_that_starts_in_results_has_its_votes_revealed() -> None:
    b = Board(phases=[{"kind": "results"}, {"kind": "discuss"}])
    assert b.state.votes_revealed and b.state.tallies_visible_to_all()
