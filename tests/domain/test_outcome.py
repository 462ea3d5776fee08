"""A command's outcome: the ack's result comes from the domain with the events; opening a board is checked first."""

from __future__ import annotations

import pytest

from server.domain.board import fold
from server.domain.outcome import Outcome, check_new_board, decide_many, decide_one, new_board
from server.errors import DomainError, InvalidCommand
from tests.domain.boards import ALICE, BOB, FAC, PHASE, Board


def voting() -> tuple[Board, str]:
    board = Board(settings={"dots_per_person": 3})
    board.join(ALICE, BOB)
    note = board.do(ALICE, "add_note", text="More trains")[0]["note"]["id"]
    board.do(FAC, "set_phase", index=PHASE["vote"])
    return board, note


def test_a_note_and_a_cluster_name_what_they_made() -> None:
    board = Board()
    board.join(ALICE)
    made = decide_one(board.state, {"type": "add_note", "text": "Cheaper tickets"}, ALICE, board.now)
    assert made.result == {"note": made.events[0]["note"]["id"]}
    assert made.result["note"] not in board.state.notes  # decided, not folded
    board.do(FAC, "set_phase", index=PHASE["group"])
    cluster = decide_one(board.state, {"type": "create_cluster", "name": "Transport"}, FAC, board.now)
    assert cluster.result == {"cluster": cluster.events[0]["id"]}


def test_a_dot_tells_how_many_are_left_after_it() -> None:
    board, note = voting()
    placed = decide_one(board.state, {"type": "vote", "note": note}, ALICE, board.now)
    assert placed.result == {"dots_left": 2}
    for event in placed.events:
        fold(board.state, board.state.seq + 1, event)
    assert board.state.dots_left(ALICE.id) == 2
    removed = decide_one(board.state, {"type": "unvote", "note": note}, ALICE, board.now)
    assert removed.result == {"dots_left": 3}


def test_a_command_that_says_nothing_more_has_an_empty_result() -> None:
    board = Board()
    made = decide_one(board.state, {"type": "set_phase", "index": 1}, FAC, board.now)
    assert made.result == {} and made.events


def test_commands_decided_together_each_get_their_own_result() -> None:
    board, note = voting()
    board.do(BOB, "vote", note=note)
    got = decide_many(board.state, [({"type": "vote", "note": note}, ALICE), ({"type": "vote", "note": note}, BOB)],
                      board.now)
    assert [o.result for o in got if isinstance(o, Outcome)] == [{"dots_left": 2}, {"dots_left": 1}]


def test_a_refusal_is_returned_in_its_place() -> None:
    board, note = voting()
    got = decide_many(board.state, [({"type": "vote", "note": "nope"}, ALICE)], board.now)
    assert len(got) == 1 and isinstance(got[0], DomainError)


@pytest.mark.parametrize("command", [
    {"type": "create_board", "settings": {"dots_per_person": 0}},
    {"type": "create_board", "phases": [{"kind": "dance", "title": "x"}]},
    {"type": "import_board", "document": {"format": "something else"}},
    {"type": "add_note", "text": "not an opening"},
])
def test_a_new_board_with_bad_input_is_refused_before_anything_is_decided(command: dict[str, object]) -> None:
    with pytest.raises(InvalidCommand):
        check_new_board(command)


def test_a_new_board_opens_with_its_code_and_secret() -> None:
    command = {"type": "create_board", "settings": {"title": "Rail"}}
    check_new_board(command)
    events = new_board("b9", command, "XYZ234", "hash", 5.0)
    assert [e["type"] for e in events] == ["board_created"]
    assert (events[0]["id"], events[0]["code"], events[0]["facilitator_hash"]) == ("b9", "XYZ234", "hash")
    assert events[0]["settings"]["title"] == "Rail"
