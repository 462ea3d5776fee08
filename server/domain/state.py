"""The board's state: plain data, rebuilt by folding its events.

Nothing here knows about time, sockets or storage. ``BoardState`` is mutated
only by :func:`server.domain.board.fold`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["facilitator", "participant", "projector", "system"]
PhaseKind = Literal["write", "group", "vote", "results", "discuss"]
PHASE_KINDS: tuple[str, ...] = ("write", "group", "vote", "results", "discuss")

DEFAULT_GROUPS: tuple[str, ...] = (
    "Government / member state",
    "NGO / civil society",
    "Academia",
    "Private sector",
    "International organisation",
    "Other",
)
COLORS: tuple[str, ...] = ("yellow", "pink", "blue", "green", "orange", "purple")

Event = dict[str, Any]
Command = dict[str, Any]


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a participant id (derived from their token) and a role."""

    id: str
    role: Role


SYSTEM = Actor("system", "system")


@dataclass
class Settings:
    title: str = "Untitled board"
    question: str = ""
    groups: list[str] = field(default_factory=lambda: list(DEFAULT_GROUPS))
    group_colors: list[str] = field(default_factory=list)  # one "#rrggbb" per group (server/domain/groups.py)
    dots_per_person: int = 5
    max_dots_per_note: int = 3
    anonymous: bool = True
    blind_votes: bool = True
    facilitator_sees_private: bool = True
    text_limit: int = 280
    max_priorities: int = 0  # decisions a board may hold (0: no limit)
    # On an anonymous board a note shows its writer's group to others only when at least this many
    # people of that group had joined when it was written (else "another group"): one delegate of
    # a group is not named by their group.
    group_threshold: int = 3
    # The shared screens' language (the projector's, unless it is given one), and a second one the
    # projector shows beside it ("" for none): codes of server/i18n LANGUAGES.
    language: str = "en"
    second_language: str = ""


@dataclass
class Note:
    id: str
    author: str
    group: str
    text: str
    color: str = "yellow"
    x: float = 0.0
    y: float = 0.0
    cluster: str | None = None
    hidden: bool = False
    private: bool = False


@dataclass
class Cluster:
    id: str
    name: str


@dataclass
class Participant:
    id: str
    name: str
    group: str
    role: Role
    present: bool = True


@dataclass
class Phase:
    id: str
    kind: str
    title: str
    duration: int | None = None  # seconds; the default timer for this phase
    close_on_timer: bool = False
    hint: str = ""  # what to do now, for someone arriving mid-phase
    auto_timer: bool = False  # the timer starts (with ``duration``) when the phase begins
    # The title and hint in other languages, {"fr": {"title", "hint"}, ...} (server/domain/phase_words.py).
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Decision:
    """A note or cluster the facilitator marked as a decision / priority, with its roadmap fields."""

    target: str
    kind: Literal["note", "cluster"]
    owner: str = ""
    next_step: str = ""
    due: str = ""  # an ISO date (YYYY-MM-DD) or empty


@dataclass
class Timer:
    status: Literal["idle", "running", "paused", "expired"] = "idle"
    generation: int = 0  # bumps on every start/reset, so a stale expiry is refused
    duration: float = 0.0
    deadline: float | None = None  # absolute server time (epoch seconds) while running
    remaining: float | None = None  # seconds left while paused

    def left(self, now: float) -> float:
        if self.status == "running" and self.deadline is not None:
            return max(0.0, self.deadline - now)
        if self.status == "paused" and self.remaining is not None:
            return self.remaining
        return 0.0 if self.status == "expired" else self.duration


@dataclass
class ProjectorView:
    """What the projector shows, as chosen from the console (``show_on_projector``)."""

    group: str = ""  # dots of one stakeholder group; "" for all
    spotlight: str | None = None  # a note or cluster id shown large
    qr: bool = True  # the join QR code
    chime: bool = True  # a short sound on the projector when time is up


