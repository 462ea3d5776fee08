"""Clusters: named groups of notes, made while grouping."""

from __future__ import annotations

import pytest

from server.errors import Forbidden, InvalidCommand, NotAllowedNow, NotFound
from tests.domain.boards import ALICE, BOB, FAC, PROJECTOR, Board, types


def grouping(*people: object) -> Board:
    b = Board()
    b.join(*people)  # type: ignore[arg-type]
    b.go("group")
    return b


def cluster(b: Board, name: str = "Capacity", actor: object = FAC) -> str:
    return str(b.do(actor, "create_cluster", name=name)[0]["id"])  # type: ignore[arg-type]


def test_anyone_creates_a_cluster_while_grouping() -> None:
    b = grouping(ALICE)
    events = b.do(ALICE, "create_cluster", name="  Capacity building ")
    assert types(events) == ["cluster_created"]
    assert b.state.clusters[events[0]["id"]].name == "Capacity building"


def test_cluster_and_note_ids_never_collide() -> None:
    b = grouping(ALICE)
    ids = {b.note(ALICE), cluster(b), b.note(ALICE), cluster(b, "Other")}
    assert len(ids) == 4


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, None])
def test_a_cluster_name_empty_or_too_long_is_refused(name: object) -> None:
    with pytest.raises(InvalidCommand):
        grouping(ALICE).do(ALICE, "create_cluster", name=name)


@pytest.mark.parametrize("phase", ["write", "vote", "results", "discuss"])
def test_participants_create_clusters_only_while_grouping(phase: str) -> None:
    b = Board()
    b.join(ALICE)
    if phase != "write":
        b.go(phase)
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "create_cluster", name="Early")


def test_participants_cannot_create_clusters_once_grouping_closed() -> None:
    b = grouping(ALICE)
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "create_cluster", name="Late")


def test_the_facilitator_creates_clusters_in_any_phase() -> None:
    b = Board()
    cluster(b)
    assert len(b.state.clusters) == 1


def test_the_projector_cannot_create_clusters() -> None:
    with pytest.raises(Forbidden):
        grouping().do(PROJECTOR, "create_cluster", name="x")


def test_anyone_renames_a_cluster_while_grouping() -> None:
    b = grouping(ALICE, BOB)
    c = cluster(b, actor=ALICE)
    assert types(b.do(BOB, "rename_cluster", cluster=c, name=" Skills ")) == ["cluster_renamed"]
    assert b.state.clusters[c].name == "Skills"


def test_renaming_a_missing_cluster_is_not_found() -> None:
    with pytest.raises(NotFound):
        grouping(ALICE).do(ALICE, "rename_cluster", cluster="c42", name="x")


def test_renaming_to_an_empty_name_is_refused() -> None:
    b = grouping(ALICE)
    c = cluster(b)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "rename_cluster", cluster=c, name=" ")


def test_participants_cannot_rename_clusters_outside_grouping() -> None:
    b = grouping(ALICE)
    c = cluster(b)
    b.go("vote")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "rename_cluster", cluster=c, name="x")


def test_only_the_facilitator_deletes_clusters_and_their_notes_become_unclustered() -> None:
    b = grouping(ALICE)
    n = b.note(ALICE)
    c = cluster(b)
    b.do(ALICE, "cluster_note", note=n, cluster=c)
    with pytest.raises(Forbidden):
        b.do(ALICE, "delete_cluster", cluster=c)
    assert types(b.do(FAC, "delete_cluster", cluster=c)) == ["cluster_deleted"]
    assert c not in b.state.clusters
    assert b.state.notes[n].cluster is None


def test_deleting_a_missing_cluster_is_not_found() -> None:
    with pytest.raises(NotFound):
        grouping().do(FAC, "delete_cluster", cluster="c1")


def test_anyone_puts_any_note_in_a_cluster_while_grouping_and_takes_it_out_with_null() -> None:
    b = grouping(ALICE, BOB)
    n = b.note(ALICE)
    c = cluster(b)
    assert types(b.do(BOB, "cluster_note", note=n, cluster=c)) == ["note_clustered"]
    assert b.state.notes[n].cluster == c
    b.do(BOB, "cluster_note", note=n, cluster=None)
    assert b.state.notes[n].cluster is None


def test_clustering_into_a_missing_cluster_is_not_found() -> None:
    b = grouping(ALICE)
    n = b.note(ALICE)
    with pytest.raises(NotFound):
        b.do(ALICE, "cluster_note", note=n, cluster="c99")


def test_clustering_a_missing_note_is_not_found() -> None:
    b = grouping(ALICE)
    c = cluster(b)
    with pytest.raises(NotFound):
        b.do(ALICE, "cluster_note", note="n99", cluster=c)


def test_participants_cannot_cluster_a_hidden_note() -> None:
    b = grouping(ALICE)
    n = b.note(ALICE)
    c = cluster(b)
    b.do(FAC, "hide_note", note=n)
    with pytest.raises(NotFound):
        b.do(ALICE, "cluster_note", note=n, cluster=c)


def test_participants_cluster_notes_only_while_grouping() -> None:
    b = grouping(ALICE)
    n = b.note(ALICE)
    c = cluster(b)
    b.go("vote")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "cluster_note", note=n, cluster=c)


def test_the_facilitator_clusters_notes_in_any_phase() -> None:
    b = grouping(ALICE)
    n = b.note(ALICE)
    c = cluster(b)
    b.go("results")
    b.do(FAC, "cluster_note", note=n, cluster=c)
    assert b.state.notes[n].cluster == c
