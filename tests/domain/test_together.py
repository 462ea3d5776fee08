"""Votes and joins decided together come out as if decided and folded one after another."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.board import decide, fold
from server.domain.state import Actor, BoardState, Command, Event
from server.domain.together import can_join, decide_together
from server.errors import DomainError
from tests.domain.boards import FAC, Board

PEOPLE = [Actor(f"p{i}", "participant") for i in range(6)]
GROUPS = ("Government / member state", "NGO / civil society", "Academia")


def one_after_another(state: BoardState, commands: list[tuple[Command, Actor]], now: float) -> list[Any]:
    out: list[Any] = []
    for command, actor in commands:
        try:
            events = decide(state, command, actor, now)
        except DomainError as refusal:
            out.append(refusal)
            continue
        for event in events:
            fold(state, state.seq + 1, event)
        out.append(events)
    return out


def comparable(outcome: list[Event] | DomainError) -> Any:
    return (type(outcome).__name__, outcome.code) if isinstance(outcome, DomainError) else outcome


def voting_board(dots: int, cap: int, blind: bool, joined: int) -> Board:
    board = Board(settings={"dots_per_person": dots, "max_dots_per_note": cap, "blind_votes": blind})
    for i, person in enumerate(PEOPLE[:joined]):
        board.join(person, group=GROUPS[i % len(GROUPS)])
    for person in PEOPLE[:3]:
        if person.id in board.state.participants:
            board.note(person, f"note by {person.id}")
    board.note(FAC, "the facilitator's")
    board.go("vote")
    return board


command = st.tuples(st.sampled_from(["vote", "vote", "unvote", "join"]), st.integers(0, 5), st.integers(0, 4),
                    st.integers(0, 3))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    dots=st.integers(1, 4),
    cap=st.integers(1, 3),
    blind=st.booleans(),
    joined=st.integers(3, 6),
    warmup=st.lists(command, max_size=12),
    rounds=st.lists(st.lists(command, min_size=1, max_size=8), min_size=1, max_size=4),
)
def test_deciding_together_equals_deciding_one_after_another(
    dots: int, cap: int, blind: bool, joined: int, warmup: list[Any], rounds: list[Any]
) -> None:
    board = voting_board(dots, cap, blind, joined)
    notes = sorted(board.state.notes) + ["n-missing"]

    def build(kind: str, who: int, note: int, group: int) -> tuple[Command, Actor]:
        actor = PEOPLE[who]
        if kind == "join":
            return {"type": "join", "name": actor.id, "group": [*GROUPS, "Nope"][group]}, actor
        return {"type": kind, "note": notes[note % len(notes)]}, actor

    one_after_another(board.state, [build(*c) for c in warmup], board.now)
    for raw in rounds:
        group: list[tuple[Command, Actor]] = []
        seen: set[str] = set()
        for c in raw:  # a run of distinct actors, as the server builds one
            cmd, actor = build(*c)
            if can_join(cmd["type"], actor, seen):
                seen.add(actor.id)
                group.append((cmd, actor))
        expected_state = copy.deepcopy(board.state)
        expected = one_after_another(expected_state, copy.deepcopy(group), board.now)
        got = decide_together(board.state, group, board.now)
        assert [comparable(o) for o in got] == [comparable(o) for o in expected]
        for outcome in got:
            if not isinstance(outcome, DomainError):
                for event in outcome:
                    fold(board.state, board.state.seq + 1, event)
        assert board.state.votes == expected_state.votes
        assert board.state.participants == expected_state.participants


def test_two_commands_of_one_person_are_not_decided_together() -> None:
    board = voting_board(3, 2, True, 3)
    note = sorted(board.state.notes)[0]
    commands = [({"type": "vote", "note": note}, PEOPLE[0]), ({"type": "vote", "note": note}, PEOPLE[0])]
    with pytest.raises(ValueError):
        decide_together(board.state, commands, board.now)


def test_a_command_that_changes_the_board_is_not_decided_together() -> None:
    board = voting_board(3, 2, True, 3)
    assert not can_join("add_note", PEOPLE[0], set())
    assert not can_join("set_phase", FAC, set())
    with pytest.raises(ValueError):
        decide_together(board.state, [({"type": "add_note", "text": "x"}, PEOPLE[0])], board.now)
