"""Sticky notes: add, edit, move, recolour, delete; hide, unhide and merge (facilitator)."""

from __future__ import annotations

from typing import Any

from server.domain import rules
from server.domain.state import COLORS, Actor, BoardState, Command, Event, Note
from server.errors import Forbidden, InvalidCommand

# Participants may add notes in these phases (the facilitator always may).
WRITING_PHASES = ("write", "group", "discuss")


def _position(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidCommand(f"{name} must be a number from 0 to 1")
    return float(value)


def _color(value: Any) -> str:
    if value not in COLORS:
        raise InvalidCommand(f"colour must be one of {', '.join(COLORS)}")
    return str(value)


def _own(state: BoardState, actor: Actor, note_id: Any) -> Note:
    n = rules.note(state, note_id, for_actor=actor)
    if n.author != actor.id and not rules.is_facilitator(actor):
        raise Forbidden("you can only change your own notes", reason="own_notes_only")
    return n


def add_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_member(state, actor)
    text = rules.clean_text(state, cmd.get("text"))
    rules.require_phase(state, actor, *WRITING_PHASES)
    n = state.next_id
    # Without a position, scatter new notes deterministically over the canvas.
    x = _position(cmd["x"], "x") if cmd.get("x") is not None else round((n * 0.618034) % 0.9 + 0.02, 4)
    y = _position(cmd["y"], "y") if cmd.get("y") is not None else round((n * 0.414214) % 0.85 + 0.03, 4)
    person = state.participants.get(actor.id)
    note = Note(
        id=rules.new_id(state, "n"),
        author=actor.id,
        group=person.group if person else "Facilitator",
        text=text,
        color=_color(cmd.get("color") or "yellow"),
        x=x,
        y=y,
        private=state.phase_kind == "write",
    )
    event: Event = {"type": "note_added", "note": rules.note_dict(note)}
    if person and state.settings.anonymous and state.group_size(person.group) < state.settings.group_threshold:
        event["group_hidden"] = True  # too few of this group here: their group would name them
    return [event]


def edit_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    n = _own(state, actor, cmd.get("note"))
    if not rules.is_facilitator(actor):
        rules.require_phase(state, actor, *WRITING_PHASES)
    text = rules.clean_text(state, cmd.get("text"))
    return [
        {"type": "note_edited", "id": n.id, "text": text, "private": n.private, "author": n.author, "hidden": n.hidden}
    ]


def move_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_member(state, actor)
    n = rules.note(state, cmd.get("note"), for_actor=actor)
    if n.author != actor.id:
        # Anyone may arrange notes while grouping; otherwise only the author.
        rules.require_phase(state, actor, "group")
    x, y = _position(cmd.get("x"), "x"), _position(cmd.get("y"), "y")
    return [{"type": "note_moved", "id": n.id, "x": x, "y": y, "hidden": n.hidden}]


def recolor_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    n = _own(state, actor, cmd.get("note"))
    return [{"type": "note_recolored", "id": n.id, "color": _color(cmd.get("color")), "hidden": n.hidden}]


def delete_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    n = _own(state, actor, cmd.get("note"))
    return [{"type": "note_deleted", "id": n.id, "dots_placed": state.total_dots() - state.note_total(n.id)}]


def hide_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    n = rules.note(state, cmd.get("note"))
    hidden = cmd.get("hidden", True)
    if not isinstance(hidden, bool):
        raise InvalidCommand("hidden must be true or false")
    if hidden == n.hidden:
        if hidden:
            raise InvalidCommand("the note is already hidden", reason="note_already_hidden")
        raise InvalidCommand("the note is already visible", reason="note_already_visible")
    if hidden:
        return [{"type": "note_hidden", "id": n.id}]
    event: Event = {"type": "note_unhidden", "note": rules.note_dict(n)}
    if n.id in state.unattributed:
        event["group_hidden"] = True
    return [event]


def merge_notes(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Fold ``source`` into ``target``: the source goes away, its dots move to the target."""
    rules.require_facilitator(actor)
    source = rules.note(state, cmd.get("source"))
    target = rules.note(state, cmd.get("target"))
    if source.id == target.id:
        raise InvalidCommand("cannot merge a note into itself", reason="merge_into_itself")
    # A voter's dots follow to the target up to the per-note cap; the rest go back to their budget.
    cap = state.settings.max_dots_per_note
    moved: dict[str, int] = {}
    for pid, mine in state.votes.items():
        count = min(mine.get(source.id, 0), max(0, cap - mine.get(target.id, 0)))
        if count > 0:
            moved[pid] = count
    merged: dict[str, Any] = state.note_tally(target.id)
    for pid, count in moved.items():
        group = state.voter_group(pid)
        merged["total"] += count
        merged["by_group"][group] = merged["by_group"].get(group, 0) + count
    return [
        {
            "type": "note_merged",
            "source": source.id,
            "target": target.id,
            "moved": moved,
            "target_tally": merged,
            "blind": not state.tallies_visible_to_all(),
            "dots_placed": state.total_dots() - state.note_total(source.id) + sum(moved.values()),
        }
    ]


DECIDE = {
    "add_note": add_note,
    "edit_note": edit_note,
    "move_note": move_note,
    "recolor_note": recolor_note,
    "delete_note": delete_note,
    "hide_note": hide_note,
    "merge_notes": merge_notes,
}


def _fold_added(state: BoardState, ev: Event) -> None:
    state.notes[ev["note"]["id"]] = Note(**ev["note"])
    state.next_id += 1
    if ev.get("group_hidden"):
        state.unattributed.add(ev["note"]["id"])


def _fold_edited(state: BoardState, ev: Event) -> None:
    state.notes[ev["id"]].text = ev["text"]


def _fold_moved(state: BoardState, ev: Event) -> None:
    n = state.notes[ev["id"]]
    n.x, n.y = ev["x"], ev["y"]


def _fold_recolored(state: BoardState, ev: Event) -> None:
    state.notes[ev["id"]].color = ev["color"]


def _fold_deleted(state: BoardState, ev: Event) -> None:
    del state.notes[ev["id"]]
    state.unattributed.discard(ev["id"])
    state.drop_note_dots(ev["id"])
    state.decisions.pop(ev["id"], None)  # also when merged away: mark the target instead


def _fold_hidden(state: BoardState, ev: Event) -> None:
    state.notes[ev["id"]].hidden = True


def _fold_unhidden(state: BoardState, ev: Event) -> None:
    state.notes[ev["note"]["id"]].hidden = False


def _fold_merged(state: BoardState, ev: Event) -> None:
    source, target = ev["source"], ev["target"]
    for pid, count in ev["moved"].items():
        state.add_dots(pid, target, count)
    _fold_deleted(state, {"id": source})


FOLD = {
    "note_added": _fold_added,
    "note_edited": _fold_edited,
    "note_moved": _fold_moved,
    "note_recolored": _fold_recolored,
    "note_deleted": _fold_deleted,
    "note_hidden": _fold_hidden,
    "note_unhidden": _fold_unhidden,
    "note_merged": _fold_merged,
}
