"""The agenda: phases with kinds and rules, moved through by the facilitator."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain import phase_words, rules
from server.domain.state import PHASE_KINDS, Actor, BoardState, Command, Event, Phase, Timer
from server.domain.text import plain
from server.errors import InvalidCommand, NotAllowedNow

TITLE_LIMIT = 80
HINT_LIMIT = 280
MAX_PHASES = 40


def parse_phase(raw: Any, index: int) -> Phase:
    """A phase from untrusted input (a template or the agenda editor)."""
    if not isinstance(raw, dict):
        raise InvalidCommand("each phase must be a map")
    kind = raw.get("kind")
    if kind not in PHASE_KINDS:
        raise InvalidCommand(f"phase kind must be one of {', '.join(PHASE_KINDS)}")
    title = raw.get("title") or str(kind).capitalize()
    if not isinstance(title, str) or len(title) > TITLE_LIMIT:
        raise InvalidCommand(f"phase title must be text of at most {TITLE_LIMIT} characters",
                             reason="phase_title_too_long", params={"max": TITLE_LIMIT})
    duration = raw.get("duration")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= 86400):
        raise InvalidCommand("phase duration must be whole seconds from 1 to 86400", reason="phase_duration_range",
                             params={"min": 1, "max": 86400})
    close = raw.get("close_on_timer", False)
    if not isinstance(close, bool):
        raise InvalidCommand("close_on_timer must be true or false")
    auto = raw.get("auto_timer", False)
    if not isinstance(auto, bool):
        raise InvalidCommand("auto_timer must be true or false")
    phase_id = raw.get("id") or f"p{index + 1}"
    if not isinstance(phase_id, str) or len(phase_id) > 40:
        raise InvalidCommand("phase id must be short text")
    hint = raw.get("hint") or ""
    if not isinstance(hint, str) or len(hint) > HINT_LIMIT:
        raise InvalidCommand(f"phase hint must be text of at most {HINT_LIMIT} characters",
                             reason="phase_hint_too_long", params={"max": HINT_LIMIT})
    return Phase(id=phase_id, kind=str(kind), title=plain(title).strip(), duration=duration, close_on_timer=close,
                 hint=plain(hint).strip(), auto_timer=auto,
                 i18n=phase_words.parse_words(raw.get("i18n"), TITLE_LIMIT, HINT_LIMIT))


def parse_agenda(raw: Any) -> list[Phase]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_PHASES:
        raise InvalidCommand(f"an agenda has 1 to {MAX_PHASES} phases", reason="agenda_size",
                             params={"max": MAX_PHASES})
    phases = [parse_phase(p, i) for i, p in enumerate(raw)]
    if len({p.id for p in phases}) != len(phases):
        raise InvalidCommand("phase ids must be unique")
    return phases


def _go_to(state: BoardState, index: int, now: float) -> list[Event]:
    if not 0 <= index < len(state.phases):
        raise NotAllowedNow("there is no phase there", reason="no_phase_there")
    if index == state.phase_index:
        raise NotAllowedNow("already in that phase", reason="already_in_phase")
    events: list[Event] = []
    kind = state.phases[index].kind
    if kind != "write":
        events += _reveal_notes(state)
    if kind == "results" and not state.votes_revealed:
        events.append({"type": "votes_revealed", "tallies": state.tallies()})
    t = state.timer
    phase = state.phases[index]
    # A phase without a timebox has no timer (duration 0: screens show none), not the last one's.
    duration = float(phase.duration or 0)
    events.append({"type": "timer_reset", "timer": asdict(Timer("idle", t.generation + 1, duration, None, None))})
    events.append({"type": "phase_changed", "index": index, "at": now})
    if phase.auto_timer and phase.duration:
        # The timebox starts with the phase; its expiry is one logged command, as for a started timer.
        running = Timer("running", t.generation + 2, duration, now + duration, None)
        events.append({"type": "timer_started", "timer": asdict(running)})
    return events


def _reveal_notes(state: BoardState) -> list[Event]:
    private = [n for n in state.notes.values() if n.private]
    if not private:
        return []
    # Hidden ones too: the facilitator may not have their text yet; view_event drops them for others.
    notes = [
        {
            **rules.note_dict(n, author=not state.settings.anonymous),
            "private": False,
            **({"group": None} if n.id in state.unattributed else {}),  # sent to all: no group that names
        }
        for n in private
    ]
    return [{"type": "notes_revealed", "ids": [n.id for n in private], "notes": notes}]


def next_phase(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    return _go_to(state, state.phase_index + 1, now)


def previous_phase(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    return _go_to(state, state.phase_index - 1, now)


def set_phase(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    index = cmd.get("index")
    if isinstance(index, bool) or not isinstance(index, int):
        raise InvalidCommand("index must be a whole number")
    return _go_to(state, index, now)


def reveal_notes(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    events = _reveal_notes(state)
    if not events:
        raise NotAllowedNow("there are no private notes to reveal", reason="no_private_notes")
    return events


def close_phase(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    closed = cmd.get("closed", True)
    if not isinstance(closed, bool):
        raise InvalidCommand("closed must be true or false")
    if closed == state.phase_closed:
        if closed:
            raise NotAllowedNow("the phase is already closed", reason="phase_already_closed")
        raise NotAllowedNow("the phase is already open", reason="phase_already_open")
    return [{"type": "phase_closed" if closed else "phase_reopened", "index": state.phase_index}]


DECIDE = {
    "next_phase": next_phase,
    "previous_phase": previous_phase,
    "set_phase": set_phase,
    "reveal_notes": reveal_notes,
    "close_phase": close_phase,
}


def _fold_changed(state: BoardState, ev: Event) -> None:
    state.phase_index = ev["index"]
    state.phase_closed = False
    state.phase_started_at = ev["at"]
    state.history.append({"phase": state.phases[ev["index"]].id, "started": ev["at"]})
    if state.phases[ev["index"]].kind == "vote":
        state.votes_revealed = False


def _fold_notes_revealed(state: BoardState, ev: Event) -> None:
    for note_id in ev["ids"]:
        if note_id in state.notes:
            state.notes[note_id].private = False


def _fold_closed(state: BoardState, ev: Event) -> None:
    state.phase_closed = True


def _fold_reopened(state: BoardState, ev: Event) -> None:
    state.phase_closed = False


FOLD = {
    "phase_changed": _fold_changed,
    "notes_revealed": _fold_notes_revealed,
    "phase_closed": _fold_closed,
    "phase_reopened": _fold_reopened,
}
