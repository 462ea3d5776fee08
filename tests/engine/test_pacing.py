"""Fan-out pacing: after a fan-out of F s of CPU, events gather for F·(share·1.5 − 1) s; acks never wait."""

from __future__ import annotations

import pytest

from server.domain.state import Actor
from server.engine.board import FLUSH_PACING, MAX_SHARE
from tests.engine.room import Room

PEOPLE = [Actor(f"p{i}", "participant") for i in range(6)]


@pytest.mark.parametrize("share", [1.0, 2.0, 10.0])
def test_under_load_events_gather_into_one_frame_while_every_ack_goes_out_at_once(share: float) -> None:
    room = Room()
    phones = [room.phone(p) for p in PEOPLE]
    room.took, room.share = 0.02, share
    room.commit(phones[0], "join", "j", name="P0", group="Academia")  # a fan-out of 20 ms
    assert room.fanouts == 1
    wait = 0.02 * (min(share, MAX_SHARE) * (1 + FLUSH_PACING) - 1)
    fanned_out_at = room.now
    assert room.engine.flush_at() is None
    seqs = []
    for i, phone in enumerate(phones[1:], start=1):
        room.now += wait / 10
        room.commit(phone, "join", "j", name=f"P{i}", group="Academia")
        seqs.append(room.engine.state.seq)
        assert phone.got[-1] == ("ack", "j", True, {"seq": seqs[-1]}), "the ack is not paced"
    assert room.fanouts == 1, "no fan-out inside the wait"
    assert room.engine.flush_at() == pytest.approx(fanned_out_at + wait)
    room.now = fanned_out_at + wait
    room.settle()
    assert room.fanouts == 2
    assert phones[0].got[-1] == ("events", seqs), "one frame for everything that gathered"
    for phone, seq in zip(phones[1:], seqs, strict=True):
        assert phone.order("j", seq) == ["ack", "events"]


def test_an_idle_board_fans_out_at_once() -> None:
    room = Room()
    phone = room.phone(PEOPLE[0])
    room.took = 0.0005  # under a millisecond: no wait
    room.commit(phone, "join", "j", name="P0", group="Academia")
    room.commit(phone, "add_note", "n", text="idea")
    assert room.fanouts == 2


def test_a_new_socket_gets_the_pending_events_in_its_welcome_and_the_others_get_them_first() -> None:
    room = Room()
    first = room.phone(PEOPLE[0])
    room.took = 0.05
    room.commit(first, "join", "j", name="P0", group="Academia")
    room.commit(first, "add_note", "n", text="waiting in pending")  # paced: not sent yet
    seq = room.engine.state.seq
    assert first.order("n", seq) == ["ack"]
    second = room.phone(PEOPLE[1])
    assert first.order("n", seq) == ["ack", "events"]
    assert second.got == [("welcome",)]
    room.now += 1
    room.settle()
    assert second.got == [("welcome",)], "nothing the welcome covered comes again"
    assert room.engine.flush_at() is None
