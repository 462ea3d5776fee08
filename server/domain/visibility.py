"""What each viewer may see: secrecy is decided here, on the server.

A participant never receives another participant's private (unrevealed) note
text, blind vote tallies, hidden notes, anonymous authors, or the board's
secrets -- not even inside a frame the UI would ignore.

``view_event`` gives one event as a viewer sees it (or ``None``). Most events
look the same to every participant; ``personal_ids`` names the participants
for whom this event looks different, so the transport can encode one frame for
everyone else and one per named participant.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain import done
from server.domain.state import Actor, BoardState, Event, Participant, Settings

INTERNAL_KEYS = ("op", "result")


def _public(event: Event) -> Event:
    return {k: v for k, v in event.items() if k not in INTERNAL_KEYS}


def _sees_private(viewer: Actor, settings: Settings) -> bool:
    return viewer.role == "facilitator" and settings.facilitator_sees_private


def _note_view(note: dict[str, Any], viewer: Actor, settings: Settings, group_hidden: bool = False) -> dict[str, Any]:
    own = note["author"] == viewer.id
    out = dict(note)
    if settings.anonymous and not own and viewer.role != "facilitator":
        out["author"] = None
        if group_hidden:
            out["group"] = None  # too few of that group had joined: the group would name its writer
    if note.get("private") and not own and not _sees_private(viewer, settings):
        out["text"] = None
    return out


def personal_ids(event: Event, settings: Settings) -> tuple[str, ...]:
    """Participants who see this event differently from other participants."""
    kind = event["type"]
    if kind == "note_added":
        return (event["note"]["author"],)
    if kind == "note_unhidden":
        return (event["note"]["author"],)
    if kind == "note_edited":  # the author sees the text while private, and their own name when anonymous
        return (event["author"],)
    if kind == "participant_joined":
        return (event["participant"]["id"],)
    if kind == "participant_left":
        return (event["id"],)  # the leaver sees their own id, everyone else None
    if kind in ("vote_placed", "vote_removed", "participant_done"):
        return (event["participant"],)
    if kind == "note_merged" and event["moved"]:
        return tuple(event["moved"])
    return ()


def view_event(event: Event, viewer: Actor, settings: Settings) -> Event | None:
    """The event as ``viewer`` may see it, or None when they may see nothing of it."""
    kind = event["type"]
    if kind in ("board_created", "board_imported"):
        return None
    ev = _public(event)
    facilitator = viewer.role == "facilitator"
    if ev.get("hidden") and not facilitator:
        return None  # the facilitator changing a hidden note: note_unhidden brings it back as it is
    if kind in ("note_added", "note_unhidden"):
        ev["note"] = _note_view(ev["note"], viewer, settings, bool(ev.pop("group_hidden", False)))
        return ev
    if kind == "notes_revealed":
        ev["notes"] = [_note_view(n, viewer, settings) for n in ev["notes"] if facilitator or not n["hidden"]]
        return ev
    if kind == "note_edited":
        own = ev["author"] == viewer.id
        if ev["private"] and not own and not _sees_private(viewer, settings):
            return None
        if settings.anonymous and not own and not facilitator:
            ev["author"] = None
        return ev
    if kind == "note_hidden" or kind == "note_deleted":
        return ev
    if kind in ("vote_placed", "vote_removed"):
        own = ev["participant"] == viewer.id
        if own or facilitator:
            ev["mine"] = own
            return ev
        if ev["blind"]:
            return {
                "type": kind,
                "blind": True,
                "note": None,
                "group": None,
                "participant": None,
                "mine": False,
                "dots_placed": ev["dots_placed"],
            }
        ev["participant"] = None
        ev["mine"] = False
        return ev
    if kind == "note_merged":
        ev["moved"] = {pid: n for pid, n in ev["moved"].items() if pid == viewer.id or facilitator}
        if ev["blind"] and not facilitator:
            ev["target_tally"] = None
        return ev
    if kind == "participant_joined":
        person = dict(ev["participant"])
        if person["id"] != viewer.id and not facilitator:
            person["id"] = None
            if settings.anonymous:
                person["name"] = ""
        ev["participant"] = person
        return ev
    if kind == "participant_left":
        if not facilitator and ev["id"] != viewer.id:
            ev["id"] = None
        return ev
    if kind == "participant_done" and not facilitator and ev["participant"] != viewer.id:
        ev["participant"] = None
    return ev


def _snapshot_notes(state: BoardState, viewer: Actor) -> list[dict[str, Any]]:
    """``_note_view(asdict(n))`` of every note ``viewer`` may see, built directly (asdict is ~10 µs a note).

    The keys are ``Note``'s fields in order (a test holds this to the asdict construction).
    """
    settings = state.settings
    facilitator = viewer.role == "facilitator"
    me = viewer.id
    hide_author = settings.anonymous and not facilitator
    sees_private = _sees_private(viewer, settings)
    out = []
    for n in state.notes.values():
        if n.hidden and not facilitator:
            continue
        own = n.author == me
        out.append(
            {
                "id": n.id,
                "author": None if hide_author and not own else n.author,
                "group": None if hide_author and not own and n.id in state.unattributed else n.group,
                "text": None if n.private and not own and not sees_private else n.text,
                "color": n.color,
                "x": n.x,
                "y": n.y,
                "cluster": n.cluster,
                "hidden": n.hidden,
                "private": n.private,
            }
        )
    return out


def readable_text(state: BoardState, viewer: Actor, note_id: str) -> str | None:
    """A note's text as ``viewer`` reads it in ``snapshot``: None for a note hidden from them or private to another."""
    n = state.notes.get(note_id)
    if n is None or (n.hidden and viewer.role != "facilitator"):
        return None
    if n.private and n.author != viewer.id and not _sees_private(viewer, state.settings):
        return None
    return n.text


