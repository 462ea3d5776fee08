"""A metanet board's summary, published on its event's summary channel.

``LiveBoard`` calls :meth:`SummaryFeed.changed` when events were folded (the
board engine's ``Changed`` output) or its presence changed; that is its whole hook. When the board belongs to an event
(``state.gathering``) and this process is the board's writer (one publisher
per board, whichever processes serve it), the summary
(``server/domain/summary.py``, built from the projector's view) is computed
at most ``1 / MIN_PERIOD`` times a second and, if it differs from the last
one, stored as the board's latest and posted to ``summaries:<gathering>``
(``Backbone.publish_summary``). Event screens fold summaries only
(``transport/gathering_live.py``).

``COST`` adds up the CPU time spent on summaries in this process (building,
encoding, and on the event side decoding and sending them), for /health and
``python -m bench lounge``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from server.backbone import BackboneDown
from server.domain.summary import same, summarize
from server.protocol.codec import pack

if TYPE_CHECKING:
    from server.transport.liveboard import LiveBoard

log = logging.getLogger("metanet.summaries")

MIN_PERIOD = 0.5  # seconds between two summaries of one board: at most twice a second


@dataclass
class Cost:
    published: int = 0  # summaries posted by this process's boards
    received: int = 0  # summaries heard by this process's event screens
    cpu_s: float = 0.0  # thread CPU seconds spent on both

    def as_dict(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "published": self.published, "received": self.received,
                "cpu_s": round(self.cpu_s, 6)}


COST = Cost()


class SummaryFeed:
    """One board's summaries: throttled, deduplicated, published by the board's writer only."""

    def __init__(self, live: LiveBoard) -> None:
        self.live = live
        self._sent: dict[str, Any] | None = None
        self._last = -MIN_PERIOD  # loop time of the last publication
        self._handle: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    def changed(self) -> None:
        if self._handle is not None or self._closed or self.live.state.gathering is None:
            return
        loop = asyncio.get_running_loop()
        self._handle = loop.call_later(max(0.0, self._last + MIN_PERIOD - loop.time()), self._publish)

    def _writer_here(self) -> bool:
        return self.live.writes

    def _publish(self) -> None:
        self._handle = None
        live = self.live
        gathering = live.state.gathering
        if self._closed or gathering is None or not self._writer_here():
            return
        started = time.thread_time()
        summary = summarize(live.state, live.presence.current(), live.clock())
        if same(self._sent, summary):
            COST.cpu_s += time.thread_time() - started
            return
        data = pack(summary)
        self._sent = summary
        self._last = asyncio.get_running_loop().time()
        COST.published += 1
        COST.cpu_s += time.thread_time() - started
        task = asyncio.create_task(self._post(gathering["id"], data), name=f"summary:{live.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, gathering: str, data: bytes) -> None:
        try:
            await self.live.backbone.publish_summary(gathering, self.live.id, data)
        except BackboneDown as exc:
            self._sent = None  # the next change publishes again
            log.info("board %s: summary not published (%s)", self.live.id, exc)

    def close(self) -> None:
        self._closed = True
        if self._handle is not None:
            self._handle.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                task.cancel()
