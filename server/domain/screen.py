"""What the projector shows, chosen from the console: the room's screen has no controls.

The facilitator sends ``show_on_projector`` with any of ``group`` (show the dots of one
stakeholder group; "" for all), ``spotlight`` (a note or cluster shown large; null for none)
``qr`` (show the join QR code) and ``chime`` (a sound when time is up); fields left out keep
their value. Every screen gets the
``projector_changed`` event (it names ids only, never text), and the projector follows it.
"""

from __future__ import annotations

from dataclasses import asdict

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event, ProjectorView
from server.errors import InvalidCommand, NotAllowedNow, NotFound


def show_on_projector(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    view = ProjectorView(**asdict(state.projector))
    if "group" in cmd:
        group = cmd["group"]
        if not isinstance(group, str) or (group and group not in state.settings.groups):
            raise InvalidCommand("group must be one of the board's stakeholder groups, or empty for all")
        view.group = group
    if "spotlight" in cmd:
        target = cmd["spotlight"]
        if target is not None:
            _check_spotlight(state, target)
        view.spotlight = target
    for flag in ("qr", "chime"):
        if flag in cmd:
            if not isinstance(cmd[flag], bool):
                raise InvalidCommand(f"{flag} must be true or false")
            setattr(view, flag, cmd[flag])
    if view == state.projector:
        raise NotAllowedNow("the projector already shows that", reason="projector_unchanged")
    return [{"type": "projector_changed", "projector": asdict(view)}]


def _check_spotlight(state: BoardState, target: object) -> None:
    if not isinstance(target, str):
        raise InvalidCommand("spotlight must be a note or cluster id, or null")
    note = state.notes.get(target)
    if note is not None:
        if note.hidden or note.private:
            raise NotAllowedNow("a hidden or unrevealed note cannot be shown to the room", reason="spotlight_hidden")
        return
    if target not in state.clusters:
        raise NotFound("no such note or cluster", reason="target_not_found")


DECIDE = {"show_on_projector": show_on_projector}


def _fold_projector(state: BoardState, ev: Event) -> None:
    state.projector = ProjectorView(**ev["projector"])


FOLD = {"projector_changed": _fold_projector}
