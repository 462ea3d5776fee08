"""A board as one process serves it: the replica, its commands, its fan-out.

The replica is the board's state folded from the backbone's log. A command is
decided on the replica of the board's writer process (``writer.py``; other
processes forward their commands to it) and appended with the sequence it
expects; if another process appended first (:class:`Conflict`: a writer that
changed), the replica catches up and the command is decided again. Commands
queued behind an append go together in the next (``commands.py``). Events
reach the replica from its own appends and from the backbone subscription (one
per board per process); each sequence number is folded once, and a gap is
filled by reading the log.

Fan-out: folded events wait in ``pending`` until the next loop turn (or the
pacing below), then are encoded once per audience (``fanout.py``) and written
to every local socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from server.backbone import Backbone, BackboneDown, Conflict
from server.domain.board import fold
from server.domain.outcome import Outcome
from server.domain.state import Actor, BoardState, Event
from server.errors import DomainError, NotFound, Unavailable
from server.protocol.codec import pack
from server.transport.client import Client
from server.transport.commands import Queued, decide_group, op_key, take_group
from server.transport.fanout import audience_frames
from server.transport.presence import Presence
from server.transport.summaries import SummaryFeed
from server.transport.timer import Expiry
from server.transport.welcome import welcome
from server.transport.writer import Relay, Undelivered, Writership, time_out

log = logging.getLogger("metanet.board")

RECENT_EVENTS = 5000  # events kept in memory for resuming clients
MAX_ATTEMPTS = 8
FLUSH_PACING = 0.5  # after a fan-out of F s of CPU, events gather for up to 0.5·F s (docs/performance.md)
MAX_SHARE = 4.0  # pacing counts the people on other processes up to this many times those here (see flush)
CLOSE_DELETED = 4004  # the board's sockets close like a board that does not exist
DELETED_GRACE = 0.5  # seconds for the board_deleted event to reach the sockets before they close
FORWARD_PATIENCE = 8.0  # seconds a command keeps looking for the board's writer (> WRITER_TTL + FORWARD_TIMEOUT)
UNDELIVERED_PAUSE = 0.05  # seconds before posting again to an inbox nobody was listening on
SEEN_TIMEOUT = 1.0  # seconds a forwarded command's ack waits for its events to reach this replica


class LiveBoard:
    def __init__(self, board_id: str, backbone: Backbone, clock: Callable[[], float] = time.time,
                 relay: Relay | None = None) -> None:
        self.id = board_id
        self.backbone = backbone
        self.clock = clock
        self.state = BoardState(board_id)
        self.clients: set[Client] = set()
        self.recent: deque[tuple[int, Event]] = deque(maxlen=RECENT_EVENTS)
        self._pending: list[tuple[int, Event]] = []
        self._flush_handle: asyncio.Handle | None = None  # the fan-out scheduled: next loop turn, or later
        self._flush_after = 0.0  # monotonic time before which a new fan-out waits (see flush)
        self._queue: deque[Queued] = deque()  # commands waiting for the one append in flight
        self._committer: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._follower: asyncio.Task[None] | None = None
        self.expiry = Expiry(lambda: self.state.timer, clock, self.execute)
        self._deleted_handle: asyncio.TimerHandle | None = None
        self._relay = relay
        self.writership = Writership(board_id, backbone, relay.me if relay else "", self._decide_here)
        self._seen_waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._forwarded: dict[str, asyncio.Future[Any]] = {}  # op key -> the writer's answer, forwarded from here
        self.presence = Presence(board_id, backbone, relay.me if relay else None, self.people_here, self._send_all)
        self._closed = False
        self.summary = SummaryFeed(self)  # the board's summary for its event, if any (summaries.py)

    # -- lifecycle -----------------------------------------------------------

    async def open(self) -> None:
        """Load the board and follow its log. Raises NotFound for a board that does not exist."""
        self._follower = asyncio.create_task(self._follow(), name=f"follow:{self.id}")
        ready = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait({ready, self._follower}, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            try:
                await self._follower  # re-raises why loading failed
            except BackboneDown as exc:
                raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        if self.state.seq == 0:
            await self.close()
            raise NotFound("no such board")
        if self._relay is not None:
            await self.writership.start()
        self.presence.start()

    async def close(self) -> None:
        """Stop: commands taken (queued here, forwarded to us) are finished or refused first."""
        self._closed = True
        self.summary.close()
        expiries = self.expiry.stop()  # they would ask for the lease again
        await self.writership.close()
        if self._committer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait({self._committer}, timeout=5.0)
        await self.presence.close()
        if self._deleted_handle is not None:
            self._deleted_handle.cancel()
        tasks = [t for t in (self._follower, self._committer, *expiries) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _follow(self) -> None:
        delay = 0.1
        while True:
            try:
                async with self.backbone.subscribe(self.id) as batches:
                    await self.catch_up()
                    self._ready.set()
                    delay = 0.1
                    async for batch in batches:
                        if batch.first > self.state.seq + 1:
                            await self.catch_up()  # a gap: something was missed
                        else:
                            self._apply(batch.first, batch.events)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 -- resubscribe after any backbone failure
                if not self._ready.is_set():
                    raise  # loading failed: open() reports it
                log.warning("board %s: subscription lost (%s); resubscribing", self.id, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def catch_up(self) -> None:
        """Fold whatever the log has beyond the replica."""
        for seq, event in await self.backbone.read(self.id, self.state.seq):
            if seq == self.state.seq + 1:
                self._fold(seq, event)
        self._after_fold()

    # -- events in -------------------------------------------------------------

    def _fold(self, seq: int, event: Event) -> None:
        fold(self.state, seq, event)
        self.recent.append((seq, event))
        self._pending.append((seq, event))
        if event["type"] == "board_deleted" and self._deleted_handle is None:
            self._deleted_handle = asyncio.get_running_loop().call_later(DELETED_GRACE, self._close_sockets)

    def _close_sockets(self) -> None:
        for client in list(self.clients):
            client.cut_off(CLOSE_DELETED, "the board was deleted")

    def _apply(self, first: int, events: list[Event]) -> None:
        for i, event in enumerate(events):
            seq = first + i
            if seq == self.state.seq + 1:
                self._fold(seq, event)
        self._after_fold()

    def _after_fold(self) -> None:
        # Waiting acks first, the fan-out after: a sender gets its ack before its events when it can,
        # which is the order clients render best (their optimistic copy settles, then is replaced).
        answered = False
        if self._seen_waiters:
            seq = self.state.seq
            waiting = [(s, f) for s, f in self._seen_waiters if s > seq and not f.done()]
            for s, f in self._seen_waiters:
                if s <= seq and not f.done():
                    f.set_result(None)
                    answered = True
            self._seen_waiters = waiting
        if self._forwarded:
            # A forwarded command's events can come over the subscription before the writer's
            # answer: the op's result is in them, so its ack need not wait (and go out behind them).
            ops = self.state.ops
            for key, answer in self._forwarded.items():
                if key in ops and not answer.done():
                    answer.set_result({"ok": True, "result": ops[key]})
                    answered = True
        if answered:
            self._flush_behind_acks()
        if self._pending and self._flush_handle is None:
            loop = asyncio.get_running_loop()
            wait = self._flush_after - time.monotonic()
            if wait > 0.001:  # a fan-out just ended: let events gather (see flush)
                self._flush_handle = loop.call_later(wait, self.flush)
            else:  # next loop turn, outside the command's lock: this turn's events go together
                self._flush_handle = loop.call_soon(self.flush)
        self.expiry.check()
        self.summary.changed()

    def _flush_behind_acks(self) -> None:
        """Acks were just resolved: a fan-out already due this loop turn goes after their senders wake up."""
        handle = self._flush_handle
        if handle is not None and not isinstance(handle, asyncio.TimerHandle):  # a later one runs after them anyway
            handle.cancel()
            self._flush_handle = asyncio.get_running_loop().call_soon(self.flush)

    # -- commands ----------------------------------------------------------------

    async def execute(self, actor: Actor, kind: str, args: dict[str, Any], op: str | None) -> Any:
        """Carry out one command; returns the ack result (the first one, for a retried op).

        Decided here if this process is the board's writer, else by the writer; either
        way the command's events are on this replica when this returns.
        """
        if self._closed:
            raise Unavailable("the board is being unloaded here, retry")
        relay = self._relay
        loop = asyncio.get_running_loop()
        give_up = loop.time() + FORWARD_PATIENCE
        while relay is not None and not self.writership.mine:
            key = op_key(actor, op)
            answer: asyncio.Future[Any] = loop.create_future()
            if key is not None:
                self._forwarded[key] = answer
            try:
                result = await relay.forward(self.id, actor, kind, args, op, answer)
            except (Undelivered, TimeoutError) as exc:
                # An op makes sending again safe (applied once); without one only an undelivered command is.
                if (op is None and not isinstance(exc, Undelivered)) or loop.time() > give_up:
                    raise Unavailable("the board's server did not answer, retry") from None
                if isinstance(exc, Undelivered):
                    await asyncio.sleep(UNDELIVERED_PAUSE)
                with contextlib.suppress(BackboneDown):
                    await self.writership.claim()  # the writer may be gone: take its lease once it lapsed
                continue
            finally:
                if key is not None and self._forwarded.get(key) is answer:
                    del self._forwarded[key]
            if isinstance(result, dict) and isinstance(result.get("seq"), int):
                await self._seen(result["seq"])
            return result
        return await self._decide_here(actor, kind, args, op)

    async def _seen(self, seq: int) -> None:
        """Wait until the replica has folded ``seq`` (it comes through the subscription)."""
        if self.state.seq >= seq:
            return
        loop = asyncio.get_running_loop()
        seen: asyncio.Future[None] = loop.create_future()
        self._seen_waiters.append((seq, seen))
        # Not wait_for: its extra hop would let the fan-out (scheduled just after) overtake the ack.
        timeout = loop.call_later(SEEN_TIMEOUT, time_out, seen)
        try:
            await seen
        except TimeoutError:
            with contextlib.suppress(Exception):  # the ack stands: the events follow as the replica catches up
                await self.catch_up()
        finally:
            timeout.cancel()

    async def _decide_here(self, actor: Actor, kind: str, args: dict[str, Any], op: str | None) -> Any:
        """Decide, append and fold one command on this replica (with the commands queued beside it)."""
        waiting = Queued(actor, kind, args, op, asyncio.get_running_loop().create_future())
        self._queue.append(waiting)
        if self._committer is None:
            self._committer = asyncio.create_task(self._commit_queued(), name=f"commit:{self.id}")
        return await waiting.answer

    async def _commit_queued(self) -> None:
        """Commit what is queued, a group at a time: one append in flight per board."""
        group: list[Queued] = []
        try:
            while self._queue:
                group = take_group(self._queue)
                await self._commit(group)
        except BaseException as exc:
            for waiting in [*group, *self._queue]:
                waiting.fail(Unavailable("internal error, retry"))
            self._queue.clear()
            if not isinstance(exc, asyncio.CancelledError):
                log.exception("board %s: committing failed", self.id)
            raise
        finally:
            self._committer = None

    async def _commit(self, group: list[Queued]) -> None:
        checked_at = -1
        for _ in range(MAX_ATTEMPTS):
            todo = []
            for q in group:
                if q.answer.done():
                    continue  # its socket is gone
                if q.key is not None and q.key in self.state.ops:
                    q.give(self.state.ops[q.key])  # a retried op: its first result
                else:
                    todo.append(q)
            if not todo:
                return
            outcomes = decide_group(self.state, todo, self.clock())
            if checked_at != self.state.seq and any(isinstance(o, DomainError) for o in outcomes):
                # With several processes our replica may lag the log by a few
                # milliseconds (a join made through another process): look once.
                checked_at = self.state.seq
                with contextlib.suppress(Exception):  # storage trouble: the refusals stand
                    await self.catch_up()
                if self.state.seq != checked_at:
                    continue
            expected = seq = self.state.seq
            events: list[Event] = []
            accepted: list[tuple[Queued, dict[str, Any]]] = []
            for q, outcome in zip(todo, outcomes, strict=True):
                if isinstance(outcome, DomainError):
                    continue
                seq += len(outcome.events)
                result = {"seq": seq, **outcome.result}
                mine = outcome.events
                if q.key is not None:
                    mine = [{**mine[0], "op": q.key, "result": result}, *mine[1:]]
                events.extend(mine)
                accepted.append((q, result))
            if events:
                try:
                    await self.backbone.append(self.id, expected, events)
                except Conflict:
                    try:
                        await self.catch_up()
                    except BackboneDown as exc:
                        self._refuse_all(todo, outcomes, exc)
                        return
                    continue
                except BackboneDown as exc:
                    self._refuse_all(todo, outcomes, exc)
                    return
            for q, result in accepted:  # woken before the fan-out that _apply schedules: acks go first
                q.give(result)
            if accepted:
                self._flush_behind_acks()
            if events:
                self._apply(expected + 1, events)
            for q, outcome in zip(todo, outcomes, strict=True):
                if isinstance(outcome, DomainError):
                    q.fail(outcome)
            if self.state.deleted:
                await self._erase()
            return
        for q in group:
            q.fail(Unavailable("the board is busy, retry"))

    @staticmethod
    def _refuse_all(todo: list[Queued], outcomes: list[Outcome | DomainError], exc: Exception) -> None:
        """Storage failed: accepted commands are answered ``unavailable``, refused ones with their refusal."""
        for q, outcome in zip(todo, outcomes, strict=True):
            q.fail(outcome if isinstance(outcome, DomainError) else
                   Unavailable(f"storage is unavailable, retry shortly ({exc})"))

    async def _erase(self) -> None:
        """After ``board_deleted`` is in the log (and so sent to every process): erase the log."""
        try:
            await self.backbone.delete_board(self.id, self.state.code)
        except Exception:  # noqa: BLE001 -- the board is deleted all the same; loading it again erases it
            log.warning("board %s: deleted, but erasing its log failed; it is erased when next loaded", self.id)

    # -- sockets -------------------------------------------------------------------

    def attach(self, client: Client, since: int | None) -> None:
        """Add a socket and queue its welcome; nothing is sent twice or skipped."""
        self.flush()  # pending events go to the others first; the welcome covers them
        self.clients.add(client)
        client.send(pack(welcome(self.state, self.recent, client.actor, since, self.presence.current(), self.clock())))
        self.presence.changed()

    def detach(self, client: Client) -> None:
        self.clients.discard(client)
        self.presence.changed()

    def flush(self) -> None:
        """Send pending events: encoded once per audience (``fanout.py``), written to each socket.

        A fan-out that took F seconds of CPU is followed by up to
        ``FLUSH_PACING`` × F seconds in which new events wait and go out
        together in the next one (no wait when idle, none under a millisecond):
        however busy the board, fan-out leaves the loop time for commands, and
        frames grow instead of their number. Where other processes have people
        on the board too, the wait is what one process holding every socket
        would have: with share = people connected anywhere ÷ people here
        (``presence.py``; 1 to ``MAX_SHARE``), share·F·(1 + PACING) − F.
        Processes sharing a board then fan out as often as one process would,
        not each as often as its smaller share allows (they share the CPU).
        """
        if self._flush_handle is not None:  # called directly (attach): the scheduled one has nothing left to do
            self._flush_handle.cancel()
            self._flush_handle = None
        batch, self._pending = self._pending, []
        if not batch or not self.clients:
            return
        started = time.thread_time()  # CPU time: a flush preempted by other processes is not a long one
        clients = list(self.clients)
        for client, frame in audience_frames(batch, clients, self.state.settings):
            client.send(frame)
        if any(ev["type"] in ("participant_joined", "participant_left") for _, ev in batch):
            self.presence.changed()
        took = time.thread_time() - started
        # With every socket here a fan-out of F is followed by PACING·F; with 1/share of them here, the
        # period is what it would be with all of them: share·F·(1 + PACING), of which F is spent.
        self._flush_after = time.monotonic() + took * (self._share() * (1 + FLUSH_PACING) - 1)

    def _share(self) -> float:
        """How many times the people here the board's whole audience is (1 where no other process has any)."""
        return min(MAX_SHARE, max(1.0, self.presence.share()))

    # -- presence ------------------------------------------------------------------

    def serving_others(self, window: float) -> bool:
        """Whether this process is the board's writer and served another process's command in the last ``window`` s."""
        w = self.writership
        return w.holder == w.me and asyncio.get_running_loop().time() - w.last_command < window

    def people_here(self) -> dict[str, str]:
        """The participants connected to this process (joined, not left), with their stakeholder groups."""
        people: dict[str, str] = {}
        participants = self.state.participants
        for client in self.clients:
            person = participants.get(client.actor.id)
            if client.actor.role == "participant" and person is not None and person.present:
                people[person.id] = person.group
        return people

    def _send_all(self, frame: bytes) -> None:  # presence changed
        self.summary.changed()
        for client in list(self.clients):
            client.send(frame)
