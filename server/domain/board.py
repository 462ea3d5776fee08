"""The one place that decides: ``decide(state, command, actor, now) -> events``.

``decide`` never changes the state; it returns the events to append, or raises
a :class:`~server.errors.DomainError`. ``fold`` applies one event to the state,
so folding a board's whole log rebuilds it. Both are pure: no clock (``now`` is
passed in), no randomness (ids come from ``state.next_id``), no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

from server.domain import (
    agenda,
    clusters,
    decisions,
    done,
    groups,
    lifecycle,
    membership,
    notes,
    participants,
    phase_words,
    phases,
    portable,
    rules,
    screen,
    timer,
    votes,
)
from server.domain.state import Actor, BoardState, Command, Event, Phase, Settings
from server.domain.text import plain
from server.errors import DomainError, InvalidCommand, NotAllowedNow
from server.i18n import LANGUAGES

Decider = Callable[[BoardState, Command, Actor, float], list[Event]]
Folder = Callable[[BoardState, Event], None]

MAX_GROUPS = 12
TITLE_LIMIT = 120
QUESTION_LIMIT = 500


DOTS_RANGE = (1, 50)  # dots per person, and per note


def _bounded_int(raw: Any, name: str, low: int, high: int, reason: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise InvalidCommand(f"{name} must be a whole number from {low} to {high}", reason=reason,
                             params={"min": low, "max": high})
    return raw


def parse_settings(raw: dict[str, Any], base: Settings | None = None) -> Settings:
    """Board settings from untrusted input; missing keys keep ``base``'s values, unknown ones are refused."""
    unknown = sorted(set(raw) - {f.name for f in fields(Settings)})
    if unknown:
        raise InvalidCommand(f"unknown setting {unknown[0]!r}")
    out = Settings(**asdict(base)) if base else Settings()
    if "title" in raw:
        out.title = rules.clean_text(BoardState(""), raw["title"], limit=TITLE_LIMIT)
    if "question" in raw:
        q = raw["question"]
        if not isinstance(q, str) or len(q) > QUESTION_LIMIT:
            raise InvalidCommand(f"question must be text of at most {QUESTION_LIMIT} characters",
                                 reason="question_too_long", params={"max": QUESTION_LIMIT})
        out.question = plain(q).strip()
    if "groups" in raw:
        g = raw["groups"]
        if (
            not isinstance(g, list)
            or not 1 <= len(g) <= MAX_GROUPS
            or not all(isinstance(x, str) and 0 < len(plain(x).strip()) <= 60 for x in g)
            or len({plain(x).strip() for x in g}) != len(g)
        ):
            raise InvalidCommand(f"groups must be 1 to {MAX_GROUPS} distinct names", reason="groups_invalid",
                                 params={"max": MAX_GROUPS})
        out.groups = [plain(x).strip() for x in g]
    if "group_colors" in raw:
        c = raw["group_colors"]
        if not isinstance(c, list) or len(c) > MAX_GROUPS:
            raise InvalidCommand("group_colors must be a list of #rrggbb colours", reason="group_color_invalid")
        out.group_colors = [groups.check_color(x) for x in c]
    # One colour per group, always: given ones first, then the palette's.
    out.group_colors = groups.default_colors(len(out.groups), out.group_colors)
    if "dots_per_person" in raw:
        out.dots_per_person = _bounded_int(raw["dots_per_person"], "dots_per_person", *DOTS_RANGE,
                                           reason="dots_per_person_range")
    if "max_dots_per_note" in raw:
        out.max_dots_per_note = _bounded_int(raw["max_dots_per_note"], "max_dots_per_note", *DOTS_RANGE,
                                             reason="max_dots_per_note_range")
    for flag in ("anonymous", "blind_votes", "facilitator_sees_private"):
        if flag in raw:
            if not isinstance(raw[flag], bool):
                raise InvalidCommand(f"{flag} must be true or false")
            setattr(out, flag, raw[flag])
    if "text_limit" in raw:
        out.text_limit = _bounded_int(raw["text_limit"], "text_limit", 20, 1000, reason="text_limit_range")
    if "group_threshold" in raw:
        out.group_threshold = _bounded_int(raw["group_threshold"], "group_threshold", 1, 50,
                                           reason="group_threshold_range")
    if "max_priorities" in raw:
        out.max_priorities = _bounded_int(raw["max_priorities"], "max_priorities", 0, 50,
                                          reason="max_priorities_range")
    if "language" in raw:
        out.language = _language(raw["language"], "language", none_ok=False)
    if "second_language" in raw:
        out.second_language = _language(raw["second_language"], "second_language", none_ok=True)
    return out


def _language(raw: Any, name: str, *, none_ok: bool) -> str:
    """One of the six languages' codes (``""`` too for ``second_language``: none)."""
    if isinstance(raw, str) and (raw in LANGUAGES or (none_ok and raw == "")):
        return raw
    codes = ", ".join(LANGUAGES)
    raise InvalidCommand(f"{name} must be one of {codes}" + (", or empty" if none_ok else ""), reason="unknown_language")


