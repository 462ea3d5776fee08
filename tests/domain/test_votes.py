"""Dot voting: a budget per person, a cap per note, only while the vote phase is open."""

from __future__ import annotations

import pytest

from server.errors import BudgetExceeded, Forbidden, NotAllowedNow, NotFound
from tests.domain.boards import ALICE, BOB, CAROL, FAC, PROJECTOR, Board, types


def voting(*, notes: int = 3, **settings: object) -> tuple[Board, list[str]]:
    b = Board(settings=dict(settings) or None)
    b.join(ALICE)
    b.join(BOB, group="Academia")
    b.go("group")
    ids = [b.note(ALICE, f"idea {i}") for i in range(notes)]
    b.go("vote")
    return b, ids


def test_a_dot_is_placed_on_a_note() -> None:
    b, (n, *_) = voting()
    events = b.do(ALICE, "vote", note=n)
    assert types(events) == ["vote_placed"]
    assert events[0]["participant"] == "alice" and events[0]["group"] == "NGO / civil society"
    assert events[0]["blind"] is True and events[0]["dots_placed"] == 1
    assert b.state.votes == {"alice": {n: 1}}
    assert b.state.dots_left("alice") == 4


def test_the_default_budget_is_five_dots() -> None:
    b, ids = voting(notes=3)
    for n in (ids[0], ids[0], ids[1], ids[1], ids[2]):
        b.do(ALICE, "vote", note=n)
    assert b.state.dots_left("alice") == 0


def test_vote_beyond_budget_is_rejected() -> None:
    b, ids = voting(notes=3)
    for n in (ids[0], ids[0], ids[1], ids[1], ids[2]):
        b.do(ALICE, "vote", note=n)
    with pytest.raises(BudgetExceeded):
        b.do(ALICE, "vote", note=ids[2])
    assert b.state.dots_used("alice") == 5


def test_the_budget_is_a_board_setting() -> None:
    b, ids = voting(dots_per_person=2)
    b.do(ALICE, "vote", note=ids[0])
    b.do(ALICE, "vote", note=ids[1])
    with pytest.raises(BudgetExceeded):
        b.do(ALICE, "vote", note=ids[2])


def test_a_vote_beyond_the_per_note_cap_is_rejected() -> None:
    b, (n, *_) = voting(max_dots_per_note=2)
    b.do(ALICE, "vote", note=n)
    b.do(ALICE, "vote", note=n)
    with pytest.raises(BudgetExceeded):
        b.do(ALICE, "vote", note=n)
    assert b.state.votes["alice"][n] == 2


def test_the_per_note_cap_is_per_person() -> None:
    b, (n, *_) = voting(max_dots_per_note=1)
    b.do(ALICE, "vote", note=n)
    b.do(BOB, "vote", note=n)
    assert b.state.note_total(n) == 2


def test_budgets_are_per_person() -> None:
    b, ids = voting(dots_per_person=1)
    b.do(ALICE, "vote", note=ids[0])
    b.do(BOB, "vote", note=ids[0])
    assert b.state.dots_left("alice") == b.state.dots_left("bob") == 0


@pytest.mark.parametrize("phase", ["write", "group", "results", "discuss"])
def test_voting_outside_the_vote_phase_is_not_allowed(phase: str) -> None:
    b, (n, *_) = voting()
    b.go(phase)
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "vote", note=n)


def test_voting_after_the_vote_phase_closed_is_not_allowed() -> None:
    b, (n, *_) = voting()
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "vote", note=n)


def test_voting_after_the_vote_phase_closed_is_not_allowed_for_the_facilitator_either() -> None:
    b, (n, *_) = voting()
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "vote", note=n)


def test_voting_reopens_when_the_phase_is_reopened() -> None:
    b, (n, *_) = voting()
    b.do(FAC, "close_phase")
    assert types(b.do(FAC, "close_phase", closed=False)) == ["phase_reopened"]
    b.do(ALICE, "vote", note=n)


def test_a_vote_on_a_missing_note_is_not_found() -> None:
    b, _ = voting()
    with pytest.raises(NotFound):
        b.do(ALICE, "vote", note="n404")


def test_a_vote_on_a_hidden_note_is_not_found_even_for_the_facilitator() -> None:
    b, (n, *_) = voting()
    b.do(FAC, "hide_note", note=n)
    with pytest.raises(NotFound):
        b.do(ALICE, "vote", note=n)
    with pytest.raises(NotFound):
        b.do(FAC, "vote", note=n)


