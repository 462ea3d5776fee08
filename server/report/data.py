"""The outcome of a board, as plain data: what every report format shows. Pure.

``build(state)`` gathers it once -- decisions and roadmap, notes and clusters
ranked with their votes overall and by stakeholder group, each group's own
priorities, where the groups agree, participants by group, the agenda with
its actual timings -- and ``markdown``, ``csv_export`` and ``json_export``
only lay it out. The outcome shows what the room saw: hidden notes and
notes never revealed are left out (and counted in ``left_out``).
"""

from __future__ import annotations

from typing import Any

from server.domain import results
from server.domain.state import BoardState, Phase
from server.domain.text import plain_all
from server.i18n import DEFAULT


def _ordered(by_group: dict[str, int], groups: list[str]) -> dict[str, int]:
    return {g: by_group[g] for g in groups if by_group.get(g)}


def _counts(values: list[str], first: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return {g: out[g] for g in [*first, *sorted(set(out) - set(first))] if g in out}


def phase_title(phase: Phase, lang: str) -> str:
    """The phase's title in ``lang`` where the phase carries one (``i18n``, from templates), else its own."""
    return phase.i18n.get(lang, {}).get("title") or phase.title


def agenda(state: BoardState, lang: str = DEFAULT) -> list[dict[str, Any]]:
    """Each phase with its planned timebox and the time actually spent in it (all visits); titles in ``lang``."""
    history = state.history
    ends: list[float | None] = [h["started"] for h in history[1:]]
    ends.append(state.archived_at if state.archived else None)
    rows = []
    for index, phase in enumerate(state.phases):
        visits = [(h["started"], end) for h, end in zip(history, ends, strict=True) if h["phase"] == phase.id]
        rows.append(
            {
                "id": phase.id,
                "title": phase_title(phase, lang),
                "kind": phase.kind,
                "planned": phase.duration,
                "started": visits[0][0] if visits else None,
                "spent": sum(end - start for start, end in visits if end is not None) if visits else None,
                "visits": len(visits),
                "current": index == state.phase_index and not state.archived,
            }
        )
    return rows


def build(state: BoardState, lang: str = DEFAULT) -> dict[str, Any]:
    """Everything a report shows, computed from the board's state, without control characters in any text.

    ``lang`` is the report's language: recorded as ``language``, and the agenda's phase titles are in it
    where the phases carry translations. Everything else is language-free (numbers, keys, people's words).
    """
    report: dict[str, Any] = plain_all(_build(state, lang))  # a board stored before the domain stripped them
    return report


def _build(state: BoardState, lang: str) -> dict[str, Any]:
    settings = state.settings
    notes = results.report_notes(state)
    tallies = results.note_tallies(state, notes)
    groups = results.group_order(settings.groups, tallies)
    agree = results.agreement(tallies, settings.groups)
    cluster_tallies = results.cluster_tallies(state, tallies)
    cluster_names = {c.id: c.name for c in state.clusters.values()}
    texts = {n.id: n.text for n in notes}

    decisions: list[dict[str, Any]] = []
    for d in state.decisions.values():
        if d.kind == "note" and d.target not in tallies:
            continue  # hidden since it was marked
        tally = tallies[d.target] if d.kind == "note" else cluster_tallies[d.target]
        decisions.append(
            {
                "number": len(decisions) + 1,
                "target": d.target,
                "kind": d.kind,
                "title": texts[d.target] if d.kind == "note" else cluster_names[d.target],
                "total": tally["total"],
                "by_group": _ordered(tally["by_group"], groups),
                "owner": d.owner,
                "next_step": d.next_step,
                "due": d.due,
            }
        )
    decided = {d["target"]: d["number"] for d in decisions}

    ranked_notes = []
    for entry in results.ranking(tallies):
        note = state.notes[entry["id"]]
        ranked_notes.append(
            {
                "id": note.id,
                "rank": entry["rank"],
                "text": note.text,
                "author_group": note.group,
                "cluster": note.cluster,
                "cluster_name": cluster_names.get(note.cluster or "", ""),
                "total": entry["total"],
                "by_group": _ordered(entry["by_group"], groups),
                "agreement": agree["notes"][note.id]["status"],
                "decision": decided.get(note.id),
            }
        )

    ranked_clusters = []
    for entry in results.ranking(cluster_tallies):
        ranked_clusters.append(
            {
                "id": entry["id"],
                "rank": entry["rank"],
                "name": cluster_names[entry["id"]],
                "notes": cluster_tallies[entry["id"]]["notes"],
                "total": entry["total"],
                "by_group": _ordered(entry["by_group"], groups),
                "decision": decided.get(entry["id"]),
            }
        )

    in_rank_order = [n["id"] for n in ranked_notes]
    people = _counts([p.group for p in state.participants.values()], list(settings.groups))
    spent = results.dots_by_group(tallies)
    by_group = [
        {
            "group": g,
            "participants": people.get(g, 0),
            "dots": spent[g],
            "ranking": [{**r, "text": texts[r["id"]]} for r in results.group_ranking(tallies, g)],
        }
        for g in agree["voting_groups"]
    ]
    return {
        "language": lang,
        "title": settings.title,
        "question": settings.question,
        "created_at": state.created_at,
        "archived_at": state.archived_at,
        "groups": groups,
        "participants": {"total": len(state.participants), "by_group": people},
        "notes_by_group": _counts([n.group for n in notes], list(settings.groups)),
        "totals": {
            "notes": len(notes),
            "clusters": len(state.clusters),
            "dots": sum(t["total"] for t in tallies.values()),
            "dots_by_group": _ordered(spent, groups),
            "decisions": len(decisions),
        },
        "left_out": {
            "hidden": sum(1 for n in state.notes.values() if n.hidden),
            "unrevealed": sum(1 for n in state.notes.values() if n.private and not n.hidden),
        },
        "decisions": decisions,
        "agreement": {
            "top": agree["top"],
            "voting_groups": agree["voting_groups"],
            "common_ground": [k for k in in_rank_order if k in agree["common_ground"]],
            "single_group": [
                {"id": k, "group": agree["notes"][k]["groups"][0]} for k in in_rank_order if k in agree["single_group"]
            ],
            "shared": [k for k in in_rank_order if k in agree["shared"]],
        },
        "by_group": by_group,
        "notes": ranked_notes,
        "clusters": ranked_clusters,
        "agenda": agenda(state, lang),
    }
