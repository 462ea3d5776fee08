"""Saying "I'm done": a participant signals they have finished the current phase.

The facilitator (and the projector) see how many are done, so they can close a
timebox early. A signal belongs to one visit of a phase -- the number of phase
changes so far, ``len(state.history)`` -- so moving on (or coming back) starts
the count again at zero without any event to clear it.
"""

from __future__ import annotations

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event
from server.errors import InvalidCommand, NotAllowedNow


def visit(state: BoardState) -> int:
    return len(state.history)


def done_count(state: BoardState) -> int:
    now = visit(state)
    return sum(1 for v in state.done.values() if v == now)


def is_done(state: BoardState, participant: str) -> bool:
    return state.done.get(participant) == visit(state)


def mark_done(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Say "I'm done" with this phase (``done: false`` takes it back)."""
    rules.require_member(state, actor)
    done = cmd.get("done", True)
    if not isinstance(done, bool):
        raise InvalidCommand("done must be true or false")
    if done == is_done(state, actor.id):
        if done:
            raise NotAllowedNow("you have already said so", reason="already_done")
        raise NotAllowedNow("you had not said you are done", reason="not_done_yet")
    phase = state.phase
    return [
        {
            "type": "participant_done",
            "participant": actor.id,
            "phase": phase.id if phase else None,
            "done": done,
            "count": done_count(state) + (1 if done else -1),
        }
    ]


DECIDE = {"mark_done": mark_done}


def _fold_done(state: BoardState, ev: Event) -> None:
    if ev["done"]:
        state.done[ev["participant"]] = visit(state)
    else:
        state.done.pop(ev["participant"], None)


FOLD = {"participant_done": _fold_done}
