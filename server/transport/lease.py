"""One writer per board: the process that decides and appends the board's commands.

With several processes on one backbone, each deciding commands on its own
replica, the appends of a busy board collide: a replica that is one fan-out
behind the log decides on stale state, its conditional append gets
``Conflict``, it catches up and decides again -- and at a plenary's rate most
appends collide and retries pile up (``docs/performance.md``). So each board
has one writer at a time, chosen by a lease on the backbone
(``writer:<board>``, lapsing ``WRITER_TTL`` seconds after its last renewal):
every process that has the board open asks for the lease every
``WRITER_RENEW`` seconds (:class:`Lease`): the holder renews it, the others
learn who holds it, and the first to ask after it lapsed takes it. The holder
serves the board's inbox (``board:<board>``), where the other processes post
their commands (``relay.py``).

Nothing here weakens the log's rules: appends stay conditional, so a writer
that lost its lease without noticing (stalled for longer than the TTL) gets a
``Conflict`` like any other process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

from server.backbone import Backbone, BackboneDown
from server.domain.state import Actor
from server.engine.outputs import Sink
from server.errors import MetanetError
from server.protocol.codec import pack
from server.transport.relay import listen
from server.transport.tasks import Tasks

log = logging.getLogger("metanet.writer")

WRITER_TTL = 3.0  # seconds a lease outlives its last renewal: how long a dead writer stalls its board
WRITER_RENEW = 0.75  # seconds between lease requests

Command = Callable[[Sink, Actor, str, dict[str, Any], "str | None"], None]


class Lease:
    """Who writes one board: asks for its lease, and serves its inbox while this process holds it.

    ``answered(mine)`` is called after every answer of the backbone; ``command(sink, actor,
    kind, args, op)`` for every command posted to the inbox while this process serves
    it, the sink posting the answer back to the sender's inbox.
    """

    def __init__(self, board: str, backbone: Backbone, me: str, tasks: Tasks,
                 answered: Callable[[bool], None], command: Command) -> None:
        self.board = board
        self.backbone = backbone
        # This board's instance in this process: a board unloaded and loaded again is a new holder,
        # so the old instance's release cannot end the new one's lease.
        self.me = f"{me}/{secrets.token_hex(3)}"
        self.holder = ""  # who had the lease when last asked; "" before the first answer
        self.last_command = 0.0  # loop time of the last command served from the inbox
        self._tasks = tasks
        self._answered = answered
        self._command = command
        self._closed = False
        self._claiming: asyncio.Future[str] | None = None
        self._keeper: asyncio.Task[Any] | None = None
        self._server: asyncio.Task[Any] | None = None

    @property
    def mine(self) -> bool:
        """Whether this process decides the board's commands (also before the first answer: the log arbitrates)."""
        return self.holder in (self.me, "")

    async def start(self) -> None:
        with contextlib.suppress(BackboneDown):
            await self.claim()
        self._keeper = self._tasks.spawn(self._keep(), "lease")

    async def stop(self) -> None:
        """Stop asking for the lease and serving the inbox (the lease is kept until ``release``)."""
        self._closed = True
        await Tasks.stop(self._keeper)
        await Tasks.stop(self._server)
        self._keeper = self._server = None

    async def release(self) -> None:
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
            self._server = self._tasks.spawn(listen(self.backbone, f"board:{self.board}", self._served), "inbox")
        elif holder != self.me and self._server is not None:
            self._server.cancel()
            self._server = None
        self._answered(self.mine)
        return holder

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(WRITER_RENEW)
            try:
                await self.claim()
            except BackboneDown as exc:
                log.debug("board %s: lease not renewed (%s)", self.board, exc)

    def serving_others(self, window: float) -> bool:
        """Whether this process holds the lease and served a command from the inbox in the last ``window`` s."""
        return self.holder == self.me and asyncio.get_running_loop().time() - self.last_command < window

    def _served(self, message: Any) -> None:
        self.last_command = asyncio.get_running_loop().time()
        try:
            actor = Actor(str(message["actor"]), message["role"])
            reply_to, req = str(message["to"]), message["req"]
            kind, args, op = str(message["kind"]), dict(message["args"]), message["op"]
        except (KeyError, TypeError, ValueError):
            log.warning("board %s: malformed forwarded command ignored", self.board)
            return

        def answer(result: Any, error: MetanetError | None) -> None:
            reply = {"req": req, "ok": True, "result": result} if error is None else \
                {"req": req, "ok": False, **error.to_wire()}
            self._tasks.spawn(self._post(reply_to, reply), "answer")

        self._command(answer, actor, kind, args, op)

    async def _post(self, inbox: str, reply: dict[str, Any]) -> None:
        with contextlib.suppress(BackboneDown):  # the sender times out and asks again
            await self.backbone.post(inbox, pack(reply))
