"""The report of an event: every metanet's outcome, and the view across the event. Pure.

``build(gathering, boards)`` puts each metanet's report (``data.build``) in the
event's order, with its reporters, and adds ``across``:

- a metanet's **priorities** are its decisions, or, where it marked none, its
  notes ranked in the top ``TOP`` by dots;
- ``every_group``: priorities that every stakeholder group voting in that
  metanet supported (a dot from each; at least two groups voted), in every
  metanet of the event;
- ``single_group``: priorities carried by one group alone (only its dots).

``events.md`` / ``.csv`` / ``.json`` are laid out by ``event_formats.py``.
"""

from __future__ import annotations

from typing import Any

from server.domain.gathering import GatheringState
from server.domain.state import BoardState
from server.domain.text import plain_all
from server.i18n import DEFAULT
from server.report import data

TOP = 5  # notes that count as a metanet's priorities when it marked no decisions


def priorities(report: dict[str, Any]) -> list[dict[str, Any]]:
    """A metanet's priorities: its decisions, else its top notes; each ``{text, total, by_group}``."""
    if report["decisions"]:
        return [{"text": d["title"], "total": d["total"], "by_group": d["by_group"], "decision": d["number"]}
                for d in report["decisions"]]
    return [{"text": n["text"], "total": n["total"], "by_group": n["by_group"], "decision": None}
            for n in report["notes"] if n["rank"] <= TOP and n["total"] > 0]


def _across(metanets: list[dict[str, Any]]) -> dict[str, Any]:
    every: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    for m in metanets:
        voting = m["report"]["agreement"]["voting_groups"]
        for p in priorities(m["report"]):
            supporters = [g for g in voting if p["by_group"].get(g, 0) > 0]
            entry = {"metanet": m["title"], "board": m["board"], **p, "groups": supporters}
            if len(voting) >= 2 and len(supporters) == len(voting):
                every.append(entry)
            elif len(supporters) == 1:
                single.append(entry)
    key = lambda e: (-e["total"], e["metanet"], e["text"])  # noqa: E731 -- one sort order for both lists
    return {"every_group": sorted(every, key=key), "single_group": sorted(single, key=key)}


def build(gathering: GatheringState, boards: dict[str, BoardState], lang: str = DEFAULT) -> dict[str, Any]:
    """The event's report; ``boards`` maps each metanet's board id to its state (a missing one is skipped).

    ``lang``: the report's language, recorded as ``language`` (and each metanet's agenda titles in it)."""
    metanets: list[dict[str, Any]] = []
    for m in gathering.metanets:
        state = boards.get(m.board)
        if state is None or state.seq == 0 or state.deleted:
            continue
        report = data.build(state, lang)
        metanets.append({"board": m.board, "code": m.code, "title": state.settings.title,
                         "question": state.settings.question, "reporters": list(state.reporters),
                         "archived": state.archived, "report": report})
    totals = {
        "metanets": len(metanets),
        "participants": sum(m["report"]["participants"]["total"] for m in metanets),
        "notes": sum(m["report"]["totals"]["notes"] for m in metanets),
        "dots": sum(m["report"]["totals"]["dots"] for m in metanets),
        "decisions": sum(m["report"]["totals"]["decisions"] for m in metanets),
    }
    out: dict[str, Any] = plain_all({
        "language": lang,
        "title": gathering.title,
        "description": gathering.description,
        "groups": list(gathering.groups),
        "created_at": gathering.created_at,
        "totals": totals,
        "across": _across(metanets),
        "metanets": metanets,
    })
    return out
