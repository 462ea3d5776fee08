"""The server-authoritative timer: an absolute deadline, and an expiry that happens once."""

from __future__ import annotations

import pytest

from server.domain.board import decide
from server.domain.state import SYSTEM
from server.errors import Forbidden, InvalidCommand, NotAllowedNow
from tests.domain.boards import ALICE, FAC, PROJECTOR, T0, Board, types


def running(duration: float = 60, **board: object) -> Board:
    b = Board(**board)  # type: ignore[arg-type]
    b.do(FAC, "start_timer", duration=duration)
    return b


def test_a_started_timer_stores_an_absolute_deadline() -> None:
    b = running(90)
    t = b.state.timer
    assert (t.status, t.duration, t.deadline, t.remaining) == ("running", 90.0, T0 + 90, None)
    assert t.left(T0 + 30) == 60.0
    assert t.left(T0 + 1000) == 0.0


def test_start_without_a_duration_uses_the_phases_duration() -> None:
    b = Board()
    b.do(FAC, "start_timer")
    assert b.state.timer.deadline == T0 + 300


def test_start_without_a_duration_in_a_phase_without_one_is_refused() -> None:
    b = Board(phases=[{"kind": "discuss"}])
    with pytest.raises(InvalidCommand):
        b.do(FAC, "start_timer")


@pytest.mark.parametrize("duration", [0, -5, 86401, "60", True, None])
def test_a_bad_duration_is_refused(duration: object) -> None:
    with pytest.raises(InvalidCommand):
        Board().do(FAC, "start_timer", duration=duration)


def test_starting_again_begins_a_new_generation() -> None:
    b = running(60)
    gen = b.state.timer.generation
    b.now += 10
    b.do(FAC, "start_timer", duration=30)
    assert b.state.timer.generation == gen + 1
    assert b.state.timer.deadline == b.now + 30


def test_pause_keeps_the_time_left_and_resume_sets_a_new_deadline() -> None:
    b = running(60)
    b.now += 20
    assert types(b.do(FAC, "pause_timer")) == ["timer_paused"]
    t = b.state.timer
    assert (t.status, t.remaining, t.deadline) == ("paused", 40.0, None)
    assert t.left(b.now + 500) == 40.0
    b.now += 100
    assert types(b.do(FAC, "resume_timer")) == ["timer_resumed"]
    assert b.state.timer.status == "running"
    assert b.state.timer.deadline == b.now + 40


def test_pausing_a_timer_that_is_not_running_is_not_allowed() -> None:
    b = Board()
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "pause_timer")
    b.do(FAC, "start_timer", duration=5)
    b.do(FAC, "pause_timer")
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "pause_timer")


def test_resuming_a_timer_that_is_not_paused_is_not_allowed() -> None:
    with pytest.raises(NotAllowedNow):
        running().do(FAC, "resume_timer")
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "resume_timer")


def test_a_minute_is_added_to_a_running_timer() -> None:
    b = running(60)
    assert types(b.do(FAC, "adjust_timer", seconds=60)) == ["timer_adjusted"]
    assert b.state.timer.deadline == T0 + 120


def test_removing_time_never_moves_the_deadline_into_the_past() -> None:
    b = running(60)
    b.now += 30
    b.do(FAC, "adjust_timer", seconds=-60)
    assert b.state.timer.deadline == b.now


def test_a_minute_is_added_to_and_removed_from_a_paused_timer() -> None:
    b = running(60)
    b.do(FAC, "pause_timer")
    b.do(FAC, "adjust_timer", seconds=60)
    assert b.state.timer.remaining == 120.0
    b.do(FAC, "adjust_timer", seconds=-3600)
    assert b.state.timer.remaining == 0.0


def test_adjusting_an_idle_timer_is_not_allowed() -> None:
    with pytest.raises(NotAllowedNow):
        Board().do(FAC, "adjust_timer", seconds=60)


@pytest.mark.parametrize("seconds", [3601, -3601, "60", None, False])
def test_a_bad_adjustment_is_refused(seconds: object) -> None:
    with pytest.raises(InvalidCommand):
        running().do(FAC, "adjust_timer", seconds=seconds)


def test_reset_makes_the_timer_idle_with_a_new_generation() -> None:
    b = running(60)
    gen = b.state.timer.generation
    assert types(b.do(FAC, "reset_timer")) == ["timer_reset"]
    t = b.state.timer
    assert (t.status, t.generation, t.duration, t.deadline) == ("idle", gen + 1, 60.0, None)


