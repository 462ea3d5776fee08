"""A client that behaves like the web app: it retries, reconnects and resumes on its own.

Each command gets its op id once and keeps it through every retry, so a command
whose ack was lost (a killed process, a restarted Redis) is applied once. When
its socket dies it reconnects -- to the next server that answers -- with
``since`` = the last sequence it applied, and keeps its view. Every event
sequence number it ever receives is recorded, so a test can prove nothing was
missed or delivered twice.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from typing import Any

import websockets

from testkit.client import BoardClient, fresh_view
from testkit.metanet import MetanetServer

_ops = itertools.count(1)
RETRY_CODES = ("unavailable", "rate_limited")
CONNECT_ATTEMPTS = 60  # connections tried, over the servers in turn, before a test gives up
SEND_ATTEMPTS = 200  # sends of one command before a test gives up
PAUSE = 0.1  # seconds between two attempts
SEQ_TIMEOUT = 15.0  # seconds for an event sequence number to arrive


class Resilient:
    live: set[Resilient] = set()  # not closed yet: the conftest closes them after a failed test

    def __init__(
        self,
        servers: list[MetanetServer],
        board: str,
        *,
        role: str = "participant",
        secret: str | None = None,
        token: str | None = None,
    ) -> None:
        self.servers = servers
        self.board = board
        self.role = role
        self.secret = secret
        self.token = token or secrets.token_hex(16)
        self.client: BoardClient | None = None
        self.server = 0
        self.connections = 0
        self.welcomes: list[dict[str, Any]] = []
        self._seen_frames = 0
        self.received: list[int] = []  # every event seq delivered, over every connection, in order
        self.retries = 0

    @classmethod
    async def open(cls, servers: list[MetanetServer], board: str, **kw: Any) -> Resilient:
        self = cls(servers, board, **kw)
        cls.live.add(self)
        await self.connect()
        return self

    @property
    def view(self) -> Any:
        assert self.client is not None
        return self.client.view

    async def connect(self) -> None:
        """(Re)connect to the current server or, failing that, the next ones; resume if we have a view."""
        old = self.client
        if old is not None:
            self._harvest()
            await old.close()
        last_error: Exception | None = None
        for attempt in range(CONNECT_ATTEMPTS):
            server = self.servers[(self.server + attempt) % len(self.servers)]
            try:
                client = await BoardClient.connect(
                    server.ws_base,
                    self.board,
                    role=self.role,
                    token=self.token,
                    secret=self.secret,
                    since=old.view.seq if old is not None else None,
                    view=old.view if old is not None else None,
                )
            except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                last_error = exc
                await asyncio.sleep(PAUSE)
                continue
            self.server = self.servers.index(server)
            self.client = client
            self.connections += 1
            self._seen_frames = 0
            assert client.welcome_msg is not None
            self.welcomes.append(client.welcome_msg)
            return
        raise AssertionError(f"could not reconnect: {last_error!r}")

    def _harvest(self) -> None:
        """Record the event sequence numbers this connection delivered since the last look."""
        if self.client is None:
            return
        messages = self.client.messages
        for msg in messages[self._seen_frames :]:
            if msg["t"] == "events" or (msg["t"] == "welcome" and msg["mode"] == "resume"):
                self.received.extend(ev["seq"] for ev in msg["events"])
        self._seen_frames = len(messages)

    async def do(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Send a command until it is answered; returns the ack (ok or a domain refusal)."""
        op = f"{self.token[:6]}-{next(_ops)}"
        for _ in range(SEND_ATTEMPTS):
            assert self.client is not None
            try:
                ack = await self.client.command(kind, op=op, **fields)
            except (ConnectionError, websockets.ConnectionClosed, TimeoutError):
                self.retries += 1
                await self.connect()
                continue
            if not ack["ok"] and ack["code"] in RETRY_CODES:
                self.retries += 1
                await asyncio.sleep(PAUSE)
                continue
            return ack
        raise AssertionError(f"{kind} was never answered")

    async def ok(self, kind: str, **fields: Any) -> dict[str, Any]:
        ack = await self.do(kind, **fields)
        assert ack["ok"], ack
        return dict(ack["result"])

    async def wait_seq(self, seq: int, timeout: float = SEQ_TIMEOUT) -> None:
        assert self.client is not None
        await self.client.wait_seq(seq, timeout)
        self._harvest()

    def check_stream(self) -> None:
        """Every event seq arrived once, in order, with no hole since the first welcome."""
        self._harvest()
        first = self.welcomes[0]["seq"]
        assert self.received == list(range(first + 1, first + 1 + len(self.received))), (
            f"holes or repeats in {self.received}"
        )

    async def close(self) -> None:
        Resilient.live.discard(self)
        if self.client is not None:
            self._harvest()
            await self.client.close()


async def fresh_essentials(server: MetanetServer, board: str, who: Resilient) -> dict[str, Any]:
    """What a brand-new connection with the same identity is told: the reference state."""
    view = await fresh_view(server.ws_base, board, role=who.role, token=who.token, secret=who.secret)
    return view.essentials()
