"""Results by stakeholder group and the agreement view, checked against numbers worked out by hand.

The fixed board (tests/report/fixture.py) has these dots (6 voters x 5 dots = 30):

    note  Gov  NGO  Acad  Priv | total      top 3 of each group (ties included)
    n1     3    1    2     1   |   7        Gov:  n2 4, n1 3, n6 2         (n4 1 is 4th)
    n2     4    .    .     .   |   4        NGO:  n3 5, n4 4, n1 1
    n3     .    5    .     .   |   5        Acad: n1 2, n5 2, n4 1
    n4     1    4    1     .   |   6        Priv: n6 3, n1 1, n7 1
    n5     .    .    2     .   |   2
    n6     2    .    .     3   |   5        common ground: n1 (top 3 everywhere)
    n7     .    .    .     1   |   1        single group: n2 Gov, n3 NGO, n5 Acad, n7 Priv
    dots  10   10    5     5   |  30        shared: n4, n6

International organisation joined but placed no dots: it is not a voting group.
"""

from __future__ import annotations

from server.domain import results
from server.domain.state import Actor
from server.report import data
from tests.report.fixture import ACADEMIA, FAC, GOV, INTL, NGO, PHASES, PRIVATE, Driver, fixed_board

EXPECTED_TALLIES = {
    "n1": {"total": 7, "by_group": {GOV: 3, NGO: 1, ACADEMIA: 2, PRIVATE: 1}},
    "n2": {"total": 4, "by_group": {GOV: 4}},
    "n3": {"total": 5, "by_group": {NGO: 5}},
    "n4": {"total": 6, "by_group": {GOV: 1, NGO: 4, ACADEMIA: 1}},
    "n5": {"total": 2, "by_group": {ACADEMIA: 2}},
    "n6": {"total": 5, "by_group": {GOV: 2, PRIVATE: 3}},
    "n7": {"total": 1, "by_group": {PRIVATE: 1}},
}


def _tallies() -> dict[str, dict[str, object]]:
    state = fixed_board().state
    return results.note_tallies(state, results.report_notes(state))


def test_tallies_overall_and_by_group_match_the_hand_count() -> None:
    assert _tallies() == EXPECTED_TALLIES
    assert results.dots_by_group(EXPECTED_TALLIES) == {GOV: 10, NGO: 10, ACADEMIA: 5, PRIVATE: 5}


def test_the_overall_ranking_shares_ranks_between_ties() -> None:
    ranked = results.ranking(EXPECTED_TALLIES)
    assert [(r["id"], r["rank"], r["total"]) for r in ranked] == [
        ("n1", 1, 7), ("n4", 2, 6), ("n3", 3, 5), ("n6", 3, 5), ("n2", 5, 4), ("n5", 6, 2), ("n7", 7, 1)]


def test_each_group_ranks_its_own_priorities_with_shares() -> None:
    def mine(group: str) -> list[tuple[str, int, int, float]]:
        return [(r["id"], r["rank"], r["dots"], r["share"]) for r in results.group_ranking(EXPECTED_TALLIES, group)]

    assert mine(GOV) == [("n2", 1, 4, 0.4), ("n1", 2, 3, 0.3), ("n6", 3, 2, 0.2), ("n4", 4, 1, 0.1)]
    assert mine(NGO) == [("n3", 1, 5, 0.5), ("n4", 2, 4, 0.4), ("n1", 3, 1, 0.1)]
    assert mine(ACADEMIA) == [("n1", 1, 2, 0.4), ("n5", 1, 2, 0.4), ("n4", 3, 1, 0.2)]
    assert mine(PRIVATE) == [("n6", 1, 3, 0.6), ("n1", 2, 1, 0.2), ("n7", 2, 1, 0.2)]
    assert mine(INTL) == []


def test_the_agreement_view_marks_common_ground_and_single_group_support() -> None:
    view = results.agreement(EXPECTED_TALLIES, [GOV, NGO, ACADEMIA, PRIVATE, INTL])
    assert view["voting_groups"] == [GOV, NGO, ACADEMIA, PRIVATE]
    assert view["common_ground"] == ["n1"]
    assert view["single_group"] == ["n2", "n3", "n5", "n7"]
    assert view["shared"] == ["n4", "n6"]
    assert view["notes"]["n4"] == {"status": "shared", "groups": [GOV, NGO, ACADEMIA], "top_in": [NGO, ACADEMIA]}
    assert view["notes"]["n6"]["top_in"] == [GOV, PRIVATE]
    assert view["notes"]["n1"]["top_in"] == [GOV, NGO, ACADEMIA, PRIVATE]


def test_a_narrower_top_changes_what_counts_as_common_ground() -> None:
    # Top 2: n1 drops out of NGO's (3rd there), so nothing is common ground.
    assert results.agreement(EXPECTED_TALLIES, top=2)["common_ground"] == []
    # Top 4 lets n4 into the government's list, but it has no private-sector dot.
    assert results.agreement(EXPECTED_TALLIES, top=4)["common_ground"] == ["n1"]


def test_with_one_voting_group_nothing_is_common_ground() -> None:
    one = {"a": {"total": 3, "by_group": {NGO: 3}}, "b": {"total": 0, "by_group": {}}}
    view = results.agreement(one)
    assert view["common_ground"] == [] and view["single_group"] == ["a"]
    assert view["notes"]["b"]["status"] == "none"


def test_cluster_tallies_sum_their_notes() -> None:
    state = fixed_board().state
    clusters = results.cluster_tallies(state, _tallies())
    assert clusters == {
        "c9": {"total": 13, "notes": 3, "by_group": {GOV: 7, NGO: 1, ACADEMIA: 4, PRIVATE: 1}},
        "c10": {"total": 11, "notes": 2, "by_group": {GOV: 1, NGO: 9, ACADEMIA: 1}},
        "c11": {"total": 6, "notes": 2, "by_group": {GOV: 2, PRIVATE: 4}},
    }


def test_the_report_data_agrees_with_the_hand_count() -> None:
    report = data.build(fixed_board().state)
    assert report["participants"] == {"total": 7, "by_group": {GOV: 2, NGO: 2, ACADEMIA: 1, PRIVATE: 1, INTL: 1}}
    assert report["totals"]["dots_by_group"] == {GOV: 10, NGO: 10, ACADEMIA: 5, PRIVATE: 5}
    assert report["left_out"] == {"hidden": 1, "unrevealed": 0}
    assert [(d["number"], d["target"], d["total"]) for d in report["decisions"]] == [(1, "n1", 7), (2, "n4", 6), (3, "c11", 6)]
    assert report["agreement"]["single_group"] == [
        {"id": "n3", "group": NGO}, {"id": "n2", "group": GOV}, {"id": "n5", "group": ACADEMIA}, {"id": "n7", "group": PRIVATE}]
    assert [(p["id"], p["spent"]) for p in report["agenda"]] == [
        ("identify", 22 * 60.0), ("cluster", 18 * 60.0), ("narrow", 12 * 60.0), ("choose", 13 * 60.0), ("roadmap", 45 * 60.0)]


def test_a_facilitators_own_dots_count_as_facilitator_after_the_boards_groups() -> None:
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES[2:], settings={"groups": ["Academia", "Other"]})
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Other")
    d.do(FAC, "add_note", text="an idea")
    d.do(FAC, "vote", note="n1")
    d.do(alice, "vote", note="n1")
    report = data.build(d.state)
    assert report["groups"] == ["Academia", "Other", "Facilitator"]
    assert report["notes"][0]["by_group"] == {"Other": 1, "Facilitator": 1}
