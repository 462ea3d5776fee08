"""The plenary vote as the Socket.IO and broadcaster peers keep it: one person's dots, one board's count.

Metanet's domain checks, for a vote, that the note exists, that the person has
a dot left (50 in the plenary) and at most 50 on that note; these peers do the
same checks on their own small state, so none wins by skipping the work. The
Node peer (``socketio-node/server.js``) does the same in JavaScript. A person's
dots live in the process that holds their socket (every peer pins a socket to
one process); ``dots_placed`` is this process's count, not the board's -- the
peers do less there than Metanet, never more.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

DOTS_PER_PERSON = 50  # bench.scenarios.PLENARY_SETTINGS
MAX_PER_NOTE = 50
NOTES = frozenset(f"note-{i:02d}" for i in range(20))  # the board's 20 notes, there before voting opens
TOKEN_MIN, TOKEN_MAX = 16, 128


def person(board: str, token: str) -> str:
    """A participant's id on a board, as Metanet derives it from the phone's token."""
    return hashlib.sha256(f"{board}:{token}".encode()).hexdigest()[:16]


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and TOKEN_MIN <= len(token) <= TOKEN_MAX


@dataclass
class Voter:
    """One connected person: their dots left and on each note."""

    board: str
    person: str
    group: str | None
    left: int = DOTS_PER_PERSON
    on_note: dict[str, int] = field(default_factory=dict)

    def vote(self, note: Any) -> str | None:
        """Spend a dot on ``note``; an error code when the vote is refused (and nothing changed)."""
        if not isinstance(note, str) or note not in NOTES:
            return "not_found"
        mine = self.on_note.get(note, 0)
        if self.left <= 0 or mine >= MAX_PER_NOTE:
            return "budget_exceeded"
        self.left -= 1
        self.on_note[note] = mine + 1
        return None


class Tally:
    """Dots placed per board (in this process)."""

    def __init__(self) -> None:
        self.placed: dict[str, int] = {}

    def event(self, voter: Voter, note: str, op: Any) -> dict[str, Any]:
        """The public ``vote_placed`` event, Metanet's fields, with the voter's ``op`` instead of ``seq``."""
        total = self.placed[voter.board] = self.placed.get(voter.board, 0) + 1
        return {"type": "vote_placed", "note": note, "participant": voter.person, "group": voter.group,
                "blind": False, "dots_placed": total, "op": op}
