"""A board as a metanet of an event: the link to its event, the message to everyone, its reporters.

These commands come from the server (the ``system`` actor), never from a
socket: ``link_gathering`` when the board is created in or attached to an
event, ``announce`` when the organiser posts a message to everyone (it reaches
the board's phones and projector as an ``announcement`` event), and
``set_reporters`` for the names who report the metanet's conclusions to the
plenary. ``server/protocol/messages.py`` does not accept them from clients.
"""

from __future__ import annotations

from server.domain.state import Actor, BoardState, Command, Event
from server.domain.text import BIDI_CONTROLS
from server.errors import Forbidden, InvalidCommand, NotAllowedNow

MESSAGE_LIMIT = 140
MAX_REPORTERS = 5
NAME_LIMIT = 60


def _require_system(actor: Actor) -> None:
    if actor.role != "system":
        raise Forbidden("only the event's server can do this")


def _text(raw: object, name: str, limit: int) -> str:
    if not isinstance(raw, str) or len(raw.strip()) > limit:
        raise InvalidCommand(f"{name} must be text of at most {limit} characters")
    text = " ".join(BIDI_CONTROLS.sub("", raw).split())  # see server/domain/text.py
    if any(ord(c) < 32 for c in text):
        raise InvalidCommand(f"{name} must not contain control characters")
    return text


def link_gathering(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """The board becomes a metanet of event ``gathering`` (with its short ``code`` and ``title``)."""
    _require_system(actor)
    gathering, code = cmd.get("gathering"), cmd.get("code")
    if not isinstance(gathering, str) or not gathering or not isinstance(code, str):
        raise InvalidCommand("link_gathering needs the event's id and code")
    title = _text(cmd.get("title", ""), "title", 120)
    if state.gathering is not None and state.gathering["id"] != gathering:
        raise NotAllowedNow("that board is already a metanet of another event", reason="metanet_elsewhere")  # attached to two at once
    return [{"type": "gathering_linked", "gathering": gathering, "code": code, "title": title, "at": now}]


def announce(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """The event's message to everyone (empty text clears it)."""
    _require_system(actor)
    return [{"type": "announcement", "text": _text(cmd.get("text", ""), "text", MESSAGE_LIMIT), "at": now}]


def set_reporters(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Who reports this metanet's conclusions to the plenary."""
    _require_system(actor)
    names = cmd.get("names")
    if not isinstance(names, list) or len(names) > MAX_REPORTERS:
        raise InvalidCommand(f"names must be a list of at most {MAX_REPORTERS} names")
    cleaned = [_text(n, "a reporter's name", NAME_LIMIT) for n in names]
    return [{"type": "reporters_set", "names": [n for n in cleaned if n]}]


DECIDE = {"link_gathering": link_gathering, "announce": announce, "set_reporters": set_reporters}


def _fold_linked(state: BoardState, ev: Event) -> None:
    state.gathering = {"id": ev["gathering"], "code": ev["code"], "title": ev["title"]}


def _fold_announcement(state: BoardState, ev: Event) -> None:
    state.announcement = {"text": ev["text"], "at": ev["at"]} if ev["text"] else None


def _fold_reporters(state: BoardState, ev: Event) -> None:
    state.reporters = list(ev["names"])


FOLD = {"gathering_linked": _fold_linked, "announcement": _fold_announcement, "reporters_set": _fold_reporters}
