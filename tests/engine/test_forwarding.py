"""A process that is not the board's writer: its commands go to the writer, its acks still come first.

No event loop: the test plays the writer, the subscription and the lease.
"""

from __future__ import annotations

from server.domain.state import Actor
from server.engine import outputs as do
from server.engine.forwarding import NO_ANSWER, SEEN_TIMEOUT, UNDELIVERED
from server.errors import BudgetExceeded
from tests.engine.room import FAC, Phone, Room

ANN = Actor("ann", "participant")


def follower() -> tuple[Room, Phone, Phone]:
    """A replica in a process that learnt another one holds the lease; Ann and a projector connected here."""
    room = Room(shared=True)
    room.engine.lease(False, room.now)
    ann, screen = room.phone(ANN), room.phone(Actor("screen", "projector"))
    return room, ann, screen


def writer_appends(room: Room, forward: do.Forward) -> list[tuple[int, dict[str, object]]]:
    """The writer decides and appends the forwarded command; its first event carries the op and the result."""
    new = room.other_process_appends(forward.actor, forward.kind, **forward.args)
    seq = new[-1][0]
    result: dict[str, object] = {"seq": seq}
    if forward.op is not None:
        first = {**new[0][1], "op": f"{forward.actor.id}:{forward.op}", "result": result}
        new[0] = (new[0][0], first)
        room.log[-len(new)] = new[0]
    return [(s, e) for s, e in new]


def subscription(room: Room, events: list[tuple[int, dict[str, object]]]) -> None:
    room.engine.received(events[0][0], [e for _, e in events], room.now)
    room.perform()


def test_a_forwarded_command_answered_by_its_own_events_acks_before_them_and_once() -> None:
    room, ann, screen = follower()
    room.send(ann, "join", "j", name="Ann", group="Academia")
    forward = room.take(do.Forward)
    assert (forward.actor, forward.kind, forward.op) == (ANN, "join", "j")
    assert not [o for o in room.waiting if isinstance(o, do.Append)], "a follower does not append"
    events = writer_appends(room, forward)
    subscription(room, events)  # the events come before the writer's reply
    room.settle()
    seq = events[-1][0]
    assert ann.order("j", seq) == ["ack", "events"]
    assert screen.got[-1] == ("events", [seq])
    room.engine.forward_answered(forward.fid, {"ok": True, "result": {"seq": seq}}, room.now)
    room.perform()
    assert [item for item in ann.got if item[0] == "ack"] == [("ack", "j", True, {"seq": seq})], "one ack"


def test_a_reply_before_the_events_waits_for_them_then_acks_before_their_frame() -> None:
    room, ann, _ = follower()
    room.send(ann, "join", "j", name="Ann", group="Academia")
    forward = room.take(do.Forward)
    events = writer_appends(room, forward)
    seq = events[-1][0]
    room.engine.forward_answered(forward.fid, {"ok": True, "result": {"seq": seq}}, room.now)
    room.perform()
    assert ann.order("j", seq) == [], "no ack before this replica has the events"
    subscription(room, events)
    room.settle()
    assert ann.order("j", seq) == ["ack", "events"]


def test_events_that_never_come_are_read_from_the_log_after_the_ack() -> None:
    room, ann, _ = follower()
    room.send(ann, "join", "j", name="Ann", group="Academia")
    forward = room.take(do.Forward)
    seq = writer_appends(room, forward)[-1][0]
    room.engine.forward_answered(forward.fid, {"ok": True, "result": {"seq": seq}}, room.now)
    room.perform()
    room.now += SEEN_TIMEOUT
    room.settle()
    assert ann.got[-1] == ("ack", "j", True, {"seq": seq})
    room.answer_read()
    room.settle()
    assert ann.order("j", seq) == ["ack", "events"]


def test_a_refusal_from_the_writer_is_the_ack() -> None:
    room, ann, _ = follower()
    room.send(ann, "vote", "v", note="n404")
    forward = room.take(do.Forward)
    room.engine.forward_answered(forward.fid, {"ok": False, "code": "not_found", "message": "no such note"}, room.now)
    room.perform()
    assert ann.got[-1] == ("ack", "v", False, "not_found")


def test_a_refusal_from_the_writer_keeps_its_reason_and_params() -> None:
    """The writer's answer is its error's to_wire(); the phone's sentence needs the reason and params in it."""
    room, ann, _ = follower()
    room.send(ann, "vote", "v", note="n1")
    forward = room.take(do.Forward)
    refusal = BudgetExceeded("at most 3 dots on one note", reason="per_note_cap", params={"count": 3})
    room.engine.forward_answered(forward.fid, {"ok": False, **refusal.to_wire()}, room.now)
    room.perform()
    assert ann.got[-1] == ("ack", "v", False, "budget_exceeded")
    (error,) = ann.errors
    assert (type(error), error.reason, error.params, error.message) == (
        BudgetExceeded, "per_note_cap", {"count": 3}, "at most 3 dots on one note")


def test_when_the_writer_goes_silent_mid_command_this_process_takes_the_lease_and_decides_it() -> None:
    room, ann, screen = follower()
    room.send(ann, "join", "j", name="Ann", group="Academia")
    forward = room.take(do.Forward)
    room.engine.forward_failed(forward.fid, NO_ANSWER, room.now)
    room.perform()
    room.take(do.Claim)  # who writes now?
    assert not [o for o in room.waiting if isinstance(o, (do.Forward, do.Append))], "nothing sent before the answer"
    room.engine.lease(True, room.now)  # the old writer's lease lapsed: ours now
    room.perform()
    room.turn()
    append = room.take(do.Append)
    assert append.events[0]["op"] == "ann:j"  # the op goes with it: applied once whoever decides
    room.appended(append)
    room.settle()
    assert ann.order("j", append.expected + 1) == ["ack", "events"]
    assert screen.got[-1] == ("events", [append.expected + 1])


def test_a_command_nobody_received_goes_again_to_the_new_writer_after_a_pause() -> None:
    room, ann, _ = follower()
    room.send(ann, "join", "j", name="Ann", group="Academia")
    room.engine.forward_failed(room.take(do.Forward).fid, UNDELIVERED, room.now)
    room.perform()
    room.take(do.Claim)
    room.engine.lease(False, room.now)  # still someone else's
    room.perform()
    assert not [o for o in room.waiting if isinstance(o, do.Forward)], "it waits its pause"
    room.now = room.engine.wake_at() or 0.0
    room.settle()
    again = room.take(do.Forward)
    assert (again.actor, again.kind, again.op) == (ANN, "join", "j")


def test_a_command_without_an_op_that_got_no_answer_is_not_sent_twice() -> None:
    room, _, _ = follower()
    fac = room.phone(FAC)
    room.send(fac, "start_timer", None, duration=30)
    room.engine.forward_failed(room.take(do.Forward).fid, NO_ANSWER, room.now)
    room.perform()
    assert fac.got[-1] == ("ack", None, False, "unavailable")
    assert not room.waiting
