"""An event of several metanets (boards), called a *gathering* in code: ``Event`` is a log event.

Like a board, a gathering is an ordered log on the backbone, folded by
:func:`fold`; :func:`decide` is the one function that decides what a command
appends, or raises a :class:`~server.errors.DomainError`. Pure: no clock, no I/O.

A gathering holds up to ``MAX_METANETS`` boards. Each metanet's facilitator
secret is kept *sealed* with a key derived from the organiser secret
(:func:`seal`), so the log alone never reveals it: the organiser's console,
which proves the organiser secret, gets the facilitator links back.

Each organiser command's first event carries its ``op`` and ack ``result``
(as boards' do, ``server/domain/outcome.py``); folding records them in
``GatheringState.ops``, so a retried op is answered with its first result
in any process. A command the organiser sends to every metanet gives each
board the op :func:`board_op`, which that board applies once in turn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from server.domain.state import DEFAULT_GROUPS, Command, Event
from server.domain.text import BIDI_CONTROLS
from server.errors import DomainError, Forbidden, InvalidCommand, NotAllowedNow

MAX_METANETS = 12
TITLE_LIMIT = 120
DESCRIPTION_LIMIT = 500
MESSAGE_LIMIT = 140
MAX_GROUPS = 12
ID_PREFIX = "e."  # gathering ids never look like board ids (those have no dot)


def is_gathering(log_id: str) -> bool:
    return log_id.startswith(ID_PREFIX)


@dataclass
class Metanet:
    board: str
    code: str
    title: str
    question: str = ""
    sealed: str = ""  # the board's facilitator secret, sealed with the organiser secret (hex)
    attached: bool = False  # an existing board attached, not created with the event


@dataclass
class GatheringState:
    id: str
    code: str = ""
    organiser_hash: str = ""
    created_at: float = 0.0
    title: str = ""
    description: str = ""
    groups: list[str] = field(default_factory=lambda: list(DEFAULT_GROUPS))
    metanets: list[Metanet] = field(default_factory=list)
    message: dict[str, Any] | None = None  # {text, at}: the message to everyone
    plenary_open: bool = False
    seq: int = 0
    ops: dict[str, Any] = field(default_factory=dict)  # organiser op -> its first ack result

    def metanet(self, board: str) -> Metanet | None:
        return next((m for m in self.metanets if m.board == board), None)


# -- sealing a metanet's facilitator secret -------------------------------------


def _pad(organiser_secret: str, board: str, length: int) -> bytes:
    out = b""
    block = 0
    while len(out) < length:
        out += hashlib.sha256(f"metanet-seal:{organiser_secret}:{board}:{block}".encode()).digest()
        block += 1
    return out[:length]


def seal(organiser_secret: str, board: str, secret: str) -> str:
    raw = secret.encode()
    return bytes(a ^ b for a, b in zip(raw, _pad(organiser_secret, board, len(raw)), strict=True)).hex()


def unseal(organiser_secret: str, board: str, sealed: str) -> str:
    raw = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(raw, _pad(organiser_secret, board, len(raw)), strict=True)).decode(errors="replace")


# -- checks ------------------------------------------------------------------------


def clean(raw: Any, name: str, limit: int, reason: str, required: bool = False) -> str:
    raw = BIDI_CONTROLS.sub("", raw) if isinstance(raw, str) else "" if raw is None else raw  # see domain/text.py
    if not isinstance(raw, str) or len(raw.strip()) > limit:
        raise InvalidCommand(f"{name} must be text of at most {limit} characters", reason=reason,
                             params={"max": limit})
    text = " ".join(raw.split()) if name != "description" else raw.strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InvalidCommand(f"{name} must not contain control characters")
    if required and not text:
        raise InvalidCommand(f"{name} is required", reason="title_required")
    return text


def parse_groups(raw: Any) -> list[str]:
    if raw is None:
        return list(DEFAULT_GROUPS)
    raw = [BIDI_CONTROLS.sub("", x) if isinstance(x, str) else x for x in raw] if isinstance(raw, list) else raw
    if (
        not isinstance(raw, list)
        or not 1 <= len(raw) <= MAX_GROUPS
        or not all(isinstance(x, str) and 0 < len(x.strip()) <= 60 for x in raw)
        or len({x.strip() for x in raw}) != len(raw)
    ):
        raise InvalidCommand(f"groups must be 1 to {MAX_GROUPS} distinct names of at most 60 characters",
                             reason="groups_invalid", params={"max": MAX_GROUPS})
    return [x.strip() for x in raw]


def metanet_fields(cmd: Command) -> Metanet:
    """A metanet entry from a command, checked (the board itself is the transport's to create)."""
    board, code = cmd.get("board"), cmd.get("code")
    if not isinstance(board, str) or not board or not isinstance(code, str):
        raise InvalidCommand("a metanet needs its board")
    sealed = cmd.get("sealed", "")
    if not isinstance(sealed, str):
        raise InvalidCommand("sealed must be text")
    title = clean(cmd.get("title"), "title", TITLE_LIMIT, reason="title_too_long") or "Untitled metanet"
    question = clean(cmd.get("question"), "question", 500, reason="question_too_long")
    return Metanet(board, code, title, question, sealed, bool(cmd.get("attached", False)))


# -- decide ------------------------------------------------------------------------


def create_gathering(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    if state.seq != 0:
        raise InvalidCommand("the event already exists")
    title = clean(cmd.get("title"), "title", TITLE_LIMIT, reason="title_too_long", required=True)
    description = clean(cmd.get("description"), "description", DESCRIPTION_LIMIT, reason="description_too_long")
    groups = parse_groups(cmd.get("groups"))
    return [{"type": "gathering_created", "id": state.id, "code": cmd.get("code", ""),
             "organiser_hash": cmd.get("organiser_hash", ""), "created_at": now,
             "title": title, "description": description, "groups": groups}]


def add_metanet(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    entry = metanet_fields(cmd)
    if len(state.metanets) >= MAX_METANETS:
        raise NotAllowedNow(f"an event holds at most {MAX_METANETS} metanets", reason="event_full",
                            params={"max": MAX_METANETS})
    if state.metanet(entry.board) is not None:
        raise NotAllowedNow("that board is already a metanet of this event", reason="metanet_already_here")
    return [{"type": "metanet_added", "board": entry.board, "code": entry.code, "title": entry.title,
             "question": entry.question, "sealed": entry.sealed, "attached": entry.attached, "at": now}]


def remove_metanet(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    """Undo an ``add_metanet`` whose board then refused to join (attached to another event at the same moment)."""
    if state.metanet(cmd.get("board", "")) is None:
        raise InvalidCommand("that board is not a metanet of this event", reason="not_a_metanet")
    return [{"type": "metanet_removed", "board": cmd["board"], "at": now}]


def post_message(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    text = clean(cmd.get("text"), "text", MESSAGE_LIMIT, reason="message_too_long")
    return [{"type": "message_posted", "text": text, "at": now}]


TIMER_ACTIONS = ("start", "pause", "resume")


def timers(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    """Every metanet's timer at once: the boards act; the event's log keeps the op and its result."""
    action = cmd.get("action")
    if action not in TIMER_ACTIONS:
        raise InvalidCommand("action must be start, pause or resume")
    return [{"type": "timers_commanded", "action": action, "at": now}]


def open_plenary(state: GatheringState, cmd: Command, now: float) -> list[Event]:
    opened = cmd.get("open", True)
    if not isinstance(opened, bool):
        raise InvalidCommand("open must be true or false")
    if opened == state.plenary_open:
        raise NotAllowedNow("the plenary is already " + ("open" if opened else "closed"),
                            reason="plenary_already_open" if opened else "plenary_already_closed")
    return [{"type": "plenary_opened", "open": opened, "at": now}]


DECIDE = {
    "create_gathering": create_gathering,
    "add_metanet": add_metanet,
    "remove_metanet": remove_metanet,
    "post_message": post_message,
    "timers": timers,
    "open_plenary": open_plenary,
}
COMMAND_TYPES = tuple(DECIDE)


def board_op(gathering_id: str, op: str) -> str:
    """The op an organiser command ``op`` has on each metanet's board (boards apply an op once)."""
    return f"{gathering_id}/{op}"


def with_op(state: GatheringState, events: list[Event], op: str, result: dict[str, Any]) -> list[Event]:
    """``events`` with the op and its ack result (``seq``: the last event's) on the first one."""
    recorded = {"seq": state.seq + len(events), **result}
    return [{**events[0], "op": op, "result": recorded}, *events[1:]]


def decide(state: GatheringState, cmd: Command, organiser: bool, now: float) -> list[Event]:
    """The events ``cmd`` appends; only the organiser (who proved the secret) may change an event."""
    handler = DECIDE.get(cmd.get("type", ""))
    if handler is None:
        raise InvalidCommand(f"unknown command {cmd.get('type')!r}")
    if state.seq == 0 and cmd["type"] != "create_gathering":
        raise DomainError("no such event", code="not_found", reason="event_not_found")
    if not organiser:
        raise Forbidden("only the organiser can change the event", reason="organiser_only")
    return handler(state, cmd, now)


# -- fold --------------------------------------------------------------------------


def _fold_created(state: GatheringState, ev: Event) -> None:
    state.code = ev["code"]
    state.organiser_hash = ev["organiser_hash"]
    state.created_at = ev["created_at"]
    state.title = ev["title"]
    state.description = ev["description"]
    state.groups = list(ev["groups"])


def _fold_metanet(state: GatheringState, ev: Event) -> None:
    state.metanets.append(Metanet(ev["board"], ev["code"], ev["title"], ev["question"], ev["sealed"], ev["attached"]))


def _fold_removed(state: GatheringState, ev: Event) -> None:
    state.metanets = [m for m in state.metanets if m.board != ev["board"]]


def _fold_message(state: GatheringState, ev: Event) -> None:
    state.message = {"text": ev["text"], "at": ev["at"]} if ev["text"] else None


def _fold_plenary(state: GatheringState, ev: Event) -> None:
    state.plenary_open = ev["open"]


def _fold_timers(state: GatheringState, ev: Event) -> None:
    """The boards' timers changed in their own logs; the event keeps only the command's op."""


FOLD = {
    "gathering_created": _fold_created,
    "metanet_added": _fold_metanet,
    "metanet_removed": _fold_removed,
    "message_posted": _fold_message,
    "plenary_opened": _fold_plenary,
    "timers_commanded": _fold_timers,
}
EVENT_TYPES = tuple(FOLD)


def fold(state: GatheringState, seq: int, event: Event) -> None:
    if seq != state.seq + 1:
        raise ValueError(f"event {seq} does not follow {state.seq}")
    FOLD[event["type"]](state, event)
    if event.get("op") is not None:
        state.ops[event["op"]] = event.get("result")
    state.seq = seq


def replay(gathering_id: str, log: list[tuple[int, Event]]) -> GatheringState:
    state = GatheringState(gathering_id)
    for seq, event in log:
        fold(state, seq, event)
    return state


def public(state: GatheringState) -> dict[str, Any]:
    """The event's own fields as every event screen sees them (no secrets)."""
    return {
        "id": state.id,
        "code": state.code,
        "title": state.title,
        "description": state.description,
        "groups": list(state.groups),
        "message": dict(state.message) if state.message else None,
        "plenary_open": state.plenary_open,
        "metanets": [{"board": m.board, "code": m.code, "title": m.title, "question": m.question}
                     for m in state.metanets],
    }
