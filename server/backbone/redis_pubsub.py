"""The process's one Redis Pub/Sub connection, shared by every board it follows.

Redis delivers a Pub/Sub message once, to the connections subscribed when it
is published: a connection that drops loses messages without a trace, and
redis-py's own ``PubSub`` object resubscribes after a reconnect without telling
its user. So this module owns a plain connection and never reconnects behind a
subscriber's back. When the connection fails (Redis restarted, ``CLIENT KILL``,
output buffer overflow, network) or goes silent (no reply to the PING it sends
every ``ping_interval`` seconds within ``ping_timeout``), every open
:class:`Subscription` raises :class:`BackboneDown` from its iterator. The
subscriber (``LiveBoard``) then subscribes again, which opens a new connection,
and reads the log to fill what it missed.

Channel bookkeeping: the first local subscriber of a channel sends SUBSCRIBE
and waits until Redis confirms it -- only then is "every batch from now on"
true; the last one to leave sends UNSUBSCRIBE. Redis answers each SUBSCRIBE and
UNSUBSCRIBE with one reply per channel, in order, so a FIFO of expected replies
per channel tells which request a confirmation answers, even when a board is
left and re-entered before the replies arrive.

``sharded=True`` (Redis Cluster, ``redis_cluster.py``): the same on one shard's
master with SSUBSCRIBE / SUNSUBSCRIBE. When a slot leaves that node (migration,
failover) Redis sends an unasked ``sunsubscribe`` for its channels: those
subscriptions raise :class:`BackboneDown` and their subscribers subscribe again,
on the slot's new owner.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from redis.asyncio.connection import AbstractConnection
from redis.exceptions import RedisError

from server.backbone.base import BackboneDown
from server.backbone.redis_subscription import Subscription

log = logging.getLogger("metanet.backbone.redis")


@dataclass
class _Channel:
    confirmed: asyncio.Future[None]
    decode: Callable[[bytes], Any]
    subs: set[Subscription] = field(default_factory=set)


def _consume(fut: asyncio.Future[None]) -> None:
    """Mark a confirmation's outcome as seen, so an unawaited failure is not logged."""
    if not fut.cancelled():
        fut.exception()


class ConnectionSource(Protocol):
    """What opens the connection: a ``ConnectionPool``, or a cluster node (``redis.asyncio.cluster.ClusterNode``)."""

    connection_class: Any
    connection_kwargs: dict[str, Any]


