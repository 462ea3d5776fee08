"""Results: ranking, tallies by stakeholder group, and where the groups agree. Pure functions.

They work on *tallies* -- ``{note_id: {"total": dots, "by_group": {group: dots}}}``,
the shape ``BoardState.tallies()`` returns and clients receive -- so the report,
the tests and any client compute the same thing (``docs/report.md`` states the
rules for the web client to follow).

- **Ranking**: by total dots, most first; ties keep the board's order (the
  order notes were written). ``rank`` is shared by ties ("1, 2, 2, 4").
- **By group**: each stakeholder group's own ranking of the notes it put dots
  on, with each note's *share* of that group's dots (so a group of two and a
  group of twenty can be compared).
- **Agreement**: a note is *common ground* when at least two groups voted and
  it is in the top ``top`` (default 3, ties included) of every group that
  voted; *single group* when all its dots come from one group; *shared* when
  it has dots from several groups without being common ground; *none*
  without dots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from server.domain.state import BoardState, Note

Tallies = Mapping[str, Mapping[str, Any]]
TOP = 3
EMPTY: dict[str, Any] = {"total": 0, "by_group": {}}


def report_notes(state: BoardState) -> list[Note]:
    """The notes an outcome report shows: everything but hidden and unrevealed (private) ones."""
    return [n for n in state.notes.values() if not n.hidden and not n.private]


def note_tallies(state: BoardState, notes: Iterable[Note]) -> dict[str, dict[str, Any]]:
    """Every note's tally (zero for notes without dots), in the notes' order."""
    all_tallies = state.tallies()
    return {n.id: all_tallies.get(n.id, {"total": 0, "by_group": {}}) for n in notes}


def group_order(groups: Sequence[str], tallies: Tallies) -> list[str]:
    """The board's groups, then any other group that has dots (a removed group, "Facilitator")."""
    extra = sorted({g for t in tallies.values() for g in t["by_group"]} - set(groups))
    return [*groups, *extra]


def dots_by_group(tallies: Tallies) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tallies.values():
        for group, dots in t["by_group"].items():
            out[group] = out.get(group, 0) + dots
    return out


def ranking(tallies: Tallies) -> list[dict[str, Any]]:
    """Every item by total dots (ties in the tallies' order), with its competition rank."""
    order = {key: i for i, key in enumerate(tallies)}
    items = sorted(tallies, key=lambda k: (-tallies[k]["total"], order[k]))
    totals = [tallies[k]["total"] for k in items]
    return [
        {
            "id": key,
            "rank": 1 + sum(1 for t in totals if t > tallies[key]["total"]),
            "total": tallies[key]["total"],
            "by_group": dict(tallies[key]["by_group"]),
        }
        for key in items
    ]


def group_ranking(tallies: Tallies, group: str) -> list[dict[str, Any]]:
    """One group's ranking: the items it put dots on, with its dots and their share of its dots."""
    mine = {key: t["by_group"].get(group, 0) for key, t in tallies.items()}
    spent = sum(mine.values())
    order = {key: i for i, key in enumerate(tallies)}
    items = sorted((k for k in mine if mine[k] > 0), key=lambda k: (-mine[k], order[k]))
    return [
        {
            "id": key,
            "rank": 1 + sum(1 for k in items if mine[k] > mine[key]),
            "dots": mine[key],
            "share": round(mine[key] / spent, 4),
        }
        for key in items
    ]


def agreement(tallies: Tallies, groups: Sequence[str] = (), top: int = TOP) -> dict[str, Any]:
    """Where the stakeholder groups agree (see the module docstring for the rules).

    ``groups`` orders the voting groups in the answer (others follow, sorted).
    """
    spent = dots_by_group(tallies)
    voting = [g for g in group_order(groups, tallies) if spent.get(g, 0) > 0]
    tops = {g: {r["id"] for r in group_ranking(tallies, g) if r["rank"] <= top} for g in voting}
    notes: dict[str, dict[str, Any]] = {}
    for key, t in tallies.items():
        supporters = [g for g in voting if t["by_group"].get(g, 0) > 0]
        top_in = [g for g in voting if key in tops[g]]
        if not supporters:
            status = "none"
        elif len(supporters) == 1:
            status = "single_group"
        elif len(voting) >= 2 and len(top_in) == len(voting):
            status = "common_ground"
        else:
            status = "shared"
        notes[key] = {"status": status, "groups": supporters, "top_in": top_in}
    return {
        "top": top,
        "voting_groups": voting,
        "notes": notes,
        "common_ground": [k for k, v in notes.items() if v["status"] == "common_ground"],
        "single_group": [k for k, v in notes.items() if v["status"] == "single_group"],
        "shared": [k for k, v in notes.items() if v["status"] == "shared"],
    }


def cluster_tallies(state: BoardState, tallies: Tallies) -> dict[str, dict[str, Any]]:
    """Each cluster's dots: the sum over its notes in ``tallies``, overall and by group."""
    out: dict[str, dict[str, Any]] = {c: {"total": 0, "by_group": {}, "notes": 0} for c in state.clusters}
    for key, t in tallies.items():
        note = state.notes.get(key)
        if note is None or note.cluster not in out:
            continue
        entry = out[note.cluster]
        entry["notes"] += 1
        entry["total"] += t["total"]
        for group, dots in t["by_group"].items():
            entry["by_group"][group] = entry["by_group"].get(group, 0) + dots
    return out
