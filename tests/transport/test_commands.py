"""How queued commands are grouped for one append."""

from __future__ import annotations

import asyncio
from collections import deque

from server.domain.state import Actor
from server.transport.commands import Queued, take_group

P, Q, R = (Actor(x, "participant") for x in "pqr")
FAC = Actor("fac", "facilitator")


def queued(actor: Actor, kind: str, op: str) -> Queued:
    return Queued(actor, kind, {"note": "n1"}, op, asyncio.get_running_loop().create_future())


async def test_votes_of_different_people_go_together_and_a_second_vote_of_one_waits_in_its_place() -> None:
    p1, p2, q1 = queued(P, "vote", "1"), queued(P, "vote", "2"), queued(Q, "vote", "1")
    phase, r1 = queued(FAC, "set_phase", "1"), queued(R, "vote", "1")
    queue = deque([p1, p2, q1, phase, r1])
    groups = []
    while queue:
        groups.append([(q.actor.id, q.op) for q in take_group(queue)])
    assert groups == [[("p", "1"), ("q", "1")], [("p", "2")], [("fac", "1")], [("r", "1")]]


async def test_a_command_that_changes_the_board_goes_alone() -> None:
    queue = deque([queued(FAC, "add_note", "1"), queued(P, "vote", "1")])
    assert [q.kind for q in take_group(queue)] == ["add_note"]
    assert [q.kind for q in take_group(queue)] == ["vote"]