def sees_tallies(state: BoardState, viewer: Actor) -> bool:
    """Whether ``viewer``'s snapshot carries the tallies (the facilitator's always; others' once they are not blind)."""
    return viewer.role == "facilitator" or state.tallies_visible_to_all()


def _person(p: Participant) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "group": p.group, "role": p.role, "present": p.present}


def snapshot(state: BoardState, viewer: Actor, now: float) -> dict[str, Any]:
    """The whole board as ``viewer`` may see it (the ``board`` field of ``welcome``)."""
    settings = state.settings
    facilitator = viewer.role == "facilitator"
    notes = _snapshot_notes(state, viewer)
    tallies: dict[str, Any] | None = None
    if sees_tallies(state, viewer):
        tallies = state.tallies()  # kept up to date as dots are folded; a copy
    me = state.participants.get(viewer.id)
    return {
        "id": state.id,
        "code": state.code,
        "settings": asdict(settings),
        "phases": [asdict(p) for p in state.phases],
        "phase_index": state.phase_index,
        "phase_closed": state.phase_closed,
        "phase_started_at": state.phase_started_at,
        "timer": asdict(state.timer),
        "notes": notes,
        "clusters": [{"id": c.id, "name": c.name} for c in state.clusters.values()],
        "tallies": tallies,
        "votes_revealed": state.votes_revealed,
        "dots_placed": state.total_dots(),
        "my_votes": dict(state.votes.get(viewer.id, {})),
        "participants": [_person(p) for p in state.participants.values()] if facilitator else None,
        "me": _person(me) if me else None,
        "history": list(state.history),
        "decisions": [
            {"target": d.target, "kind": d.kind, "owner": d.owner, "next_step": d.next_step, "due": d.due}
            for d in state.decisions.values()
        ],
        "done": {"count": done.done_count(state), "mine": done.is_done(state, viewer.id)},
        "archived": state.archived,
        "projector": asdict(state.projector),
        "gathering": dict(state.gathering) if state.gathering else None,
        "announcement": dict(state.announcement) if state.announcement else None,
        "reporters": list(state.reporters),
        "seq": state.seq,
        "now": now,
    }
