"""A command's outcome: its events, and what its sender is told.

``decide`` gives the events to append. The sender's ack carries a little more
(docs/protocol.md, ``ack``): the id of the note or cluster it made, how many
dots it has left. The domain knows both, so it hands them over together; the
transport adds only the sequence number the append gave the last event.

``new_board`` / ``check_new_board`` do the same for the commands that open a
board (``create_board``, ``import_board``), which the HTTP API sends before the
board has a join code: the input is checked first, so bad input leaves nothing
behind, then the first event is made once the code is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.domain import phases, portable
from server.domain.board import decide, parse_settings
from server.domain.state import Actor, BoardState, Command, Event
from server.domain.together import decide_together
from server.errors import DomainError, InvalidCommand

CREATOR = Actor("creator", "facilitator")  # who opens a board: whoever holds its new facilitator secret
OPENINGS = ("create_board", "import_board")


@dataclass
class Outcome:
    """What one accepted command did: ``events`` to append, ``result`` for its ack (without ``seq``)."""

    events: list[Event]
    result: dict[str, Any] = field(default_factory=dict)


def outcome_of(state: BoardState, actor: Actor, events: list[Event]) -> Outcome:
    """The outcome of ``events`` decided on ``state`` for ``actor`` (not yet folded)."""
    result: dict[str, Any] = {}
    dots = 0
    for ev in events:
        kind = ev["type"]
        if kind == "note_added":
            result["note"] = ev["note"]["id"]
        elif kind == "cluster_created":
            result["cluster"] = ev["id"]
        elif kind == "vote_placed":
            dots -= 1
        elif kind == "vote_removed":
            dots += 1
    if dots:
        result["dots_left"] = state.dots_left(actor.id) + dots
    return Outcome(events, result)


def decide_one(state: BoardState, command: Command, actor: Actor, now: float) -> Outcome:
    """``decide``, with the ack's result. Raises DomainError like ``decide``."""
    return outcome_of(state, actor, decide(state, command, actor, now))


def decide_many(state: BoardState, commands: list[tuple[Command, Actor]], now: float) -> list[Outcome | DomainError]:
    """Each command's outcome or refusal, as if decided and folded one after another.

    More than one command must be ones ``together.can_join`` lets go together.
    """
    if len(commands) == 1:
        command, actor = commands[0]
        try:
            return [decide_one(state, command, actor, now)]
        except DomainError as refusal:
            return [refusal]
    out: list[Outcome | DomainError] = []
    for (_, actor), events in zip(commands, decide_together(state, commands, now), strict=True):
        out.append(events if isinstance(events, DomainError) else outcome_of(state, actor, events))
    return out


def check_new_board(command: Command) -> None:
    """Raises InvalidCommand unless ``command`` would open a board (its settings, phases or document)."""
    kind = command.get("type")
    if kind == "create_board":
        parse_settings(command.get("settings") or {})
        phases.parse_agenda(command.get("phases") or [{"kind": "discuss", "title": "Discuss"}])
    elif kind == "import_board":
        portable.parse_document(command.get("document"))
    else:
        raise InvalidCommand(f"{kind!r} does not open a board")


def new_board(board_id: str, command: Command, code: str, facilitator_hash: str, now: float) -> list[Event]:
    """The first event of board ``board_id`` opened by ``command`` with its join ``code`` and secret's hash."""
    if command.get("type") not in OPENINGS:
        raise InvalidCommand(f"{command.get('type')!r} does not open a board")
    opening = {**command, "code": code, "facilitator_hash": facilitator_hash}
    return decide(BoardState(board_id), opening, CREATOR, now)
