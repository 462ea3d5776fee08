"""Decisions and priorities: marks on notes or clusters, a limit, roadmap fields."""

from __future__ import annotations

import pytest

from server.errors import Forbidden, InvalidCommand, NotAllowedNow, NotFound
from tests.sprint.domain import ALICE, BOB, FAC, Sprint


def _board(**settings: object) -> tuple[Sprint, list[str], str]:
    s = Sprint(settings=dict(settings))
    notes = [s.do(ALICE, "add_note", text=f"idea {i}")[0]["note"]["id"] for i in range(4)]
    s.do(FAC, "next_phase")  # group: notes revealed
    cluster = s.do(FAC, "create_cluster", name="Capacity")[0]["id"]
    return s, notes, cluster


def test_the_facilitator_marks_notes_and_clusters_as_decisions_in_order() -> None:
    s, notes, cluster = _board()
    s.do(FAC, "mark_decision", target=notes[2])
    s.do(FAC, "mark_decision", target=cluster)
    s.do(FAC, "mark_decision", target=notes[0])
    assert [(d.target, d.kind) for d in s.state.decisions.values()] == [(notes[2], "note"), (cluster, "cluster"), (notes[0], "note")]
    s.do(FAC, "mark_decision", target=cluster, decided=False)
    assert list(s.state.decisions) == [notes[2], notes[0]]
    s.check_views()
    assert s.views[BOB].board["decisions"][0]["target"] == notes[2]


def test_the_number_of_priorities_is_limited_when_the_board_says_so() -> None:
    s, notes, cluster = _board(max_priorities=2)
    s.do(FAC, "mark_decision", target=notes[0])
    s.do(FAC, "mark_decision", target=notes[1])
    with pytest.raises(NotAllowedNow, match="at most 2 priorities"):
        s.do(FAC, "mark_decision", target=cluster)
    s.do(FAC, "mark_decision", target=notes[1], decided=False)
    s.do(FAC, "mark_decision", target=cluster)
    assert len(s.state.decisions) == 2


def test_roadmap_fields_live_on_a_decision() -> None:
    s, notes, _ = _board()
    s.do(FAC, "mark_decision", target=notes[0])
    s.do(FAC, "set_roadmap", target=notes[0], owner="  Ministry of Justice ", next_step="Draft terms", due="2027-03-31")
    s.do(FAC, "set_roadmap", target=notes[0], next_step="Circulate terms")  # owner and due stay
    d = s.state.decisions[notes[0]]
    assert (d.owner, d.next_step, d.due) == ("Ministry of Justice", "Circulate terms", "2027-03-31")
    s.do(FAC, "set_roadmap", target=notes[0], owner=None, due="")
    assert (d.owner, d.due) == ("", "")
    s.check_views()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"due": "31/03/2027"}, InvalidCommand),
        ({"due": "2027-02-30"}, InvalidCommand),
        ({"owner": "x" * 81}, InvalidCommand),
        ({"next_step": "x" * 281}, InvalidCommand),
        ({"owner": 5}, InvalidCommand),
    ],
)
def test_bad_roadmap_fields_are_refused(fields: dict[str, object], error: type[Exception]) -> None:
    s, notes, _ = _board()
    s.do(FAC, "mark_decision", target=notes[0])
    with pytest.raises(error):
        s.do(FAC, "set_roadmap", target=notes[0], **fields)


def test_only_decisions_have_a_roadmap_and_only_the_facilitator_decides() -> None:
    s, notes, _ = _board()
    with pytest.raises(NotFound):
        s.do(FAC, "set_roadmap", target=notes[0], owner="x")
    with pytest.raises(NotFound):
        s.do(FAC, "mark_decision", target="n404")
    with pytest.raises(NotFound):
        s.do(FAC, "mark_decision", target=notes[0], decided=False)
    with pytest.raises(Forbidden):
        s.do(ALICE, "mark_decision", target=notes[0])
    s.do(FAC, "mark_decision", target=notes[0])
    with pytest.raises(NotAllowedNow):
        s.do(FAC, "mark_decision", target=notes[0])
    with pytest.raises(Forbidden):
        s.do(BOB, "set_roadmap", target=notes[0], owner="me")


def test_hidden_and_unrevealed_notes_cannot_become_decisions() -> None:
    s = Sprint()
    private = s.do(ALICE, "add_note", text="not yet revealed")[0]["note"]["id"]
    with pytest.raises(NotAllowedNow, match="reveal"):
        s.do(FAC, "mark_decision", target=private)
    s.do(FAC, "hide_note", note=private)
    s.do(FAC, "next_phase")
    with pytest.raises(NotAllowedNow, match="hidden"):
        s.do(FAC, "mark_decision", target=private)


def test_deleting_or_merging_a_decided_note_or_cluster_drops_its_decision() -> None:
    s, notes, cluster = _board()
    for target in (notes[0], notes[1], cluster):
        s.do(FAC, "mark_decision", target=target)
    s.do(ALICE, "delete_note", note=notes[0])
    s.do(FAC, "merge_notes", source=notes[1], target=notes[2])
    s.do(FAC, "delete_cluster", cluster=cluster)
    assert s.state.decisions == {}
    s.check_views()
