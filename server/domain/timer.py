"""The server-authoritative timer, stored as an absolute deadline.

Expiry is a command like any other (``expire_timer``, sent by the server with
the timer's generation): the log accepts it once, so it fires once, however many
processes try.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event, Timer
from server.errors import Forbidden, InvalidCommand, NotAllowedNow

MAX_DURATION = 24 * 3600
MAX_ADJUST = 3600


def _seconds(value: Any, name: str, low: int, high: int, reason: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InvalidCommand(f"{name} must be a number of seconds from {low:g} to {high:g}", reason=reason,
                             params={"min": low, "max": high})
    return float(value)


def _event(kind: str, timer: Timer) -> Event:
    return {"type": kind, "timer": asdict(timer)}


def start_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    default = state.phase.duration if state.phase and state.phase.duration else None
    raw = cmd.get("duration", default)
    duration = _seconds(raw, "duration", 1, MAX_DURATION, reason="timer_duration_range")
    t = Timer("running", state.timer.generation + 1, duration, now + duration, None)
    return [_event("timer_started", t)]


def pause_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    t = state.timer
    if t.status != "running" or t.deadline is None:
        raise NotAllowedNow("the timer is not running", reason="timer_not_running")
    return [_event("timer_paused", Timer("paused", t.generation, t.duration, None, max(0.0, t.deadline - now)))]


def resume_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    t = state.timer
    if t.status != "paused" or t.remaining is None:
        raise NotAllowedNow("the timer is not paused", reason="timer_not_paused")
    return [_event("timer_resumed", Timer("running", t.generation, t.duration, now + t.remaining, None))]


def adjust_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Add (or with a negative number remove) seconds from a running or paused timer."""
    rules.require_facilitator(actor)
    delta = _seconds(cmd.get("seconds"), "seconds", -MAX_ADJUST, MAX_ADJUST, reason="timer_adjust_range")
    t = state.timer
    if t.status == "running" and t.deadline is not None:
        adjusted = Timer("running", t.generation, t.duration, max(now, t.deadline + delta), None)
    elif t.status == "paused" and t.remaining is not None:
        adjusted = Timer("paused", t.generation, t.duration, None, max(0.0, t.remaining + delta))
    else:
        raise NotAllowedNow("start the timer first", reason="timer_not_started")
    return [_event("timer_adjusted", adjusted)]


def reset_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    t = state.timer
    return [_event("timer_reset", Timer("idle", t.generation + 1, t.duration, None, None))]


def expire_timer(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Sent by the server when a deadline passes; refused if already expired or stale."""
    if actor.role != "system":
        raise Forbidden("only the server expires the timer")
    t = state.timer
    if t.status != "running" or t.deadline is None or cmd.get("generation") != t.generation:
        raise NotAllowedNow("the timer is not running")
    if now < t.deadline:
        raise NotAllowedNow("the timer has time left")
    events = [_event("timer_expired", Timer("expired", t.generation, t.duration, None, None))]
    phase = state.phase
    if phase is not None and phase.close_on_timer and not state.phase_closed:
        events.append({"type": "phase_closed", "index": state.phase_index})
    return events


DECIDE = {
    "start_timer": start_timer,
    "pause_timer": pause_timer,
    "resume_timer": resume_timer,
    "adjust_timer": adjust_timer,
    "reset_timer": reset_timer,
    "expire_timer": expire_timer,
}


def _fold_timer(state: BoardState, ev: Event) -> None:
    state.timer = Timer(**ev["timer"])


FOLD = {
    kind: _fold_timer
    for kind in ("timer_started", "timer_paused", "timer_resumed", "timer_adjusted", "timer_reset", "timer_expired")
}
