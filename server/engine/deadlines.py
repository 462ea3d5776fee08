"""What a board's engine does at a time of its own: expire the timer, close a deleted board's sockets.

The timer's expiry is a command (``expire_timer`` with the timer's
generation) that every process with the board loaded sends at the deadline;
the writer lets the first through and refuses the others (the timer is no
longer running). Refused as not yet due (our clock a little behind) or for
storage trouble, it is sent again ``EXPIRY_RETRY`` seconds later. A board
whose deletion was folded closes its sockets ``DELETED_GRACE`` seconds later,
so the ``board_deleted`` event reaches them first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.domain.state import SYSTEM
from server.engine.commands import Pending
from server.engine.outputs import Close
from server.errors import MetanetError, NotAllowedNow, Unavailable
from server.protocol.close import CloseCode

if TYPE_CHECKING:
    from server.engine.board import BoardEngine

CLOSE_DELETED = CloseCode.NO_BOARD  # the board's sockets close like a board that does not exist
DELETED_GRACE = 0.5  # seconds for the board_deleted event to reach the sockets before they close
EXPIRY_RETRY = 0.25  # seconds: our clock a little behind the deadline, or storage down
DONE = float("inf")


class Expire:
    """The sink of the timer's own ``expire_timer``: the engine keeps its answer (``BoardEngine.reply``)."""

    def __init__(self, generation: int) -> None:
        self.generation = generation

    def __call__(self, result: Any, error: MetanetError | None) -> None:
        raise AssertionError("answered inside the engine")


class Deadlines:
    def __init__(self, engine: BoardEngine) -> None:
        self.engine = engine
        self.stopped = False
        self._close_at: float | None = None  # when the sockets of a deleted board are closed
        self._expiry: tuple[int, float] | None = None  # (generation, deadline) of the running timer
        self._expire_at: float | None = None

    def deleted(self, now: float) -> None:
        if self._close_at is None:
            self._close_at = now + DELETED_GRACE

    def folded(self) -> None:
        """Look at the timer after events were folded."""
        if self.stopped:
            return
        t = self.engine.state.timer
        key = (t.generation, t.deadline) if t.status == "running" and t.deadline is not None else None
        if key != self._expiry:
            self._expiry = key
            self._expire_at = key[1] if key is not None else None

    def expired(self, generation: int, error: MetanetError | None, now: float) -> None:
        t = self.engine.state.timer
        if isinstance(error, (NotAllowedNow, Unavailable)) and t.status == "running" \
                and t.generation == generation and not self.stopped:
            self._expire_at = now + EXPIRY_RETRY
        # any other refusal: another process expired it first

    def due(self, now: float) -> None:
        engine = self.engine
        if self._close_at is not None and self._close_at <= now:
            self._close_at = DONE
            engine.out.append(Close(list(engine.clients), CLOSE_DELETED, "the board was deleted"))
        if self._expire_at is not None and self._expire_at <= now and self._expiry is not None:
            self._expire_at = None
            generation = self._expiry[0]
            engine.route(Pending(Expire(generation), SYSTEM, "expire_timer", {"generation": generation}, None), now)

    def wake_at(self) -> float | None:
        return min((t for t in (self._close_at, self._expire_at) if t is not None and t != DONE), default=None)

    def stop(self) -> None:
        """Expire no timer any more (the board is being unloaded)."""
        self.stopped = True
        self._expire_at = None
