"""The board's timer running out: at the deadline, this process sends ``expire_timer``.

Every process that has the board loaded tries; the writer lets the first one
through and refuses the others (the timer is no longer running).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from server.domain.state import SYSTEM, Actor, Timer
from server.errors import DomainError, NotAllowedNow, Unavailable

RETRY = 0.25  # seconds: our clock a little behind the deadline, or storage down

Execute = Callable[[Actor, str, dict[str, Any], str | None], Awaitable[Any]]


class Expiry:
    """Watches one board's timer (``check`` after every fold) and expires it on time."""

    def __init__(self, timer: Callable[[], Timer], clock: Callable[[], float], execute: Execute) -> None:
        self._timer = timer
        self._clock = clock
        self._execute = execute
        self._key: tuple[int, float] | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopped = False

    def check(self) -> None:
        if self._stopped:
            return
        t = self._timer()
        key = (t.generation, t.deadline) if t.status == "running" and t.deadline is not None else None
        if key == self._key:
            return
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._key = key
        if key is not None:
            delay = max(0.0, key[1] - self._clock())
            self._handle = asyncio.get_running_loop().call_later(delay, self._spawn, key[0])

    def stop(self) -> list[asyncio.Task[None]]:
        """Cancel what is scheduled, for good; the expiries under way, cancelled, for the caller to await."""
        self._stopped = True
        if self._handle is not None:
            self._handle.cancel()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return tasks

    def _spawn(self, generation: int) -> None:
        task = asyncio.create_task(self._expire(generation))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _expire(self, generation: int) -> None:
        try:
            await self._execute(SYSTEM, "expire_timer", {"generation": generation}, None)
        except (NotAllowedNow, Unavailable):
            t = self._timer()
            if t.status == "running" and t.generation == generation and not self._stopped:
                self._key = None
                self._handle = asyncio.get_running_loop().call_later(RETRY, self._spawn, generation)
        except DomainError:
            pass  # another process expired it first
