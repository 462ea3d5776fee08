"""Editing a live agenda: add, remove, reorder, rename phases and change their timeboxes."""

from __future__ import annotations

from typing import Any

import pytest

from server.errors import Forbidden, InvalidCommand, NotAllowedNow
from tests.sprint.domain import AGENDA, ALICE, FAC, PROJECTOR, Sprint


def _agenda(s: Sprint) -> list[dict[str, Any]]:
    return [{"id": p.id, "kind": p.kind, "title": p.title, "duration": p.duration, "close_on_timer": p.close_on_timer}
            for p in s.state.phases]


def test_the_facilitator_adds_renames_reorders_and_retimes_phases() -> None:
    s = Sprint()
    s.do(FAC, "next_phase")  # group is current
    new = _agenda(s)
    new[3]["title"] = "Heatmap"
    new[1]["duration"] = 900
    new.insert(0, {"kind": "discuss", "title": "Welcome", "hint": "Scan the QR code and pick your group."})
    new.append({"kind": "discuss", "title": "Roadmap", "duration": 1800})
    new[3], new[4] = new[4], new[3]  # results before vote (odd, but allowed)
    event = s.do(FAC, "set_agenda", phases=new)[0]
    assert [p.title for p in s.state.phases] == ["Welcome", "Write", "Group", "Heatmap", "Vote", "Roadmap"]
    assert [p.id for p in s.state.phases] == ["p1", "write", "group", "results", "vote", "p2"]  # new ids clash with none
    assert s.state.phases[0].hint == "Scan the QR code and pick your group."
    assert s.state.phase_index == 2 and s.state.phase.id == "group"  # still in the same phase
    assert event["index"] == 2 and s.state.phases[2].duration == 900
    s.do(FAC, "next_phase")
    assert s.state.phase.title == "Heatmap"
    s.check_views()


def test_removing_a_phase_that_has_not_run_is_fine() -> None:
    s = Sprint()
    s.do(FAC, "set_agenda", phases=[p for p in AGENDA if p["id"] != "group"])
    assert [p.id for p in s.state.phases] == ["write", "vote", "results"]
    s.check_views()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda a: a[1:], NotAllowedNow),  # the current phase (write)
        (lambda a: [{**a[0], "kind": "discuss"}, *a[1:]], NotAllowedNow),  # the current phase's kind
        (lambda a: a, NotAllowedNow),  # nothing changed
        (lambda a: [], InvalidCommand),
        (lambda a: [*a, {"kind": "party"}], InvalidCommand),
        (lambda a: [*a, {**a[1]}], InvalidCommand),  # duplicate id
        (lambda a: [*a, {"kind": "discuss", "duration": 0}], InvalidCommand),
        (lambda a: [*a, {"kind": "discuss", "hint": "x" * 281}], InvalidCommand),
        (lambda a: [*a] + [{"kind": "discuss"}] * 40, InvalidCommand),
    ],
)
def test_bad_agendas_are_refused(change: Any, error: type[Exception]) -> None:
    s = Sprint()
    with pytest.raises(error):
        s.do(FAC, "set_agenda", phases=change(_agenda(s)))


def test_a_phase_that_has_run_stays_on_the_agenda() -> None:
    s = Sprint()
    s.do(FAC, "next_phase")
    with pytest.raises(NotAllowedNow, match="already run"):
        s.do(FAC, "set_agenda", phases=[p for p in _agenda(s) if p["id"] != "write"])


def test_only_the_facilitator_edits_the_agenda() -> None:
    s = Sprint()
    for actor in (ALICE, PROJECTOR):
        with pytest.raises(Forbidden):
            s.do(actor, "set_agenda", phases=_agenda(s))
