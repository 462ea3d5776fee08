"""Checks shared by the command handlers: who may act, and lookups that refuse."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain.state import Actor, BoardState, Cluster, Note
from server.domain.text import plain
from server.errors import Forbidden, InvalidCommand, NotAllowedNow, NotFound


def require_facilitator(actor: Actor) -> None:
    if actor.role != "facilitator":
        raise Forbidden("only the facilitator can do this", reason="facilitator_only")


def require_member(state: BoardState, actor: Actor) -> None:
    """The actor has joined the board (facilitators always count as joined)."""
    if actor.role == "projector":
        raise Forbidden("the projector view is read-only", reason="projector_read_only")
    if actor.role == "facilitator":
        return
    person = state.participants.get(actor.id)
    if actor.role != "participant" or person is None or not person.present:
        raise Forbidden("join the board first", reason="join_first")


def is_facilitator(actor: Actor) -> bool:
    return actor.role == "facilitator"


def note(state: BoardState, note_id: Any, *, for_actor: Actor | None = None) -> Note:
    """The note with this id; hidden notes exist only for the facilitator."""
    found = state.notes.get(note_id) if isinstance(note_id, str) else None
    if found is None or (found.hidden and for_actor is not None and not is_facilitator(for_actor)):
        raise NotFound(f"no note {note_id!r}", reason="note_not_found")
    return found


def cluster(state: BoardState, cluster_id: Any) -> Cluster:
    found = state.clusters.get(cluster_id) if isinstance(cluster_id, str) else None
    if found is None:
        raise NotFound(f"no cluster {cluster_id!r}", reason="cluster_not_found")
    return found


def require_phase(state: BoardState, actor: Actor, *kinds: str) -> None:
    """Participants act only in the listed phase kinds, and not after the phase closed."""
    if is_facilitator(actor):
        return
    if state.phase_kind not in kinds:
        raise NotAllowedNow(f"not during the {state.phase_kind} phase", reason="not_in_this_phase")
    if state.phase_closed:
        raise NotAllowedNow("this phase is closed", reason="phase_closed")


def clean_text(state: BoardState, text: Any, *, limit: int | None = None) -> str:
    if not isinstance(text, str):
        raise InvalidCommand("text must be a string")
    cleaned = plain(text).strip()
    if not cleaned:
        raise InvalidCommand("text is empty", reason="text_empty")
    limit = limit or state.settings.text_limit
    if len(cleaned) > limit:
        raise InvalidCommand(f"text is longer than {limit} characters", reason="text_too_long",
                             params={"max": limit})
    return cleaned


def new_id(state: BoardState, prefix: str) -> str:
    return f"{prefix}{state.next_id}"


def note_dict(n: Note, *, author: bool = True, text: bool = True) -> dict[str, Any]:
    out = asdict(n)
    if not author:
        out["author"] = None
    if not text:
        out["text"] = None
    return out
