"""The log is the truth: folding it from scratch gives the live state."""

from __future__ import annotations

from dataclasses import asdict

from server.domain.board import replay
from tests.domain.boards import ALICE, BOB, CAROL, FAC, Board


def test_folding_the_log_from_a_fresh_state_rebuilds_the_live_state() -> None:
    b = Board()
    b.join(ALICE)
    b.join(BOB, group="Academia")
    b.join(CAROL, group="Private sector")
    n1 = b.note(ALICE, "one")
    n2 = b.note(BOB, "two")
    n3 = b.note(CAROL, "three")
    b.do(ALICE, "edit_note", note=n1, text="one, better")
    b.do(FAC, "hide_note", note=n3)
    b.do(FAC, "start_timer")
    b.now += 300
    b.system("expire_timer", generation=b.state.timer.generation)
    b.do(FAC, "next_phase")
    c = b.do(BOB, "create_cluster", name="Things")[0]["id"]
    b.do(ALICE, "cluster_note", note=n2, cluster=c)
    b.do(BOB, "move_note", note=n1, x=0.1, y=0.2)
    b.do(FAC, "update_settings", settings={"max_dots_per_note": 2})
    b.do(FAC, "next_phase")
    b.do(ALICE, "vote", note=n1)
    b.do(ALICE, "vote", note=n2)
    b.do(BOB, "vote", note=n2)
    b.do(BOB, "unvote", note=n2)
    b.do(FAC, "hide_note", note=n3, hidden=False)
    b.do(CAROL, "vote", note=n3)
    b.do(FAC, "merge_notes", source=n3, target=n1)
    b.do(FAC, "close_phase")
    b.do(FAC, "next_phase")
    b.do(CAROL, "leave")
    b.do(FAC, "delete_cluster", cluster=c)
    rebuilt = replay("b1", b.log)
    assert asdict(rebuilt) == asdict(b.state)
    assert rebuilt.seq == len(b.log)
