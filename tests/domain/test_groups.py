"""Stakeholder groups edited while the board runs: rename keeps people, removal with people is refused."""

from __future__ import annotations

import pytest

from server.errors import InvalidCommand, NotAllowedNow
from tests.domain.boards import ALICE, BOB, FAC, Board, types

GOV, NGO = "Government / member state", "NGO / civil society"


def test_a_board_has_a_colour_for_every_group() -> None:
    b = Board(settings={"groups": ["Gov", "NGO", "Academia"], "group_colors": ["#AA0000"]})
    assert b.state.settings.group_colors[0] == "#aa0000"
    assert len(b.state.settings.group_colors) == 3


def test_renaming_a_group_keeps_its_people_their_notes_and_their_dots() -> None:
    b = Board(phases=[{"kind": "discuss", "title": "Talk"}, {"kind": "vote", "title": "Vote"}], settings={"blind_votes": False})
    b.join(ALICE, group=NGO)
    note = b.do(ALICE, "add_note", text="Shared register")[0]["note"]["id"]
    b.do(FAC, "next_phase")
    b.do(ALICE, "vote", note=note)
    b.do(FAC, "show_on_projector", group=NGO)
    groups = [{"name": g, "was": g} for g in b.state.settings.groups]
    groups[1] = {"name": "Civil society", "was": NGO, "color": "#123456"}
    events = b.do(FAC, "set_groups", groups=groups)
    assert types(events) == ["groups_changed"] and events[0]["renamed"] == {NGO: "Civil society"}
    assert b.state.participants[ALICE.id].group == "Civil society"
    assert b.state.notes[note].group == "Civil society"
    assert b.state.tallies()[note]["by_group"] == {"Civil society": 1}
    assert b.state.projector.group == "Civil society"
    assert b.state.settings.group_colors[1] == "#123456"


def test_removing_a_group_that_has_people_is_refused_with_a_clear_error() -> None:
    b = Board()
    b.join(ALICE, BOB, group=GOV)
    keep = [{"name": g} for g in b.state.settings.groups if g != GOV]
    with pytest.raises(NotAllowedNow, match="2 people are in the group 'Government / member state'"):
        b.do(FAC, "set_groups", groups=keep)
    assert GOV in b.state.settings.groups
    empty = [{"name": g} for g in b.state.settings.groups if g != "Other"]
    assert types(b.do(FAC, "set_groups", groups=empty)) == ["groups_changed"]  # nobody in "Other"


@pytest.mark.parametrize(
    "groups",
    [
        [],
        [{"name": f"G{i}"} for i in range(13)],
        [{"name": "A"}, {"name": "A"}],
        [{"name": ""}],
        [{"name": "A", "color": "red"}],
        [{"name": "A", "was": "No such group"}],
        ["A"],
    ],
)
def test_bad_groups_are_invalid_and_change_nothing(groups: list[object]) -> None:
    b = Board()
    before = list(b.state.settings.groups)
    with pytest.raises(InvalidCommand):
        b.do(FAC, "set_groups", groups=groups)
    assert b.state.settings.groups == before


def test_only_the_facilitator_edits_groups() -> None:
    from server.errors import Forbidden

    b = Board()
    b.join(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, "set_groups", groups=[{"name": "Mine"}])


def test_update_settings_cannot_drop_a_group_that_has_people_either() -> None:
    b = Board()
    b.join(ALICE, group=GOV)
    with pytest.raises(NotAllowedNow, match="people are in the group"):
        b.do(FAC, "update_settings", settings={"groups": [NGO]})
    assert GOV in b.state.settings.groups
