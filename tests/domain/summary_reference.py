"""The summary built the slow, obvious way: from the projector's whole snapshot (``visibility.snapshot``).

``server/domain/summary.py`` reads the state directly for speed; the property test
(``test_properties.py``) holds the two equal on random boards, so a summary never shows
more than the projector's snapshot does.
"""

from __future__ import annotations

from typing import Any

from server.domain import visibility
from server.domain.state import Actor, BoardState

PROJECTOR = Actor("summary", "projector")


def reference_summary(state: BoardState, people: dict[str, Any], now: float) -> dict[str, Any]:
    snap = visibility.snapshot(state, PROJECTOR, now)
    settings = snap["settings"]
    tallies: dict[str, Any] | None = snap["tallies"]
    notes = {n["id"]: n for n in snap["notes"] if n["text"] is not None}
    clusters = {c["id"]: c["name"] for c in snap["clusters"]}
    top: list[dict[str, Any]] = []
    if tallies is not None:
        ranked = sorted((t["total"], -i, note_id) for i, (note_id, t) in enumerate(tallies.items())
                        if note_id in notes and t["total"] > 0)
        for total, _, note_id in reversed(ranked[-3:]):
            top.append({"id": note_id, "text": notes[note_id]["text"], "votes": total,
                        "by_group": dict(tallies[note_id]["by_group"])})
    decisions = []
    for d in snap["decisions"]:
        text = notes[d["target"]]["text"] if d["target"] in notes else clusters.get(d["target"])
        if d["kind"] == "note" and d["target"] not in notes:
            text = None
        if text is None:
            continue
        entry: dict[str, Any] = {"id": d["target"], "text": text, "owner": d["owner"],
                                 "next_step": d["next_step"], "due": d["due"]}
        if tallies is not None and d["kind"] == "note":
            entry["votes"] = tallies.get(d["target"], {}).get("total", 0)
            entry["by_group"] = dict(tallies.get(d["target"], {}).get("by_group", {}))
        decisions.append(entry)
    phases, index = snap["phases"], snap["phase_index"]
    current = phases[index] if 0 <= index < len(phases) else {"kind": "discuss", "title": "", "hint": ""}
    by_group = {str(g): int(n) for g, n in (people.get("by_group") or {}).items() if n}
    timer = snap["timer"]
    return {
        "board": state.id, "code": state.code, "title": settings["title"], "question": settings["question"],
        "archived": snap["archived"], "deleted": state.deleted, "groups": list(settings["groups"]),
        "phase": {"index": index, "count": len(phases), "kind": current["kind"], "title": current["title"],
                  "hint": current.get("hint", ""), "closed": snap["phase_closed"], "i18n": current.get("i18n", {})},
        "timer": {k: timer[k] for k in ("status", "generation", "duration", "deadline", "remaining")},
        "people": {"total": int(people.get("total") or 0), "by_group": by_group},
        "missing": [g for g in settings["groups"] if not by_group.get(g)],
        "notes": len(snap["notes"]),
        "votes_revealed": tallies is not None,
        "top": top,
        "decisions": decisions,
        "reporters": list(snap["reporters"]),
        "seq": state.seq,
        "at": now,
    }
