"""A board's life: archived (read-only until reopened) and deleted.

``check`` runs before every command (``board.decide``): a deleted board refuses
everything; an archived one refuses everything but the facilitator reopening
or deleting it, and the server's own timer expiry. Deleting appends a last
event, ``board_deleted``, so every process serving the board learns of it
(and closes its sockets); the transport then erases the board's log.
"""

from __future__ import annotations

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event
from server.errors import Forbidden, InvalidCommand, NotAllowedNow, NotFound

WHILE_ARCHIVED = ("archive_board", "delete_board")


def check(state: BoardState, kind: str, actor: Actor) -> None:
    """Refuse a command the board's lifecycle does not allow now."""
    if state.deleted:
        raise NotFound("the board was deleted", reason="board_deleted")
    if not state.archived or actor.role == "system":
        return
    if actor.role == "facilitator" and kind in WHILE_ARCHIVED:
        return
    if actor.role == "projector":
        raise Forbidden("the projector view is read-only", reason="projector_read_only")
    raise NotAllowedNow("this board is archived: it is read-only unless the facilitator reopens it", reason="board_archived")


def archive_board(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Archive the board (``archived: false`` reopens it)."""
    rules.require_facilitator(actor)
    archived = cmd.get("archived", True)
    if not isinstance(archived, bool):
        raise InvalidCommand("archived must be true or false")
    if archived == state.archived:
        if archived:
            raise NotAllowedNow("the board is already archived", reason="board_already_archived")
        raise NotAllowedNow("the board is already open", reason="board_already_open")
    return [{"type": "board_archived", "archived": archived, "at": now}]


def delete_board(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Delete the board for good. ``confirm`` must be the board's join code (a guard against a slip)."""
    rules.require_facilitator(actor)
    if cmd.get("confirm") != state.code:
        raise InvalidCommand("to delete the board, send its join code as confirm", reason="delete_confirm")
    return [{"type": "board_deleted", "at": now}]


DECIDE = {"archive_board": archive_board, "delete_board": delete_board}


def _fold_archived(state: BoardState, ev: Event) -> None:
    state.archived = ev["archived"]
    state.archived_at = ev["at"] if ev["archived"] else None


def _fold_deleted(state: BoardState, ev: Event) -> None:
    state.deleted = True


FOLD = {"board_archived": _fold_archived, "board_deleted": _fold_deleted}
