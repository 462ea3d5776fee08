"""Deciding a run of commands at once, as if one after another, without folding in between.

A plenary vote is hundreds of people each placing a dot at the same moment.
Decided one at a time, each command waits for the one before it to be stored.
Decided together they are stored in one append. That is only right when each
command reads nothing the others' events change. It holds for the kinds in
``TOGETHER``, sent by different actors:

- ``vote`` / ``unvote`` read the phase, the settings, the note and the
  voter's own dots, member record and group; their events change only the
  voter's dots;
- ``join`` reads the settings and the joiner's own dots and group; its event
  changes only the joiner's record.

The one exception is ``dots_placed``, the board-wide count carried by every
vote event. :func:`decide_together` counts it on from event to event.
``tests/domain/test_together.py`` checks against ``decide`` and ``fold``, one
command after another, that the events and refusals come out the same.
"""

from __future__ import annotations

from server.domain.board import decide
from server.domain.state import Actor, BoardState, Command, Event
from server.errors import DomainError

TOGETHER = frozenset({"vote", "unvote", "join"})
_DOTS = {"vote_placed": 1, "vote_removed": -1}


def can_join(kind: str, actor: Actor, actors: set[str]) -> bool:
    """Whether a command of ``kind`` by ``actor`` may be decided together with those of ``actors``."""
    return kind in TOGETHER and actor.id not in actors


def decide_together(state: BoardState, commands: list[tuple[Command, Actor]], now: float) -> list[list[Event] | DomainError]:
    """Each command's events (or its refusal), the same as deciding and folding them one after another.

    Raises ValueError for commands that cannot be decided together (see :func:`can_join`).
    """
    out: list[list[Event] | DomainError] = []
    actors: set[str] = set()
    placed = state.total_dots()
    for command, actor in commands:
        if not can_join(command.get("type", ""), actor, actors):
            raise ValueError(f"{command.get('type')!r} by {actor.id!r} cannot be decided with the others")
        actors.add(actor.id)
        try:
            events = decide(state, command, actor, now)
        except DomainError as refusal:
            out.append(refusal)
            continue
        for event in events:
            step = _DOTS.get(event["type"])
            if step is not None:
                placed += step
                event["dots_placed"] = placed
        out.append(events)
    return out
