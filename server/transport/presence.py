"""Who is connected to a board, by stakeholder group, across every process serving it.

Each process knows its own sockets. Where other processes serve the board too
(the Redis backbone), each posts the people connected to it on the board's
presence channel (``presence:<board>``) when that changes and every
``REFRESH`` seconds, and keeps what the others posted for ``KEEP`` seconds: a
process that stopped drops out at once (it posts nobody), one that died within
``KEEP``. A process that loads the board asks the others to post theirs. The
count is of people, not sockets: two tabs of one person, even on two
processes, count once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
from collections.abc import Callable
from typing import Any

from server.backbone import Backbone, BackboneDown
from server.protocol import messages
from server.protocol.codec import pack
from server.transport.relay import listen

log = logging.getLogger("metanet.presence")

DELAY = 0.3  # seconds: changes within this go out to the sockets as one presence message
REFRESH = 5.0  # seconds between a process's posts of who is connected to it
KEEP = 3 * REFRESH  # seconds another process's post counts without a newer one

People = dict[str, str]  # participant id -> stakeholder group


class Presence:
    """One board's presence: ``current()`` for a welcome, ``changed()`` when a socket or person came or went."""

    def __init__(self, board: str, backbone: Backbone, me: str | None,
                 people: Callable[[], People], send: Callable[[bytes], None]) -> None:
        self.board = board
        self.backbone = backbone
        # This board's instance in this process, where others may serve the board (None: every socket is
        # here). Per instance: a board loaded again numbers its posts from 1, which must not read as old.
        self.me = f"{me}/{secrets.token_hex(3)}" if me is not None else None
        self._people = people
        self._send = send
        self._channel = f"presence:{board}"
        self._others: dict[str, tuple[int, People, float]] = {}  # process -> (post number, people, loop time kept until)
        self._numbers = itertools.count(1)
        self._posted: People | None = None
        self._last_sent: dict[str, Any] | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._counts = (0, 0)  # (people here, people everywhere) at the last update, for share()
        self._closed = False

    def start(self) -> None:
        if self.me is None:
            return
        listening = asyncio.Event()
        self._spawn(listen(self.backbone, self._channel, self._heard, listening), "listen")
        self._spawn(self._ask(listening), "ask")
        self._spawn(self._refresh(), "refresh")

    async def close(self) -> None:
        self._closed = True
        if self._handle is not None:
            self._handle.cancel()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.me is not None and self._posted:
            with contextlib.suppress(Exception):  # best effort: otherwise the others drop us after KEEP
                await self._publish({}, False, next(self._numbers))

    def current(self, mine: People | None = None) -> dict[str, Any]:
        """The presence message: everyone connected here or (recently posted) to another process."""
        everyone = dict(self._people() if mine is None else mine)
        if self._others:
            now = asyncio.get_running_loop().time()
            for _, people, until in self._others.values():
                if until > now:
                    everyone.update(people)
        by_group: dict[str, int] = {}
        for group in everyone.values():
            by_group[group] = by_group.get(group, 0) + 1
        return messages.presence(len(everyone), by_group)

    def share(self) -> float:
        """How many times the people here everyone connected to the board is (1 when all are here)."""
        here, everyone = self._counts
        return everyone / here if self._others and here else 1.0

    def changed(self) -> None:
        if self._handle is None and not self._closed:
            self._handle = asyncio.get_running_loop().call_later(DELAY, self._update)

    def _update(self) -> None:
        self._handle = None
        mine = self._people()
        if self.me is not None and mine != self._posted:
            self._post(mine)
        current = self.current(mine)
        self._counts = (len(mine), current["total"])
        if current != self._last_sent:
            self._last_sent = current
            self._send(pack(current))

    # -- across processes ------------------------------------------------------------

    def _heard(self, message: Any) -> None:
        sender, number, people = (message.get(k) for k in ("from", "n", "people")) if isinstance(message, dict) \
            else (None, None, None)
        if sender == self.me:
            return  # this process's own post, back from the channel it published on
        if not isinstance(sender, str) or not isinstance(number, int) or not isinstance(people, dict) \
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in people.items()):
            log.warning("board %s: malformed presence post ignored", self.board)
            return
        if message.get("ask"):
            self._post(self._people())  # a process just loaded the board: tell it who is here
        known = self._others.get(sender)
        if known is not None and known[0] >= number:
            return  # an older post overtaken by a newer one
        # Nobody (a process that stopped) is kept as well: an older post arriving late stays older.
        self._others[sender] = (number, people, asyncio.get_running_loop().time() + KEEP)
        self.changed()

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(REFRESH)
            self._post(self._people())
            now = asyncio.get_running_loop().time()
            gone = [p for p, (_, _, until) in self._others.items() if until <= now]
            for process in gone:
                del self._others[process]
            if gone:
                self.changed()

    async def _ask(self, listening: asyncio.Event) -> None:
        await listening.wait()  # so that the answers are heard
        self._post(self._people(), ask=True)

    def _post(self, people: People, ask: bool = False) -> None:
        if self._closed:
            return
        self._posted = people
        self._spawn(self._publish(people, ask, next(self._numbers)), "post")

    async def _publish(self, people: People, ask: bool, number: int) -> None:
        message = {"from": self.me, "n": number, "people": people, "ask": ask}  # receivers keep the newest number
        try:
            await self.backbone.post(self._channel, pack(message))
        except BackboneDown as exc:  # the next refresh posts again
            log.info("board %s: presence not posted (%s)", self.board, exc)

    def _spawn(self, work: Any, what: str) -> None:
        task = asyncio.create_task(work, name=f"presence-{what}:{self.board}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
