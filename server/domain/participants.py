"""People on the board: join with an optional name and a stakeholder group, leave."""

from __future__ import annotations

from server.domain.state import Actor, BoardState, Command, Event, Participant
from server.domain.text import plain
from server.errors import Forbidden, InvalidCommand, NotAllowedNow

NAME_LIMIT = 40


def join(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Join, or change one's name and group (joining again updates them)."""
    if actor.role not in ("participant", "facilitator"):
        raise Forbidden("the projector view cannot join", reason="projector_read_only")
    name = cmd.get("name") or ""
    if not isinstance(name, str) or len(name.strip()) > NAME_LIMIT:
        raise InvalidCommand(f"name must be text of at most {NAME_LIMIT} characters", reason="name_too_long",
                             params={"max": NAME_LIMIT})
    group = cmd.get("group")
    if group not in state.settings.groups:
        raise InvalidCommand("group must be one of the board's stakeholder groups", reason="choose_group")
    if state.dots_used(actor.id) and group != state.voter_group(actor.id):
        # Tallies by group count each dot for its voter's group; moving them would rewrite results.
        raise NotAllowedNow("take your dots back before changing your stakeholder group", reason="take_dots_back")
    person = {"id": actor.id, "name": plain(name).strip(), "group": group, "role": actor.role}
    return [{"type": "participant_joined", "participant": person}]


def leave(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    if actor.id not in state.participants:
        raise Forbidden("you have not joined", reason="not_joined")
    return [{"type": "participant_left", "id": actor.id}]


DECIDE = {"join": join, "leave": leave}


def _fold_joined(state: BoardState, ev: Event) -> None:
    p = ev["participant"]
    before = state.voter_group(p["id"])
    state.participants[p["id"]] = Participant(p["id"], p["name"], p["group"], p["role"])
    state.regroup_voter(p["id"], before)  # join refuses a new group to a voter with dots; an old log may not


def _fold_left(state: BoardState, ev: Event) -> None:
    state.participants[ev["id"]].present = False


FOLD = {"participant_joined": _fold_joined, "participant_left": _fold_left}