def test_the_facilitator_has_a_budget_too() -> None:
    b, ids = voting(dots_per_person=1)
    b.do(FAC, "vote", note=ids[0])
    with pytest.raises(BudgetExceeded):
        b.do(FAC, "vote", note=ids[1])
    assert b.state.votes["fac"] == {ids[0]: 1}


def test_the_projector_cannot_vote() -> None:
    b, (n, *_) = voting()
    with pytest.raises(Forbidden):
        b.do(PROJECTOR, "vote", note=n)


def test_a_participant_who_has_not_joined_cannot_vote() -> None:
    b, (n, *_) = voting()
    with pytest.raises(Forbidden):
        b.do(CAROL, "vote", note=n)


def test_a_dot_is_taken_back() -> None:
    b, (n, *_) = voting()
    b.do(ALICE, "vote", note=n)
    b.do(ALICE, "vote", note=n)
    events = b.do(ALICE, "unvote", note=n)
    assert types(events) == ["vote_removed"] and events[0]["dots_placed"] == 1
    assert b.state.votes["alice"] == {n: 1}
    b.do(ALICE, "unvote", note=n)
    assert b.state.votes["alice"] == {}
    assert b.state.dots_left("alice") == 5


def test_taking_back_a_dot_that_is_not_yours_is_not_found() -> None:
    b, (n, *_) = voting()
    b.do(BOB, "vote", note=n)
    with pytest.raises(NotFound):
        b.do(ALICE, "unvote", note=n)
    assert b.state.votes == {"bob": {n: 1}}


def test_the_facilitator_cannot_take_back_someone_elses_dot() -> None:
    b, (n, *_) = voting()
    b.do(BOB, "vote", note=n)
    with pytest.raises(NotFound):
        b.do(FAC, "unvote", note=n)


def test_taking_back_a_dot_from_a_note_without_your_dots_is_not_found() -> None:
    b, (n, *_) = voting()
    with pytest.raises(NotFound):
        b.do(ALICE, "unvote", note=n)
    with pytest.raises(NotFound):
        b.do(ALICE, "unvote", note=None)


def test_taking_back_a_dot_after_voting_closed_is_not_allowed() -> None:
    b, (n, *_) = voting()
    b.do(ALICE, "vote", note=n)
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "unvote", note=n)


def test_taking_back_a_dot_outside_the_vote_phase_is_not_allowed() -> None:
    b, (n, *_) = voting()
    b.do(ALICE, "vote", note=n)
    b.go("results")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "unvote", note=n)


def test_a_dot_on_a_note_hidden_later_can_still_be_taken_back() -> None:
    b, (n, *_) = voting()
    b.do(ALICE, "vote", note=n)
    b.do(FAC, "hide_note", note=n)
    b.do(ALICE, "unvote", note=n)
    assert b.state.dots_left("alice") == 5


def test_votes_are_blind_by_default_and_live_when_the_setting_is_off() -> None:
    b, (n, *_) = voting(blind_votes=False)
    assert b.do(ALICE, "vote", note=n)[0]["blind"] is False


def test_the_facilitator_reveals_the_votes_with_tallies_by_group() -> None:
    b, (n, m, _) = voting()
    b.do(ALICE, "vote", note=n)
    b.do(BOB, "vote", note=n)
    b.do(BOB, "vote", note=m)
    events = b.do(FAC, "reveal_votes")
    assert events == [
        {
            "type": "votes_revealed",
            "tallies": {
                n: {"total": 2, "by_group": {"NGO / civil society": 1, "Academia": 1}},
                m: {"total": 1, "by_group": {"Academia": 1}},
            },
        }
    ]
    assert b.state.votes_revealed
    assert b.do(ALICE, "vote", note=m)[0]["blind"] is False


def test_revealing_the_votes_twice_is_refused() -> None:
    b, _ = voting()
    b.do(FAC, "reveal_votes")
    with pytest.raises(NotAllowedNow):
        b.do(FAC, "reveal_votes")


def test_a_participant_cannot_reveal_the_votes() -> None:
    b, _ = voting()
    with pytest.raises(Forbidden):
        b.do(ALICE, "reveal_votes")


def test_entering_a_vote_phase_again_makes_votes_blind_again() -> None:
    b, (n, *_) = voting()
    b.do(FAC, "reveal_votes")
    b.go("group")
    b.go("vote")
    assert not b.state.votes_revealed
    assert b.do(ALICE, "vote", note=n)[0]["blind"] is True


def test_a_facilitator_who_never_joined_votes_as_the_facilitator_group() -> None:
    b, (n, *_) = voting()
    event = b.do(FAC, "vote", note=n)[0]
    assert event["group"] == "Facilitator"
    assert b.state.tallies() == {n: {"total": 1, "by_group": {"Facilitator": 1}}}
