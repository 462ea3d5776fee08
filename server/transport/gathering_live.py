"""An event as one process serves it: the event's log replica, its metanets' summaries, its screens.

Per event and process: one subscription to the event's log (its own fields:
title, message, plenary, metanets) and ONE subscription to its summary
channel (``summaries:<gathering>``), however many metanets and screens. On
opening, the latest summary of every metanet is read from the backbone
(``latest_summaries``); a metanet with none stored yet (memory:// after a
restart) is summarised once from its log. Every summary heard replaces that
metanet's and goes to every event screen here, encoded once.

Organiser commands on the event's own log are decided on the replica and
appended conditionally (a :class:`Conflict` means catch up and decide again):
events change rarely, so there is no writer lease as boards have.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from server.backbone import Backbone, BackboneDown, Conflict
from server.domain import gathering as domain
from server.domain.board import replay
from server.domain.gathering import GatheringState
from server.domain.state import Event
from server.domain.summary import summarize
from server.errors import NotFound, Unavailable
from server.protocol.codec import pack, unpack_trusted
from server.transport.client import Client
from server.transport.relay import listen
from server.transport.summaries import COST

log = logging.getLogger("metanet.gathering")

MAX_ATTEMPTS = 8
NOBODY = {"total": 0, "by_group": {}}


def _order(summary: dict[str, Any]) -> tuple[int, float]:
    seq, at = summary.get("seq", 0), summary.get("at", 0)
    return (seq if isinstance(seq, int) else 0, at if isinstance(at, (int, float)) else 0.0)


class LiveGathering:
    def __init__(self, gathering_id: str, backbone: Backbone) -> None:
        self.id = gathering_id
        self.backbone = backbone
        self.state = GatheringState(gathering_id)
        self.summaries: dict[str, dict[str, Any]] = {}  # board -> its latest summary
        self.clients: set[Client] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._ready = asyncio.Event()
        self._listening = asyncio.Event()
        self._lock = asyncio.Lock()
        self._shown: dict[str, Any] | None = None  # the event's fields last sent to the screens

    async def open(self) -> None:
        follower = asyncio.create_task(self._follow(), name=f"gathering:{self.id}")
        self._tasks.append(follower)
        self._tasks.append(asyncio.create_task(
            listen(self.backbone, f"summaries:{self.id}", self._heard, self._listening), name=f"summaries:{self.id}"))
        ready = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait({ready, follower}, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            await self.close()
            try:
                await follower
            except BackboneDown as exc:
                raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
        if self.state.seq == 0:
            await self.close()
            raise NotFound("no event has that code", reason="event_not_found")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), timeout=2.0)
        await self.load_summaries()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def _follow(self) -> None:
        delay = 0.1
        while True:
            try:
                async with self.backbone.subscribe(self.id) as batches:
                    await self.catch_up()
                    self._ready.set()
                    async for batch in batches:
                        if batch.first > self.state.seq + 1:
                            await self.catch_up()
                        else:
                            self._apply(batch.first, batch.events)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 -- resubscribe after any backbone failure
                if not self._ready.is_set():
                    raise
                log.warning("event %s: subscription lost (%s); resubscribing", self.id, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def catch_up(self) -> None:
        changed = False
        for seq, event in await self.backbone.read(self.id, self.state.seq):
            if seq == self.state.seq + 1:
                domain.fold(self.state, seq, event)
                changed = True
        if changed:
            self._event_changed()

    def _apply(self, first: int, events: list[Event]) -> None:
        changed = False
        for i, event in enumerate(events):
            if first + i == self.state.seq + 1:
                domain.fold(self.state, first + i, event)
                changed = True
        if changed:
            self._event_changed()

    def _event_changed(self) -> None:
        if self._ready.is_set() and self.clients:
            shown = domain.public(self.state)
            if shown == self._shown:
                return  # e.g. ``timers_commanded``: nothing an event screen shows
            self._shown = shown
            self.send_all(pack({"t": "gathering", "gathering": shown}))
            for summary in self.ordered_summaries():  # a metanet added: its summary may have come first
                self.send_all(pack({"t": "summary", "summary": summary}))

    # -- summaries -----------------------------------------------------------------

    async def load_summaries(self) -> None:
        """Every metanet's latest summary; one summarised from its log where none is stored."""
        for board, raw in (await self.backbone.latest_summaries(self.id)).items():
            self._heard_bytes(board, raw)
        for metanet in self.state.metanets:
            if metanet.board not in self.summaries:
                with contextlib.suppress(Exception):  # a board that cannot be read shows no tile yet
                    state = replay(metanet.board, await self.backbone.read(metanet.board))
                    if state.seq and metanet.board not in self.summaries:
                        self.summaries[metanet.board] = summarize(state, NOBODY, time.time())

    def _heard_bytes(self, board: str, raw: bytes) -> None:
        with contextlib.suppress(Exception):
            self._heard(unpack_trusted(raw))

    def _heard(self, summary: Any) -> None:
        started = time.thread_time()
        try:
            if not isinstance(summary, dict) or not isinstance(summary.get("board"), str):
                return
            board = summary["board"]
            known = self.summaries.get(board)
            if known is not None and _order(known) > _order(summary):
                return  # an older one overtaken by a newer one (the board's seq first: clocks may differ)
            if known is None and len(self.summaries) > 2 * domain.MAX_METANETS:
                return  # not ours (the channel is Redis's: anyone could post on it)
            self.summaries[board] = summary
            COST.received += 1
            if self.clients and self.state.metanet(board) is not None:  # one added just now: sent with it
                self.send_all(pack({"t": "summary", "summary": summary}))
        finally:
            COST.cpu_s += time.thread_time() - started

    def ordered_summaries(self) -> list[dict[str, Any]]:
        """Each metanet's latest summary in the event's order (none for a deleted board)."""
        out = [self.summaries.get(m.board) for m in self.state.metanets]
        return [s for s in out if s is not None and not s.get("deleted")]

    def send_all(self, frame: bytes) -> None:
        for client in list(self.clients):
            client.send(frame)

    # -- the organiser's commands on the event's log ------------------------------

    def decide(self, cmd: dict[str, Any], now: float) -> list[Event]:
        """What the organiser's ``cmd`` would append now (its input checked), appending nothing."""
        return domain.decide(self.state, cmd, True, now)

    async def execute(self, cmd: dict[str, Any], organiser: bool, now: float) -> list[Event]:
        """Decide ``cmd`` on the replica and append its events; retried after a :class:`Conflict`."""
        events, _ = await self._append(cmd, organiser, now, None, {})
        return events

    async def record(self, cmd: dict[str, Any], op: str, result: dict[str, Any], now: float) -> dict[str, Any]:
        """The organiser's ``cmd`` with its ``op`` and ack ``result`` (``seq`` added) on its first event.

        An op already in the log (a retry, here or on another process) appends
        nothing and gives the result recorded first.
        """
        return (await self._append(cmd, True, now, op, result))[1]

    async def _append(self, cmd: dict[str, Any], organiser: bool, now: float, op: str | None,
                      result: dict[str, Any]) -> tuple[list[Event], dict[str, Any]]:
        async with self._lock:
            for _ in range(MAX_ATTEMPTS):
                if op is not None and op in self.state.ops:
                    return [], self.state.ops[op]
                events = domain.decide(self.state, cmd, organiser, now)
                if op is not None:
                    events = domain.with_op(self.state, events, op, result)
                expected = self.state.seq
                try:
                    await self.backbone.append(self.id, expected, events)
                except Conflict:
                    await self.catch_up()
                    continue
                except BackboneDown as exc:
                    raise Unavailable(f"storage is unavailable, retry shortly ({exc})") from None
                self._apply(expected + 1, events)
                return events, events[0].get("result", {})
        raise Unavailable("the event is busy, retry")
