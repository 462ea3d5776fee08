"""The writer's side of the engine: group commit, conflicts and retries, deletion, the timer; no event loop.

Every test checks what the senders got in order: a command's ack before the
frame of its events (``Phone.order``).
"""

from __future__ import annotations

from server.domain.state import Actor
from server.engine import outputs as do
from server.engine.commit import MAX_ATTEMPTS
from server.engine.deadlines import CLOSE_DELETED, DELETED_GRACE, EXPIRY_RETRY
from tests.engine.room import FAC, Phone, Room

PEOPLE = [Actor(f"p{i}", "participant") for i in range(4)]


def voting_room() -> tuple[Room, list[Phone], Phone, str]:
    """A board in its vote phase with one note; four phones joined, and the facilitator."""
    room = Room(settings={"dots_per_person": 3})
    fac = room.phone(FAC)
    phones = [room.phone(p) for p in PEOPLE]
    for i, phone in enumerate(phones):
        room.commit(phone, "join", f"j{i}", name=f"P{i}", group="Academia")
    room.commit(phones[0], "add_note", "n", text="Night trains")
    note = next(iter(room.engine.state.notes))
    room.commit(fac, "set_phase", "v", index=1)
    return room, phones, fac, note


def test_commands_behind_an_append_go_together_in_the_next_and_each_ack_precedes_its_events() -> None:
    room, phones, _, note = voting_room()
    room.send(phones[0], "vote", "a", note=note)
    first = room.take(do.Append)
    for i in (1, 2, 3):  # arrive while the first append is in flight
        room.send(phones[i], "vote", "a", note=note)
    assert not [o for o in room.waiting if isinstance(o, do.Append)], "one append in flight per board"
    room.appended(first)
    second = room.take(do.Append)
    assert [e["type"] for e in second.events] == ["vote_placed"] * 3
    assert [e["participant"] for e in second.events] == ["p1", "p2", "p3"]
    room.settle()  # a fan-out between the two appends' answers: it has only the first vote
    room.appended(second)
    room.settle()
    end = second.expected + 3
    assert phones[0].order("a", first.expected + 1) == ["ack", "events"]
    for i, phone in enumerate(phones[1:], start=1):
        assert phone.order("a", second.expected + i) == ["ack", "events"], phone.got
        ack = next(item for item in phone.got if item[:2] == ("ack", "a"))
        assert ack[3] == {"seq": second.expected + i, "dots_left": 2}
    assert room.engine.state.seq == end


def test_commands_that_arrive_in_one_loop_turn_go_together_in_the_first_append() -> None:
    room, phones, _, note = voting_room()
    for phone in phones:
        room.send(phone, "vote", "a", turn_ends=False, note=note)
    assert not room.waiting, "nothing is decided before the loop turn ends"
    room.turn()
    append = room.take(do.Append)
    assert [e["participant"] for e in append.events] == ["p0", "p1", "p2", "p3"]
    room.appended(append)
    room.settle()
    for i, phone in enumerate(phones):
        assert phone.order("a", append.expected + 1 + i) == ["ack", "events"]


def test_a_second_command_of_one_person_waits_for_the_next_group() -> None:
    room, phones, fac, note = voting_room()
    room.send(fac, "start_timer", "x", duration=60)  # goes alone
    blocker = room.take(do.Append)
    room.send(phones[1], "vote", "1", note=note)
    room.send(phones[1], "vote", "2", note=note)
    room.send(phones[2], "vote", "1", note=note)
    room.appended(blocker)
    together = room.take(do.Append)
    assert [e["participant"] for e in together.events] == ["p1", "p2"]
    room.appended(together)
    alone = room.take(do.Append)
    assert [e["participant"] for e in alone.events] == ["p1"]


