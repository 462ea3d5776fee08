"""The organiser's commands on the event socket, each answered by ``ack``.

- ``post_message {text}`` -- the message to everyone (≤ 140 characters; empty clears it): kept in
  the event's log (the Lounge, plenary and phones' list get it in ``gathering``) and sent to every
  metanet as an ``announcement`` event in the board's own log (its phones and projector).
- ``timers {action: start|pause|resume}`` -- every metanet's timer at once; the result says, per
  board, ``ok`` or why that board refused (e.g. ``not_now``: its timer was not running).
- ``open_plenary {open}`` -- the plenary screen shows the conclusions (``open: false`` closes it).
- ``set_reporters {board, names}`` -- who reports that metanet to the plenary (on the board).

Each command is applied once per ``op``: the event's log keeps the op and its
result on the command's event (``LiveGathering.record``), so a retry -- after a
reconnect, on any process -- is answered with the first result. A command on
the metanets sends each board the op ``board_op(event, op)`` *before* the
event records it, so a retry after a crash half-way finishes the rest and each
board still applies it once. ``set_reporters`` lives on one board only: that
board's op makes it apply once.
"""

from __future__ import annotations

import asyncio
from typing import Any

from server.domain.gathering import board_op
from server.domain.state import SYSTEM, Actor
from server.errors import BadMessage, InvalidCommand, MetanetError, Unavailable
from server.transport.boards import Boards
from server.transport.gathering_live import LiveGathering

ORGANISER = Actor("organiser", "facilitator")  # acts as each metanet's facilitator for the timers
TIMER_COMMANDS = {"start": "start_timer", "pause": "pause_timer", "resume": "resume_timer"}
FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "post_message": {"text": (str,)},
    "timers": {"action": (str,)},
    "open_plenary": {"open": (bool,)},
    "set_reporters": {"board": (str,), "names": (list,)},
}
OPS = tuple(FIELDS)


def _args(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    spec = FIELDS[kind]
    for key in raw:
        if key not in spec and key not in ("t", "op"):
            raise BadMessage(f"unknown field {key!r}")
    for key, types in spec.items():
        if key not in raw and not (kind == "open_plenary"):
            raise BadMessage(f"missing field {key!r}")
        if key in raw and (not isinstance(raw[key], types) or (bool not in types and isinstance(raw[key], bool))):
            raise BadMessage(f"field {key!r} has the wrong type")
    return {k: raw[k] for k in spec if k in raw}


async def _on_board(boards: Boards, board: str, actor: Actor, kind: str, args: dict[str, Any], op: str) -> str:
    """One command on one metanet: ``ok`` or the error code that board answered."""
    try:
        live = await boards.get(board)
    except MetanetError as err:
        return err.code
    try:
        await live.execute(actor, kind, args, op)
        return "ok"
    except MetanetError as err:
        return err.code
    finally:
        boards.release(live)


async def _every_board(boards: Boards, live: LiveGathering, actor: Actor, kind: str,
                       args: dict[str, Any], op: str) -> dict[str, str]:
    metanets = [m.board for m in live.state.metanets]
    mine = board_op(live.id, op)
    outcomes = await asyncio.gather(*(_on_board(boards, b, actor, kind, args, mine) for b in metanets))
    return dict(zip(metanets, outcomes, strict=True))


async def run_op(app_state: Any, live: LiveGathering, kind: str, op: str, raw: dict[str, Any]) -> Any:
    """Carry out one organiser command (the caller checked the organiser secret); returns the ack result."""
    boards: Boards = app_state.boards
    args = _args(kind, raw)
    now = boards.clock()
    await live.catch_up()
    if op in live.state.ops:
        return live.state.ops[op]  # a retry: the first result, nothing applied again
    if kind in ("post_message", "timers"):
        cmd = {"type": kind, **args}
        events = live.decide(cmd, now)  # bad input is refused before any board hears of it
        if kind == "post_message":
            outcome = await _every_board(boards, live, SYSTEM, "announce", {"text": events[0]["text"]}, op)
        else:
            outcome = await _every_board(boards, live, ORGANISER, TIMER_COMMANDS[args["action"]], {}, op)
        return await live.record(cmd, op, {"boards": outcome}, now)
    if kind == "open_plenary":
        return await live.record({"type": "open_plenary", "open": args.get("open", True)}, op, {}, now)
    if kind == "set_reporters":
        if live.state.metanet(args["board"]) is None:
            raise InvalidCommand("that board is not a metanet of this event", reason="not_a_metanet")
        answer = await _on_board(boards, args["board"], SYSTEM, "set_reporters", {"names": args["names"]},
                                 board_op(live.id, op))
        if answer != "ok":
            raise InvalidCommand(f"the reporters were refused ({answer}): at most 5 names of at most 60 characters",
                                 reason="reporters_refused", params={"max": 5, "length": 60})
        return {"board": args["board"]}
    raise Unavailable(f"unknown command {kind!r}")
