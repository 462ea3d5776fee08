"""``redis+cluster://host:port[,host:port...]``: the Redis backbone on a Redis Cluster, with sharded Pub/Sub.

Everything of ``redis.py`` (one stream per board, the append script, leases,
inboxes, join codes) runs unchanged; what differs is where things live:

- every key and channel of a board carries the board's hash tag, so they sit in
  the board's slot, on one shard: its log ``metanet:{<board>}:log``, its live
  channel ``metanet:{<board>}:live``, its writer lease
  ``metanet:lease:writer:{<board>}``, its inboxes ``metanet:inbox:board:{<board>}``
  and ``metanet:inbox:presence:{<board>}``. The append script (check the head,
  XADD, SPUBLISH) stays one atomic script on that shard;
- an event's summaries (``metanet:{<event>}:summaries``) and its summary inbox
  (``metanet:inbox:summaries:{<event>}``) carry the event's tag; a process's own
  inbox (``metanet:inbox:process:{<id>}``) its own;
- channels are sharded channels (SPUBLISH / SSUBSCRIBE): a board's fan-out
  crosses only its shard, so shards add Pub/Sub capacity (classic PUBLISH in a
  cluster is broadcast to every node). One subscriber connection per shard
  (``redis_shards.py``);
- an append is acknowledged only after ``WAIT 1 <replica_wait_ms>`` on the
  connection that ran it: at least one replica has the batch, so a failover
  loses nothing acknowledged. If no replica confirms in time (none connected,
  or lagging) the append is still acknowledged -- it is stored on the master
  and already published to every subscriber, it cannot be taken back -- and
  counted in /health's ``unreplicated``; for that window the promise is a
  single Redis's (docs/deploy.md). ``min-replicas-to-write 1`` on the masters
  turns that into refused writes instead.

Slot moves: commands go through redis-py's ``RedisCluster``, which follows
``MOVED`` / ``ASK`` and re-reads the slot map after a failover; the append and
its WAIT run on one connection of the slot's master (``_on_shard``), which does
the same by hand.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.exceptions import (
    AskError,
    ClusterDownError,
    MovedError,
    RedisClusterException,
    RedisError,
    ResponseError,
    TryAgainError,
)

from server.backbone.base import BackboneDown
from server.backbone.redis import RedisBackbone, decode_batch, redacted
from server.backbone.redis_keys import APPEND
from server.backbone.redis_shards import ShardedPubSub
from server.backbone.redis_summaries import summaries_key

log = logging.getLogger("metanet.backbone.redis")

REPLICA_WAIT_MS = 500  # default of METANET_REPLICA_WAIT_MS: how long an append waits for a replica
ATTEMPTS = 4  # tries of a command on a slot's master while the slot moves or its master fails over
REFRESH_EVERY = 0.5  # seconds: the slot map is read again at most this often
WARN_EVERY = 10.0  # seconds between two warnings about unreplicated appends


def tagged(name: str) -> str:
    """``writer:<board>`` -> ``writer:{<board>}``: the part after the kind is the hash tag."""
    kind, _, ident = name.rpartition(":")
    return f"{kind}:{{{ident}}}" if kind else f"{{{ident}}}"


def parse_url(url: str) -> tuple[list[tuple[str, int]], dict[str, Any]]:
    """The seed nodes and client options of ``redis+cluster://[user:password@]host:port[,...][?replica_wait_ms=N]``."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis+cluster", "rediss+cluster"):
        raise ValueError(f"not a cluster URL: {redacted(url)!r}")
    netloc = parts.netloc
    options: dict[str, Any] = {"ssl": parts.scheme == "rediss+cluster"}
    if "@" in netloc:
        auth, netloc = netloc.rsplit("@", 1)
        user, _, password = auth.partition(":")
        options.update(username=unquote(user) or None, password=unquote(password) or None)
    seeds: list[tuple[str, int]] = []
    for item in netloc.split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"cluster URL: {item!r} is not host:port (redis+cluster://host:port,host:port)")
        seeds.append((host, int(port)))
    query = parse_qs(parts.query)
    if "replica_wait_ms" in query:
        options["replica_wait_ms"] = int(query["replica_wait_ms"][0])
    return seeds, options


