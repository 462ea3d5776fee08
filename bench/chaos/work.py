"""What the chaos run's people do: participants write, edit, move and vote; the facilitator runs the agenda.

Each participant keeps up to ``window`` commands in flight, never two on the
same note, so the order of the acks on one note is the order the log applied
them in (the final check relies on it). Choices follow the client's own view
of the board (its phase, its notes, its dots), as a phone would: a stale view
earns a refusal (``not_now``, ``not_found``...), which is an answer, not a fault.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from bench.chaos.client import ChaosClient

COLORS = ("yellow", "pink", "blue", "green", "orange", "purple")

# The agenda the facilitator cycles through: writing (private notes), grouping, a blind vote.
BOARD: dict[str, Any] = {
    "title": "Chaos run",
    "phases": [
        {"id": "write", "kind": "write", "title": "Write", "duration": 60},
        {"id": "group", "kind": "group", "title": "Group", "duration": 60},
        {"id": "vote", "kind": "vote", "title": "Vote", "duration": 60, "close_on_timer": True},
    ],
    "settings": {"blind_votes": True, "dots_per_person": 8, "max_dots_per_note": 3},
}
MAX_OWN_NOTES = 6
THINK = (0.3, 1.2)  # seconds a participant waits between two actions
SPOT = (0.02, 0.95)  # where a note may be put, as a share of the board's width and height
FACILITATOR_EVERY = (0.7, 2.0)  # seconds between two of the facilitator's actions


def _phase(client: ChaosClient) -> tuple[str, bool]:
    board = client.view.board
    phases = board.get("phases") or []
    index = board.get("phase_index", 0)
    kind = phases[index]["kind"] if 0 <= index < len(phases) else ""
    return kind, bool(board.get("phase_closed"))


def _spot(rng: random.Random) -> dict[str, float]:
    return {"x": round(rng.uniform(*SPOT), 3), "y": round(rng.uniform(*SPOT), 3)}


def _pick(rng: random.Random, options: list[tuple[float, str]]) -> str:
    return rng.choices([what for _, what in options], weights=[weight for weight, _ in options])[0]


class Participant:
    """One phone: joins, then acts every ``think`` seconds until ``stop``."""

    def __init__(
        self, client: ChaosClient, rng: random.Random, *, window: int = 2, think: tuple[float, float] = THINK
    ) -> None:
        self.client = client
        self.rng = rng
        self.window = window
        self.think = think
        self.mine: set[str] = set()  # my notes (acked add_note, not yet acked delete_note)
        self.busy: set[str] = set()  # notes with a command in flight
        self.written = 0
        self.edits = 0

    async def run(self, stop: asyncio.Event) -> None:
        c = self.client
        groups = c.view.board["settings"]["groups"]
        self.group = self.rng.choice(groups)
        await c.do("join", group=self.group, name=c.name)
        inflight: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            await asyncio.sleep(self.rng.uniform(*self.think))
            while len(inflight) >= self.window:
                await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                break
            choice = self.choose()
            if choice is None:
                continue
            kind, fields, note = choice
            if note is not None:
                self.busy.add(note)
            task = asyncio.create_task(self.act(kind, fields, note))
            inflight.add(task)
            task.add_done_callback(inflight.discard)
        if inflight:
            await asyncio.gather(*inflight)

    async def act(self, kind: str, fields: dict[str, Any], note: str | None) -> None:
        try:
            cmd = await self.client.do(kind, **fields)
            if cmd.ok and kind == "add_note":
                self.mine.add(cmd.ack["result"]["note"])  # type: ignore[index]
            elif cmd.ok and kind == "delete_note" and note is not None:
                self.mine.discard(note)
        finally:
            if note is not None:
                self.busy.discard(note)

    def choose(self) -> tuple[str, dict[str, Any], str | None] | None:
        rng, view = self.rng, self.client.view
        kind, closed = _phase(self.client)
        free_mine = [n for n in sorted(self.mine) if n not in self.busy and n in view.notes]
        options: list[tuple[float, str]] = []
        if kind in ("write", "group"):
            if len(self.mine) < MAX_OWN_NOTES:
                options.append((3.0, "add_note"))
            if free_mine:
                options += [(2.0, "edit_note"), (2.0, "move_note"), (0.5, "recolor_note"), (0.4, "delete_note")]
        elif kind == "vote":
            options += [(5.0, "vote"), (2.0, "unvote")]
        options.append((0.1, "join"))  # a new name; same group (changing it with dots placed is refused)
        what = _pick(rng, options)
        name = self.client.name
        if what == "add_note":
            self.written += 1
            return what, {"text": f"{name} idea {self.written}", "color": rng.choice(COLORS), **_spot(rng)}, None
        if what == "join":
            return what, {"group": self.group, "name": f"{name}.{rng.randrange(1000)}"}, None
        if what in ("edit_note", "move_note", "recolor_note", "delete_note"):
            note = rng.choice(free_mine)
            if what == "edit_note":
                self.edits += 1
                return what, {"note": note, "text": f"{name} idea, take {self.edits}"}, note
            if what == "move_note":
                return what, {"note": note, **_spot(rng)}, note
            if what == "recolor_note":
                return what, {"note": note, "color": rng.choice(COLORS)}, note
            return what, {"note": note}, note
        if what == "vote":
            candidates = [n for n in sorted(view.notes) if n not in self.busy and not view.notes[n].get("hidden")]
            if not candidates:
                return None
            note = rng.choice(candidates)
            return what, {"note": note}, note
        mine = [n for n in sorted(view.my_votes) if n not in self.busy]
        if not mine:
            return None
        note = rng.choice(mine)
        return what, {"note": note}, note


class Facilitator:
    """Moves to the next phase every ``phase_every`` seconds; in between plays with the timer,
    reveals votes, closes and reopens the vote, hides and unhides notes, adds a note."""

    def __init__(
        self,
        client: ChaosClient,
        rng: random.Random,
        *,
        phase_every: float = 8.0,
        every: tuple[float, float] = FACILITATOR_EVERY,
    ) -> None:
        self.client = client
        self.rng = rng
        self.phase_every = phase_every
        self.every = every
        self.hidden: set[str] = set()

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        moved = loop.time()
        while not stop.is_set():
            await asyncio.sleep(self.rng.uniform(*self.every))
            if stop.is_set():
                break
            if loop.time() - moved >= self.phase_every:  # the agenda moves on: write, group, vote, write...
                moved = loop.time()
                kind, fields = "set_phase", {"index": (self.client.view.board["phase_index"] + 1) % 3}
            else:
                kind, fields = self.choose()
            cmd = await self.client.do(kind, **fields)
            if cmd.ok and kind == "hide_note":
                (self.hidden.add if fields["hidden"] else self.hidden.discard)(fields["note"])

    def choose(self) -> tuple[str, dict[str, Any]]:
        rng, view = self.rng, self.client.view
        board = view.board
        timer = board["timer"]["status"]
        options: list[tuple[float, str]] = [(2.0, "start_timer"), (0.5, "add_note")]
        if timer == "running":
            options += [(1.0, "pause_timer"), (1.0, "adjust_timer")]
        elif timer == "paused":
            options += [(1.5, "resume_timer"), (0.5, "reset_timer")]
        if view.notes:
            options.append((0.6, "hide_note"))
        if _phase(self.client)[0] == "vote":
            options += [(0.5, "reveal_votes"), (0.3, "close_phase")]
        what = _pick(rng, options)
        if what == "start_timer":
            return what, {"duration": rng.choice((2, 3, 5, 8, 20))}
        if what == "adjust_timer":
            return what, {"seconds": rng.choice((-1, 5, 10, 30))}
        if what == "add_note":
            return what, {"text": f"facilitator note {rng.randrange(10**6)}", **_spot(rng)}
        if what == "hide_note":
            if self.hidden and rng.random() < 0.6:
                return what, {"note": rng.choice(sorted(self.hidden)), "hidden": False}
            shown = [n for n in sorted(view.notes) if not view.notes[n].get("hidden")]
            if shown:
                return what, {"note": rng.choice(shown), "hidden": True}
            return "reset_timer", {}
        if what == "close_phase":
            return what, {"closed": not board.get("phase_closed", False)}
        return what, {}
