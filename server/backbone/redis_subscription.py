"""One subscriber's end of a Redis Pub/Sub channel (``redis_pubsub.py`` fills it, the board reads it)."""

from __future__ import annotations

import asyncio
from typing import Any

from server.backbone.base import BackboneDown


class Subscription:
    """Messages published on one channel (decoded), in order; raises BackboneDown once the connection is lost."""

    def __init__(self, channel: bytes) -> None:
        self.channel = channel
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._error: BackboneDown | None = None

    def deliver(self, item: Any) -> None:
        self._queue.put_nowait(item)

    def fail(self, error: BackboneDown) -> None:
        self._queue.put_nowait(error)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Any:
        if self._error is not None:
            raise self._error
        item = await self._queue.get()
        if isinstance(item, BackboneDown):
            self._error = item
            raise item
        return item
