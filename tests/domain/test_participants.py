"""Joining and leaving a board."""

from __future__ import annotations

import pytest

from server.errors import Forbidden, InvalidCommand, NotAllowedNow
from tests.domain.boards import ALICE, FAC, PROJECTOR, Board, types


def test_a_participant_joins_with_a_name_and_a_stakeholder_group() -> None:
    b = Board()
    events = b.do(ALICE, "join", name="  Amina ", group="Academia")
    assert events == [
        {
            "type": "participant_joined",
            "participant": {"id": "alice", "name": "Amina", "group": "Academia", "role": "participant"},
        }
    ]
    person = b.state.participants["alice"]
    assert (person.name, person.group, person.present) == ("Amina", "Academia", True)


def test_the_name_is_optional() -> None:
    b = Board()
    b.do(ALICE, "join", group="Other")
    assert b.state.participants["alice"].name == ""


def test_joining_again_changes_name_and_group() -> None:
    b = Board()
    b.do(ALICE, "join", name="A", group="Other")
    b.do(ALICE, "join", name="B", group="Academia")
    person = b.state.participants["alice"]
    assert (person.name, person.group) == ("B", "Academia")


def test_joining_again_after_leaving_makes_the_participant_present() -> None:
    b = Board()
    b.join(ALICE)
    b.do(ALICE, "leave")
    assert not b.state.participants["alice"].present
    b.join(ALICE)
    assert b.state.participants["alice"].present


def test_a_group_that_is_not_the_boards_is_refused() -> None:
    with pytest.raises(InvalidCommand):
        Board().do(ALICE, "join", group="Pirates")


def test_a_missing_group_is_refused() -> None:
    with pytest.raises(InvalidCommand):
        Board().do(ALICE, "join", name="Amina")


@pytest.mark.parametrize("name", ["x" * 41, 42, ["a"]])
def test_a_name_too_long_or_not_text_is_refused(name: object) -> None:
    with pytest.raises(InvalidCommand):
        Board().do(ALICE, "join", name=name, group="Other")


def test_the_facilitator_may_join_as_a_person_in_a_group() -> None:
    b = Board()
    b.do(FAC, "join", name="Fac", group="Other")
    assert b.state.participants["fac"].role == "facilitator"


def test_the_projector_cannot_join() -> None:
    with pytest.raises(Forbidden):
        Board().do(PROJECTOR, "join", group="Other")


def test_leaving_marks_the_participant_absent_but_keeps_their_dots() -> None:
    b = Board()
    b.join(ALICE)
    assert types(b.do(ALICE, "leave")) == ["participant_left"]
    assert "alice" in b.state.participants and not b.state.participants["alice"].present


def test_leaving_without_having_joined_is_forbidden() -> None:
    with pytest.raises(Forbidden):
        Board().do(ALICE, "leave")


def test_a_participant_who_left_cannot_add_notes() -> None:
    b = Board()
    b.join(ALICE)
    b.do(ALICE, "leave")
    with pytest.raises(Forbidden):
        b.note(ALICE)


def test_a_participant_who_never_joined_cannot_add_notes() -> None:
    with pytest.raises(Forbidden):
        Board().note(ALICE)


def test_changing_group_after_placing_dots_is_not_allowed() -> None:
    b = Board()
    b.join(ALICE)
    b.go("group")
    n = b.note(ALICE)
    b.go("vote")
    b.do(ALICE, "vote", note=n)
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "join", group="Academia")
    b.do(ALICE, "join", name="New name", group="NGO / civil society")
    b.do(ALICE, "unvote", note=n)
    b.do(ALICE, "join", group="Academia")
    assert b.state.participants["alice"].group == "Academia"
