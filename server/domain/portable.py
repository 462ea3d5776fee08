"""The board as a portable document: what the JSON export holds and an import reads.

``document(state)`` is the whole board's content -- settings, agenda and its
timings, people, notes, clusters, every dot, decisions and roadmap -- as plain
JSON values. It leaves out what belongs to one running copy of the board: its
id, join code and facilitator secret (hash), the timer, "I'm done" signals and
the retry table. Participant ids are replaced by ``p1``, ``p2``... in the
order people appear (their real ids are per-board hashes of device tokens and
mean nothing elsewhere).

``import_board`` (a command only the server sends, like ``create_board``)
checks such a document as untrusted input and starts a new board from it with
one ``board_imported`` event. ``document`` of the imported board equals the
document it came from, so export -> import -> export gives the same bytes.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict
from typing import Any

from server.domain import decisions, phases, rules
from server.domain.state import (
    COLORS,
    Actor,
    BoardState,
    Cluster,
    Command,
    Decision,
    Event,
    Note,
    Participant,
    Phase,
    Settings,
    Timer,
)
from server.domain.text import plain
from server.errors import InvalidCommand

FORMAT = "metanet-board"
VERSION = 1
MAX_NOTES = 5000
MAX_PEOPLE = 5000
MAX_CLUSTERS = 1000
MAX_HISTORY = 5000
ID_LIMIT = 64
NAME_LIMIT = 60
TEXT_LIMIT = 1000
NUMBERED_ID = re.compile(r"[nc](\d{1,9})")


# -- state -> document ---------------------------------------------------------


def pseudonyms(state: BoardState) -> dict[str, str]:
    """``p1``, ``p2``... for everyone in the board: participants, then note authors, then voters."""
    out: dict[str, str] = {}
    for pid in [*state.participants, *(n.author for n in state.notes.values()), *state.votes]:
        if pid not in out:
            out[pid] = f"p{len(out) + 1}"
    return out


def document(state: BoardState) -> dict[str, Any]:
    """The board's content as JSON values (see the module docstring for what is left out)."""
    alias = pseudonyms(state)
    return {
        "settings": asdict(state.settings),
        "created_at": state.created_at,
        "phases": [asdict(p) for p in state.phases],
        "phase_index": state.phase_index,
        "phase_closed": state.phase_closed,
        "phase_started_at": state.phase_started_at,
        "history": [{"phase": h["phase"], "started": h["started"]} for h in state.history],
        "votes_revealed": state.votes_revealed,
        "archived": state.archived,
        "archived_at": state.archived_at,
        "next_id": state.next_id,
        "participants": [{**asdict(p), "id": alias[p.id]} for p in state.participants.values()],
        "clusters": [asdict(c) for c in state.clusters.values()],
        "notes": [{**asdict(n), "author": alias[n.author]} for n in state.notes.values()],
        "votes": {alias[pid]: dict(mine) for pid, mine in state.votes.items() if mine},
        "decisions": [asdict(d) for d in state.decisions.values()],
    }


# -- document -> state (untrusted input) ---------------------------------------------


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidCommand(f"not a Metanet board export: {message}", reason="not_an_export")


def _map(raw: Any, name: str) -> dict[str, Any]:
    _need(isinstance(raw, dict), f"{name} must be an object")
    return dict(raw)


def _list(raw: Any, name: str, limit: int) -> list[Any]:
    _need(isinstance(raw, list) and len(raw) <= limit, f"{name} must be a list of at most {limit}")
    return list(raw)


def _str(raw: Any, name: str, limit: int, *, empty: bool = True) -> str:
    _need(isinstance(raw, str) and len(raw) <= limit and (empty or raw.strip() != ""), f"{name} must be text of at most {limit} characters")
    return plain(str(raw))


def _bool(raw: Any, name: str) -> bool:
    _need(isinstance(raw, bool), f"{name} must be true or false")
    return bool(raw)


def _time(raw: Any, name: str) -> float:
    _need(not isinstance(raw, bool) and isinstance(raw, (int, float)) and math.isfinite(raw) and raw >= 0, f"{name} must be a time")
    return float(raw)


