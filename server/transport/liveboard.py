"""A board as one process serves it: the asyncio shell around its engine (``server.engine``).

The shell feeds the engine what happened, with the time: commands from sockets
and from the writer's inbox (``lease.py``), and through ``boardio.py`` the
subscription and the answers of appends, reads, lease requests and forwards.
It performs the engine's outputs in their order, flushes on the next loop turn
after events were folded (or when the engine's pacing says) and ticks at the
engine's next deadline. Every task it starts is in ``self.tasks``, ended by
``close``. The board's summary for its event (``summaries.py``) hears of every
change: the engine's ``Changed`` output, and presence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from server.backbone import Backbone, BackboneDown
from server.domain.state import Actor, BoardState
from server.engine import outputs as do
from server.engine.board import BoardEngine
from server.errors import MetanetError, NotFound, Unavailable
from server.protocol import messages
from server.protocol.codec import pack
from server.transport.boardio import BoardIO
from server.transport.client import Client
from server.transport.lease import Lease
from server.transport.presence import Presence
from server.transport.relay import Relay
from server.transport.summaries import SummaryFeed
from server.transport.tasks import Tasks
from server.transport.wakeup import Wakeup

log = logging.getLogger("metanet.board")

CLOSE_PATIENCE = 5.0  # seconds a closing board lets the commands it took finish (their senders get answers)


class LiveBoard:
    def __init__(self, board_id: str, backbone: Backbone, clock: Callable[[], float] = time.time,
                 relay: Relay | None = None) -> None:
        self.id = board_id
        self.backbone = backbone
        self.clock = clock
        self.engine = BoardEngine(board_id, shared=relay is not None)
        self.tasks = Tasks(f"board {board_id}")
        self.lease = Lease(board_id, backbone, relay.me, self.tasks, partial(self._feed, self.engine.lease),
                           partial(self._feed, self.engine.command_here)) if relay is not None else None
        self.presence = Presence(board_id, backbone, relay.me if relay else None, self.engine.people_here,
                                 self._send_all)
        self.summary = SummaryFeed(self)  # the board's summary for its event, if any (summaries.py)
        self.io = BoardIO(board_id, backbone, self.engine, self._feed, self.tasks, relay, self.lease)
        self.wakeup = Wakeup(clock, partial(self._feed, self.engine.commit), self._flush,
                             partial(self._feed, self.engine.tick))

    @property
    def state(self) -> BoardState:
        return self.engine.state

    @property
    def clients(self) -> set[Client]:
        return cast(set[Client], self.engine.clients)

    @property
    def writes(self) -> bool:
        """Whether this process is the board's writer (on one process, always)."""
        return self.lease is None or self.lease.holder == self.lease.me

    # -- lifecycle -----------------------------------------------------------------

    async def open(self) -> None:
        """Load the board and follow its log. Raises NotFound for a board that does not exist."""
        self.tasks.spawn(self.io.follow(), "follow")
        try:
            await self.io.loaded
        except BaseException as exc:
            await self.tasks.close()
            if isinstance(exc, BackboneDown):
                raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
            raise
        if self.state.seq == 0:
            await self.close()
            raise NotFound("no such board", reason="board_not_found")
        if self.lease is not None:
            await self.lease.start()
        self.presence.start()

    async def close(self) -> None:
        """Stop: commands taken (queued here, forwarded to us) are finished or refused first."""
        self.engine.close()
        self.summary.close()
        if self.lease is not None:
            await self.lease.stop()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + CLOSE_PATIENCE
        while not self.engine.idle and loop.time() < give_up:
            await asyncio.sleep(0.01)
        self._feed(lambda now: self.engine.abort())
        await self.tasks.settle("answer", max(0.0, give_up - loop.time()))  # posted to other processes
        await self.presence.close()
        self.wakeup.cancel()
        await self.tasks.close()
        if self.lease is not None:
            await self.lease.release()

    # -- commands ---------------------------------------------------------------------

    async def command(self, client: Client, kind: str, args: dict[str, Any], op: str) -> None:
        """A socket's command: its ack is written to the socket the moment the engine answers it."""
        def ack(result: Any, error: MetanetError | None) -> None:
            client.send(pack(messages.ack_ok(op, result) if error is None else messages.ack_error(op, error)))
        with contextlib.suppress(MetanetError):
            await self.execute(client.actor, kind, args, op, ack)

    async def execute(self, actor: Actor, kind: str, args: dict[str, Any], op: str | None,
                      ack: do.Sink | None = None) -> Any:
        """Carry out one command (``ack`` told first); its ack result, or the error it was refused with."""
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def answer(result: Any, error: MetanetError | None) -> None:
            if ack is not None:
                ack(result, error)
            if done.done():
                return  # its sender is gone (cancelled)
            done.set_result(result) if error is None else done.set_exception(error)

        self._feed(self.engine.command, answer, actor, kind, args, op)
        return await done

    async def catch_up(self) -> None:
        """Fold whatever the log has beyond the replica now (an export includes another process's last append)."""
        self._feed(self.engine.fold_read, await self.backbone.read(self.id, self.state.seq))

    # -- performing the engine's outputs ------------------------------------------------

    def _feed(self, step: Callable[..., Any], *args: Any) -> None:
        step(*args, self.clock())
        self._perform()

    def _perform(self) -> None:
        for out in self.engine.take():
            try:
                self._do(out)
            except Exception:  # noqa: BLE001 -- one output failing must not lose those after it (an append, an ack)
                log.exception("board %s: %s failed", self.id, type(out).__name__)
        engine = self.engine
        self.wakeup.schedule(engine.commit_due, engine.flush_at(), engine.wake_at())

    def _do(self, out: do.Output) -> None:
        if isinstance(out, do.Reply):
            out.sink(out.result, out.error)
        elif isinstance(out, do.Frames):
            for member, frame in out.frames:
                member.send(frame)
        elif isinstance(out, do.Close):
            for member in out.members:
                member.cut_off(out.code, out.reason)
        elif isinstance(out, do.PeopleChanged):
            self.presence.changed()
        elif isinstance(out, do.Changed):
            self.summary.changed()
        else:
            self.io.start(out)  # backbone work: a task, its answer fed back

    def _flush(self) -> None:
        self.wakeup.flushed()
        started = time.thread_time()  # CPU time: a flush preempted by other processes is not a long one
        if self.engine.flush(self.clock()):
            self._perform()
            self.engine.fanned_out(time.thread_time() - started, self.presence.share(), self.clock())

    # -- sockets ---------------------------------------------------------------------------

    def attach(self, client: Client, since: int | None) -> None:
        """Add a socket and send its welcome; nothing is sent twice or skipped."""
        self._flush()  # pending events go to the others first; the welcome covers them
        self._feed(self.engine.attach, client, since, self.presence.current())

    def detach(self, client: Client) -> None:
        self.engine.detach(client)
        self._perform()

    def _send_all(self, frame: bytes) -> None:  # presence changed
        self.summary.changed()
        for client in list(self.clients):
            client.send(frame)
