"""How queued commands are grouped for one append."""

from __future__ import annotations

from collections import deque
from typing import Any

from server.domain.state import Actor
from server.engine.commands import Pending, take_group

P, Q, R = (Actor(x, "participant") for x in "pqr")
FAC = Actor("fac", "facilitator")


def nowhere(result: Any, error: Any) -> None:
    raise AssertionError("grouping answers nobody")


def queued(actor: Actor, kind: str, op: str) -> Pending:
    return Pending(nowhere, actor, kind, {"note": "n1"}, op)


def test_votes_of_different_people_go_together_and_a_second_vote_of_one_waits_in_its_place() -> None:
    p1, p2, q1 = queued(P, "vote", "1"), queued(P, "vote", "2"), queued(Q, "vote", "1")
    phase, r1 = queued(FAC, "set_phase", "1"), queued(R, "vote", "1")
    queue = deque([p1, p2, q1, phase, r1])
    groups = []
    while queue:
        groups.append([(q.actor.id, q.op) for q in take_group(queue)])
    assert groups == [[("p", "1"), ("q", "1")], [("p", "2")], [("fac", "1")], [("r", "1")]]


def test_a_command_that_changes_the_board_goes_alone() -> None:
    queue = deque([queued(FAC, "add_note", "1"), queued(P, "vote", "1")])
    assert [q.kind for q in take_group(queue)] == ["add_note"]
    assert [q.kind for q in take_group(queue)] == ["vote"]
