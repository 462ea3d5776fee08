"""Archive and delete in the domain: an archived board is read-only, a deleted one refuses everything."""

from __future__ import annotations

import pytest

from server.domain.state import SYSTEM
from server.errors import Forbidden, InvalidCommand, NotAllowedNow, NotFound
from tests.sprint.domain import ALICE, BOB, FAC, PROJECTOR, Sprint


def test_an_archived_board_refuses_everything_until_the_facilitator_reopens_it() -> None:
    s = Sprint()
    note = s.do(ALICE, "add_note", text="before")[0]["note"]["id"]
    s.do(FAC, "start_timer", duration=60)
    s.do(FAC, "archive_board")
    assert s.state.archived and s.state.archived_at == s.now
    for actor, kind, args in ((ALICE, "add_note", {"text": "after"}), (BOB, "join", {"group": "Other"}),
                              (ALICE, "mark_done", {}), (FAC, "next_phase", {}), (FAC, "edit_note", {"note": note, "text": "x"})):
        with pytest.raises(NotAllowedNow, match="archived"):
            s.do(actor, kind, **args)
    with pytest.raises(Forbidden):
        s.do(PROJECTOR, "add_note", text="x")
    s.now += 61
    s.do(SYSTEM, "expire_timer", generation=s.state.timer.generation)  # the server's own expiry still lands
    assert s.state.phase_closed  # (the write phase closes on its timer)
    with pytest.raises(NotAllowedNow):
        s.do(FAC, "archive_board")
    s.do(FAC, "archive_board", archived=False)
    s.do(FAC, "close_phase", closed=False)
    s.do(ALICE, "add_note", text="after reopening")
    s.check_views()


def test_deleting_needs_the_join_code_and_then_nothing_is_accepted() -> None:
    s = Sprint()
    with pytest.raises(InvalidCommand):
        s.do(FAC, "delete_board", confirm="WRONG")
    with pytest.raises(Forbidden):
        s.do(ALICE, "delete_board", confirm="CODE42")
    s.do(FAC, "archive_board")
    s.do(FAC, "delete_board", confirm="CODE42")  # archived boards can be deleted
    assert s.state.deleted
    for actor in (FAC, ALICE, SYSTEM):
        with pytest.raises(NotFound):
            s.do(actor, "archive_board", archived=False)
