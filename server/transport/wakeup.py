"""When a board's shell calls its engine back: a commit and a fan-out on the next loop turn, the next deadline.

A fan-out may wait longer when the engine paces it; each loop turn's commands
and events go together because they wait for the next turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

IMMEDIATE = 0.001  # seconds: a fan-out due sooner goes on the next loop turn (this turn's events go together)


class Wakeup:
    def __init__(self, clock: Callable[[], float], commit: Callable[[], None], flush: Callable[[], None],
                 tick: Callable[[], None]) -> None:
        self._clock = clock
        self._commit = commit
        self._flush = flush
        self._tick = tick
        self._commit_handle: asyncio.Handle | None = None
        self._flush_handle: asyncio.Handle | None = None
        self._wake: tuple[float, asyncio.TimerHandle] | None = None

    def schedule(self, commit: bool, flush_at: float | None, wake_at: float | None) -> None:
        """Call ``commit`` next turn, ``flush`` at ``flush_at`` (unless already due), ``tick`` at ``wake_at``."""
        loop, now = asyncio.get_running_loop(), self._clock()
        if commit and self._commit_handle is None:
            self._commit_handle = loop.call_soon(self._committing)
        if flush_at is not None and self._flush_handle is None:
            delay = flush_at - now
            self._flush_handle = loop.call_soon(self._flushing) if delay <= IMMEDIATE else \
                loop.call_later(delay, self._flushing)
        if wake_at != (self._wake[0] if self._wake else None):
            if self._wake is not None:
                self._wake[1].cancel()
            self._wake = (wake_at, loop.call_later(max(0.0, wake_at - now), self._ticking)) \
                if wake_at is not None else None

    def flushed(self) -> None:
        """A fan-out happened: the one scheduled has nothing left to do."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    def cancel(self) -> None:
        self.flushed()
        if self._commit_handle is not None:
            self._commit_handle.cancel()
            self._commit_handle = None
        if self._wake is not None:
            self._wake[1].cancel()
            self._wake = None

    def _committing(self) -> None:
        self._commit_handle = None
        self._commit()

    def _flushing(self) -> None:
        self._flush_handle = None
        self._flush()

    def _ticking(self) -> None:
        self._wake = None
        self._tick()