def test_a_conflict_reads_the_log_decides_again_and_the_ack_carries_the_new_sequence() -> None:
    room, phones, fac, note = voting_room()
    room.send(phones[1], "vote", "a", note=note)
    append = room.take(do.Append)
    theirs = room.other_process_appends(PEOPLE[2], "vote", note=note)  # another writer got there first
    room.engine.conflict(room.now)
    room.perform()
    assert not phones[1].order("a", theirs[-1][0] + 1), "nothing is answered before the retry"
    room.answer_read()
    retry = room.take(do.Append)
    assert retry.expected == theirs[-1][0] == append.expected + 1
    assert retry.events[0]["dots_placed"] == 2  # decided on the log with the other vote in it
    room.appended(retry)
    room.settle()
    assert phones[1].order("a", retry.expected + 1) == ["ack", "events"]
    assert ("ack", "a", True, {"seq": retry.expected + 1, "dots_left": 2}) in phones[1].got
    assert phones[2].got[-1] == ("events", [theirs[0][0], retry.expected + 1])  # the other vote, then this one


def test_a_group_that_keeps_conflicting_is_answered_busy_after_the_last_attempt() -> None:
    room, phones, _, note = voting_room()
    room.send(phones[1], "vote", "a", note=note)
    for attempt in range(MAX_ATTEMPTS):
        room.take(do.Append)
        room.other_process_appends(PEOPLE[2], "unvote" if attempt % 2 else "vote", note=note)
        room.engine.conflict(room.now)
        room.perform()
        room.answer_read()
    assert not [o for o in room.waiting if isinstance(o, do.Append)]
    assert phones[1].got[-1] == ("ack", "a", False, "unavailable")


def test_a_retried_op_is_answered_with_its_first_result_and_appends_nothing() -> None:
    room, phones, _, note = voting_room()
    room.commit(phones[1], "vote", "a", note=note)
    first = next(item for item in phones[1].got if item[:2] == ("ack", "a"))
    room.send(phones[1], "vote", "a", note=note)
    assert not [o for o in room.waiting if isinstance(o, do.Append)]
    assert phones[1].got[-1] == first


def test_a_refusal_on_a_replica_behind_the_log_is_looked_at_again_once() -> None:
    room, phones, _, note = voting_room()
    late = Phone(Actor("late", "participant"))
    room.other_process_appends(late.actor, "join", name="Late", group="Academia")  # joined through another process
    room.send(late, "vote", "v", note=note)
    room.answer_read()  # refused on this replica (not joined): it reads once before answering
    room.appended(room.take(do.Append))
    assert late.got == [("ack", "v", True, {"seq": room.engine.state.seq, "dots_left": 2})]


def test_deleting_the_board_acks_then_sends_the_event_then_closes_every_socket_after_a_grace() -> None:
    room, phones, fac, _ = voting_room()
    room.send(fac, "delete_board", "d", confirm="ABC234")
    append = room.take(do.Append)
    room.appended(append)
    assert room.take(do.Erase).code == "ABC234"
    room.settle()
    seq = append.expected + 1
    assert fac.order("d", seq) == ["ack", "events"]
    assert all(p.got[-1] == ("events", [seq]) and p.closed is None for p in phones)
    room.now += DELETED_GRACE / 2
    room.settle()
    assert fac.closed is None
    room.now += DELETED_GRACE / 2
    room.settle()
    assert [p.closed for p in [fac, *phones]] == [CLOSE_DELETED] * 5


def test_the_timer_expires_at_its_deadline_and_is_tried_again_after_storage_trouble() -> None:
    room, phones, fac, _ = voting_room()
    room.commit(fac, "start_timer", "t", duration=60)
    deadline = room.engine.state.timer.deadline
    assert deadline is not None and room.engine.wake_at() == deadline
    room.now = deadline - 0.01
    room.settle()
    assert not room.waiting
    room.now = deadline
    room.settle()
    room.take(do.Append)
    room.engine.append_failed(ConnectionError("storage down"), room.now)
    room.perform()
    assert room.engine.state.timer.status == "running"
    assert room.engine.wake_at() == deadline + EXPIRY_RETRY
    room.now = deadline + EXPIRY_RETRY
    room.settle()
    expiry = room.take(do.Append)
    assert [e["type"] for e in expiry.events] == ["timer_expired"]
    room.appended(expiry)
    room.settle()
    timer = room.engine.state.timer  # a new name: mypy narrowed the old one to "running"
    assert timer.status == "expired"
    assert room.engine.wake_at() is None
    assert all(p.got[-1] == ("events", [expiry.expected + 1]) for p in phones)
