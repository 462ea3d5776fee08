"""The events this process serves (loaded on first use, dropped when idle), and creating them.

An event (``server/domain/gathering.py``) is a log with an id ``e.<random>``;
its short code is claimed in the same namespace as boards' join codes, so
``/j/CODE`` opens either. Creating one validates everything first (bad input
leaves nothing behind), then claims the code, appends the event's first event,
creates each metanet's board (or checks an existing board's facilitator
secret), adds it to the event's log and links the board to the event (a
``gathering_linked`` event in the board's own log).

The event's log decides the 12-metanet limit when the board is added to it
(a conditional append: of two organisers adding the 12th at once, one is
refused); the check before the board is created only spares the work. A
board created for a refused add is erased, so no board is left outside. An
existing board attached to two events at once joins the one whose link reaches
its log first (``link_gathering`` refuses a second event); the other event
takes it out of its log again (``metanet_removed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.backbone import Backbone, BackboneDown
from server.domain import gathering as domain
from server.domain.outcome import check_new_board
from server.domain.state import SYSTEM
from server.errors import AuthError, DomainError, InvalidCommand, NotAllowedNow, NotFound, Unavailable
from server.transport.boards import CODE_ALPHABET, CODE_LENGTH, Boards, NewBoard, secret_hash
from server.transport.gathering_live import LiveGathering

IDLE_GRACE = 30.0


@dataclass(frozen=True)
class NewMetanet:
    board: str
    code: str
    title: str
    question: str
    secret: str | None  # the board's facilitator secret (new boards; an attached board's was given)


@dataclass
class NewGathering:
    id: str
    code: str
    secret: str
    metanets: list[NewMetanet] = field(default_factory=list)


BoardRequest = tuple[dict[str, Any], list[dict[str, Any]]]


class Gatherings:
    def __init__(self, backbone: Backbone, boards: Boards, clock: Callable[[], float]) -> None:
        self.backbone = backbone
        self.boards = boards
        self.clock = clock
        self._live: dict[str, LiveGathering] = {}
        self._loading: dict[str, asyncio.Task[LiveGathering]] = {}
        self._idle: dict[str, asyncio.TimerHandle] = {}

    # -- loaded events ---------------------------------------------------------------

    async def find(self, code: str) -> str | None:
        """The event id a short code names, or None (also when it names a board)."""
        found = await self.backbone.find_code(code.strip().upper())
        return found if found is not None and domain.is_gathering(found) else None

    async def by_code(self, code: str) -> LiveGathering:
        gathering_id = await self.find(code)
        if gathering_id is None:
            raise NotFound("no event has that code", reason="event_not_found")
        return await self.get(gathering_id)

    async def get(self, gathering_id: str) -> LiveGathering:
        if not domain.is_gathering(gathering_id):
            raise NotFound("no such event", reason="event_not_found")
        handle = self._idle.pop(gathering_id, None)
        if handle is not None:
            handle.cancel()
        live = self._live.get(gathering_id)
        if live is not None:
            return live
        task = self._loading.get(gathering_id)
        if task is None:
            task = asyncio.create_task(self._load(gathering_id))
            self._loading[gathering_id] = task
        return await asyncio.shield(task)

    async def _load(self, gathering_id: str) -> LiveGathering:
        try:
            live = LiveGathering(gathering_id, self.backbone)
            await live.open()
            self._live[gathering_id] = live
            return live
        finally:
            self._loading.pop(gathering_id, None)

    def release(self, live: LiveGathering) -> None:
        if live.clients or live.id in self._idle:
            return
        loop = asyncio.get_running_loop()
        self._idle[live.id] = loop.call_later(IDLE_GRACE, lambda: loop.create_task(self._unload(live.id)))

    async def _unload(self, gathering_id: str) -> None:
        self._idle.pop(gathering_id, None)
        live = self._live.get(gathering_id)
        if live is not None and not live.clients:
            del self._live[gathering_id]
            await live.close()

    async def close(self) -> None:
        for handle in self._idle.values():
            handle.cancel()
        self._idle.clear()
        loaded, self._live = list(self._live.values()), {}
        for live in loaded:
            await live.close()

    # -- creating ------------------------------------------------------------------

    async def create(self, fields: dict[str, Any], metanets: list[BoardRequest]) -> NewGathering:
        """A new event with ``metanets`` (settings, agenda) as new boards."""
        probe = domain.GatheringState("e.probe")
        created = domain.decide(probe, {**fields, "type": "create_gathering"}, True, 0.0)
        domain.fold(probe, 1, created[0])
        if len(metanets) > domain.MAX_METANETS:
            raise NotAllowedNow(f"an event holds at most {domain.MAX_METANETS} metanets", reason="event_full",
                                params={"max": domain.MAX_METANETS})
        for settings, phases in metanets:  # every board is valid before anything is stored
            self._check_board(settings, phases)
        gathering_id = domain.ID_PREFIX + secrets.token_urlsafe(12)
        secret = secrets.token_urlsafe(24)
        code = await self._claim_code(gathering_id)
        live = LiveGathering(gathering_id, self.backbone)
        cmd = {**fields, "type": "create_gathering", "code": code, "organiser_hash": secret_hash(secret)}
        await live.execute(cmd, True, self.clock())
        out = NewGathering(gathering_id, code, secret)
        for settings, phases in metanets:
            out.metanets.append(await self._add_new(live, secret, settings, phases))
        return out

    async def add(self, gathering_id: str, secret: str | None, request: BoardRequest | None,
                  attach: tuple[str, str] | None) -> NewMetanet:
        """One more metanet: a new board (``request``) or an existing one (``attach``: board, its secret)."""
        live = await self.get(gathering_id)
        try:
            if not secret or not hmac.compare_digest(secret_hash(secret), live.state.organiser_hash):
                raise AuthError("the organiser link is not valid for this event", reason="organiser_link_invalid")
            await live.catch_up()
            if request is not None:
                return await self._add_new(live, secret, *request)
            assert attach is not None
            return await self._attach(live, secret, *attach)
        finally:
            self.release(live)

    def _check_board(self, settings: dict[str, Any], phases: list[dict[str, Any]]) -> None:
        check_new_board({"type": "create_board", "settings": settings, "phases": phases})

    def _check_room(self, live: LiveGathering, board: str) -> None:
        """Refuse before anything is created: a 13th metanet, a board already in."""
        domain.decide(live.state, {"type": "add_metanet", "board": board, "code": ""}, True, 0.0)

    async def _add_new(self, live: LiveGathering, secret: str, settings: dict[str, Any],
                       phases: list[dict[str, Any]]) -> NewMetanet:
        self._check_room(live, "new")
        settings = {"groups": list(live.state.groups), **settings}
        self._check_board(settings, phases)
        board: NewBoard = await self.boards.create(settings, phases)
        title = str(settings.get("title") or "")
        question = str(settings.get("question") or "")
        try:
            await self._add_to_log(live, secret, board.id, board.code, board.secret, title, question, attached=False)
        except DomainError:
            # Refused by the event's log itself (another organiser took the 12th slot since the check
            # above): the conditional append stored nothing, so the new board, which nobody has heard
            # of, is erased with its join code rather than left outside the event.
            with contextlib.suppress(BackboneDown):
                await self.backbone.delete_board(board.id, board.code)
            raise
        await self._link(live, board.id)
        return NewMetanet(board.id, board.code, title or "Untitled metanet", question, board.secret)

    async def _attach(self, live: LiveGathering, secret: str, board_id: str, board_secret: str) -> NewMetanet:
        self._check_room(live, board_id)
        try:
            board = await self.boards.get(board_id)
        except NotFound:
            raise NotFound("no board has that id", reason="board_not_found") from None
        try:
            if not board_secret or not hmac.compare_digest(secret_hash(board_secret), board.state.facilitator_hash):
                raise AuthError("attaching a board needs its facilitator secret", reason="attach_needs_secret")
            if board.state.gathering is not None:
                raise NotAllowedNow("that board is already a metanet of an event", reason="metanet_elsewhere")
            settings = board.state.settings
            await self._add_to_log(live, secret, board_id, board.state.code, board_secret, settings.title,
                                   settings.question, attached=True)
            try:
                await self._link(live, board_id)
            except NotAllowedNow:  # the board joined another event since the check above: it is not ours
                await live.execute({"type": "remove_metanet", "board": board_id}, True, self.clock())
                raise
            return NewMetanet(board_id, board.state.code, settings.title, settings.question, board_secret)
        finally:
            self.boards.release(board)

    async def _add_to_log(self, live: LiveGathering, secret: str, board: str, code: str, board_secret: str,
                          title: str, question: str, *, attached: bool) -> None:
        await live.execute({"type": "add_metanet", "board": board, "code": code, "title": title,
                            "question": question, "sealed": domain.seal(secret, board, board_secret),
                            "attached": attached}, True, self.clock())

    async def _link(self, live: LiveGathering, board: str) -> None:
        loaded = await self.boards.get(board)
        try:
            await loaded.execute(SYSTEM, "link_gathering", {"gathering": live.id, "code": live.state.code,
                                                            "title": live.state.title}, None)
            if live.state.message:  # the message to everyone reaches a metanet added after it too
                await loaded.execute(SYSTEM, "announce", {"text": live.state.message["text"]}, None)
        finally:
            self.boards.release(loaded)

    async def _claim_code(self, gathering_id: str) -> str:
        try:
            for _ in range(20):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if await self.backbone.claim_code(code, gathering_id):
                    return code
        except BackboneDown as exc:
            raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        raise Unavailable("could not find a free code, retry")


def metanet_list(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        raise InvalidCommand("metanets must be a list of {title, question, template}")
    return raw
