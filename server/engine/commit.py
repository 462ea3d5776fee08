"""Group commit on the board's writer: one append in flight, the commands behind it decided together.

Commands queue until the shell's next loop turn (``due``, then ``start``), so
those that arrive together go together; then a group (``commands.take_group``)
is decided on the replica and appended with
the sequence it expects. If another process appended first (``Conflict``: a
writer that changed), the replica catches up from the log and the group is
decided again, up to ``MAX_ATTEMPTS`` times. A refusal on a replica that may
lag the log by a few milliseconds (a join made through another process) is
looked at again once, after a read. Acks go out when the append returned,
before the events are folded and so before any frame of them.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from server.domain.outcome import Outcome
from server.domain.state import Event
from server.engine.commands import Pending, decide_group, take_group
from server.engine.outputs import Append, Erase
from server.errors import DomainError, MetanetError, Unavailable

if TYPE_CHECKING:
    from server.engine.board import BoardEngine

log = logging.getLogger("metanet.engine")

MAX_ATTEMPTS = 8


@dataclass
class Attempt:
    """The group being committed, and what it waits for: a read (``check``, ``conflict``) or the ``append``."""

    group: list[Pending]
    attempts: int = 0
    checked_at: int = -1
    outcomes: list[Outcome | DomainError] = field(default_factory=list)
    accepted: list[tuple[Pending, dict[str, Any]]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    expected: int = 0
    waiting: str = ""
    ticket: int = 0


class Committer:
    """The queue of commands decided here, and the group in flight."""

    def __init__(self, engine: BoardEngine) -> None:
        self.engine = engine
        self.queue: deque[Pending] = deque()
        self.current: Attempt | None = None

    @property
    def idle(self) -> bool:
        return self.current is None and not self.queue

    @property
    def due(self) -> bool:
        """Commands wait and no group is in flight: the shell calls ``start`` on its next loop turn."""
        return self.current is None and bool(self.queue)

    def add(self, pending: Pending) -> None:
        """Queue a command: the next group takes it (with those that arrive in the same loop turn)."""
        self.queue.append(pending)

    def start(self, now: float) -> None:
        self._next(now)

    def _next(self, now: float) -> None:
        while self.current is None and self.queue:
            self.current = Attempt(take_group(self.queue))
            self._decide(self.current, now)

    def _decide(self, c: Attempt, now: float) -> None:
        engine, state = self.engine, self.engine.state
        if c.attempts >= MAX_ATTEMPTS:
            self._answer_all(c, Unavailable("the board is busy, retry"))
            return
        c.attempts += 1
        todo = []
        for q in c.group:
            if q.key is not None and q.key in state.ops:
                engine.reply(q.sink, state.ops[q.key])  # a retried op: its first result
            else:
                todo.append(q)
        c.group = todo
        if not todo:
            self.current = None
            return
        try:
            c.outcomes = decide_group(state, todo, now)
        except Exception:  # noqa: BLE001 -- a bug must not leave the senders waiting in silence
            log.exception("board %s: deciding failed", state.id)
            self._answer_all(c, Unavailable("internal error, retry"))
            return
        if c.checked_at != state.seq and any(isinstance(o, DomainError) for o in c.outcomes):
            c.checked_at = state.seq  # look once whether the log is ahead of the replica
            self._read(c, "check")
            return
        self._append(c, now)

    def _read(self, c: Attempt, why: str) -> None:
        c.waiting = why
        c.ticket = self.engine.ask_read()

    def _append(self, c: Attempt, now: float) -> None:
        c.expected = seq = self.engine.state.seq
        c.events, c.accepted = [], []
        for q, outcome in zip(c.group, c.outcomes, strict=True):
            if isinstance(outcome, DomainError):
                continue
            seq += len(outcome.events)
            result = {"seq": seq, **outcome.result}
            mine = outcome.events
            if q.key is not None:  # the first event carries the op and its result: a retry is answered from the log
                mine = [{**mine[0], "op": q.key, "result": result}, *mine[1:]]
            c.events.extend(mine)
            c.accepted.append((q, result))
        if c.events:
            c.waiting = "append"
            self.engine.out.append(Append(c.expected, c.events))
        else:
            self._finish(c, now)

    def _finish(self, c: Attempt, now: float) -> None:
        engine = self.engine
        for q, result in c.accepted:  # acks first: the frames of these events come after them
            engine.reply(q.sink, result)
        if c.events:
            engine.apply(c.expected + 1, c.events, now)
        for q, outcome in zip(c.group, c.outcomes, strict=True):
            if isinstance(outcome, DomainError):
                engine.reply(q.sink, None, outcome)
        if c.events and engine.state.deleted:
            engine.out.append(Erase(engine.state.code))
        self.current = None

    def _answer_all(self, c: Attempt, error: MetanetError) -> None:
        for q in c.group:
            self.engine.reply(q.sink, None, error)
        self.current = None

    def _refuse_all(self, c: Attempt, exc: Exception) -> None:
        """Storage failed: accepted commands are answered ``unavailable``, refused ones with their refusal."""
        for q, outcome in zip(c.group, c.outcomes, strict=True):
            self.engine.reply(q.sink, None, outcome if isinstance(outcome, DomainError) else
                              Unavailable(f"storage is unavailable, retry shortly ({exc})"))
        self.current = None

    # -- answers ---------------------------------------------------------------------

    def appended(self, now: float) -> None:
        c = self.current
        if c is not None and c.waiting == "append":
            self._finish(c, now)
        self._next(now)

    def conflict(self, now: float) -> None:
        c = self.current
        if c is not None and c.waiting == "append":
            self._read(c, "conflict")
        self._next(now)

    def append_failed(self, exc: Exception, now: float) -> None:
        c = self.current
        if c is not None and c.waiting == "append":
            self._refuse_all(c, exc)
        self._next(now)

    def read_done(self, failure: Exception | None, now: float) -> None:
        """A read of the log ended (``failure``: it failed); the group waiting for it goes on."""
        c = self.current
        if c is not None and c.waiting in ("check", "conflict") and c.ticket <= self.engine.reads_done:
            why, c.waiting = c.waiting, ""
            if why == "conflict" and failure is not None:
                self._refuse_all(c, failure)
            elif why == "check" and self.engine.state.seq == c.checked_at:
                self._append(c, now)  # the log had nothing more (or could not be read): the refusals stand
            else:
                self._decide(c, now)
        self._next(now)

    def abort(self, error: MetanetError) -> None:
        """Answer everything here with ``error`` (the board is unloaded)."""
        waiting = [*(self.current.group if self.current else []), *self.queue]
        self.current = None
        self.queue.clear()
        for q in waiting:
            self.engine.reply(q.sink, None, error)
