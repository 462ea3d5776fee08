"""One writer per board: the process that decides and appends the board's commands.

With several processes on one backbone, each deciding commands on its own
replica, the appends of a busy board collide: a replica that is one fan-out
behind the log decides on stale state, its conditional append gets
``Conflict``, it catches up and decides again -- and at a plenary's rate most
appends collide and retries pile up (``docs/performance.md``). So each board
has one writer at a time, chosen by a lease on the backbone
(``writer:<board>``, lapsing ``WRITER_TTL`` seconds after its last renewal):

- every process that has the board open asks for the lease every
  ``WRITER_RENEW`` seconds (:class:`Writership`): the holder renews it, the
  others learn who holds it, and the first to ask after it lapsed takes it;
- the writer decides commands on its replica and serves the board's inbox
  (``board:<board>``), where the other processes post theirs;
- a process that is not the writer posts each command there with the name of
  its own inbox (``process:<id>``, one per process: :class:`Relay`) and waits
  for the answer -- the writer posts it after the append, so the events are
  already on their way to every process.

Nothing here weakens the log's rules: appends stay conditional, so a writer
that lost its lease without noticing (stalled for longer than the TTL) gets a
``Conflict`` like any other process. A writer that dies leaves its lease to
lapse; a command posted to it times out and is posted again, with the same
op, to the new writer, which applies it once (``state.ops``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from server.backbone import Backbone, BackboneDown
from server.domain.state import Actor
from server.errors import (
    AuthError,
    BadMessage,
    BudgetExceeded,
    DomainError,
    Forbidden,
    InvalidCommand,
    MetanetError,
    NotAllowedNow,
    NotFound,
    RateLimited,
    Unavailable,
)
from server.protocol.codec import pack, unpack_trusted

log = logging.getLogger("metanet.writer")

WRITER_TTL = 3.0  # seconds a lease outlives its last renewal: how long a dead writer stalls its board
WRITER_RENEW = 0.75  # seconds between lease requests
FORWARD_TIMEOUT = 2.0  # seconds to wait for the writer's answer before asking who the writer is again
RESUBSCRIBE_DELAY = 0.2
CLOSE_PATIENCE = 5.0  # seconds a closing writer lets the commands it took finish before it lets go

Run = Callable[[Actor, str, dict[str, Any], "str | None"], Awaitable[Any]]

_ERRORS: dict[str, type[MetanetError]] = {
    cls.code: cls
    for cls in (NotFound, Forbidden, NotAllowedNow, BudgetExceeded, InvalidCommand, BadMessage, AuthError,
                RateLimited, Unavailable)
}


class Undelivered(Exception):
    """Nobody was listening on the board's inbox: the command was not applied (the writer is gone or resubscribing)."""


