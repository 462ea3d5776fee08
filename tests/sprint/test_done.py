"""Saying "I'm done": participants signal the end of their work in a phase; everyone sees how many."""

from __future__ import annotations

import pytest

from server.domain.visibility import view_event
from server.errors import Forbidden, NotAllowedNow
from tests.sprint.domain import ALICE, BOB, FAC, PROJECTOR, Sprint


def test_done_signals_are_counted_for_the_current_phase_only() -> None:
    s = Sprint()
    s.do(ALICE, "mark_done")
    event = s.do(BOB, "mark_done")[0]
    assert event["count"] == 2
    assert s.views[FAC].board["done"] == {"count": 2, "mine": False}
    assert s.views[ALICE].board["done"] == {"count": 2, "mine": True}
    assert s.views[PROJECTOR].board["done"]["count"] == 2
    s.do(BOB, "mark_done", done=False)
    assert s.views[BOB].board["done"] == {"count": 1, "mine": False}
    s.check_views()
    s.do(FAC, "next_phase")
    assert s.views[ALICE].board["done"] == {"count": 0, "mine": False}
    s.do(BOB, "mark_done")
    s.do(FAC, "previous_phase")  # coming back starts a fresh count too
    assert s.views[FAC].board["done"]["count"] == 0
    s.check_views()


def test_others_see_the_count_but_not_who() -> None:
    s = Sprint()
    s.do(ALICE, "mark_done")
    event = s.do(BOB, "mark_done")[0]
    assert view_event(event, ALICE, s.state.settings)["participant"] is None  # type: ignore[index]
    assert view_event(event, PROJECTOR, s.state.settings)["participant"] is None  # type: ignore[index]
    assert view_event(event, FAC, s.state.settings)["participant"] == BOB.id  # type: ignore[index]


def test_saying_it_twice_or_from_the_projector_is_refused() -> None:
    s = Sprint()
    s.do(ALICE, "mark_done")
    with pytest.raises(NotAllowedNow):
        s.do(ALICE, "mark_done")
    with pytest.raises(NotAllowedNow):
        s.do(BOB, "mark_done", done=False)
    with pytest.raises(Forbidden):
        s.do(PROJECTOR, "mark_done")