@dataclass
class BoardState:
    id: str
    code: str = ""
    facilitator_hash: str = ""
    created_at: float = 0.0
    settings: Settings = field(default_factory=Settings)
    phases: list[Phase] = field(default_factory=list)
    phase_index: int = 0
    phase_closed: bool = False
    phase_started_at: float = 0.0
    notes: dict[str, Note] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # participant -> note -> dots
    votes_revealed: bool = False
    timer: Timer = field(default_factory=Timer)
    next_id: int = 1
    seq: int = 0
    ops: dict[str, Any] = field(default_factory=dict)  # "participant:op" -> first result
    history: list[dict[str, Any]] = field(default_factory=list)  # phase timings
    decisions: dict[str, Decision] = field(default_factory=dict)  # target id -> decision, in marking order
    done: dict[str, int] = field(default_factory=dict)  # participant -> phase visit (len(history)) they finished
    projector: ProjectorView = field(default_factory=ProjectorView)
    unattributed: set[str] = field(default_factory=set)  # notes whose group others may not see (visibility.py)
    archived: bool = False
    archived_at: float | None = None
    deleted: bool = False
    gathering: dict[str, Any] | None = None  # the event this board is a metanet of: {id, code, title}
    announcement: dict[str, Any] | None = None  # the event's message to everyone: {text, at}
    reporters: list[str] = field(default_factory=list)  # who reports this metanet to the plenary
    # Kept up to date as dots are placed, moved and dropped (the methods below), so counting the
    # dots never walks every voter. Change ``votes`` only through those methods, or call ``recount``.
    note_tallies: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    dots_total: int = field(default=0, init=False, repr=False)

    @property
    def phase(self) -> Phase | None:
        if 0 <= self.phase_index < len(self.phases):
            return self.phases[self.phase_index]
        return None

    @property
    def phase_kind(self) -> str:
        phase = self.phase
        return phase.kind if phase is not None else "discuss"

    def group_size(self, group: str) -> int:
        """People who have joined in ``group`` (present or not)."""
        return sum(1 for p in self.participants.values() if p.role == "participant" and p.group == group)

    def dots_used(self, participant: str) -> int:
        return sum(self.votes.get(participant, {}).values())

    def dots_left(self, participant: str) -> int:
        return max(0, self.settings.dots_per_person - self.dots_used(participant))

    def total_dots(self) -> int:
        return self.dots_total

    def note_total(self, note_id: str) -> int:
        tally = self.note_tallies.get(note_id)
        return int(tally["total"]) if tally else 0

    def voter_group(self, participant: str) -> str:
        """The stakeholder group a voter's dots count for (a facilitator who never joined: "Facilitator")."""
        person = self.participants.get(participant)
        return person.group if person else "Facilitator"

    def tallies(self) -> dict[str, dict[str, Any]]:
        """Dots per note, overall and by stakeholder group (a copy: the caller may keep or change it)."""
        return {note_id: {"total": t["total"], "by_group": dict(t["by_group"])} for note_id, t in self.note_tallies.items()}

    def note_tally(self, note_id: str) -> dict[str, Any]:
        """One note's tally (a copy; zero when it has no dots)."""
        t = self.note_tallies.get(note_id)
        return {"total": t["total"], "by_group": dict(t["by_group"])} if t else {"total": 0, "by_group": {}}

    def count_tallies(self) -> dict[str, dict[str, Any]]:
        """The tallies counted from scratch from every voter's dots: what ``note_tallies`` must equal."""
        out: dict[str, dict[str, Any]] = {}
        for pid, mine in self.votes.items():
            group = self.voter_group(pid)
            for note_id, count in mine.items():
                if count <= 0:
                    continue
                entry = out.setdefault(note_id, {"total": 0, "by_group": {}})
                entry["total"] += count
                entry["by_group"][group] = entry["by_group"].get(group, 0) + count
        return out

    # -- the only ways ``votes`` changes (they keep ``note_tallies`` and ``dots_total`` in step) --

    def _count(self, note_id: str, group: str, delta: int) -> None:
        if delta == 0:
            return
        entry = self.note_tallies.get(note_id)
        if entry is None:
            entry = self.note_tallies[note_id] = {"total": 0, "by_group": {}}
        entry["total"] += delta
        by_group = entry["by_group"]
        left = by_group.get(group, 0) + delta
        if left > 0:
            by_group[group] = left
        else:
            by_group.pop(group, None)
        if entry["total"] <= 0:
            del self.note_tallies[note_id]
        self.dots_total += delta

    def add_dots(self, participant: str, note_id: str, count: int) -> None:
        """``participant`` has ``count`` more dots on ``note_id`` (negative: fewer; none left: no entry)."""
        mine = self.votes.setdefault(participant, {})
        old = mine.get(note_id, 0)
        new = old + count
        if new > 0:
            mine[note_id] = new
        else:
            mine.pop(note_id, None)
        self._count(note_id, self.voter_group(participant), max(new, 0) - max(old, 0))

    def drop_note_dots(self, note_id: str) -> None:
        """Every dot on ``note_id`` goes (the note was deleted or merged away)."""
        for mine in self.votes.values():
            mine.pop(note_id, None)
        entry = self.note_tallies.pop(note_id, None)
        if entry is not None:
            self.dots_total -= entry["total"]

    def regroup_voter(self, participant: str, old_group: str) -> None:
        """``participant``'s dots counted for ``old_group`` now count for their current group."""
        group = self.voter_group(participant)
        if group == old_group:
            return
        for note_id, count in self.votes.get(participant, {}).items():
            if count > 0:
                self._count(note_id, group, count)
                self._count(note_id, old_group, -count)

    def recount(self) -> None:
        """Count the tallies from scratch (after ``votes`` or the participants were replaced wholesale)."""
        self.note_tallies = self.count_tallies()
        self.dots_total = sum(t["total"] for t in self.note_tallies.values())

    def tallies_visible_to_all(self) -> bool:
        return (
            not self.settings.blind_votes or self.votes_revealed or self.phase_kind == "results"
        )
