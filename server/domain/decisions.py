"""Decisions and priorities: notes or clusters the facilitator marks, with roadmap fields.

A board may limit how many it keeps (``settings.max_priorities``; 0 means no
limit) -- the priorities workshop narrows many ideas down to a few. Each
decision carries the roadmap fields *owner*, *next step* and *due* (an ISO
date). Deleting the note or cluster, or merging the note into another, drops
its decision (``notes`` and ``clusters`` fold that).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Decision, Event
from server.domain.text import plain
from server.errors import InvalidCommand, NotAllowedNow, NotFound

OWNER_LIMIT = 80
NEXT_STEP_LIMIT = 280
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def target_kind(state: BoardState, target: Any) -> str:
    """``"note"`` or ``"cluster"`` for a target that can become a decision; refuses the others."""
    if not isinstance(target, str):
        raise InvalidCommand("target must be a note or cluster id")
    note = state.notes.get(target)
    if note is not None:
        if note.hidden:
            raise NotAllowedNow("a hidden note cannot be a decision: unhide it first", reason="hidden_note_decision")
        if note.private:
            raise NotAllowedNow("reveal the notes first", reason="reveal_notes_first")
        return "note"
    if target in state.clusters:
        return "cluster"
    raise NotFound(f"no note or cluster {target!r}", reason="target_not_found")


def mark_decision(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Mark a note or cluster as a decision (``decided: false`` takes the mark and its roadmap away)."""
    rules.require_facilitator(actor)
    target = cmd.get("target")
    decided = cmd.get("decided", True)
    if not isinstance(decided, bool):
        raise InvalidCommand("decided must be true or false")
    if not decided:
        found = state.decisions.get(target) if isinstance(target, str) else None
        if found is None:
            raise NotFound("that is not a decision", reason="not_a_decision")
        return [{"type": "decision_marked", "target": found.target, "kind": found.kind, "decided": False}]
    kind = target_kind(state, target)
    if target in state.decisions:
        raise NotAllowedNow("that is already a decision", reason="already_a_decision")
    limit = state.settings.max_priorities
    if limit and len(state.decisions) >= limit:
        raise NotAllowedNow(f"this board keeps at most {limit} priorities: unmark one first", reason="priorities_full",
                            params={"count": limit})
    return [{"type": "decision_marked", "target": target, "kind": kind, "decided": True}]


def _text(cmd: Command, name: str, current: str, limit: int, reason: str) -> str:
    if name not in cmd:
        return current
    value = cmd[name]
    if value is None:
        return ""
    if not isinstance(value, str) or len(plain(value).strip()) > limit:
        raise InvalidCommand(f"{name} must be text of at most {limit} characters", reason=reason,
                             params={"max": limit})
    return plain(value).strip()


def parse_due(value: Any) -> str:
    """An ISO date ``YYYY-MM-DD`` (what a date input sends), or empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InvalidCommand("due must be a date like 2026-03-31, or empty", reason="due_date_invalid")


def set_roadmap(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Set a decision's owner, next step and due date; fields left out keep their value, null clears."""
    rules.require_facilitator(actor)
    target = cmd.get("target")
    found = state.decisions.get(target) if isinstance(target, str) else None
    if found is None:
        raise NotFound("mark it as a decision first", reason="mark_decision_first")
    return [
        {
            "type": "roadmap_set",
            "target": found.target,
            "owner": _text(cmd, "owner", found.owner, OWNER_LIMIT, reason="owner_too_long"),
            "next_step": _text(cmd, "next_step", found.next_step, NEXT_STEP_LIMIT, reason="next_step_too_long"),
            "due": parse_due(cmd["due"]) if "due" in cmd else found.due,
        }
    ]


DECIDE = {"mark_decision": mark_decision, "set_roadmap": set_roadmap}


def _fold_marked(state: BoardState, ev: Event) -> None:
    if ev["decided"]:
        state.decisions[ev["target"]] = Decision(ev["target"], ev["kind"])
    else:
        state.decisions.pop(ev["target"], None)


def _fold_roadmap(state: BoardState, ev: Event) -> None:
    d = state.decisions[ev["target"]]
    d.owner, d.next_step, d.due = ev["owner"], ev["next_step"], ev["due"]


FOLD = {"decision_marked": _fold_marked, "roadmap_set": _fold_roadmap}
