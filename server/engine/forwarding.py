"""Commands of a process that is not the board's writer: posted to the writer, answered here.

The shell posts each ``Forward`` to the board's inbox and feeds back the
writer's reply (``answered``) or why there was none (``failed``). The ack goes
out once the command's events are on this replica, so it never gets ahead of
what this process shows: often they come over the subscription before the
writer's reply, and the op's result in them answers the command at once
(before their frames). Without a reply the command asks who the writer is
(``Claim``) and goes again, with its op, to whoever holds the lease then,
which applies it once; without an op only a command nobody received goes
again, and only for ``FORWARD_PATIENCE`` seconds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from server.engine.commands import Pending
from server.engine.outputs import Forward
from server.errors import MetanetError, Unavailable, from_wire

if TYPE_CHECKING:
    from server.engine.board import BoardEngine

FORWARD_PATIENCE = 8.0  # seconds a command keeps looking for the board's writer (> WRITER_TTL + FORWARD_TIMEOUT)
UNDELIVERED_PAUSE = 0.05  # seconds before posting again to an inbox nobody was listening on
SEEN_TIMEOUT = 1.0  # seconds a forwarded command's ack waits for its events to reach this replica
UNDELIVERED = "undelivered"  # nobody took the command: it was not applied
NO_ANSWER = "no answer"  # no reply in time: it may or may not have been applied

@dataclass
class Forwarded:
    pending: Pending
    give_up: float  # time after which a command with no answer is answered ``unavailable``
    retry_at: float | None = None  # waiting to go again (once the lease was asked for)
    claimed: bool = False  # the lease was answered since it failed
    result: Any = None
    seen_seq: int | None = None  # answered: waiting for its events to be folded here
    seen_by: float = 0.0


class Forwarding:
    """The commands of this process that the writer has (or is about to get)."""

    def __init__(self, engine: BoardEngine) -> None:
        self.engine = engine
        self.sent: dict[int, Forwarded] = {}
        self._timed = 0  # how many of them wait for a time (their events, or a retry)
        self._fids = itertools.count(1)

    def send(self, pending: Pending, now: float, give_up: float | None = None) -> None:
        fid = next(self._fids)
        self.sent[fid] = Forwarded(pending, now + FORWARD_PATIENCE if give_up is None else give_up)
        p = pending
        self.engine.out.append(Forward(fid, p.actor, p.kind, p.args, p.op))

    def _give(self, fid: int, result: Any = None, error: MetanetError | None = None) -> None:
        entry = self.sent.pop(fid)
        self._timed -= entry.seen_seq is not None or entry.retry_at is not None
        self.engine.reply(entry.pending.sink, result, error)

    def answered(self, fid: int, reply: Any, now: float) -> None:
        entry = self.sent.get(fid)
        if entry is None or entry.retry_at is not None or entry.seen_seq is not None:
            return  # answered already (by its events), or given up on
        if not isinstance(reply, dict) or not reply.get("ok"):
            reply = reply if isinstance(reply, dict) else {}
            self._give(fid, error=from_wire(str(reply.get("code")), str(reply.get("message")),
                                            reply.get("reason"), reply.get("params")))
            return
        result = reply.get("result")
        seq = result.get("seq") if isinstance(result, dict) else None
        if isinstance(seq, int) and seq > self.engine.state.seq:
            entry.result, entry.seen_seq, entry.seen_by = result, seq, now + SEEN_TIMEOUT
            self._timed += 1
        else:
            self._give(fid, result)

    def failed(self, fid: int, why: str | MetanetError, now: float) -> None:
        entry = self.sent.get(fid)
        if entry is None or entry.retry_at is not None or entry.seen_seq is not None:
            return
        if isinstance(why, MetanetError):
            self._give(fid, error=why)
        elif (entry.pending.op is None and why != UNDELIVERED) or now > entry.give_up:
            # An op makes sending again safe (applied once); without one only an undelivered command is.
            self._give(fid, error=Unavailable("the board's server did not answer, retry"))
        else:
            entry.retry_at = now + (UNDELIVERED_PAUSE if why == UNDELIVERED else 0.0)
            self._timed += 1
            entry.claimed = False
            self.engine.claim()  # the writer may be gone: take its lease once it lapsed

    def lease_answered(self, now: float) -> None:
        for entry in self.sent.values():
            if entry.retry_at is not None:
                entry.claimed = True
        self.due(now)

    def folded(self) -> None:
        """Answer the commands whose events this replica now has (before their frames go out)."""
        state = self.engine.state
        for fid, entry in list(self.sent.items()):
            if entry.seen_seq is not None and entry.seen_seq <= state.seq:
                self._give(fid, entry.result)
            elif entry.seen_seq is None and entry.pending.key is not None and entry.pending.key in state.ops:
                self._give(fid, state.ops[entry.pending.key])

    def due(self, now: float) -> None:
        """Send again the commands whose pause is over; answer those whose events are late (then read)."""
        for fid, entry in list(self.sent.items()):
            if entry.seen_seq is not None and entry.seen_by <= now:
                self._give(fid, entry.result)  # the ack stands: its events follow as the replica catches up
                self.engine.ask_read()
            elif entry.retry_at is not None and entry.claimed and entry.retry_at <= now:
                del self.sent[fid]
                self._timed -= 1
                self.engine.route(entry.pending, now, entry.give_up)

    def wake_at(self) -> float | None:
        if not self._timed:
            return None
        times = [e.seen_by if e.seen_seq is not None else e.retry_at for e in self.sent.values()
                 if e.seen_seq is not None or (e.retry_at is not None and e.claimed)]
        return min((t for t in times if t is not None), default=None)

    def abort(self, error: MetanetError) -> None:
        for fid in list(self.sent):
            self._give(fid, error=error)
