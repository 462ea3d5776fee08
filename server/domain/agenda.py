"""Editing a live board's agenda: add, remove, reorder and rename phases, change their timeboxes.

``set_agenda`` sends the whole new list of phases (the console edits a copy and
sends it back), so one event says what the agenda is now. Phases keep their
``id``; a phase sent without one is new and gets a fresh id. What happened
stays true: the current phase cannot be removed or change its kind, and a
phase that has already run cannot be removed (it is in the report's timings).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain import phase_words, phases, rules
from server.domain.state import Actor, BoardState, Command, Event, Phase
from server.errors import InvalidCommand, NotAllowedNow


def _with_ids(raw: list[Any], taken: set[str]) -> list[Any]:
    """Give each new phase (no id) an id that no kept, new or past phase uses."""
    out: list[Any] = []
    n = 1
    for item in raw:
        if isinstance(item, dict) and not item.get("id"):
            while f"p{n}" in taken:
                n += 1
            item = {**item, "id": f"p{n}"}
            taken.add(f"p{n}")
        out.append(item)
    return out


def set_agenda(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    raw = cmd.get("phases")
    if not isinstance(raw, list) or not 1 <= len(raw) <= phases.MAX_PHASES:
        raise InvalidCommand(f"an agenda has 1 to {phases.MAX_PHASES} phases", reason="agenda_size",
                             params={"max": phases.MAX_PHASES})
    visited = {str(h["phase"]) for h in state.history}
    taken = {str(p["id"]) for p in raw if isinstance(p, dict) and p.get("id")}
    taken |= {p.id for p in state.phases} | visited
    agenda = phases.parse_agenda(_with_ids(raw, taken))
    before = {p.id: p for p in state.phases}
    agenda = [phase_words.after_edit(before.get(p.id), p, isinstance(sent, dict) and "i18n" in sent)
              for p, sent in zip(agenda, raw, strict=True)]
    ids = [p.id for p in agenda]
    current = state.phase
    if current is None or current.id not in ids:
        raise NotAllowedNow("the current phase cannot be removed: move to another phase first",
                            reason="current_phase_kept")
    index = ids.index(current.id)
    if agenda[index].kind != current.kind:
        raise NotAllowedNow("the current phase cannot change its kind: add a new phase and move to it",
                            reason="current_phase_kind")
    for old in state.phases:
        if old.id not in ids and old.id in visited:
            raise NotAllowedNow(f"the phase {old.title!r} has already run: it stays on the agenda (and in the report)",
                                reason="phase_has_run", params={"title": old.title})
    new = [asdict(p) for p in agenda]
    if new == [asdict(p) for p in state.phases]:
        raise NotAllowedNow("the agenda is unchanged", reason="agenda_unchanged")
    return [{"type": "agenda_changed", "phases": new, "index": index}]


DECIDE = {"set_agenda": set_agenda}


def _fold_changed(state: BoardState, ev: Event) -> None:
    state.phases = [Phase(**p) for p in ev["phases"]]
    state.phase_index = ev["index"]


FOLD = {"agenda_changed": _fold_changed}
