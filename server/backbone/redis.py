"""``redis://``: any number of processes on one Redis -- a Stream per board plus Pub/Sub.

Keys (the ``{board}`` hash tag keeps a board's keys in one Redis Cluster slot)::

    metanet:{<board>}:log          Stream: one entry per appended batch
    metanet:code:<CODE>            String: the board a join code points to
    metanet:lease:<name>           String: who holds a lease (a board's writer), with a TTL
    channel metanet:<db>:{<board>}:live    Pub/Sub: every appended batch, as it is stored
    channel metanet:<db>:inbox:<name>      Pub/Sub: messages posted to an inbox (commands, replies)

One entry per batch, with the id ``<last seq>-<number of events>``. So the
entry id alone gives the batch's sequence numbers; the head of the log is the
last entry's id (no separate head key that could disagree with the stream,
e.g. after Redis loads a truncated append-only file); ``XRANGE key <s> +``
starts at exactly the batch that holds sequence ``s``; and Redis itself refuses
an id that does not grow. A one-event batch gets ``<seq>-1``. The entry's one
field ``b`` holds the msgpack ``[first, [event, ...]]``, and the very same bytes
are published, so subscribers and readers decode one format.

Appending is one Lua script (``APPEND``, in ``redis_keys.py`` with the key names and the other scripts): compare the head with the expected
sequence, XADD, PUBLISH. Redis runs a script atomically, so no batch is stored
without being published or published without being stored, and no two
processes can both append after the same sequence.

Live fan-out uses one Pub/Sub connection per process (``redis_pubsub.py``);
when it drops or goes silent every subscription raises and its subscriber
resubscribes and reads what it missed from the stream.

Durability is Redis's: with ``appendonly yes`` and ``appendfsync everysec`` an
acknowledged append survives a Redis crash or restart while the disk keeps up;
on a busy disk a crash, and on any disk a power cut, may lose up to about two
seconds (see docs/deploy.md). A log found behind this process's replica is
logged as an error (``server/transport/boardio.py``).
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from server.backbone.base import BackboneDown, Batch, Conflict, Event
from server.backbone.redis_keys import APPEND, FORGET_CODE, LEASE, READ, RELEASE, code_key, lease_key, log_key
from server.backbone.redis_pubsub import SharedPubSub
from server.backbone.redis_summaries import SummaryStore
from server.protocol.codec import pack, unpack_trusted

READ_PAGE = 1000  # stream entries (batches) per round trip


def redacted(url: str) -> str:
    """The URL without its password, for logs and /health."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + netloc))


def decode_batch(payload: bytes) -> Batch:
    first, events = unpack_trusted(payload)
    return Batch(int(first), list(events))