def process_name() -> str:
    """A name for this process that no other process on any machine has."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _error(code: str, message: str) -> MetanetError:
    cls = _ERRORS.get(code)
    return cls(message) if cls is not None else DomainError(message, code)


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
        self._listener: asyncio.Task[None] | None = None

    async def forward(self, board: str, actor: Actor, kind: str, args: dict[str, Any], op: str | None,
                      answer: asyncio.Future[Any] | None = None) -> Any:
        """Post a command to the board's writer; its result, or the error it was refused with.

        ``answer`` is the future the writer's reply resolves; the caller may resolve
        it sooner (``{"ok": True, "result": ...}``) when the command's events reach
        its replica before the reply does.

        Raises :class:`Undelivered` when no process took it (it was not applied);
        TimeoutError when no answer came within ``FORWARD_TIMEOUT`` or this process's
        inbox closed while waiting (the command may or may not have been applied);
        :class:`Unavailable` when the backbone cannot carry it.
        """
        if self._listener is None:
            self._listener = asyncio.create_task(
                listen(self.backbone, self.inbox, self._answered, self._ready, self._lost), name="relay")
        try:
            await asyncio.wait_for(self._ready.wait(), FORWARD_TIMEOUT)
        except TimeoutError:
            raise Unavailable("cannot reach the other servers, retry shortly") from None
        req = next(self._ids)
        loop = asyncio.get_running_loop()
        answer = self._waiting[req] = answer if answer is not None else loop.create_future()
        timeout: asyncio.TimerHandle | None = None
        try:
            message = {"to": self.inbox, "req": req, "actor": actor.id, "role": actor.role,
                       "kind": kind, "args": args, "op": op}
            if not await self.backbone.post(f"board:{board}", pack(message)):
                raise Undelivered(board)
            # Not wait_for: its extra hop would let a fan-out scheduled with the answer overtake the ack.
            timeout = loop.call_later(FORWARD_TIMEOUT, time_out, answer)
            reply = await answer
        except BackboneDown as exc:
            raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        finally:
            self._waiting.pop(req, None)
            if timeout is not None:
                timeout.cancel()
        if reply.get("ok"):
            return reply.get("result")
        raise _error(str(reply.get("code")), str(reply.get("message")))

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
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None


class Writership:
    """Who writes one board: asks for its lease, and serves its inbox while this process holds it."""

    def __init__(self, board: str, backbone: Backbone, me: str, run: Run) -> None:
        self.board = board
        self.backbone = backbone
        # This board's instance in this process: a board unloaded and loaded again is a new holder,
        # so the old instance's release cannot end the new one's lease.
        self.me = f"{me}/{secrets.token_hex(3)}"
        self.holder = ""  # who had the lease when last asked; "" before the first answer
        self.last_command = 0.0  # loop time of the last command served from the inbox
        self._run = run
        self._closed = False
        self._claiming: asyncio.Future[str] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._server: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def mine(self) -> bool:
        """Whether this process decides the board's commands (also before the first answer: the log arbitrates)."""
        return self.holder in (self.me, "")

    async def start(self) -> None:
        with contextlib.suppress(BackboneDown):
            await self.claim()
        self._keeper = asyncio.create_task(self._keep(), name=f"writer:{self.board}")

    async def close(self) -> None:
        """Stop taking commands, let those taken finish (their senders get answers), then give the lease up."""
        self._closed = True
        for task in (self._keeper, self._server):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._server = None
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=CLOSE_PATIENCE)
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.holder == self.me:
            with contextlib.suppress(Exception):  # it lapses on its own all the same
                await self.backbone.release(f"writer:{self.board}", self.me)

    async def claim(self) -> str:
        """Ask for the lease now (take it if it lapsed); returns who holds it.

        Callers that ask while a request is under way share its answer.
        """
        if self._closed:
            return self.holder
        if self._claiming is not None:
            return await asyncio.shield(self._claiming)
        claiming = self._claiming = asyncio.get_running_loop().create_future()
        try:
            holder = await self.backbone.lease(f"writer:{self.board}", self.me, WRITER_TTL)
        except BaseException as exc:
            claiming.set_exception(exc)
            claiming.exception()  # retrieved: the callers that share it re-raise it themselves
            raise
        finally:
            self._claiming = None
        claiming.set_result(holder)
        if self._closed:
            return holder
        if holder != self.holder:
            log.info("board %s: written by %s", self.board, "this process" if holder == self.me else holder)
        self.holder = holder
        if holder == self.me and self._server is None:
            self._server = asyncio.create_task(listen(self.backbone, f"board:{self.board}", self._command),
                                               name=f"inbox:{self.board}")
        elif holder != self.me and self._server is not None:
            self._server.cancel()
            self._server = None
        return holder

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(WRITER_RENEW)
            try:
                await self.claim()
            except BackboneDown as exc:
                log.debug("board %s: lease not renewed (%s)", self.board, exc)

    def _command(self, message: Any) -> None:
        self.last_command = asyncio.get_running_loop().time()
        task = asyncio.create_task(self._answer(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, message: Any) -> None:
        try:
            actor = Actor(str(message["actor"]), message["role"])
            reply_to, req = str(message["to"]), message["req"]
            kind, args, op = str(message["kind"]), dict(message["args"]), message["op"]
        except (KeyError, TypeError, ValueError):
            log.warning("board %s: malformed forwarded command ignored", self.board)
            return
        reply: dict[str, Any]
        try:
            reply = {"req": req, "ok": True, "result": await self._run(actor, kind, args, op)}
        except MetanetError as err:
            reply = {"req": req, "ok": False, **err.to_wire()}
        except Exception:  # noqa: BLE001 -- a bug must not leave the sender waiting in silence
            log.exception("board %s: forwarded command failed", self.board)
            reply = {"req": req, "ok": False, **Unavailable("internal error, retry").to_wire()}
        with contextlib.suppress(BackboneDown):  # the sender times out and asks again
            await self.backbone.post(reply_to, pack(reply))