def test_the_timer_expires_at_its_deadline() -> None:
    b = running(60)
    b.now += 60
    events = b.system("expire_timer", generation=b.state.timer.generation)
    assert types(events)[0] == "timer_expired"
    assert b.state.timer.status == "expired" and b.state.timer.left(b.now) == 0.0


def test_expiry_is_produced_once() -> None:
    b = running(60)
    b.now += 61
    gen = b.state.timer.generation
    b.system("expire_timer", generation=gen)
    with pytest.raises(NotAllowedNow):
        b.system("expire_timer", generation=gen)


def test_two_processes_deciding_the_same_expiry_append_only_one() -> None:
    b = running(60)
    b.now += 61
    gen = b.state.timer.generation
    # Both decided on the same replica; the first append wins, the second re-decides on the new state.
    first = decide(b.state, {"type": "expire_timer", "generation": gen}, SYSTEM, b.now)
    assert types(first)[0] == "timer_expired"
    b.system("expire_timer", generation=gen)
    with pytest.raises(NotAllowedNow):
        decide(b.state, {"type": "expire_timer", "generation": gen}, SYSTEM, b.now)


def test_expiry_before_the_deadline_is_refused() -> None:
    b = running(60)
    b.now += 59.9
    with pytest.raises(NotAllowedNow):
        b.system("expire_timer", generation=b.state.timer.generation)
    assert b.state.timer.status == "running"


def test_an_expiry_of_a_stale_generation_is_refused() -> None:
    b = running(60)
    stale = b.state.timer.generation
    b.do(FAC, "start_timer", duration=10)
    b.now += 100
    with pytest.raises(NotAllowedNow):
        b.system("expire_timer", generation=stale)
    b.system("expire_timer", generation=stale + 1)


def test_an_expiry_without_a_generation_is_refused() -> None:
    b = running(60)
    b.now += 100
    with pytest.raises(NotAllowedNow):
        b.system("expire_timer")


def test_a_paused_timer_does_not_expire() -> None:
    b = running(60)
    b.do(FAC, "pause_timer")
    b.now += 100
    with pytest.raises(NotAllowedNow):
        b.system("expire_timer", generation=b.state.timer.generation)


def test_a_reset_timer_does_not_expire() -> None:
    b = running(60)
    gen = b.state.timer.generation
    b.do(FAC, "reset_timer")
    b.now += 100
    for generation in (gen, gen + 1):
        with pytest.raises(NotAllowedNow):
            b.system("expire_timer", generation=generation)


@pytest.mark.parametrize("actor", [FAC, ALICE, PROJECTOR])
def test_only_the_server_expires_the_timer(actor: object) -> None:
    b = running(60)
    b.join(ALICE)
    b.now += 100
    with pytest.raises(Forbidden):
        b.do(actor, "expire_timer", generation=b.state.timer.generation)  # type: ignore[arg-type]


def test_a_close_on_timer_phase_closes_when_its_timer_expires() -> None:
    b = running(60)  # the write phase closes on its timer
    b.now += 60
    events = b.system("expire_timer", generation=b.state.timer.generation)
    assert types(events) == ["timer_expired", "phase_closed"]
    assert events[1]["index"] == 0
    assert b.state.phase_closed


def test_a_phase_already_closed_is_not_closed_again_on_expiry() -> None:
    b = running(60)
    b.do(FAC, "close_phase")
    b.now += 60
    assert types(b.system("expire_timer", generation=b.state.timer.generation)) == ["timer_expired"]


def test_a_phase_without_close_on_timer_stays_open_on_expiry() -> None:
    b = Board()
    b.go("group")
    b.do(FAC, "start_timer", duration=5)
    b.now += 5
    assert types(b.system("expire_timer", generation=b.state.timer.generation)) == ["timer_expired"]
    assert not b.state.phase_closed


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("start_timer", {"duration": 60}),
        ("pause_timer", {}),
        ("resume_timer", {}),
        ("adjust_timer", {"seconds": 60}),
        ("reset_timer", {}),
    ],
)
def test_a_participant_sending_a_timer_command_is_forbidden(kind: str, args: dict[str, object]) -> None:
    b = running(60)
    b.join(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, kind, **args)
