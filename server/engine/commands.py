"""Commands waiting to be decided on a board, and how a group of them is formed.

A board's commands are decided and appended one group at a time
(``commit.py``): while an append is in flight the next commands queue up, and
the run of them that can be decided together (``server.domain.together``)
goes in the next append. Under load that is one append for many dots instead
of one each.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from server.domain.outcome import Outcome, decide_many
from server.domain.state import Actor, BoardState
from server.domain.together import TOGETHER, can_join
from server.engine.outputs import Sink
from server.errors import DomainError

MAX_TOGETHER = 256  # commands decided together and stored in one append


def op_key(actor: Actor, op: str | None) -> str | None:
    """Whose op it is: the key of its result in ``BoardState.ops`` (None: no op, not deduplicated)."""
    return f"{actor.id}:{op}" if op is not None else None


@dataclass
class Pending:
    """A command waiting for its answer, and where the answer goes."""

    sink: Sink
    actor: Actor
    kind: str
    args: dict[str, Any]
    op: str | None

    @property
    def key(self) -> str | None:
        return op_key(self.actor, self.op)


def take_group(queue: deque[Pending]) -> list[Pending]:
    """The next command, and the ones queued behind it that can be decided together with it.

    A second command of someone already in the group stays queued, in its place,
    for the next group (it may depend on their first); the group still takes the
    others' behind it, which depend on neither. Any other kind of command ends
    the group where it stands.
    """
    first = queue.popleft()
    if first.kind not in TOGETHER:
        return [first]
    group, actors, later = [first], {first.actor.id}, []
    while queue and len(group) < MAX_TOGETHER and queue[0].kind in TOGETHER:
        q = queue.popleft()
        if can_join(q.kind, q.actor, actors):
            actors.add(q.actor.id)
            group.append(q)
        else:
            later.append(q)
    queue.extendleft(reversed(later))
    return group


def decide_group(state: BoardState, group: list[Pending], now: float) -> list[Outcome | DomainError]:
    """Each command's outcome or refusal, decided on ``state`` as if one after another."""
    return decide_many(state, [({**q.args, "type": q.kind}, q.actor) for q in group], now)
