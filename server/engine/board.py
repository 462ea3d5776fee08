"""One board in one process, as a state machine: inputs in, outputs (``outputs.py``) out, no I/O.

In: a command with its reply sink (``command``; ``command_here`` for one the
writer's inbox took), the outcome of an append (``appended`` / ``conflict`` /
``append_failed``), events from the subscription (``received``) or a log read
(``read`` / ``read_failed``), the writer lease's answer (``lease``), a
forwarded command's answer (``forward_answered`` / ``forward_failed``),
sockets coming and going (``attach`` / ``detach``), and the time: every input
takes ``now``, and the shell calls ``commit`` on the next loop turn when
``commit_due``, ``flush`` at ``flush_at()`` and ``tick`` at ``wake_at()``. Out: ``self.out``, taken with ``take()`` and performed in order.

The order a sender sees is the order of ``out``: a command's ``Reply`` is put
out when its append returned (or its events reached this replica), and the
frames of its events only by a later ``flush``. Folded events wait in
``pending`` for the flush; after a fan-out that took F seconds of CPU the next
waits ``F·(share·(1 + FLUSH_PACING) − 1)`` (``fanned_out``; docs/architecture.md
"Fan-out"), so a busy board sends bigger frames, not more of them.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from server.domain.board import fold
from server.domain.state import Actor, BoardState, Event
from server.engine.commands import Pending
from server.engine.commit import Committer
from server.engine.deadlines import Deadlines, Expire
from server.engine.fanout import audience_frames
from server.engine.forwarding import Forwarding
from server.engine.outputs import (
    Changed,
    Claim,
    Frames,
    Member,
    Output,
    PeopleChanged,
    ReadLog,
    Reply,
    Sink,
)
from server.engine.welcome import welcome
from server.errors import MetanetError, Unavailable
from server.protocol.codec import pack

RECENT_EVENTS = 5000  # events kept in memory for resuming clients
FLUSH_PACING = 0.5  # after a fan-out of F s of CPU, events gather for up to 0.5·F s (docs/performance.md)
MAX_SHARE = 4.0  # pacing counts the people on other processes up to this many times those here
UNLOADED = "the board is being unloaded here, retry"


class BoardEngine:
    def __init__(self, board_id: str, *, shared: bool = False) -> None:
        self.state = BoardState(board_id)
        self.recent: deque[tuple[int, Event]] = deque(maxlen=RECENT_EVENTS)
        self.clients: set[Member] = set()
        self.out: list[Output] = []
        self.shared = shared  # other processes serve the board too: one of them may be its writer
        self.mine = True  # whether this process decides the board's commands (until the lease says otherwise)
        self.closing = False
        self.reads_done = 0
        self.committer = Committer(self)
        self.forwarding = Forwarding(self)
        self.deadlines = Deadlines(self)
        self._now = 0.0
        self._reads_asked = 0
        self._reading = False
        self._read_again = False
        self._pending: list[tuple[int, Event]] = []
        self._flush_after = 0.0  # time before which the next fan-out waits

    def take(self) -> list[Output]:
        out, self.out = self.out, []
        return out

    # -- commands ----------------------------------------------------------------------

    def command(self, sink: Sink, actor: Actor, kind: str, args: dict[str, Any], op: str | None,
                now: float) -> None:
        """A command from a socket here: decided here if this process writes the board, else forwarded."""
        self._now = now
        if self.closing:
            self.reply(sink, None, Unavailable(UNLOADED))
        else:
            self.route(Pending(sink, actor, kind, args, op), now)

    def command_here(self, sink: Sink, actor: Actor, kind: str, args: dict[str, Any], op: str | None,
                     now: float) -> None:
        """A command another process posted to this writer's inbox: decided here."""
        self._now = now
        if self.closing:
            self.reply(sink, None, Unavailable(UNLOADED))
        else:
            self.committer.add(Pending(sink, actor, kind, args, op))

    def route(self, pending: Pending, now: float, give_up: float | None = None) -> None:
        if self.mine or not self.shared:
            self.committer.add(pending)
        else:
            self.forwarding.send(pending, now, give_up)

    @property
    def commit_due(self) -> bool:
        """Commands wait to be decided here: call ``commit`` on the next loop turn (this turn's go together)."""
        return self.committer.due

    def commit(self, now: float) -> None:
        self._now = now
        self.committer.start(now)

    def reply(self, sink: Sink, result: Any, error: MetanetError | None = None) -> None:
        if isinstance(sink, Expire):
            self.deadlines.expired(sink.generation, error, self._now)
        else:
            self.out.append(Reply(sink, result, error))

    def claim(self) -> None:
        self.out.append(Claim())

    def lease(self, mine: bool | None, now: float) -> None:
        """The lease was asked for: this process holds it or not (None: the backbone did not answer)."""
        self._now = now
        if mine is not None:
            self.mine = mine
        self.forwarding.lease_answered(now)

    def appended(self, now: float) -> None:
        self._now = now
        self.committer.appended(now)

    def conflict(self, now: float) -> None:
        self._now = now
        self.committer.conflict(now)

    def append_failed(self, exc: Exception, now: float) -> None:
        self._now = now
        self.committer.append_failed(exc, now)

    def forward_answered(self, fid: int, reply: Any, now: float) -> None:
        self._now = now
        self.forwarding.answered(fid, reply, now)

    def forward_failed(self, fid: int, why: str | MetanetError, now: float) -> None:
        self._now = now
        self.forwarding.failed(fid, why, now)

    # -- events in ---------------------------------------------------------------------------

    def ask_read(self) -> int:
        """Ask for the log beyond the replica; the number of the read that will answer."""
        if self._reading:
            self._read_again = True  # the read under way may have started before what we need
            return self._reads_asked + 1
        self._reading = True
        self._reads_asked += 1
        self.out.append(ReadLog(self.state.seq))
        return self._reads_asked

    def received(self, first: int, events: list[Event], now: float) -> None:
        """A batch from the subscription; a gap is filled by reading the log."""
        self._now = now
        if first > self.state.seq + 1:
            self.ask_read()
        else:
            self.apply(first, events, now)

    def read(self, events: list[tuple[int, Event]], now: float) -> None:
        """The answer to ``ReadLog``."""
        self.fold_read(events, now)
        self._read_done(None, now)

    def fold_read(self, events: list[tuple[int, Event]], now: float) -> None:
        """Events read from the log (by the engine's ``ReadLog`` or the shell's own read)."""
        self._now = now
        before = self.state.seq
        for seq, event in events:
            if seq == self.state.seq + 1:
                self._fold(seq, event, now)
        self._after_fold(before)

    def read_failed(self, exc: Exception, now: float) -> None:
        self._now = now
        self._read_done(exc, now)

    def _read_done(self, failure: Exception | None, now: float) -> None:
        self._reading = False
        self.reads_done = self._reads_asked
        if self._read_again:
            self._read_again = False
            self.ask_read()
        self.committer.read_done(failure, now)

    def apply(self, first: int, events: list[Event], now: float) -> None:
        """Fold the events that follow the replica (each sequence number once)."""
        before = self.state.seq
        for i, event in enumerate(events):
            if first + i == self.state.seq + 1:
                self._fold(first + i, event, now)
        self._after_fold(before)

    def _fold(self, seq: int, event: Event, now: float) -> None:
        fold(self.state, seq, event)
        self.recent.append((seq, event))
        self._pending.append((seq, event))
        if event["type"] == "board_deleted":
            self.deadlines.deleted(now)

    def _after_fold(self, before: int) -> None:
        self.forwarding.folded()  # acks first: their events' frames go out later, in flush
        if self.state.seq != before:
            self.out.append(Changed(self.state.seq))
        self.deadlines.folded()

    # -- time ---------------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """Do what is due at ``now``: close a deleted board's sockets, expire the timer, retry forwards."""
        self._now = now
        self.deadlines.due(now)
        self.forwarding.due(now)

    def wake_at(self) -> float | None:
        times = (self.deadlines.wake_at(), self.forwarding.wake_at())
        return min((t for t in times if t is not None), default=None)

    # -- sockets, fan-out ---------------------------------------------------------------------------

    def flush_at(self) -> float | None:
        """When the folded events should go out (None: there are none)."""
        return self._flush_after if self._pending else None

    def flush(self, now: float) -> bool:
        """Put out the pending events, encoded once per audience; whether there was a fan-out."""
        self._now = now
        batch, self._pending = self._pending, []
        if not batch or not self.clients:
            return False
        self.out.append(Frames(list(audience_frames(batch, list(self.clients), self.state.settings))))
        if any(ev["type"] in ("participant_joined", "participant_left") for _, ev in batch):
            self.out.append(PeopleChanged())
        return True

    def fanned_out(self, took: float, share: float, now: float) -> None:
        """A fan-out took ``took`` s of CPU; the people anywhere were ``share`` times those here."""
        # With every socket here a fan-out of F is followed by PACING·F; with 1/share of them here, the
        # period is what it would be with all of them: share·F·(1 + PACING), of which F is spent.
        self._flush_after = now + took * (min(MAX_SHARE, max(1.0, share)) * (1 + FLUSH_PACING) - 1)

    def attach(self, member: Member, since: int | None, presence: dict[str, Any], now: float) -> None:
        """A socket joins: pending events go to the others first, then its welcome covers them."""
        self.flush(now)
        self.clients.add(member)
        frame = pack(welcome(self.state, self.recent, member.actor, since, presence, now))
        self.out.append(Frames([(member, frame)]))
        self.out.append(PeopleChanged())

    def detach(self, member: Member) -> None:
        self.clients.discard(member)
        self.out.append(PeopleChanged())

    def people_here(self) -> dict[str, str]:
        """The participants connected here (joined, not left), with their stakeholder groups."""
        participants = self.state.participants
        people: dict[str, str] = {}
        for member in self.clients:
            person = participants.get(member.actor.id)
            if member.actor.role == "participant" and person is not None and person.present:
                people[person.id] = person.group
        return people

    # -- unloading -----------------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """Nothing is being decided or appended here."""
        return self.committer.idle

    def close(self) -> None:
        """Take no more commands (those taken finish) and expire no timer."""
        self.closing = True
        self.deadlines.stop()

    def abort(self) -> None:
        """Answer every command still here ``unavailable``."""
        self.committer.abort(Unavailable(UNLOADED))
        self.forwarding.abort(Unavailable(UNLOADED))
