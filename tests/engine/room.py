"""A board engine driven by hand, with no event loop: sockets that keep what they got, a log to append to.

``Room`` performs the engine's outputs the way the shell does, in their order
(acks to their sinks, frames to their sockets, closes), and keeps the rest
(appends, reads, forwards, lease requests) for the test to answer. ``settle``
flushes the way the shell's next loop turn does, when the engine says the
fan-out is due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.domain.board import decide
from server.domain.outcome import new_board
from server.domain.state import Actor, Event
from server.engine import outputs as do
from server.engine.board import BoardEngine
from server.errors import MetanetError
from server.protocol.codec import unpack_trusted

T0 = 1_700_000_000.0
FAC = Actor("fac", "facilitator")
PHASES = [{"kind": "write", "title": "Write"}, {"kind": "vote", "title": "Vote"}, {"kind": "results", "title": "Results"}]


@dataclass(eq=False)
class Phone:
    """A socket: everything it was sent, in order (``("ack", op, ok, result)``, ``("events", [seq...])``, ...)."""

    actor: Actor
    got: list[tuple[Any, ...]] = field(default_factory=list)
    closed: int | None = None
    errors: list[MetanetError] = field(default_factory=list)  # the errors its acks carried, as they were

    def frame(self, frame: bytes) -> None:
        message = unpack_trusted(frame)
        if message["t"] == "events":
            self.got.append(("events", [e["seq"] for e in message["events"]]))
        else:
            self.got.append((message["t"],))

    def send(self, message: bytes) -> None:
        self.frame(message)

    def cut_off(self, code: int, reason: str) -> None:
        self.closed = code

    def sink(self, op: str | None) -> do.Sink:
        def answer(result: Any, error: MetanetError | None) -> None:
            if error is not None:
                self.errors.append(error)
            self.got.append(("ack", op, error is None, result if error is None else error.code))
        return answer

    def order(self, op: str, seq: int) -> list[str]:
        """What came to this socket about the command ``op`` whose last event is ``seq``: its ack and its events."""
        out = []
        for item in self.got:
            if item[0] == "ack" and item[1] == op:
                out.append("ack")
            elif item[0] == "events" and seq in item[1]:
                out.append("events")
        return out


class Room:
    def __init__(self, *, shared: bool = False, phases: list[dict[str, Any]] | None = None,
                 settings: dict[str, Any] | None = None) -> None:
        self.engine = BoardEngine("b1", shared=shared)
        self.now = T0
        self.waiting: list[do.Output] = []  # outputs the test answers: Append, ReadLog, Forward, Claim, Erase
        self.log: list[tuple[int, Event]] = []  # the backbone's log, as far as the test made it
        self.took, self.share = 0.0, 1.0  # the CPU a fan-out takes, and the people anywhere ÷ those here
        self.fanouts = 0
        opening = {"type": "create_board", "phases": phases or PHASES, "settings": settings or {}}
        self.log.append((1, new_board("b1", opening, "ABC234", "hash", self.now)[0]))
        self.engine.ask_read()
        self.perform()
        self.answer_read()

    def perform(self) -> list[do.Output]:
        """Perform the engine's outputs in order; those that wait for an answer are kept in ``waiting``."""
        outs = self.engine.take()
        for out in outs:
            if isinstance(out, do.Reply):
                out.sink(out.result, out.error)
            elif isinstance(out, do.Frames):
                for member, frame in out.frames:
                    assert isinstance(member, Phone)
                    member.frame(frame)
            elif isinstance(out, do.Close):
                for member in out.members:
                    assert isinstance(member, Phone)
                    member.closed = out.code
            elif not isinstance(out, (do.PeopleChanged, do.Changed)):
                self.waiting.append(out)
        return outs

    def settle(self) -> None:
        """What the shell's next loop turn does: a fan-out when due, then what is due at this time."""
        at = self.engine.flush_at()
        if at is not None and at <= self.now + 0.001 and self.engine.flush(self.now):
            self.perform()
            self.fanouts += 1
            self.engine.fanned_out(self.took, self.share, self.now)
        wake = self.engine.wake_at()
        if wake is not None and wake <= self.now:
            self.engine.tick(self.now)
            self.perform()
            self.turn()

    def phone(self, actor: Actor, since: int | None = None) -> Phone:
        phone = Phone(actor)
        self.engine.attach(phone, since, {"t": "presence", "total": 0, "by_group": {}}, self.now)
        self.perform()
        return phone

    def send(self, phone: Phone, kind: str, op: str | None = None, *, turn_ends: bool = True, **args: Any) -> None:
        """A command from ``phone``; then, unless more come in the same loop turn, the turn ends."""
        self.engine.command(phone.sink(op), phone.actor, kind, args, op, self.now)
        self.perform()
        if turn_ends:
            self.turn()

    def turn(self) -> None:
        """The next loop turn: the commands queued in this one are decided (together where they may)."""
        if self.engine.commit_due:
            self.engine.commit(self.now)
            self.perform()

    def take(self, kind: type[Any]) -> Any:
        """The oldest waiting output of ``kind`` (the test answers it)."""
        for i, out in enumerate(self.waiting):
            if isinstance(out, kind):
                return self.waiting.pop(i)
        raise AssertionError(f"no {kind.__name__} waiting among {self.waiting}")

    def appended(self, append: do.Append) -> None:
        """The backbone took ``append``: it goes in the log."""
        assert append.expected == self.log[-1][0], "an append must expect the log's last sequence"
        self.log.extend((append.expected + 1 + i, ev) for i, ev in enumerate(append.events))
        self.engine.appended(self.now)
        self.perform()
        self.turn()

    def other_process_appends(self, actor: Actor, kind: str, **args: Any) -> list[tuple[int, Event]]:
        """Another process appends a command's events to the log (the replica does not know yet)."""
        from server.domain.board import replay
        state = replay("b1", self.log)
        events = decide(state, {"type": kind, **args}, actor, self.now)
        new = [(self.log[-1][0] + 1 + i, ev) for i, ev in enumerate(events)]
        self.log.extend(new)
        return new

    def answer_read(self) -> None:
        read = self.take(do.ReadLog)
        self.engine.read([(s, e) for s, e in self.log if s > read.after], self.now)
        self.perform()

    def commit(self, phone: Phone, kind: str, op: str | None = None, **args: Any) -> None:
        """A command decided and appended here, and fanned out."""
        self.send(phone, kind, op, **args)
        self.appended(self.take(do.Append))
        self.settle()