class RedisBackbone(SummaryStore):  # + the latest summary of each metanet (redis_summaries.py)
    """The Redis backbone. ``ping_interval`` / ``ping_timeout``: the Pub/Sub liveness check;
    ``command_timeout``: how long one Redis command may take before the caller gets BackboneDown."""

    shared = True
    kind = "redis"  # /health's "backbone"
    publish_command = "PUBLISH"  # how a batch or an inbox message goes out (SPUBLISH on a cluster)
    start_errors: tuple[type[Exception], ...] = (RedisError, OSError)  # what means "cannot reach it" at start

    def __init__(
        self,
        url: str,
        *,
        ping_interval: float = 2.0,
        ping_timeout: float = 3.0,
        command_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.command_timeout = command_timeout
        self._redis: Any = None  # Redis, or RedisCluster
        self._pubsub: Any = None  # SharedPubSub, or ShardedPubSub
        self._channel_prefix = "metanet:0:"

    # -- lifecycle ----------------------------------------------------------------

    async def start(self) -> None:
        client = self._client()
        try:
            await client.ping()
        except self.start_errors as exc:
            await client.aclose()
            raise BackboneDown(f"cannot reach Redis at {redacted(self.url)} ({exc})") from None
        self._redis = client
        self._append = client.register_script(APPEND)
        self._forget_code = client.register_script(FORGET_CODE)
        self._read = client.register_script(READ)
        self._lease = client.register_script(LEASE)
        self._release = client.register_script(RELEASE)
        self._pubsub = self._open_pubsub(client)

    def _client(self) -> Any:
        """The client every command goes through (a ``RedisCluster`` in ``redis_cluster.py``)."""
        return Redis.from_url(
            self.url,
            protocol=2,
            decode_responses=False,
            socket_timeout=self.command_timeout,
            socket_connect_timeout=min(self.command_timeout, 3.0),
            # A dead pooled connection (Redis restarted) is replaced and the command sent again;
            # a repeated append is safe: it finds the head moved and reports a Conflict.
            retry=Retry(ExponentialBackoff(cap=0.25, base=0.05), 2, supported_errors=(RedisConnectionError,)),
            client_name=f"metanet:{os.getpid()}",
        )

    def _open_pubsub(self, client: Any) -> Any:
        """What ``subscribe`` and ``inbox`` listen through: ``subscribe(channel, decode)``, ``unsubscribe(sub)``."""
        # Pub/Sub channels are global to a Redis server, not per database: name the database.
        db = client.connection_pool.connection_kwargs.get("db", 0)
        self._channel_prefix = f"metanet:{db}:"
        return SharedPubSub(
            client.connection_pool,
            decode_batch,
            name=f"metanet:{os.getpid()}:pubsub",
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
        )

    async def close(self) -> None:
        if self._pubsub is not None:
            await self._pubsub.close()
            self._pubsub = None
        if self._redis is not None:
            await self._redis.aclose()
            pool = getattr(self._redis, "connection_pool", None)  # a RedisCluster closes its nodes' connections itself
            if pool is not None:
                await pool.disconnect()
            self._redis = None

    @property
    def redis(self) -> Any:
        if self._redis is None:
            raise RuntimeError("the backbone is not started")
        return self._redis

    def channel(self, board: str) -> bytes:
        return f"{self._channel_prefix}{{{board}}}:live".encode()

    # -- the log ------------------------------------------------------------------

    async def append(self, board: str, expected: int, events: list[Event]) -> int:
        if not events:
            raise ValueError("nothing to append")
        payload = pack([expected + 1, events])
        try:
            args = [expected, len(events), payload, self.channel(board), self.publish_command]
            stored, head = await self._run_append(log_key(board), args)
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not take the append ({exc})") from None
        if not stored:
            raise Conflict(int(head))
        return int(head)

    async def _run_append(self, key: str, args: list[Any]) -> tuple[int, int]:
        stored, head = await self._append(keys=[key], args=args)
        return int(stored), int(head)

    async def read(self, board: str, after: int = 0) -> list[tuple[int, Event]]:
        out: list[tuple[int, Event]] = []
        start: bytes = str(after + 1).encode()  # the entry ids are <last>-<n>: this starts at the batch holding after+1
        try:
            while True:
                blob, last_id = await self._read(keys=[log_key(board)], args=[start, READ_PAGE])
                batches = unpack_trusted(blob)
                for first, events in batches:
                    out.extend((first + i, ev) for i, ev in enumerate(events) if first + i > after)
                if len(batches) < READ_PAGE:
                    return out
                start = b"(" + last_id
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer a read ({exc})") from None

    def subscribe(self, board: str) -> AbstractAsyncContextManager[AsyncIterator[Batch]]:
        return self._listen(self.channel(board), decode_batch)

    @asynccontextmanager
    async def _listen(self, channel: bytes, decode: Callable[[bytes], Any]) -> AsyncIterator[AsyncIterator[Any]]:
        """Messages on ``channel`` through the process's one Pub/Sub connection, while the context is open."""
        if self._pubsub is None:
            raise RuntimeError("the backbone is not started")
        pubsub = self._pubsub
        sub = await pubsub.subscribe(channel, decode)
        try:
            yield sub
        finally:
            await pubsub.unsubscribe(sub)

    # -- between processes ------------------------------------------------------------

    def inbox_channel(self, name: str) -> bytes:
        return f"{self._channel_prefix}inbox:{name}".encode()

    def lease_key(self, name: str) -> str:
        return lease_key(name)

    async def lease(self, name: str, holder: str, ttl: float) -> str:
        try:
            current = await self._lease(keys=[self.lease_key(name)], args=[holder.encode(), max(1, int(ttl * 1000))])
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None
        return current.decode() if isinstance(current, bytes) else str(current)

    async def release(self, name: str, holder: str) -> None:
        try:
            await self._release(keys=[self.lease_key(name)], args=[holder.encode()])
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None

    def inbox(self, name: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        return self._listen(self.inbox_channel(name), bytes)

    async def post(self, name: str, message: bytes) -> int:
        try:
            return int(await self.redis.execute_command(self.publish_command, self.inbox_channel(name), message))
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not take the message ({exc})") from None

    # -- codes, listing, health ---------------------------------------------------

    async def claim_code(self, code: str, board: str) -> bool:
        try:
            return bool(await self.redis.set(code_key(code), board.encode(), nx=True))
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None

    async def find_code(self, code: str) -> str | None:
        try:
            value = await self.redis.get(code_key(code))
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None
        return value.decode() if isinstance(value, bytes) else value

    async def delete_board(self, board: str, code: str) -> None:
        """Erase the log, then the code if it still names this board (two steps: they may live in two slots)."""
        try:
            await self.redis.delete(log_key(board))
            await self._forget_code(keys=[code_key(code)], args=[board.encode()])
        except (RedisError, OSError) as exc:
            raise BackboneDown(f"Redis did not answer ({exc})") from None

    async def boards(self) -> list[str]:
        found: list[str] = []
        key: Any
        async for key in self.redis.scan_iter(match=b"metanet:{*}:log", count=1000, _type="stream"):
            name = key.decode() if isinstance(key, bytes) else str(key)
            found.append(name[len("metanet:{") : -len("}:log")])
        return sorted(found)

    async def health(self) -> dict[str, Any]:
        status: dict[str, Any] = {"backbone": self.kind, "url": redacted(self.url)}
        if self._pubsub is not None:
            status["pubsub"] = self._pubsub.status()
        try:
            began = time.perf_counter()
            await self.redis.ping()
            status["latency_ms"] = round((time.perf_counter() - began) * 1000, 2)
            details = await self._health_details()
        except (RedisError, OSError) as exc:
            return {**status, "ok": False, "error": f"Redis is unreachable ({exc})"}
        return {**status, "ok": True, **details}

    async def _health_details(self) -> dict[str, Any]:
        info = await self.redis.info("server")
        persistence = await self.redis.info("persistence")
        return {
            "redis_version": info.get("redis_version"),
            "uptime_s": info.get("uptime_in_seconds"),
            "aof_enabled": bool(persistence.get("aof_enabled")),
            "loading": bool(persistence.get("loading")),
        }
