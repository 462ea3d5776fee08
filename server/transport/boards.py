"""The boards this process serves: loaded on first use, dropped when idle, created here."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server.backbone import Backbone, BackboneDown, Conflict
from server.domain.gathering import is_gathering
from server.domain.outcome import check_new_board, new_board
from server.errors import NotFound, Unavailable
from server.transport.liveboard import LiveBoard
from server.transport.relay import Relay, process_name

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
IDLE_GRACE = 30.0  # seconds a board stays loaded after its last socket leaves


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def participant_id(board_id: str, token: str) -> str:
    """A stable, non-reversible id for a device token on one board."""
    return hashlib.sha256(f"{board_id}:{token}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class NewBoard:
    id: str
    code: str
    secret: str


class Boards:
    def __init__(self, backbone: Backbone, clock: Callable[[], float] = time.time) -> None:
        self.backbone = backbone
        self.clock = clock
        self._live: dict[str, LiveBoard] = {}
        self._loading: dict[str, asyncio.Task[LiveBoard]] = {}
        self._idle: dict[str, asyncio.TimerHandle] = {}
        # One process (memory://) writes every board itself: no lease, no forwarding.
        self.relay = Relay(backbone, process_name()) if backbone.shared else None

    async def get(self, board_id: str) -> LiveBoard:
        """The live board, loading it if needed; NotFound if it does not exist."""
        if is_gathering(board_id):  # an event's log, not a board
            raise NotFound("no such board", reason="board_not_found")
        handle = self._idle.pop(board_id, None)
        if handle is not None:
            handle.cancel()
        live = self._live.get(board_id)
        if live is not None:
            if live.state.deleted:
                raise NotFound("no such board", reason="board_not_found")
            return live
        task = self._loading.get(board_id)
        if task is None:
            task = asyncio.create_task(self._load(board_id))
            self._loading[board_id] = task
        return await asyncio.shield(task)

    async def _load(self, board_id: str) -> LiveBoard:
        try:
            live = LiveBoard(board_id, self.backbone, self.clock, self.relay)
            await live.open()
            if live.state.deleted:  # deleted, but the log outlived it (a crash in between): finish the job
                await live.close()
                await self.backbone.delete_board(board_id, live.state.code)
                raise NotFound("no such board", reason="board_not_found")
            self._live[board_id] = live
            return live
        finally:
            self._loading.pop(board_id, None)

    def release(self, live: LiveBoard) -> None:
        """Called when a socket leaves; unload the board once nobody has been on it for a while."""
        if live.clients or live.id in self._idle:
            return
        loop = asyncio.get_running_loop()
        self._idle[live.id] = loop.call_later(IDLE_GRACE, lambda: loop.create_task(self._unload(live.id)))

    async def _unload(self, board_id: str) -> None:
        self._idle.pop(board_id, None)
        live = self._live.get(board_id)
        if live is not None and live.lease is not None and live.lease.serving_others(IDLE_GRACE):
            self.release(live)  # other processes' phones are on it: it stays while they are
            return
        if live is not None and not live.clients:
            del self._live[board_id]
            await live.close()

    async def close(self) -> None:
        for handle in self._idle.values():
            handle.cancel()
        self._idle.clear()
        boards, self._live = list(self._live.values()), {}
        for live in boards:
            with contextlib.suppress(Exception):
                await live.close()
        if self.relay is not None:
            await self.relay.close()

    async def find_code(self, code: str) -> str | None:
        return await self.backbone.find_code(code.strip().upper())

    async def create(self, settings: dict[str, Any], phases: list[dict[str, Any]] | None) -> NewBoard:
        """A new board: unguessable id, short join code, facilitator secret (shown once)."""
        board_id = secrets.token_urlsafe(12)
        secret = secrets.token_urlsafe(24)
        return await self._start(board_id, secret, {"type": "create_board", "settings": settings, "phases": phases})

    async def import_board(self, document: Any) -> NewBoard:
        """A new board from a JSON export (``server.report.json_export``); InvalidCommand if it is not one."""
        return await self._start(secrets.token_urlsafe(12), secrets.token_urlsafe(24), {"type": "import_board", "document": document})

    async def _start(self, board_id: str, secret: str, opening: dict[str, Any]) -> NewBoard:
        check_new_board(opening)  # before claiming a code, so bad input leaves nothing behind
        try:
            for _ in range(20):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if await self.backbone.claim_code(code, board_id):
                    break
            else:
                raise Unavailable("could not find a free join code, retry")
            events = new_board(board_id, opening, code, secret_hash(secret), self.clock())
            await self.backbone.append(board_id, 0, events)
        except (BackboneDown, Conflict) as exc:
            raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        return NewBoard(board_id, code, secret)


__all__ = ["Boards", "NewBoard", "NotFound", "participant_id", "secret_hash"]
