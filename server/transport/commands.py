"""Commands waiting to be decided on a board, and how a group of them is formed and answered.

A board's commands are decided and appended one group at a time (``LiveBoard``):
while an append is in flight the next commands queue up, and the run of them
that can be decided together (``server.domain.together``) goes in the next
append. Under load that is one append for many dots instead of one each.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any

from server.domain.board import decide
from server.domain.state import Actor, BoardState, Event
from server.domain.together import TOGETHER, can_join, decide_together
from server.errors import DomainError

MAX_TOGETHER = 256  # commands decided together and stored in one append


@dataclass
class Queued:
    """A command waiting to be decided here, and the future its sender awaits."""

    actor: Actor
    kind: str
    args: dict[str, Any]
    op: str | None
    answer: asyncio.Future[Any]

    @property
    def key(self) -> str | None:
        return f"{self.actor.id}:{self.op}" if self.op is not None else None

    def give(self, result: Any) -> None:
        if not self.answer.done():
            self.answer.set_result(result)

    def fail(self, error: Exception) -> None:
        if not self.answer.done():
            self.answer.set_exception(error)


def take_group(queue: deque[Queued]) -> list[Queued]:
    """The next command, and the ones queued behind it that can be decided together with it."""
    first = queue.popleft()
    group, actors = [first], {first.actor.id}
    while (queue and len(group) < MAX_TOGETHER and first.kind in TOGETHER
           and can_join(queue[0].kind, queue[0].actor, actors)):
        actors.add(queue[0].actor.id)
        group.append(queue.popleft())
    return group


def decide_group(state: BoardState, group: list[Queued], now: float) -> list[list[Event] | DomainError]:
    """Each command's events or refusal, decided on ``state`` as if one after another."""
    commands = [({**q.args, "type": q.kind}, q.actor) for q in group]
    if len(group) > 1:
        return decide_together(state, commands, now)
    try:
        return [decide(state, commands[0][0], commands[0][1], now)]
    except DomainError as refusal:
        return [refusal]


def result_of(state: BoardState, actor: Actor, events: list[Event], seq: int) -> dict[str, Any]:
    """The ack result of a command whose ``events`` end at ``seq``, decided on ``state``."""
    result: dict[str, Any] = {"seq": seq}
    for ev in events:
        if ev["type"] == "note_added":
            result["note"] = ev["note"]["id"]
        elif ev["type"] == "cluster_created":
            result["cluster"] = ev["id"]
        elif ev["type"] == "vote_placed":
            result["dots_left"] = state.dots_left(actor.id) - 1
        elif ev["type"] == "vote_removed":
            result["dots_left"] = state.dots_left(actor.id) + 1
    return result
