"""The latest summary of each metanet of an event, on Redis (mixed into ``RedisBackbone``).

``metanet:{<gathering>}:summaries`` is a hash: board -> the msgpack summary
last published. Publishing stores it there and posts it to the event's
summary inbox (``summaries:<gathering>``) in one MULTI/EXEC, so an event
screen that opens later reads every metanet's latest summary at once and one
that is listening hears each change once.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.backbone.base import BackboneDown


def summaries_key(gathering: str) -> str:
    return f"metanet:{{{gathering}}}:summaries"


class SummaryStore:
    """Needs ``redis`` and ``inbox_channel`` from the backbone it is mixed into."""

    @property
    def redis(self) -> Redis:
        raise NotImplementedError

    def inbox_channel(self, name: str) -> bytes:
        raise NotImplementedError

    async def publish_summary(self, gathering: str, board: str, summary: bytes) -> None:
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(summaries_key(gathering), board, summary)
                pipe.publish(self.inbox_channel(f"summaries:{gathering}"), summary)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not take the summary ({exc})") from None

    async def latest_summaries(self, gathering: str) -> dict[str, bytes]:
        try:
            stored = await self.redis.hgetall(summaries_key(gathering))
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None
        return {(k.decode() if isinstance(k, bytes) else str(k)): (v if isinstance(v, bytes) else str(v).encode())
                for k, v in stored.items()}
