"""A metanet's summary: the little an event screen (Lounge, plenary, organiser) shows of one board.

Built from the board's **projector view** (``visibility.snapshot`` for a
projector) and nothing else, so a summary can never carry more than the
board's own projector shows: no private note text, no tallies while votes are
blind, no author names (the projector never gets them on anonymous boards,
and a summary names no author on any board). Pure: the caller passes the
people connected (the board's presence) and the time.
"""

from __future__ import annotations

from typing import Any

from server.domain import visibility
from server.domain.state import Actor, BoardState

PROJECTOR = Actor("summary", "projector")
TOP = 3


def _phase(snap: dict[str, Any]) -> dict[str, Any]:
    phases = snap["phases"]
    index = snap["phase_index"]
    current = phases[index] if 0 <= index < len(phases) else {"kind": "discuss", "title": "", "hint": ""}
    return {"index": index, "count": len(phases), "kind": current["kind"], "title": current["title"],
            "hint": current.get("hint", ""), "closed": snap["phase_closed"]}


def _by_group(tally: dict[str, Any] | None) -> dict[str, int]:
    return dict(tally["by_group"]) if tally else {}


def summarize(state: BoardState, people: dict[str, Any], now: float) -> dict[str, Any]:
    """The summary of ``state`` with ``people`` (a presence message: ``total``, ``by_group``) connected at ``now``."""
    snap = visibility.snapshot(state, PROJECTOR, now)
    settings = snap["settings"]
    tallies: dict[str, Any] | None = snap["tallies"]  # None while votes are blind
    notes = {n["id"]: n for n in snap["notes"] if n["text"] is not None}  # what the projector can read
    clusters = {c["id"]: c["name"] for c in snap["clusters"]}
    top: list[dict[str, Any]] = []
    if tallies is not None:
        ranked = sorted((t["total"], -i, note_id) for i, (note_id, t) in enumerate(tallies.items())
                        if note_id in notes and t["total"] > 0)
        for total, _, note_id in reversed(ranked[-TOP:]):
            top.append({"id": note_id, "text": notes[note_id]["text"], "votes": total,
                        "by_group": _by_group(tallies.get(note_id))})
    decisions = []
    for d in snap["decisions"]:
        text = notes[d["target"]]["text"] if d["target"] in notes else clusters.get(d["target"])
        if text is None:
            continue  # a note the projector cannot read (private, hidden): not in a summary either
        entry: dict[str, Any] = {"id": d["target"], "text": text, "owner": d["owner"],
                                 "next_step": d["next_step"], "due": d["due"]}
        if tallies is not None and d["kind"] == "note":
            entry["votes"] = tallies.get(d["target"], {}).get("total", 0)
            entry["by_group"] = _by_group(tallies.get(d["target"]))
        decisions.append(entry)
    by_group = {str(g): int(n) for g, n in (people.get("by_group") or {}).items() if n}
    timer = snap["timer"]
    return {
        "board": state.id,
        "code": state.code,
        "title": settings["title"],
        "question": settings["question"],
        "archived": snap["archived"],
        "deleted": state.deleted,  # the board was deleted: event screens drop its tile
        "groups": list(settings["groups"]),
        "phase": _phase(snap),
        "timer": {k: timer[k] for k in ("status", "generation", "duration", "deadline", "remaining")},
        "people": {"total": int(people.get("total") or 0), "by_group": by_group},
        "missing": [g for g in settings["groups"] if not by_group.get(g)],
        "notes": len(snap["notes"]),
        "votes_revealed": tallies is not None,
        "top": top,
        "decisions": decisions,
        "reporters": list(snap["reporters"]),
        "seq": state.seq,  # the board's last event in it: any event (even one the summary does not show) is a new one
        "at": now,
    }


def same(a: dict[str, Any] | None, b: dict[str, Any]) -> bool:
    """Whether two summaries show the same (their times aside): nothing to publish."""
    if a is None:
        return False
    return {k: v for k, v in a.items() if k != "at"} == {k: v for k, v in b.items() if k != "at"}
