"""A metanet's summary: the little an event screen (Lounge, plenary, organiser) shows of one board.

It carries only what the board's **projector** may see: note text only where
``visibility.readable_text`` gives it to the projector, tallies only where
``visibility.sees_tallies`` does, and no author or participant names at all.
It reads the state through those two rules instead of building the whole
projector snapshot (a summary is made up to twice a second per metanet; the
snapshot of a busy board costs ~150 µs). ``tests/domain`` holds it equal to
the same summary built from ``visibility.snapshot`` for the projector, over
random boards. Pure: the caller passes the people connected (the board's
presence) and the time.
"""

from __future__ import annotations

from typing import Any

from server.domain.state import Actor, BoardState
from server.domain.visibility import readable_text, sees_tallies

PROJECTOR = Actor("summary", "projector")
TOP = 3


def _phase(state: BoardState) -> dict[str, Any]:
    phase = state.phase
    return {"index": state.phase_index, "count": len(state.phases), "kind": phase.kind if phase else "discuss",
            "title": phase.title if phase else "", "hint": phase.hint if phase else "", "closed": state.phase_closed,
            "i18n": phase.i18n if phase else {}}  # the title and hint in other languages (phase_words.py)


def _top(state: BoardState) -> list[dict[str, Any]]:
    """The projector's three most-dotted notes it can read (ties: the note dotted first)."""
    ranked = []
    for i, (note_id, tally) in enumerate(state.note_tallies.items()):
        if tally["total"] > 0:
            text = readable_text(state, PROJECTOR, note_id)
            if text is not None:
                ranked.append((tally["total"], -i, note_id, text))
    ranked.sort()
    return [{"id": note_id, "text": text, "votes": total, "by_group": dict(state.note_tallies[note_id]["by_group"])}
            for total, _, note_id, text in reversed(ranked[-TOP:])]


def _decisions(state: BoardState, tallies: bool) -> list[dict[str, Any]]:
    out = []
    for d in state.decisions.values():
        if d.kind == "note":
            text = readable_text(state, PROJECTOR, d.target)
        else:
            cluster = state.clusters.get(d.target)
            text = cluster.name if cluster else None
        if text is None:
            continue  # a note the projector cannot read (private, hidden): not in a summary either
        entry: dict[str, Any] = {"id": d.target, "text": text, "owner": d.owner, "next_step": d.next_step, "due": d.due}
        if tallies and d.kind == "note":
            tally = state.note_tally(d.target)
            entry["votes"] = tally["total"]
            entry["by_group"] = tally["by_group"]
        out.append(entry)
    return out


def summarize(state: BoardState, people: dict[str, Any], now: float) -> dict[str, Any]:
    """The summary of ``state`` with ``people`` (a presence message: ``total``, ``by_group``) connected at ``now``."""
    settings = state.settings
    tallies = sees_tallies(state, PROJECTOR)
    by_group = {str(g): int(n) for g, n in (people.get("by_group") or {}).items() if n}
    timer = state.timer
    return {
        "board": state.id,
        "code": state.code,
        "title": settings.title,
        "question": settings.question,
        "archived": state.archived,
        "deleted": state.deleted,  # the board was deleted: event screens drop its tile
        "groups": list(settings.groups),
        "phase": _phase(state),
        "timer": {"status": timer.status, "generation": timer.generation, "duration": timer.duration,
                  "deadline": timer.deadline, "remaining": timer.remaining},
        "people": {"total": int(people.get("total") or 0), "by_group": by_group},
        "missing": [g for g in settings.groups if not by_group.get(g)],
        "notes": sum(1 for n in state.notes.values() if not n.hidden),  # what the projector lists
        "votes_revealed": tallies,
        "top": _top(state) if tallies else [],
        "decisions": _decisions(state, tallies),
        "reporters": list(state.reporters),
        "seq": state.seq,  # the board's last event in it: any event (even one the summary does not show) is a new one
        "at": now,
    }


def same(a: dict[str, Any] | None, b: dict[str, Any]) -> bool:
    """Whether two summaries show the same (their times aside): nothing to publish."""
    if a is None:
        return False
    return {k: v for k, v in a.items() if k != "at"} == {k: v for k, v in b.items() if k != "at"}
