"""The Starlette + broadcaster peer: the plenary vote over ``broadcaster``'s Redis backend.

    BENCH_REDIS_URL=redis://... python -m uvicorn --factory bench.peers.broadcast:create_app --port P [--workers N]

``/b/{board}/ws``: the phone says ``{"t": "hello", "token", "group"}`` and gets
``{"t": "welcome", "dots_left"}``; ``{"t": "vote", "note", "op"}`` spends a dot
(:mod:`bench.peers.plenary`), gets ``{"t": "ack", ...}`` back and publishes the
``vote_placed`` event on the board's channel, which every socket subscribed to it
forwards. JSON text frames, as in broadcaster's example.

Written as broadcaster's README shows it (https://github.com/encode/broadcaster,
"WebSockets Demo"): one ``Broadcast(url)`` connected in the app's lifespan, and
per socket a receiver that publishes and a sender that does
``async with broadcast.subscribe(channel)`` / ``send_text`` for each message,
run together in an anyio task group until the first ends. uvicorn's defaults.

One fix a user would have to make: broadcaster 0.3.1's ``RedisBackend.subscribe``
wakes its listener *before* it awaits redis-py's ``SUBSCRIBE``, so the listener
finds nothing subscribed, its ``listen()`` ends at once, and it waits for a
wake-up that never comes: no message is ever delivered (the loop added for
https://github.com/encode/broadcaster/issues/133 has this race). The peer's
backend subscribes first, then wakes the listener. And a second: two sockets
entering ``Broadcast.subscribe`` for a new channel at once both await the
backend, then each sets the channel's queue set to its own queue alone, so the
first never gets a message (10 of 100 phones connecting together got nothing);
the peer enters subscriptions one at a time (a lock held only while entering).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator
from typing import Any

import anyio
from broadcaster import Broadcast
from broadcaster._backends.redis import RedisBackend
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from bench.peers.plenary import Tally, Voter, person, valid_token


class SubscribedRedisBackend(RedisBackend):
    """broadcaster's Redis pub/sub backend, waking its listener only once ``SUBSCRIBE`` is done."""

    async def subscribe(self, channel: str) -> None:
        await self._pubsub.subscribe(channel)
        self._ready.set()


def create_app() -> Starlette:
    broadcast = Broadcast(backend=SubscribedRedisBackend(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")))
    tally = Tally()

    async def receiver(ws: WebSocket, voter: Voter) -> None:
        async for text in ws.iter_text():
            msg = json.loads(text)
            if not isinstance(msg, dict) or msg.get("t") != "vote":
                continue
            refused = voter.vote(msg.get("note"))
            if refused:
                await ws.send_text(json.dumps({"t": "ack", "op": msg.get("op"), "ok": False, "code": refused}))
                continue
            await broadcast.publish(channel=voter.board, message=json.dumps(tally.event(voter, msg["note"], msg.get("op"))))
            await ws.send_text(json.dumps({"t": "ack", "op": msg.get("op"), "ok": True, "dots_left": voter.left}))

    entering = asyncio.Lock()

    async def sender(ws: WebSocket, voter: Voter) -> None:
        async with contextlib.AsyncExitStack() as stack:
            async with entering:
                subscriber = await stack.enter_async_context(broadcast.subscribe(channel=voter.board))
            await ws.send_text(json.dumps({"t": "welcome", "dots_left": voter.left}))  # subscribed: nothing missed
            while True:  # until the receiver ends and cancels this task
                event = await subscriber.get()
                await ws.send_text(event.message)

    async def board_socket(ws: WebSocket) -> None:
        await ws.accept()
        board = ws.path_params["board"]
        try:
            hello: Any = json.loads(await ws.receive_text())
        except (WebSocketDisconnect, ValueError):
            return
        if not isinstance(hello, dict) or not valid_token(hello.get("token")):
            await ws.close(4001, "a token of 16 to 128 characters is required")
            return
        group = hello.get("group")
        voter = Voter(board, person(board, hello["token"]), group if isinstance(group, str) else None)
        async with anyio.create_task_group() as tasks:

            async def receive_then_stop() -> None:
                with contextlib.suppress(WebSocketDisconnect):
                    await receiver(ws, voter)
                tasks.cancel_scope.cancel()

            tasks.start_soon(receive_then_stop)
            await sender(ws, voter)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await broadcast.connect()
        try:
            yield
        finally:
            await broadcast.disconnect()

    return Starlette(routes=[WebSocketRoute("/b/{board}/ws", board_socket)], lifespan=lifespan)