def create_board(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """The first event of every board. The caller supplies id, code and the secret's hash."""
    if state.seq != 0:
        raise InvalidCommand("the board already exists")
    settings = parse_settings(cmd.get("settings") or {})
    agenda = phases.parse_agenda(cmd.get("phases") or [{"kind": "discuss", "title": "Discuss"}])
    agenda = phase_words.in_language(agenda, settings.language)
    return [
        {
            "type": "board_created",
            "id": state.id,
            "code": cmd["code"],
            "facilitator_hash": cmd["facilitator_hash"],
            "created_at": now,
            "settings": asdict(settings),
            "phases": [asdict(p) for p in agenda],
        }
    ]


def update_settings(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    raw = cmd.get("settings")
    if not isinstance(raw, dict):
        raise InvalidCommand("settings must be a map")
    settings = parse_settings(raw, state.settings)
    old = state.settings
    if state.notes and (
        settings.anonymous != old.anonymous
        or settings.facilitator_sees_private != old.facilitator_sees_private
        or settings.group_threshold != old.group_threshold
    ):
        # Authors wrote under the old promise; changing it now would expose them (or hide what clients hold).
        raise NotAllowedNow("anonymity, note privacy and the group threshold cannot change once notes are on the board",
                            reason="privacy_locked")
    for group in old.groups:
        if group not in settings.groups and state.group_size(group):
            # The people in it would belong to no group: set_groups renames instead.
            raise NotAllowedNow(f"people are in the group {group!r}: rename it (set_groups) or keep it",
                                reason="group_has_people", params={"count": state.group_size(group), "group": group})
    if any(state.dots_used(pid) > settings.dots_per_person for pid in state.votes):
        raise NotAllowedNow("someone has already placed more dots than that", reason="dots_placed_over")
    if any(count > settings.max_dots_per_note for mine in state.votes.values() for count in mine.values()):
        raise NotAllowedNow("someone has already placed more dots than that on one note", reason="dots_placed_over_note")
    event: Event = {"type": "settings_changed", "settings": asdict(settings)}
    if settings.blind_votes != old.blind_votes:
        # Clients get the tallies they may see from now on (None: blind again).
        visible = not settings.blind_votes or state.votes_revealed or state.phase_kind == "results"
        event["tallies"] = state.tallies() if visible else None
    return [event]


DECIDE: dict[str, Decider] = {
    "create_board": create_board,
    "update_settings": update_settings,
    **participants.DECIDE,
    **notes.DECIDE,
    **clusters.DECIDE,
    **votes.DECIDE,
    **timer.DECIDE,
    **phases.DECIDE,
    **agenda.DECIDE,
    **decisions.DECIDE,
    **done.DECIDE,
    **lifecycle.DECIDE,
    **portable.DECIDE,
    **screen.DECIDE,
    **membership.DECIDE,
    **groups.DECIDE,
}


def decide(state: BoardState, command: Command, actor: Actor, now: float) -> list[Event]:
    """The events that ``command`` by ``actor`` at ``now`` produces, or a DomainError."""
    handler = DECIDE.get(command.get("type", ""))
    if handler is None:
        raise InvalidCommand(f"unknown command {command.get('type')!r}")
    if state.seq == 0 and command["type"] not in ("create_board", "import_board"):
        raise DomainError("the board does not exist", code="not_found", reason="board_not_found")
    lifecycle.check(state, command["type"], actor)
    return handler(state, command, actor, now)


def _fold_created(state: BoardState, ev: Event) -> None:
    state.code = ev["code"]
    state.facilitator_hash = ev["facilitator_hash"]
    state.created_at = ev["created_at"]
    state.phase_started_at = ev["created_at"]
    state.settings = Settings(**ev["settings"])
    state.phases = [Phase(**p) for p in ev["phases"]]
    state.history.append({"phase": state.phases[0].id, "started": ev["created_at"]})
    # Entering results reveals the votes; starting in results does too.
    state.votes_revealed = state.phases[0].kind == "results"
    if state.phases[0].duration:
        state.timer.duration = float(state.phases[0].duration)


def _fold_settings(state: BoardState, ev: Event) -> None:
    known = {f.name for f in fields(Settings)}
    state.settings = Settings(**{k: v for k, v in ev["settings"].items() if k in known})


FOLD: dict[str, Folder] = {
    "board_created": _fold_created,
    "settings_changed": _fold_settings,
    **participants.FOLD,
    **notes.FOLD,
    **clusters.FOLD,
    **votes.FOLD,
    **timer.FOLD,
    **phases.FOLD,
    **agenda.FOLD,
    **decisions.FOLD,
    **done.FOLD,
    **lifecycle.FOLD,
    **portable.FOLD,
    **screen.FOLD,
    **membership.FOLD,
    **groups.FOLD,
}

EVENT_TYPES: tuple[str, ...] = tuple(FOLD)
COMMAND_TYPES: tuple[str, ...] = tuple(DECIDE)


def fold(state: BoardState, seq: int, event: Event) -> None:
    """Apply one logged event. ``seq`` must be the next sequence number."""
    if seq != state.seq + 1:
        raise ValueError(f"event {seq} does not follow {state.seq}")
    FOLD[event["type"]](state, event)
    state.seq = seq
    if event.get("op") is not None:
        record_op(state, event["op"], event.get("result"))


def record_op(state: BoardState, op_key: str, result: Any) -> None:
    """Remember an op's first result so a retried op is answered, not re-applied."""
    state.ops[op_key] = result
    if len(state.ops) > 20000:  # keep memory bounded; old retries get re-decided
        for key in list(state.ops)[:5000]:
            del state.ops[key]


def replay(board_id: str, log: list[tuple[int, Event]]) -> BoardState:
    state = BoardState(board_id)
    for seq, event in log:
        fold(state, seq, event)
    return state
