"""Whatever a board went through, its JSON export imports, and exports again to the same bytes."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain.board import decide, fold
from server.domain.state import Actor, BoardState
from server.errors import DomainError
from server.report import csv_export, json_export, markdown
from tests.domain.reference import check_counts
from tests.report.fixture import Driver

FAC = Actor("fac", "facilitator")
PEOPLE = (Actor("ann", "participant"), Actor("ben", "participant"), Actor("cai", "participant"))
GROUPS = ("Government / member state", "NGO / civil society", "Academia")
KINDS = (
    ["add_note"] * 4 + ["vote"] * 5 + ["set_phase"] * 3 + ["mark_decision"] * 2
    + ["unvote", "edit_note", "hide_note", "unhide_note", "merge_notes", "delete_note", "create_cluster",
       "cluster_note", "delete_cluster", "set_roadmap", "set_agenda", "archive", "mark_done", "join",
       "update_settings", "reveal_votes"]
)
step = st.tuples(st.sampled_from(KINDS), st.integers(0, 3), st.integers(0, 9), st.integers(0, 9))


def _command(d: Driver, kind: str, a: int, b: int) -> tuple[Actor, str, dict[str, Any]]:
    s = d.state
    person = PEOPLE[a % 3]
    notes = list(s.notes) or ["n0"]
    note, other = notes[a % len(notes)], notes[b % len(notes)]
    clusters = list(s.clusters) or ["c0"]
    targets = notes + list(s.clusters)
    actor = FAC if a == 3 else person
    match kind:
        case "add_note":
            return actor, "add_note", {"text": f"idea {s.next_id} " + "x" * b}
        case "edit_note":
            return FAC, "edit_note", {"note": note, "text": f"edited {b}"}
        case "hide_note" | "unhide_note":
            return FAC, "hide_note", {"note": note, "hidden": kind == "hide_note"}
        case "merge_notes":
            return FAC, "merge_notes", {"source": note, "target": other}
        case "delete_note":
            return FAC, "delete_note", {"note": note}
        case "vote" | "unvote":
            return person, kind, {"note": note}
        case "set_phase":
            return FAC, "set_phase", {"index": 2 if b < 5 else b % len(s.phases)}  # mostly voting
        case "create_cluster":
            return FAC, "create_cluster", {"name": f"theme {b}"}
        case "cluster_note":
            return FAC, "cluster_note", {"note": note, "cluster": clusters[b % len(clusters)]}
        case "delete_cluster":
            return FAC, "delete_cluster", {"cluster": clusters[b % len(clusters)]}
        case "mark_decision":
            return FAC, "mark_decision", {"target": targets[b % len(targets)], "decided": a != 2}
        case "set_roadmap":
            decided = list(s.decisions) or targets
            return FAC, "set_roadmap", {"target": decided[b % len(decided)], "owner": f"owner {a}", "due": f"2027-0{b % 9 + 1}-1{a}"}
        case "set_agenda":
            phases = [{"id": p.id, "kind": p.kind, "title": f"{p.title}{b}"} for p in s.phases]
            return FAC, "set_agenda", {"phases": [*phases, {"kind": "discuss"}] if a == 0 else phases}
        case "archive" if s.archived or b == 0:  # archived boards refuse everything: rarely, and not for long
            return FAC, "archive_board", {"archived": not s.archived}
        case "mark_done":
            return person, "mark_done", {}
        case "join":
            return person, "join", {"group": GROUPS[b % 3], "name": f"n{b}"}
        case "update_settings":
            return FAC, "update_settings", {"settings": [{"dots_per_person": 3}, {"max_dots_per_note": 1}, {"groups": ["Academia", "Other"]}, {"max_priorities": 2}][b % 4]}
        case _:
            return FAC, "reveal_votes", {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=60), max_priorities=st.integers(0, 3))
def test_any_board_survives_export_import_export(steps: list[tuple[str, int, int, int]], max_priorities: int) -> None:
    d = Driver()
    phases = [{"kind": k} for k in ("write", "group", "vote", "results", "discuss")]
    d.do(FAC, "create_board", code="CODE", facilitator_hash="h", phases=phases, settings={"max_priorities": max_priorities})
    for i, person in enumerate(PEOPLE):
        d.do(person, "join", group=GROUPS[i])
    for kind, a, b, dt in steps:
        d.now += dt * 7
        actor, name, args = _command(d, kind, a, b)
        with contextlib.suppress(DomainError):  # refused commands are part of the run
            d.do(actor, name, **args)
    first = json_export.export(d.state)
    copy = BoardState("copy")
    for event in decide(copy, {"type": "import_board", "document": json.loads(first), "code": "C2", "facilitator_hash": "h2"}, FAC, d.now):
        fold(copy, copy.seq + 1, event)
    assert json_export.export(copy) == first
    check_counts(d.state)
    check_counts(copy)  # counted once on import, then kept
    assert copy.tallies() == d.state.tallies()
    assert markdown.export(copy) == markdown.export(d.state)
    assert csv_export.export(copy) == csv_export.export(d.state)
