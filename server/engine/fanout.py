"""A batch of events as each audience may see it, encoded once per audience.

Everyone of one role sees the same views of a batch, computed once for nobody
in particular; a participant an event names (``visibility.personal_ids``: the
author of a private note, the voter of a dot, ...) gets those views with just
the events naming them redone. The common frame never depends on which socket
comes first: a view that differs for its own author cannot reach anyone else
even if ``personal_ids`` ever missed a case.
"""

from __future__ import annotations

from collections.abc import Iterator

from server.domain.state import Actor, Event, Settings
from server.domain.visibility import personal_ids, view_event
from server.engine.outputs import Member
from server.protocol import messages
from server.protocol.codec import pack

NOBODY = ""  # the viewer a role's common views are computed for: no participant id is empty


def aligned_views(batch: list[tuple[int, Event]], viewer: Actor, settings: Settings,
                  only: list[bool] | None = None) -> list[Event | None]:
    """``view_event`` of each event of the batch (None: not for this viewer, or not asked for)."""
    out: list[Event | None] = []
    for i, (seq, event) in enumerate(batch):
        view = view_event(event, viewer, settings) if only is None or only[i] else None
        if view is not None:
            view["seq"] = seq
        out.append(view)
    return out


def views(batch: list[tuple[int, Event]], viewer: Actor, settings: Settings) -> list[Event]:
    """The events of the batch this viewer may see, as they may see them."""
    return [v for v in aligned_views(batch, viewer, settings) if v is not None]


def audience_frames(batch: list[tuple[int, Event]], clients: list[Member],
                    settings: Settings) -> Iterator[tuple[Member, bytes]]:
    """Each client with the ``events`` frame of the batch it may see; one encoding per audience."""
    named = [personal_ids(event, settings) for _, event in batch]
    personal = set().union(*named)
    last = batch[-1][0]
    common: dict[str, list[Event | None]] = {}
    frames: dict[tuple[str, str | None], bytes] = {}
    for client in clients:
        actor = client.actor
        key = (actor.role, actor.id if actor.id in personal else None)
        frame = frames.get(key)
        if frame is None:
            shared = common.get(actor.role)
            if shared is None:
                shared = common[actor.role] = aligned_views(batch, Actor(NOBODY, actor.role), settings)
            mine = shared
            if key[1] is not None:
                redo = [actor.id in ids for ids in named]
                own = aligned_views(batch, actor, settings, redo)
                mine = [o if r else c for o, c, r in zip(own, shared, redo, strict=True)]
            frame = frames[key] = pack(messages.events(last, [v for v in mine if v is not None]))
        yield client, frame
