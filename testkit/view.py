"""A client's picture of the board, built from ``welcome`` and ``events`` only.

This is the reference for what every client does with the messages it gets
(``web/js/state.js`` is the same in JavaScript). Tests and the benchmark use it
to check that a client that followed the stream ends up where a fresh
``welcome`` puts it: nothing lost, nothing applied twice.
"""

from __future__ import annotations

import copy
from typing import Any


class BoardView:
    def __init__(self) -> None:
        self.seq = 0
        self.role = ""
        self.me: str | None = None
        self.board: dict[str, Any] = {}
        self.notes: dict[str, dict[str, Any]] = {}
        self.clusters: dict[str, str] = {}
        self.tallies: dict[str, dict[str, Any]] | None = None
        self.my_votes: dict[str, int] = {}
        self.dots_left = 0
        self.applied: list[int] = []  # sequence numbers applied, to spot duplicates

    # -- messages ------------------------------------------------------------

    def welcome(self, msg: dict[str, Any]) -> None:
        self.role = msg["you"]["role"]
        self.me = msg["you"]["id"]
        if msg["mode"] == "snapshot":
            snap = copy.deepcopy(msg["snapshot"])
            self.board = snap
            self.notes = {n["id"]: n for n in snap.pop("notes")}
            self.clusters = {c["id"]: c["name"] for c in snap.pop("clusters")}
            self.tallies = snap.pop("tallies")
            self.my_votes = snap.pop("my_votes")
            self.seq = msg["seq"]
        else:
            for event in msg["events"]:
                self.event(event)
            self.seq = max(self.seq, msg["seq"])
        # The budget now, after the events above: set last so a resumed dot of mine is not counted twice.
        self.dots_left = msg["dots_left"]

    def events(self, msg: dict[str, Any]) -> None:
        for event in msg["events"]:
            self.event(event)
        self.seq = max(self.seq, msg["seq"])

    def event(self, ev: dict[str, Any]) -> None:
        if ev["seq"] <= self.seq:
            return  # already applied (a resume overlapping the stream)
        self.applied.append(ev["seq"])
        self.seq = ev["seq"]
        handler = getattr(self, "_" + ev["type"], None)
        if handler is None:
            raise ValueError(f"unknown event type {ev['type']!r}")
        handler(ev)

    # -- events --------------------------------------------------------------

    def _settings_changed(self, ev: dict[str, Any]) -> None:
        self.board["settings"] = ev["settings"]
        if "tallies" in ev and self.role != "facilitator":  # blind votes switched: what I may see now
            self.tallies = copy.deepcopy(ev["tallies"])
        self._recount_dots()

    def _recount_dots(self) -> None:
        """My budget from my dots: after a budget change, or dots given back by a delete or merge."""
        self.dots_left = max(0, self.board["settings"]["dots_per_person"] - sum(self.my_votes.values()))

    def _participant_joined(self, ev: dict[str, Any]) -> None:
        person = {**ev["participant"], "present": True}
        if person["id"] == self.me:
            self.board["me"] = dict(person)
        people = self.board.get("participants")
        if people is not None:  # the facilitator's list of everyone
            people[:] = [p for p in people if p["id"] != person["id"]] + [person]

    def _participant_left(self, ev: dict[str, Any]) -> None:
        if ev["id"] == self.me and self.board.get("me"):
            self.board["me"]["present"] = False
        for person in self.board.get("participants") or []:
            if person["id"] == ev["id"]:
                person["present"] = False

    def _note_added(self, ev: dict[str, Any]) -> None:
        self.notes[ev["note"]["id"]] = dict(ev["note"])

    def _note_unhidden(self, ev: dict[str, Any]) -> None:
        self.notes[ev["note"]["id"]] = {**ev["note"], "hidden": False}

    def _note_edited(self, ev: dict[str, Any]) -> None:
        self.notes[ev["id"]]["text"] = ev["text"]

    def _note_moved(self, ev: dict[str, Any]) -> None:
        self.notes[ev["id"]].update(x=ev["x"], y=ev["y"])

    def _note_recolored(self, ev: dict[str, Any]) -> None:
        self.notes[ev["id"]]["color"] = ev["color"]

    def _forget_note(self, note_id: str) -> None:
        self.notes.pop(note_id, None)
        self._drop_decision(note_id)
        if self.my_votes.pop(note_id, None):
            self._recount_dots()
        if self.tallies is not None:
            self.tallies.pop(note_id, None)

    def _note_deleted(self, ev: dict[str, Any]) -> None:
        self._forget_note(ev["id"])
        self.board["dots_placed"] = ev["dots_placed"]

    def _note_hidden(self, ev: dict[str, Any]) -> None:
        if self.role == "facilitator":
            self.notes[ev["id"]]["hidden"] = True
        else:
            # Its tally stays (as in a snapshot): the dots on it still count, and unhiding sends no tally.
            self.notes.pop(ev["id"], None)

    def _note_merged(self, ev: dict[str, Any]) -> None:
        # My dots beyond the per-note cap came back to me: ``moved`` says how many followed.
        had = self.my_votes.pop(ev["source"], 0)
        mine = ev["moved"].get(self.me, 0) if self.me is not None else 0
        if mine:
            self.my_votes[ev["target"]] = self.my_votes.get(ev["target"], 0) + mine
        if had != mine:
            self._recount_dots()
        self.board["dots_placed"] = ev["dots_placed"]
        self.notes.pop(ev["source"], None)
        self._drop_decision(ev["source"])
        if self.tallies is not None:
            self.tallies.pop(ev["source"], None)
            if ev["target_tally"] is not None and ev["target_tally"]["total"]:
                self.tallies[ev["target"]] = copy.deepcopy(ev["target_tally"])  # _count mutates it later

    def _notes_revealed(self, ev: dict[str, Any]) -> None:
        for note in ev["notes"]:
            if note["id"] in self.notes:
                self.notes[note["id"]].update(text=note["text"], private=False)
        for note_id in ev["ids"]:
            if note_id in self.notes:
                self.notes[note_id]["private"] = False

    def _cluster_created(self, ev: dict[str, Any]) -> None:
        self.clusters[ev["id"]] = ev["name"]

    def _cluster_renamed(self, ev: dict[str, Any]) -> None:
        self.clusters[ev["id"]] = ev["name"]

    def _cluster_deleted(self, ev: dict[str, Any]) -> None:
        self.clusters.pop(ev["id"], None)
        self._drop_decision(ev["id"])
        for note in self.notes.values():
            if note["cluster"] == ev["id"]:
                note["cluster"] = None

    def _note_clustered(self, ev: dict[str, Any]) -> None:
        self.notes[ev["id"]]["cluster"] = ev["cluster"]

    def _count(self, ev: dict[str, Any], delta: int) -> None:
        self.board["dots_placed"] = ev["dots_placed"]
        if ev["mine"]:
            self.my_votes[ev["note"]] = self.my_votes.get(ev["note"], 0) + delta
            if self.my_votes[ev["note"]] <= 0:
                del self.my_votes[ev["note"]]
            self.dots_left -= delta
        if ev["note"] is None or self.tallies is None:
            return
        tally = self.tallies.setdefault(ev["note"], {"total": 0, "by_group": {}})
        tally["total"] += delta
        tally["by_group"][ev["group"]] = tally["by_group"].get(ev["group"], 0) + delta
        if tally["by_group"][ev["group"]] <= 0:
            del tally["by_group"][ev["group"]]
        if tally["total"] <= 0:
            del self.tallies[ev["note"]]

    def _vote_placed(self, ev: dict[str, Any]) -> None:
        self._count(ev, +1)

    def _vote_removed(self, ev: dict[str, Any]) -> None:
        self._count(ev, -1)

    def _votes_revealed(self, ev: dict[str, Any]) -> None:
        self.tallies = copy.deepcopy(ev["tallies"])
        self.board["votes_revealed"] = True

    def _phase_changed(self, ev: dict[str, Any]) -> None:
        self.board["phase_index"] = ev["index"]
        self.board["phase_closed"] = False
        self.board["phase_started_at"] = ev["at"]
        self.board["history"].append({"phase": self.board["phases"][ev["index"]]["id"], "started": ev["at"]})
        self.board["done"] = {"count": 0, "mine": False}  # "I'm done" counts per visit of a phase
        if self.board["phases"][ev["index"]]["kind"] == "vote":
            self.board["votes_revealed"] = False
            if self.board["settings"]["blind_votes"] and self.role != "facilitator":
                self.tallies = None

    def _phase_closed(self, ev: dict[str, Any]) -> None:
        self.board["phase_closed"] = True

    def _phase_reopened(self, ev: dict[str, Any]) -> None:
        self.board["phase_closed"] = False

    def _timer(self, ev: dict[str, Any]) -> None:
        self.board["timer"] = ev["timer"]

    _timer_started = _timer_paused = _timer_resumed = _timer_adjusted = _timer_reset = _timer_expired = _timer

    # -- running a sprint (agenda, "I'm done", decisions, lifecycle) -------------------

    def _agenda_changed(self, ev: dict[str, Any]) -> None:
        self.board["phases"] = copy.deepcopy(ev["phases"])
        self.board["phase_index"] = ev["index"]

    def _participant_done(self, ev: dict[str, Any]) -> None:
        done = self.board["done"]
        done["count"] = ev["count"]
        if ev["participant"] is not None and ev["participant"] == self.me:
            done["mine"] = ev["done"]

    def _decision_marked(self, ev: dict[str, Any]) -> None:
        self._drop_decision(ev["target"])
        if ev["decided"]:
            self.board["decisions"].append({"target": ev["target"], "kind": ev["kind"], "owner": "", "next_step": "", "due": ""})

    def _roadmap_set(self, ev: dict[str, Any]) -> None:
        for decision in self.board["decisions"]:
            if decision["target"] == ev["target"]:
                decision.update(owner=ev["owner"], next_step=ev["next_step"], due=ev["due"])

    def _drop_decision(self, target: str) -> None:
        self.board["decisions"] = [d for d in self.board["decisions"] if d["target"] != target]

    def _board_archived(self, ev: dict[str, Any]) -> None:
        self.board["archived"] = ev["archived"]

    def _groups_changed(self, ev: dict[str, Any]) -> None:
        renamed = ev["renamed"]
        self.board["settings"] = {**self.board["settings"], "groups": ev["groups"], "group_colors": ev["colors"]}
        for note in self.notes.values():
            if note["group"] in renamed:
                note["group"] = renamed[note["group"]]
        for person in [*(self.board.get("participants") or []), *([self.board["me"]] if self.board.get("me") else [])]:
            if person["group"] in renamed:
                person["group"] = renamed[person["group"]]
        projector = self.board.get("projector")
        if projector and projector["group"] in renamed:
            self.board["projector"] = {**projector, "group": renamed[projector["group"]]}
        if self.tallies:
            for tally in self.tallies.values():
                tally["by_group"] = {renamed.get(g, g): n for g, n in tally["by_group"].items()}

    def _projector_changed(self, ev: dict[str, Any]) -> None:
        self.board["projector"] = ev["projector"]

    def _board_deleted(self, ev: dict[str, Any]) -> None:
        self.board["deleted"] = True  # the server closes the socket next (4004)

    def _gathering_linked(self, ev: dict[str, Any]) -> None:
        self.board["gathering"] = {"id": ev["gathering"], "code": ev["code"], "title": ev["title"]}

    def _announcement(self, ev: dict[str, Any]) -> None:
        self.board["announcement"] = {"text": ev["text"], "at": ev["at"]} if ev["text"] else None

    def _reporters_set(self, ev: dict[str, Any]) -> None:
        self.board["reporters"] = list(ev["names"])

    # -- comparison ------------------------------------------------------------

    def essentials(self) -> dict[str, Any]:
        """What must agree between a client that followed the stream and a fresh welcome."""
        board = {k: v for k, v in self.board.items() if k not in ("now", "seq")}
        if board.get("participants") is not None:
            board["participants"] = sorted(board["participants"], key=lambda p: p["id"])
        return {
            "seq": self.seq,
            "notes": self.notes,
            "clusters": self.clusters,
            "tallies": self.tallies,
            "my_votes": self.my_votes,
            "dots_left": self.dots_left,
            "board": board,
        }