class ClusterBackbone(RedisBackbone):
    """``replica_wait_ms``: WAIT's timeout (URL ``?replica_wait_ms=``, else ``METANET_REPLICA_WAIT_MS``, else 500);
    0 sends no WAIT (a cluster without replicas)."""

    kind = "redis-cluster"
    publish_command = "SPUBLISH"
    start_errors = (RedisError, OSError, RedisClusterException)

    def __init__(self, url: str, *, replica_wait_ms: int | None = None, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.seeds, options = parse_url(url)
        wait = options.pop("replica_wait_ms", None)
        if wait is None:
            wait = replica_wait_ms if replica_wait_ms is not None else os.environ.get("METANET_REPLICA_WAIT_MS")
        self.replica_wait_ms = int(wait) if wait is not None else REPLICA_WAIT_MS
        if self.replica_wait_ms < 0:
            raise ValueError("replica_wait_ms must be 0 (no wait) or more")
        self._options = options
        self.unreplicated = 0  # appends acknowledged without a replica's confirmation
        self._warned = 0.0
        self._refreshed = 0.0

    def _client(self) -> Any:
        return RedisCluster(
            startup_nodes=[ClusterNode(host, port) for host, port in self.seeds],
            protocol=2,
            decode_responses=False,
            socket_timeout=self.command_timeout,
            socket_connect_timeout=min(self.command_timeout, 3.0),
            client_name=f"metanet:{os.getpid()}",
            require_full_coverage=False,
            **self._options,
        )

    def _open_pubsub(self, client: Any) -> Any:
        self._channel_prefix = "metanet:"  # a cluster has one database
        return ShardedPubSub(
            client,
            decode_batch,
            self.refresh,
            name=f"metanet:{os.getpid()}:pubsub",
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
        )

    async def refresh(self) -> None:
        """Read the cluster's slot map again (at most every REFRESH_EVERY seconds); quiet if no node answers."""
        now = time.monotonic()
        if now - self._refreshed < REFRESH_EVERY or self._redis is None:
            return
        self._refreshed = now
        try:
            await self._redis.nodes_manager.initialize()
        except (RedisError, RedisClusterException, OSError) as exc:
            log.info("the cluster's slot map could not be read (%s)", exc)

    # -- names: everything of a board in its slot ---------------------------------

    def lease_key(self, name: str) -> str:
        return f"metanet:lease:{tagged(name)}"

    def inbox_channel(self, name: str) -> bytes:
        return f"metanet:inbox:{tagged(name)}".encode()

    # -- writes on the slot's master, with WAIT -----------------------------------

    async def _run_append(self, key: str, args: list[Any]) -> tuple[int, int]:
        if not self.replica_wait_ms:  # 0: a cluster without replicas (WAIT 1 0 would block for ever)
            (stored, head), = await self._on_shard(key, [("EVAL", APPEND, 1, key, *args)])
            return int(stored), int(head)
        (stored, head), replicas = await self._on_shard(
            key, [("EVAL", APPEND, 1, key, *args), ("WAIT", 1, self.replica_wait_ms)]
        )
        if int(replicas) < 1:
            self._unreplicated()
        return int(stored), int(head)

    async def publish_summary(self, gathering: str, board: str, summary: bytes) -> None:
        key = summaries_key(gathering)
        channel = self.inbox_channel(f"summaries:{gathering}")
        try:
            await self._on_shard(key, [("MULTI",), ("HSET", key, board, summary), ("SPUBLISH", channel, summary), ("EXEC",)])
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not take the summary ({exc})") from None

    def _unreplicated(self) -> None:
        self.unreplicated += 1
        now = time.monotonic()
        if now - self._warned > WARN_EVERY:
            self._warned = now
            log.warning("no replica confirmed an append within %d ms (%d so far): a failover now could lose it",
                        self.replica_wait_ms, self.unreplicated)

    async def _on_shard(self, key: str, commands: list[tuple[Any, ...]]) -> list[Any]:
        """Run ``commands`` pipelined on one connection of the master of ``key``'s slot; their replies.

        Follows MOVED (re-reads the slot map), ASK (ASKING on the target), TRYAGAIN and
        CLUSTERDOWN, and a master that is gone (re-reads the slot map), ATTEMPTS times, then
        raises BackboneDown (the caller's client retries; while a replica is being promoted,
        a few seconds). Any other error reply is raised as it is.
        """
        asking: tuple[str, int] | None = None
        last: Exception | None = None
        for attempt in range(ATTEMPTS):
            if attempt:
                await self.refresh()
            try:
                node = self._node(key, asking)
                sent = [("ASKING",), *commands] if asking else commands
                replies = await self._pipeline(node, sent)
            except (RedisError, RedisClusterException, OSError) as exc:
                last = exc
                self._refreshed = 0.0  # a node may be gone: read the map now
                continue
            replies = replies[1:] if asking else replies
            error = next((r for r in replies if isinstance(r, Exception)), None)
            if error is None:
                return replies
            if isinstance(error, MovedError):
                asking, last, self._refreshed = None, error, 0.0
            elif isinstance(error, AskError):
                asking, last = error.node_addr, error
            elif isinstance(error, (TryAgainError, ClusterDownError)):
                asking, last = None, error
            else:
                raise error
        raise BackboneDown(f"the cluster did not take the command ({last})")

    def _node(self, key: str, asking: tuple[str, int] | None) -> ClusterNode:
        cluster: RedisCluster = self.redis
        if asking is None:
            node = cluster.get_node_from_key(key)
        else:
            node = cluster.nodes_manager.get_node(*asking) or ClusterNode(
                asking[0], asking[1], **cluster.nodes_manager.connection_kwargs
            )
        if node is None:
            raise BackboneDown("no Redis node serves this board now")
        return node

    @staticmethod
    async def _pipeline(node: ClusterNode, commands: list[tuple[Any, ...]]) -> list[Any]:
        conn = node.acquire_connection()
        try:
            await conn.send_packed_command(conn.pack_commands(commands))
            replies: list[Any] = []
            for _ in commands:
                try:
                    replies.append(await conn.read_response())
                except ResponseError as exc:  # an error reply: the connection is still in step
                    replies.append(exc)
            return replies
        except BaseException:
            await conn.disconnect()
            raise
        finally:
            node.release(conn)

    # -- health -------------------------------------------------------------------

    async def _health_details(self) -> dict[str, Any]:
        try:
            info = await self.redis.cluster_info()
        except RedisClusterException as exc:
            raise RedisError(str(exc)) from None
        state = info.get("cluster_state", info.get(b"cluster_state"))
        state = state.decode() if isinstance(state, bytes) else str(state)
        return {
            "ok": state == "ok",
            "cluster_state": state,
            "masters": len(self.redis.get_primaries()),
            "replica_wait_ms": self.replica_wait_ms,
            "unreplicated": self.unreplicated,
        }
