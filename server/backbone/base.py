"""The backbone: each board's ordered event log plus live fan-out between processes.

Implementations live beside this file and are chosen by URL with
:func:`server.backbone.from_url`:

- ``memory://`` -- one process; the log in a SQLite file in the data directory.
- ``redis://host:port/db`` -- any number of processes; Redis Streams + Pub/Sub.

Every implementation gives the same guarantees, checked by one contract suite
(``tests/backbone/test_contract.py``):

- ``append`` is atomic and conditional: it stores the events with consecutive
  sequence numbers after ``expected`` or raises :class:`Conflict`; when it
  returns, the events are durable and published to every subscriber.
- a subscription yields every batch appended after it was opened, in order;
  a subscriber that may have missed something (a gap in the sequence numbers)
  calls ``read`` to fill it.

Between processes (what makes one process each board's writer, see
``server/transport/lease.py`` and ``relay.py``):

- ``lease`` gives a named lease to one holder at a time, until it lapses
  unrenewed for ``ttl`` seconds;
- ``post`` delivers a message to whoever has the ``inbox`` of that name open
  at that moment, at most once; nobody listening means it is dropped (senders
  time out and retry).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

Event = dict[str, Any]


class Conflict(Exception):
    """Another writer appended first; catch up to ``current`` and decide again."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the log is at {current}")
        self.current = current


class BackboneDown(Exception):
    """The backbone cannot take writes right now (Redis unreachable, ...)."""


@dataclass(frozen=True)
class Batch:
    """Events ``first``, ``first + 1``, ... appended together."""

    first: int
    events: list[Event]

    @property
    def last(self) -> int:
        return self.first + len(self.events) - 1


class Backbone(Protocol):
    url: str
    shared: bool  # other processes may serve the same boards (then each board has one writer: writer.py)

    async def start(self) -> None:
        """Connect / open files. Raises with a clear message if it cannot serve."""

    async def close(self) -> None: ...

    async def append(self, board: str, expected: int, events: list[Event]) -> int:
        """Store ``events`` as ``expected + 1 ...``; returns the new last sequence.

        Raises :class:`Conflict` if the log is not at ``expected``, and
        :class:`BackboneDown` if nothing could be stored.
        """

    async def read(self, board: str, after: int = 0) -> list[tuple[int, Event]]:
        """Every stored event with a sequence above ``after``, in order."""

    def subscribe(self, board: str) -> AbstractAsyncContextManager[AsyncIterator[Batch]]:
        """Live batches for one board, from the moment the context is entered."""

    async def lease(self, name: str, holder: str, ttl: float) -> str:
        """Take the lease ``name`` for ``holder`` if it is free, renew it if ``holder`` has it; returns who has it.

        Raises :class:`BackboneDown` if the backbone cannot answer.
        """

    async def release(self, name: str, holder: str) -> None:
        """Give the lease up if ``holder`` has it."""

    def inbox(self, name: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        """Messages posted to ``name`` from the moment the context is entered."""

    async def post(self, name: str, message: bytes) -> int:
        """Send ``message`` to the open inboxes called ``name``; returns 0 if none took it (it is dropped).

        Otherwise a positive count: of inboxes (memory), of processes listening (Redis).
        """

    async def publish_summary(self, gathering: str, board: str, summary: bytes) -> None:
        """Keep ``summary`` as ``board``'s latest in event ``gathering`` and post it to inbox ``summaries:<gathering>``."""

    async def latest_summaries(self, gathering: str) -> dict[str, bytes]:
        """The latest summary kept for each board of event ``gathering`` (memory://: since this process started)."""

    async def claim_code(self, code: str, board: str) -> bool:
        """Reserve a short join code for ``board`` (or an event's log, ``e.…``); False if it is taken."""

    async def find_code(self, code: str) -> str | None: ...

    async def delete_board(self, board: str, code: str) -> None:
        """Erase the board's log and its join code ``code`` (after its ``board_deleted`` event went out)."""

    async def boards(self) -> list[str]:
        """Every board id stored (for the command-line export)."""

    async def health(self) -> dict[str, Any]:
        """``{"ok": bool, ...}`` for /health."""
