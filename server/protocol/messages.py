"""Wire messages: what clients send, what the server sends, and their checks.

Every message is a msgpack map whose ``t`` names its type. Client commands
also carry ``op``, a client-made id that makes retries safe. The full list with
fields and errors is in ``docs/protocol.md`` (a test keeps the two in step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from server.errors import BadMessage, MetanetError
from server.protocol import limits

# Field specs: name -> (python types, required). Strings are capped at limits.MAX_STRING.
STR, NUM, INT, BOOL, MAP, LIST = (str,), (int, float), (int,), (bool,), (dict,), (list,)
OPT_STR = (str, type(None))
OPT_NUM = (int, float, type(None))

COMMANDS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "join": {"name": (OPT_STR, False), "group": (STR, True)},
    "leave": {},
    "add_note": {"text": (STR, True), "color": (OPT_STR, False), "x": (OPT_NUM, False), "y": (OPT_NUM, False)},
    "edit_note": {"note": (STR, True), "text": (STR, True)},
    "move_note": {"note": (STR, True), "x": (NUM, True), "y": (NUM, True)},
    "recolor_note": {"note": (STR, True), "color": (STR, True)},
    "delete_note": {"note": (STR, True)},
    "hide_note": {"note": (STR, True), "hidden": (BOOL, False)},
    "merge_notes": {"source": (STR, True), "target": (STR, True)},
    "create_cluster": {"name": (STR, True)},
    "rename_cluster": {"cluster": (STR, True), "name": (STR, True)},
    "delete_cluster": {"cluster": (STR, True)},
    "cluster_note": {"note": (STR, True), "cluster": (OPT_STR, True)},
    "vote": {"note": (STR, True)},
    "unvote": {"note": (STR, True)},
    "reveal_votes": {},
    "reveal_notes": {},
    "next_phase": {},
    "previous_phase": {},
    "set_phase": {"index": (INT, True)},
    "close_phase": {"closed": (BOOL, False)},
    "start_timer": {"duration": (NUM, False)},
    "pause_timer": {},
    "resume_timer": {},
    "adjust_timer": {"seconds": (NUM, True)},
    "reset_timer": {},
    "update_settings": {"settings": (MAP, True)},
    # running a sprint (docs/protocol.md, "Running a sprint")
    "set_agenda": {"phases": (LIST, True)},
    "mark_done": {"done": (BOOL, False)},
    "mark_decision": {"target": (STR, True), "decided": (BOOL, False)},
    "set_roadmap": {"target": (STR, True), "owner": (OPT_STR, False), "next_step": (OPT_STR, False), "due": (OPT_STR, False)},
    "archive_board": {"archived": (BOOL, False)},
    "delete_board": {"confirm": (STR, True)},
    # the screens (docs/protocol.md, "The screens")
    "set_groups": {"groups": (LIST, True)},
    "show_on_projector": {
        "group": (STR, False),
        "spotlight": (OPT_STR, False),
        "qr": (BOOL, False),
        "chime": (BOOL, False),
    },
}

# The fields of ``update_settings``'s ``settings`` (the board's settings, server/domain/state.py ``Settings``):
# at least one; the values are the domain's to check (ranges, group names).
SETTINGS_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "title": (STR, False),
    "question": (STR, False),
    "groups": (LIST, False),
    "dots_per_person": (INT, False),
    "max_dots_per_note": (INT, False),
    "anonymous": (BOOL, False),
    "blind_votes": (BOOL, False),
    "facilitator_sees_private": (BOOL, False),
    "text_limit": (INT, False),
    "max_priorities": (INT, False),
    "group_threshold": (INT, False),
    "group_colors": (LIST, False),
    "language": (STR, False),
    "second_language": (STR, False),
}

HELLO_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "role": (STR, True),
    "token": (OPT_STR, False),
    "secret": (OPT_STR, False),
    "since": ((int, type(None)), False),
}
ROLES = ("participant", "facilitator", "projector")

CLIENT_TYPES: tuple[str, ...] = ("hello", "ping", *COMMANDS)
SERVER_TYPES: tuple[str, ...] = ("welcome", "ack", "events", "presence", "error", "pong")


@dataclass(frozen=True)
class Hello:
    role: str
    token: str | None
    secret: str | None
    since: int | None


@dataclass(frozen=True)
class Command:
    op: str
    type: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Ping:
    id: Any


ClientMessage = Hello | Command | Ping


def _check_fields(msg: dict[str, Any], spec: dict[str, tuple[tuple[type, ...], bool]], allowed: set[str],
                 within: str = "") -> None:
    for key in msg:
        if key not in spec and key not in allowed:
            raise BadMessage(f"unknown field {within}{key!r}")
    for key, (types, required) in spec.items():
        if key not in msg:
            if required:
                raise BadMessage(f"missing field {key!r}")
            continue
        value = msg[key]
        if isinstance(value, bool) and bool not in types:
            raise BadMessage(f"field {within}{key!r} has the wrong type")
        if not isinstance(value, types):
            raise BadMessage(f"field {within}{key!r} has the wrong type")
        if isinstance(value, float) and not math.isfinite(value):
            raise BadMessage(f"field {within}{key!r} must be a finite number")
        if isinstance(value, str) and len(value) > limits.MAX_STRING:
            raise BadMessage(f"field {within}{key!r} is longer than {limits.MAX_STRING} characters")


def parse_client(msg: dict[str, Any]) -> ClientMessage:
    """A decoded client frame as a typed message, or BadMessage saying what is wrong."""
    kind = msg.get("t")
    if not isinstance(kind, str):
        raise BadMessage("missing message type 't'")
    if kind == "hello":
        _check_fields(msg, HELLO_FIELDS, {"t", "board"})
        if msg["role"] not in ROLES:
            raise BadMessage(f"role must be one of {', '.join(ROLES)}")
        return Hello(msg["role"], msg.get("token"), msg.get("secret"), msg.get("since"))
    if kind == "ping":
        return Ping(msg.get("id"))
    spec = COMMANDS.get(kind)
    if spec is None:
        raise BadMessage(f"unknown message type {kind!r}")
    op = msg.get("op")
    if not isinstance(op, str) or not 0 < len(op) <= limits.MAX_OP_ID:
        raise BadMessage(f"a command needs an 'op' id of 1 to {limits.MAX_OP_ID} characters")
    _check_fields(msg, spec, {"t", "op"})
    if kind == "update_settings":
        if not msg["settings"]:
            raise BadMessage("settings must name at least one setting to change")
        _check_fields(msg["settings"], SETTINGS_FIELDS, set(), within="settings.")
    args = {k: v for k, v in msg.items() if k not in ("t", "op")}
    return Command(op, kind, args)


# -- server messages ---------------------------------------------------------


def welcome(**fields: Any) -> dict[str, Any]:
    return {"t": "welcome", **fields}


def ack_ok(op: str, result: Any) -> dict[str, Any]:
    return {"t": "ack", "op": op, "ok": True, "result": result}


def ack_error(op: str | None, error: MetanetError) -> dict[str, Any]:
    return {"t": "ack", "op": op, "ok": False, **error.to_wire()}


def events(seq: int, batch: list[dict[str, Any]]) -> dict[str, Any]:
    return {"t": "events", "seq": seq, "events": batch}


def error(err: MetanetError) -> dict[str, Any]:
    return {"t": "error", **err.to_wire()}


def pong(ping_id: Any, now: float) -> dict[str, Any]:
    return {"t": "pong", "id": ping_id, "time": now}


def presence(total: int, by_group: dict[str, int]) -> dict[str, Any]:
    return {"t": "presence", "total": total, "by_group": by_group}
