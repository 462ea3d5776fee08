"""Inboxes on the backbone, and the relay that posts a command to a board's writer.

A process that is not a board's writer (``lease.py``) posts each command to
the board's inbox (``board:<board>``, served by the writer) with the name of
its own inbox (``process:<id>``, one per process: :class:`Relay`) and waits
for the answer -- the writer posts it after the append, so the events are
already on their way to every process. A writer that dies leaves its lease
to lapse; a command posted to it times out and is posted again, with the same
op, to the new writer, which applies it once (``state.ops``; the board engine's
``forwarding.py`` decides when).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import secrets
import socket
from collections.abc import Callable
from typing import Any

from server.backbone import Backbone, BackboneDown
from server.domain.state import Actor
from server.errors import Unavailable
from server.protocol.codec import pack, unpack_trusted
from server.transport.tasks import Tasks

log = logging.getLogger("metanet.writer")

FORWARD_TIMEOUT = 2.0  # seconds to wait for the writer's answer before asking who the writer is again
RESUBSCRIBE_DELAY = 0.2


class Undelivered(Exception):
    """Nobody was listening on the board's inbox: the command was not applied (the writer is gone or resubscribing)."""


def process_name() -> str:
    """A name for this process that no other process on any machine has."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


async def listen(backbone: Backbone, name: str, handle: Callable[[Any], None],
                 ready: asyncio.Event | None = None, lost: Callable[[], None] | None = None) -> None:
    """Hand every message posted to inbox ``name`` to ``handle``, resubscribing after a lost connection.

    ``ready`` is set while the inbox is open; ``lost`` is called each time it closed.
    """
    while True:
        try:
            async with backbone.inbox(name) as messages:
                if ready is not None:
                    ready.set()
                async for raw in messages:
                    try:
                        message = unpack_trusted(raw)
                    except Exception:  # noqa: BLE001 -- not ours: the inbox is a Redis channel anyone may publish on
                        log.warning("inbox %s: undecodable message ignored", name)
                        continue
                    handle(message)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 -- resubscribe after any backbone failure
            log.warning("inbox %s lost (%s); listening again", name, exc)
        if ready is not None:
            ready.clear()
        if lost is not None:
            lost()
        await asyncio.sleep(RESUBSCRIBE_DELAY)


def time_out(future: asyncio.Future[Any]) -> None:
    """Fail ``future`` with TimeoutError (a ``call_later`` callback: unlike wait_for, no extra hop on success)."""
    if not future.done():
        future.set_exception(TimeoutError())


class Relay:
    """This process's inbox of answers, and the sending of commands to other processes' boards."""

    def __init__(self, backbone: Backbone, me: str) -> None:
        self.backbone = backbone
        self.me = me
        self.inbox = f"process:{me}"
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._ready = asyncio.Event()
        self._tasks = Tasks("relay")
        self._listening = False

    async def forward(self, board: str, actor: Actor, kind: str, args: dict[str, Any], op: str | None) -> Any:
        """Post a command to the board's writer; its reply (``{"ok": True, "result"}`` or the error's wire form).

        Raises :class:`Undelivered` when no process took it (it was not applied);
        TimeoutError when no answer came within ``FORWARD_TIMEOUT`` or this process's
        inbox closed while waiting (the command may or may not have been applied);
        :class:`Unavailable` when the backbone cannot carry it.
        """
        if not self._listening:
            self._listening = True
            self._tasks.spawn(listen(self.backbone, self.inbox, self._answered, self._ready, self._lost), "inbox")
        try:
            await asyncio.wait_for(self._ready.wait(), FORWARD_TIMEOUT)
        except TimeoutError:
            raise Unavailable("cannot reach the other servers, retry shortly") from None
        req = next(self._ids)
        loop = asyncio.get_running_loop()
        answer = self._waiting[req] = loop.create_future()
        timeout: asyncio.TimerHandle | None = None
        try:
            message = {"to": self.inbox, "req": req, "actor": actor.id, "role": actor.role,
                       "kind": kind, "args": args, "op": op}
            if not await self.backbone.post(f"board:{board}", pack(message)):
                raise Undelivered(board)
            timeout = loop.call_later(FORWARD_TIMEOUT, time_out, answer)
            return await answer
        except BackboneDown as exc:
            raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        finally:
            self._waiting.pop(req, None)
            if timeout is not None:
                timeout.cancel()

    def _answered(self, reply: Any) -> None:
        req = reply.get("req") if isinstance(reply, dict) else None
        answer = self._waiting.get(req) if isinstance(req, int) else None
        if answer is not None and not answer.done():
            answer.set_result(reply)

    def _lost(self) -> None:
        """The inbox closed: answers to the commands under way may be gone; their senders ask again now."""
        for answer in self._waiting.values():
            if not answer.done():
                answer.set_exception(TimeoutError("the answer may have been lost"))

    async def close(self) -> None:
        await self._tasks.close()
        self._listening = False
