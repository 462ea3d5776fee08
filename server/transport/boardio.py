"""What a board's shell asks of the backbone for its engine: each answer fed back with the time.

``LiveBoard`` starts one of these coroutines for each output of the engine that
waits for an answer (an append, a log read, a forward to the writer, a lease
request), plus ``follow``, the board's subscription, and feeds what came of it
to the engine through ``feed(step, *args)``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from server.backbone import Backbone, BackboneDown, Conflict
from server.engine import outputs as do
from server.engine.board import BoardEngine
from server.engine.forwarding import NO_ANSWER, UNDELIVERED
from server.errors import MetanetError
from server.transport.lease import Lease
from server.transport.relay import Relay, Undelivered
from server.transport.tasks import Tasks

log = logging.getLogger("metanet.board")

RESUBSCRIBE_DELAY = (0.1, 5.0)  # seconds before subscribing again after a lost subscription, doubling to 5

Feed = Callable[..., None]


class BoardIO:
    def __init__(self, board_id: str, backbone: Backbone, engine: BoardEngine, feed: Feed, tasks: Tasks,
                 relay: Relay | None, lease: Lease | None) -> None:
        self.id = board_id
        self.tasks = tasks
        self.backbone = backbone
        self.engine = engine
        self.feed = feed
        self.relay = relay
        self.lease = lease
        self.loaded: asyncio.Future[None] = asyncio.get_running_loop().create_future()  # the first read
        self.behind_told = False  # the log was found behind this replica (said once)

    def start(self, out: do.Output) -> None:
        """Start the backbone work ``out`` asks for, as a task of the board."""
        if isinstance(out, do.Append):
            self.tasks.spawn(self.append(out), "append")
        elif isinstance(out, do.ReadLog):
            self.tasks.spawn(self.read(out.after), "read")
        elif isinstance(out, do.Forward):
            self.tasks.spawn(self.forward(out), "forward")
        elif isinstance(out, do.Claim):
            self.tasks.spawn(self.claim(), "claim")
        elif isinstance(out, do.Erase):
            self.tasks.spawn(self.erase(out.code), "erase")

    async def follow(self) -> None:
        """Feed the board's subscription to the engine, subscribing again after a failure."""
        delay = RESUBSCRIBE_DELAY[0]
        while True:
            try:
                async with self.backbone.subscribe(self.id) as batches:
                    self.feed(lambda now: self.engine.ask_read())  # what came before the subscription
                    async for batch in batches:
                        delay = RESUBSCRIBE_DELAY[0]
                        self.feed(self.engine.received, batch.first, batch.events)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 -- resubscribe after any backbone failure
                if not self.loaded.done():
                    self.loaded.set_exception(exc)  # loading failed: open() reports it
                    return
                log.warning("board %s: subscription lost (%s); resubscribing", self.id, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RESUBSCRIBE_DELAY[1])

    async def append(self, out: do.Append) -> None:
        try:
            await self.backbone.append(self.id, out.expected, out.events)
        except Conflict as exc:
            if exc.current < out.expected and not self.behind_told:
                self.behind_told = True
                log.error("board %s: the log ends at %d, behind the %d events this process has: storage lost "
                          "acknowledged appends; the board takes no command here until this process restarts "
                          "(docs/deploy.md, Redis persistence)", self.id, exc.current, out.expected)
            self.feed(self.engine.conflict)
        except Exception as exc:  # noqa: BLE001 -- BackboneDown, or a bug: the senders are answered
            self.feed(self.engine.append_failed, exc)
        else:
            self.feed(self.engine.appended)

    async def read(self, after: int) -> None:
        try:
            events = await self.backbone.read(self.id, after)
        except Exception as exc:  # noqa: BLE001 -- storage trouble: the engine decides what it means
            if not self.loaded.done():
                self.loaded.set_exception(exc)
            self.feed(self.engine.read_failed, exc)
            return
        self.feed(self.engine.read, events)
        if not self.loaded.done():
            self.loaded.set_result(None)

    async def forward(self, out: do.Forward) -> None:
        assert self.relay is not None
        reply: Any = None
        why: str | MetanetError = ""
        try:
            reply = await self.relay.forward(self.id, out.actor, out.kind, out.args, out.op)
        except Undelivered:
            why = UNDELIVERED
        except TimeoutError:
            why = NO_ANSWER
        except MetanetError as err:
            why = err
        if why:
            self.feed(self.engine.forward_failed, out.fid, why)
        else:
            self.feed(self.engine.forward_answered, out.fid, reply)

    async def claim(self) -> None:
        if self.lease is None:
            return
        try:
            await self.lease.claim()  # its answer is fed by the lease's callback
        except BackboneDown:
            self.feed(self.engine.lease, None)

    async def erase(self, code: str) -> None:
        """After ``board_deleted`` is in the log (and so sent to every process): erase the log."""
        try:
            await self.backbone.delete_board(self.id, code)
        except Exception:  # noqa: BLE001 -- the board is deleted all the same; loading it again erases it
            log.warning("board %s: deleted, but erasing its log failed; it is erased when next loaded", self.id)
