"""A Redis Cluster's sharded Pub/Sub: one subscriber connection per shard, opened and closed with its boards.

Each channel is subscribed with SSUBSCRIBE on the master that holds its slot
(its ``{hash tag}``: the board, or the event), through a
:class:`~server.backbone.redis_pubsub.SharedPubSub` of that node in sharded
mode. A node's connection opens with the first board it serves there and
closes with the last. When a connection is lost (the master died) or Redis
unsubscribes a channel (its slot moved), the subscriptions raise, their
boards subscribe again and read what they missed from the log; the next
subscription first re-reads the cluster's map of slots, so it goes to the
slot's new owner (the promoted replica).

redis-py's own cluster Pub/Sub resubscribes behind its user's back after such
an event; a board must know, to fill the gap from its log. Hence this module.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio.cluster import RedisCluster
from redis.exceptions import RedisClusterException, RedisError

from server.backbone.base import BackboneDown
from server.backbone.redis_pubsub import SharedPubSub
from server.backbone.redis_subscription import Subscription

log = logging.getLogger("metanet.backbone.redis")


class ShardedPubSub:
    """``subscribe(channel, decode)`` / ``unsubscribe(sub)`` like :class:`SharedPubSub`, routed by slot."""

    def __init__(
        self,
        cluster: RedisCluster,
        decode: Callable[[bytes], Any],
        refresh: Callable[[], Awaitable[None]],
        *,
        name: str,
        ping_interval: float,
        ping_timeout: float,
    ) -> None:
        self._cluster = cluster
        self._decode = decode
        self._refresh = refresh
        self._name = name
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self._shards: dict[str, SharedPubSub] = {}  # node name (host:port) -> its connection
        self._busy: dict[str, int] = {}  # subscriptions under way, per node
        self._of: dict[Subscription, str] = {}
        self._stale = False  # a connection was lost or a slot moved: read the slot map again first
        self.lost = 0  # connections lost or channels moved (for /health and tests)

    def _lost(self) -> None:
        self._stale = True
        self.lost += 1

    def shards(self) -> dict[str, int]:
        """How many channels this process has subscribed on each node."""
        return {name: shard.status()["channels"] for name, shard in self._shards.items()}

    async def subscribe(self, channel: bytes, decode: Callable[[bytes], Any] | None = None) -> Subscription:
        if self._stale:
            self._stale = False
            await self._refresh()
        try:
            node = self._cluster.get_node_from_key(channel.decode())
        except (RedisClusterException, RedisError) as exc:
            raise BackboneDown(f"no Redis node serves this channel now ({exc})") from None
        if node is None:
            raise BackboneDown("no Redis node serves this channel now")
        shard = self._shards.get(node.name)
        if shard is None:
            shard = self._shards[node.name] = SharedPubSub(
                node,
                self._decode,
                name=self._name,
                ping_interval=self.ping_interval,
                ping_timeout=self.ping_timeout,
                sharded=True,
                on_lost=self._lost,
            )
        self._busy[node.name] = self._busy.get(node.name, 0) + 1
        try:
            sub = await shard.subscribe(channel, decode)
        except BaseException:
            self._stale = True  # the node may be gone or no longer the slot's master: read the map first next time
            self._busy[node.name] -= 1
            await self._close_if_idle(node.name)
            raise
        self._busy[node.name] -= 1
        self._of[sub] = node.name
        return sub

    async def unsubscribe(self, sub: Subscription) -> None:
        name = self._of.pop(sub, None)
        shard = self._shards.get(name) if name is not None else None
        if shard is None or name is None:
            return
        await shard.unsubscribe(sub)
        await self._close_if_idle(name)

    async def _close_if_idle(self, name: str) -> None:
        """Close a node's connection once no board of this process listens there."""
        shard = self._shards.get(name)
        if shard is None or self._busy.get(name) or shard.status()["channels"]:
            return
        if any(owner == name for owner in self._of.values()):
            return
        del self._shards[name]
        self._busy.pop(name, None)
        await shard.close()

    def status(self) -> dict[str, Any]:
        return {
            "connected": sum(1 for s in self._shards.values() if s.status()["connected"]),
            "channels": sum(s.status()["channels"] for s in self._shards.values()),
            "shards": self.shards(),
            "lost": self.lost,
        }

    async def close(self) -> None:
        shards, self._shards = self._shards, {}
        await asyncio.gather(*(shard.close() for shard in shards.values()), return_exceptions=True)
