"""What the board engine asks its shell to do, in the order it must be done.

The engine (``server.engine.board``) never performs I/O: each input leaves a
list of these in ``BoardEngine.out``; the shell (``server.transport.liveboard``)
performs them in order and feeds back what came of those that wait for an
answer (an append, a log read, a forward, a lease request).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from server.domain.state import Actor, Event
from server.errors import MetanetError
from server.protocol.close import CloseCode

Sink = Callable[[Any, "MetanetError | None"], None]  # called with (result, None) or (None, the refusal)


class Member(Protocol):
    """A socket of the board's audience: the engine reads who it is; the shell writes and closes it."""

    @property
    def actor(self) -> Actor: ...

    def send(self, message: bytes) -> None: ...

    def cut_off(self, code: int, reason: str) -> None: ...


@dataclass(frozen=True)
class Reply:
    """Answer a command: ``sink(result, error)``. An ack comes out before the frames of its events."""

    sink: Sink
    result: Any = None
    error: MetanetError | None = None


@dataclass(frozen=True)
class Append:
    """Append ``events`` after sequence ``expected``; answer ``appended``, ``conflict`` or ``append_failed``."""

    expected: int
    events: list[Event]


@dataclass(frozen=True)
class ReadLog:
    """Read the log after sequence ``after``; answer ``read`` or ``read_failed``."""

    after: int


@dataclass(frozen=True)
class Forward:
    """Post a command to the board's writer; answer ``forward_answered(fid, reply)`` or ``forward_failed``."""

    fid: int
    actor: Actor
    kind: str
    args: dict[str, Any]
    op: str | None


@dataclass(frozen=True)
class Claim:
    """Ask for the writer lease now; answer ``lease``."""


@dataclass(frozen=True)
class Frames:
    """Write each frame to its socket (a fan-out, or one socket's welcome)."""

    frames: list[tuple[Member, bytes]]


@dataclass(frozen=True)
class Close:
    """Close these sockets with ``code``."""

    members: list[Member]
    code: CloseCode
    reason: str


@dataclass(frozen=True)
class Erase:
    """The board's deletion is in the log: erase the log and free its join ``code``."""

    code: str


@dataclass(frozen=True)
class PeopleChanged:
    """Who is connected may have changed: presence is counted again."""


@dataclass(frozen=True)
class Changed:
    """The board's state changed, up to sequence ``seq`` (the hook for summaries of the board)."""

    seq: int


Output = Reply | Append | ReadLog | Forward | Claim | Frames | Close | Erase | PeopleChanged | Changed
