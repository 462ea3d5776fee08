"""Straightforward reference constructions the fast paths in the domain must agree with.

``reference_snapshot`` is ``visibility.snapshot`` as it was written first: ``dataclasses.asdict`` on
every note and person, and the tallies recounted from every voter's dots. ``check_counts`` holds the
incrementally kept tallies (``BoardState.note_tallies``, ``dots_total``) to a count from scratch.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain import done
from server.domain.state import Actor, BoardState
from server.domain.visibility import _note_view, snapshot
from server.protocol.codec import pack


def recount(state: BoardState) -> dict[str, dict[str, Any]]:
    """Dots per note, overall and by stakeholder group, from every voter's dots."""
    out: dict[str, dict[str, Any]] = {}
    for pid, mine in state.votes.items():
        person = state.participants.get(pid)
        group = person.group if person else "Facilitator"
        for note_id, count in mine.items():
            if count <= 0:
                continue
            entry = out.setdefault(note_id, {"total": 0, "by_group": {}})
            entry["total"] += count
            entry["by_group"][group] = entry["by_group"].get(group, 0) + count
    return out


def check_counts(state: BoardState) -> None:
    """The tallies kept as events were folded equal a recount, and so does everything derived from them."""
    counted = recount(state)
    assert state.note_tallies == counted, (state.note_tallies, counted)
    assert state.tallies() == counted
    assert state.count_tallies() == counted
    assert state.total_dots() == sum(sum(mine.values()) for mine in state.votes.values())
    for note_id in [*state.notes, *counted, "n-missing"]:
        assert state.note_total(note_id) == sum(mine.get(note_id, 0) for mine in state.votes.values()), note_id
        assert state.note_tally(note_id) == counted.get(note_id, {"total": 0, "by_group": {}}), note_id
    assert all(t["total"] > 0 and all(n > 0 for n in t["by_group"].values()) for t in state.note_tallies.values())


def reference_snapshot(state: BoardState, viewer: Actor, now: float) -> dict[str, Any]:
    settings = state.settings
    facilitator = viewer.role == "facilitator"
    notes = [
        _note_view(asdict(n), viewer, settings, n.id in state.unattributed)
        for n in state.notes.values()
        if not n.hidden or facilitator
    ]
    tallies: dict[str, Any] | None = None
    if facilitator or state.tallies_visible_to_all():
        tallies = recount(state)
    me = state.participants.get(viewer.id)
    return {
        "id": state.id,
        "code": state.code,
        "settings": asdict(settings),
        "phases": [asdict(p) for p in state.phases],
        "phase_index": state.phase_index,
        "phase_closed": state.phase_closed,
        "phase_started_at": state.phase_started_at,
        "timer": asdict(state.timer),
        "notes": notes,
        "clusters": [asdict(c) for c in state.clusters.values()],
        "tallies": tallies,
        "votes_revealed": state.votes_revealed,
        "dots_placed": sum(sum(mine.values()) for mine in state.votes.values()),
        "my_votes": dict(state.votes.get(viewer.id, {})),
        "participants": [asdict(p) for p in state.participants.values()] if facilitator else None,
        "me": asdict(me) if me else None,
        "history": list(state.history),
        "decisions": [asdict(d) for d in state.decisions.values()],
        "done": {"count": done.done_count(state), "mine": done.is_done(state, viewer.id)},
        "archived": state.archived,
        "projector": asdict(state.projector),
        "gathering": dict(state.gathering) if state.gathering else None,
        "announcement": dict(state.announcement) if state.announcement else None,
        "reporters": list(state.reporters),
        "seq": state.seq,
        "now": now,
    }


def check_snapshot(state: BoardState, viewer: Actor, now: float) -> None:
    """``snapshot`` gives what the reference gives: byte for byte once encoded, but for the tallies'
    key order (the tallies are compared as maps: a recount orders them by voter, the kept ones by
    when a note first got a dot; nothing reads that order)."""
    got, want = snapshot(state, viewer, now), reference_snapshot(state, viewer, now)
    assert got["tallies"] == want["tallies"], (viewer, got["tallies"], want["tallies"])
    assert pack({**got, "tallies": None}) == pack({**want, "tallies": None}), (viewer, got, want)
