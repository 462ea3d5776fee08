"""The background tasks of one owner (a board, a process's relay): kept until done, awaited on close."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("metanet.tasks")


class Tasks:
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any], what: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(work, name=f"{what}:{self.owner}")
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", task.get_name(), exc_info=task.exception())

    async def settle(self, what: str, timeout: float) -> None:
        """Let the ``what`` tasks under way end on their own, for up to ``timeout`` seconds."""
        mine = {t for t in self._tasks if t.get_name().startswith(f"{what}:")}
        if mine:
            await asyncio.wait(mine, timeout=timeout)

    async def close(self) -> None:
        """Cancel every task and wait for each to end."""
        while self._tasks:
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    @staticmethod
    async def stop(task: asyncio.Task[Any] | None) -> None:
        """Cancel one task and wait for it to end."""
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