def _int(raw: Any, name: str, low: int, high: int) -> int:
    _need(not isinstance(raw, bool) and isinstance(raw, int) and low <= raw <= high, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _unit(raw: Any, name: str) -> float:
    _need(not isinstance(raw, bool) and isinstance(raw, (int, float)) and 0 <= raw <= 1, f"{name} must be a number from 0 to 1")
    return float(raw)


def _one_of(raw: Any, allowed: tuple[str, ...] | set[str], name: str) -> str:
    choices = ", ".join(sorted(allowed)) if len(allowed) <= 8 else "those on the board"
    _need(isinstance(raw, str) and raw in allowed, f"{name} must be one of {choices}")
    return str(raw)


def _participant(raw: Any) -> dict[str, Any]:
    p = _map(raw, "a participant")
    return {
        "id": _str(p.get("id"), "participant id", ID_LIMIT, empty=False),
        "name": _str(p.get("name", ""), "participant name", NAME_LIMIT),
        "group": _str(p.get("group"), "participant group", NAME_LIMIT, empty=False),
        "role": _one_of(p.get("role"), ("participant", "facilitator"), "role"),
        "present": _bool(p.get("present", True), "present"),
    }


def _note(raw: Any, clusters: set[str]) -> dict[str, Any]:
    n = _map(raw, "a note")
    cluster = n.get("cluster")
    if cluster is not None:
        _one_of(cluster, clusters, "a note's cluster")
    return {
        "id": _str(n.get("id"), "note id", ID_LIMIT, empty=False),
        "author": _str(n.get("author"), "note author", ID_LIMIT, empty=False),
        "group": _str(n.get("group"), "note group", NAME_LIMIT, empty=False),
        "text": _str(n.get("text"), "note text", TEXT_LIMIT, empty=False),
        "color": _one_of(n.get("color"), COLORS, "colour"),
        "x": _unit(n.get("x"), "x"),
        "y": _unit(n.get("y"), "y"),
        "cluster": cluster,
        "hidden": _bool(n.get("hidden", False), "hidden"),
        "private": _bool(n.get("private", False), "private"),
    }


def _votes(raw: Any, notes: set[str], settings: Settings) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for pid, mine in _map(raw, "votes").items():
        _str(pid, "voter id", ID_LIMIT, empty=False)
        counts = {}
        for note_id, count in _map(mine, "a voter's dots").items():
            _need(note_id in notes, "a dot on a note that is not there")
            counts[note_id] = _int(count, "dots on a note", 1, settings.max_dots_per_note)
        _need(sum(counts.values()) <= settings.dots_per_person, "someone has more dots than the budget")
        if counts:
            out[pid] = counts
    _need(len(out) <= MAX_PEOPLE, "too many voters")
    return out


def _decision(raw: Any, notes: set[str], clusters: set[str]) -> dict[str, Any]:
    d = _map(raw, "a decision")
    target = _one_of(d.get("target"), notes | clusters, "a decision's target")
    kind = "note" if target in notes else "cluster"
    _need(d.get("kind") == kind, "a decision's kind must match its target")
    return {
        "target": target,
        "kind": kind,
        "owner": _str(d.get("owner", ""), "owner", decisions.OWNER_LIMIT),
        "next_step": _str(d.get("next_step", ""), "next step", decisions.NEXT_STEP_LIMIT),
        "due": decisions.parse_due(d.get("due", "")),
    }


def _unique(items: list[dict[str, Any]], key: str, name: str) -> None:
    _need(len({i[key] for i in items}) == len(items), f"{name} must be unique")


def parse_document(export: Any) -> dict[str, Any]:
    """The board of an export from untrusted JSON, checked and in the exact shape ``document`` gives."""
    from server.domain.board import parse_settings  # board imports this module

    wrapper = _map(export, "the export")
    _need(wrapper.get("format") == FORMAT, f"format must be {FORMAT!r}")
    _need(wrapper.get("version") == VERSION, f"version must be {VERSION}")
    doc = _map(wrapper.get("board"), "the board")
    settings = parse_settings(_map(doc.get("settings"), "settings"))
    agenda = phases.parse_agenda(doc.get("phases"))
    phase_ids = {p.id for p in agenda}
    history = []
    for h in _list(doc.get("history", []), "history", MAX_HISTORY):
        entry = _map(h, "a history entry")
        history.append({"phase": _one_of(entry.get("phase"), phase_ids, "a history entry's phase"), "started": _time(entry.get("started"), "started")})
    people = [_participant(p) for p in _list(doc.get("participants", []), "participants", MAX_PEOPLE)]
    _unique(people, "id", "participant ids")
    clusters = [
        {"id": _str(c.get("id"), "cluster id", ID_LIMIT, empty=False), "name": _str(c.get("name"), "cluster name", TEXT_LIMIT, empty=False)}
        for c in (_map(c, "a cluster") for c in _list(doc.get("clusters", []), "clusters", MAX_CLUSTERS))
    ]
    _unique(clusters, "id", "cluster ids")
    cluster_ids = {c["id"] for c in clusters}
    notes = [_note(n, cluster_ids) for n in _list(doc.get("notes", []), "notes", MAX_NOTES)]
    _unique(notes, "id", "note ids")
    note_ids = {n["id"] for n in notes}
    _need(not note_ids & cluster_ids, "a note and a cluster share an id")
    marks = [_decision(d, note_ids, cluster_ids) for d in _list(doc.get("decisions", []), "decisions", MAX_NOTES)]
    _unique(marks, "target", "decision targets")
    numbered = [int(m.group(1)) for i in (*note_ids, *cluster_ids) if (m := NUMBERED_ID.fullmatch(i))]
    archived = _bool(doc.get("archived", False), "archived")
    return {
        "settings": asdict(settings),
        "created_at": _time(doc.get("created_at"), "created_at"),
        "phases": [asdict(p) for p in agenda],
        "phase_index": _int(doc.get("phase_index", 0), "phase_index", 0, len(agenda) - 1),
        "phase_closed": _bool(doc.get("phase_closed", False), "phase_closed"),
        "phase_started_at": _time(doc.get("phase_started_at", 0.0), "phase_started_at"),
        "history": history,
        "votes_revealed": _bool(doc.get("votes_revealed", False), "votes_revealed"),
        "archived": archived,
        "archived_at": _time(doc["archived_at"], "archived_at") if archived and doc.get("archived_at") is not None else None,
        # New notes and clusters must never reuse an id that is already on the board.
        "next_id": max(_int(doc.get("next_id", 1), "next_id", 1, 10**9), max(numbered, default=0) + 1),
        "participants": people,
        "clusters": clusters,
        "notes": notes,
        "votes": _votes(doc.get("votes", {}), note_ids, settings),
        "decisions": marks,
    }


def import_board(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """The first event of an imported board. The caller supplies id, code and the secret's hash."""
    rules.require_facilitator(actor)
    if state.seq != 0:
        raise InvalidCommand("the board already exists")
    return [
        {
            "type": "board_imported",
            "id": state.id,
            "code": cmd["code"],
            "facilitator_hash": cmd["facilitator_hash"],
            "imported_at": now,
            "board": parse_document(cmd.get("document")),
        }
    ]


DECIDE = {"import_board": import_board}


def _fold_imported(state: BoardState, ev: Event) -> None:
    doc = ev["board"]
    state.code = ev["code"]
    state.facilitator_hash = ev["facilitator_hash"]
    state.settings = Settings(**doc["settings"])
    state.created_at = doc["created_at"]
    state.phases = [Phase(**p) for p in doc["phases"]]
    state.phase_index = doc["phase_index"]
    state.phase_closed = doc["phase_closed"]
    state.phase_started_at = doc["phase_started_at"]
    state.history = [dict(h) for h in doc["history"]]
    state.votes_revealed = doc["votes_revealed"]
    state.archived = doc["archived"]
    state.archived_at = doc["archived_at"]
    state.next_id = doc["next_id"]
    state.participants = {p["id"]: Participant(**p) for p in doc["participants"]}
    state.clusters = {c["id"]: Cluster(**c) for c in doc["clusters"]}
    state.notes = {n["id"]: Note(**n) for n in doc["notes"]}
    state.votes = {pid: dict(mine) for pid, mine in doc["votes"].items()}
    state.decisions = {d["target"]: Decision(**d) for d in doc["decisions"]}
    state.recount()
    phase = state.phase
    state.timer = Timer(duration=float(phase.duration or 0) if phase else 0.0)


FOLD = {"board_imported": _fold_imported}