class SharedPubSub:
    def __init__(
        self,
        pool: ConnectionSource,
        decode: Callable[[bytes], Any],
        *,
        name: str,
        ping_interval: float,
        ping_timeout: float,
        sharded: bool = False,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self._pool = pool
        self._on_lost = on_lost  # told when a subscription ends by no wish of its own
        self._sub, self._unsub = (b"SSUBSCRIBE", b"SUNSUBSCRIBE") if sharded else (b"SUBSCRIBE", b"UNSUBSCRIBE")
        self._message = b"smessage" if sharded else b"message"
        self._decode = decode
        self._name = name
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self._conn: AbstractConnection | None = None
        self._connect_lock = asyncio.Lock()
        self._channels: dict[bytes, _Channel] = {}
        self._expected: dict[bytes, deque[asyncio.Future[None] | None]] = {}
        self._workers: list[asyncio.Task[None]] = []  # reader and watchdog of the current connection
        self._closing: set[asyncio.Task[None]] = set()  # disconnects under way
        self._last_reply = 0.0
        self.connects = 0  # how many connections were opened (for /health and tests)
        self._closed = False

    # -- subscriptions --------------------------------------------------------------

    async def subscribe(self, channel: bytes, decode: Callable[[bytes], Any] | None = None) -> Subscription:
        """A subscription that receives every message published after this returns.

        Messages are passed through ``decode`` (default: the one given to the constructor);
        every subscription of one channel shares the first one's.
        """
        conn = await self._connection()
        if conn is not self._conn:
            raise BackboneDown("the Pub/Sub connection to Redis was lost")
        sub = Subscription(channel)
        entry = self._channels.get(channel)
        if entry is None:
            confirmed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            confirmed.add_done_callback(_consume)
            entry = self._channels[channel] = _Channel(confirmed, decode or self._decode)
            entry.subs.add(sub)
            self._expected.setdefault(channel, deque()).append(confirmed)
            await self._send(conn, self._sub, channel)
        else:
            entry.subs.add(sub)
        try:
            await asyncio.wait_for(asyncio.shield(entry.confirmed), self.ping_interval + self.ping_timeout)
        except TimeoutError:
            self._fail(conn, BackboneDown("Redis did not confirm a subscription in time"))
            raise BackboneDown("Redis did not confirm a subscription in time") from None
        except BaseException:
            await self.unsubscribe(sub)
            raise
        return sub

    async def unsubscribe(self, sub: Subscription) -> None:
        entry = self._channels.get(sub.channel)
        if entry is None or sub not in entry.subs:
            return  # it ended with a lost connection: nothing is subscribed any more
        entry.subs.discard(sub)
        if entry.subs:
            return
        del self._channels[sub.channel]
        conn = self._conn
        if conn is None:
            return
        self._expected.setdefault(sub.channel, deque()).append(None)
        with contextlib.suppress(BackboneDown):
            await self._send(conn, self._unsub, sub.channel)

    @property
    def idle(self) -> bool:
        """Nothing subscribed and nothing being subscribed."""
        return not self._channels and not self._expected

    def status(self) -> dict[str, Any]:
        return {"connected": self._conn is not None, "channels": len(self._channels), "connects": self.connects}

    async def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._fail(self._conn, BackboneDown("the backbone is closed"))
        for task in [*self._workers, *self._closing]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # -- the connection -----------------------------------------------------------

    async def _connection(self) -> AbstractConnection:
        if self._conn is not None:
            return self._conn
        async with self._connect_lock:
            if self._conn is not None:
                return self._conn
            if self._closed:
                raise BackboneDown("the backbone is closed")
            # RESP2: Pub/Sub messages are plain replies on this connection, read by one task.
            kwargs = {**self._pool.connection_kwargs, "client_name": self._name, "protocol": 2}
            conn: AbstractConnection = self._pool.connection_class(**kwargs)
            try:
                await conn.connect()  # type: ignore[no-untyped-call]
            except (RedisError, OSError) as exc:
                with contextlib.suppress(Exception):
                    await conn.disconnect(nowait=True)
                raise BackboneDown(f"cannot open the Pub/Sub connection to Redis ({exc})") from None
            self._conn = conn
            self.connects += 1
            self._last_reply = asyncio.get_running_loop().time()
            self._workers = [
                asyncio.create_task(self._read(conn), name="redis-pubsub-read"),
                asyncio.create_task(self._watch(conn), name="redis-pubsub-watch"),
            ]
            return conn

    async def _send(self, conn: AbstractConnection, *args: Any) -> None:
        if conn is not self._conn:
            raise BackboneDown("the Pub/Sub connection to Redis was lost")
        try:
            await conn.send_command(*args, check_health=False)
        except (RedisError, OSError) as exc:
            err = BackboneDown(f"the Pub/Sub connection to Redis failed ({exc})")
            self._fail(conn, err)
            raise err from None

    async def _read(self, conn: AbstractConnection) -> None:
        try:
            while True:
                # math.inf: block until a reply comes; silence is the watchdog's business.
                reply = await conn.read_response(disable_decoding=True, timeout=math.inf, disconnect_on_error=False)
                self._last_reply = asyncio.get_running_loop().time()
                self._dispatch(reply)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 -- whatever broke the connection, subscribers must resubscribe
            self._fail(conn, BackboneDown(f"the Pub/Sub connection to Redis was lost ({exc})"))

    async def _watch(self, conn: AbstractConnection) -> None:
        """PING every ``ping_interval``; a connection without any reply for longer than that plus ``ping_timeout`` is dead."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                await asyncio.sleep(self.ping_interval)
                silent = loop.time() - self._last_reply
                if silent > self.ping_interval + self.ping_timeout:
                    self._fail(conn, BackboneDown(f"the Pub/Sub connection to Redis went silent for {silent:.1f}s"))
                    return
                await self._send(conn, "PING")
        except BackboneDown:
            pass  # _send has failed the connection

    def _dispatch(self, reply: Any) -> None:
        if not isinstance(reply, list) or len(reply) < 2:
            return  # PONG outside subscribed mode
        kind, channel = reply[0], reply[1]
        if kind == self._message:
            entry = self._channels.get(channel)
            if entry is None:
                return  # left before the UNSUBSCRIBE took effect
            try:
                item = entry.decode(reply[2])
            except Exception:  # noqa: BLE001 -- a foreign message on our channel; the log stays the truth
                log.warning("undecodable message on %r ignored", channel)
                return
            for sub in entry.subs:
                sub.deliver(item)
        elif kind in (b"subscribe", b"unsubscribe", b"ssubscribe", b"sunsubscribe"):
            waiting = self._expected.get(channel)
            if not waiting:
                if kind == b"sunsubscribe":
                    self._moved(channel)
                return
            fut = waiting.popleft()
            if not waiting:
                del self._expected[channel]
            if fut is not None and not fut.done():
                fut.set_result(None)

    def _moved(self, channel: bytes) -> None:
        """Redis unsubscribed us unasked: the channel's slot moved to another node."""
        entry = self._channels.pop(channel, None)
        if entry is None:
            return
        log.info("the slot of %r moved; its boards will subscribe again", channel)
        if self._on_lost is not None:
            self._on_lost()
        for sub in entry.subs:
            sub.fail(BackboneDown("the channel's slot moved to another Redis node"))

    def _fail(self, conn: AbstractConnection, error: BackboneDown) -> None:
        """Drop the connection: every subscription raises ``error``; the next subscribe reconnects."""
        if conn is not self._conn:
            return
        self._conn = None
        if not self._closed:
            log.warning("%s; every board will resubscribe and catch up", error)
            if self._on_lost is not None:
                self._on_lost()
        channels, self._channels = self._channels, {}
        expected, self._expected = self._expected, {}
        for entry in channels.values():
            for sub in entry.subs:
                sub.fail(error)
        for waiting in expected.values():
            for fut in waiting:
                if fut is not None and not fut.done():
                    fut.set_exception(error)
        current = asyncio.current_task()
        workers, self._workers = self._workers, []
        for task in workers:
            if task is not current:
                task.cancel()
        closing = asyncio.create_task(self._disconnect(conn, workers))
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)

    @staticmethod
    async def _disconnect(conn: AbstractConnection, workers: list[asyncio.Task[None]]) -> None:
        current = asyncio.current_task()
        for task in workers:
            if task is not current:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        with contextlib.suppress(Exception):
            await conn.disconnect(nowait=True)
