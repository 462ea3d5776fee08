"""``metanet export --event CODE --format md|csv|json [--lang xx] [--data-dir DIR | --backbone URL]``.

Reads the event's log and each metanet's log straight from storage (like
``metanet export BOARD``: read-only, never disturbing a running server) and
prints the event report (``event_data`` + ``event_formats``) on stdout.
``load_event`` also serves ``GET /e/{CODE}/export.{fmt}``.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys

from server.backbone import Backbone, BackboneDown
from server.domain import gathering
from server.domain.board import replay
from server.domain.state import BoardState
from server.i18n import DEFAULT
from server.report import event_data, event_formats
from server.report.cli import _backbone
from server.report.words import words

Loaded = tuple[gathering.GatheringState, dict[str, BoardState]]


async def load_event(backbone: Backbone, key: str) -> Loaded | None:
    """The event named by ``key`` (its code or id) and its metanets' boards, or None if there is none."""
    key = key.strip()
    event_id = key if gathering.is_gathering(key) else await backbone.find_code(key.upper())
    if event_id is None or not gathering.is_gathering(event_id):
        return None
    state = gathering.replay(event_id, await backbone.read(event_id))
    if state.seq == 0:
        return None
    boards = {m.board: replay(m.board, await backbone.read(m.board)) for m in state.metanets}
    return state, boards


async def _load(args: argparse.Namespace) -> Loaded | None:
    backbone = _backbone(args)
    await backbone.start()
    try:
        return await load_event(backbone, args.event)
    finally:
        await backbone.close()


def export(args: argparse.Namespace) -> int:
    try:
        loaded = asyncio.run(_load(args))
    except (OSError, sqlite3.Error, BackboneDown, ValueError) as exc:
        print(f"metanet export: cannot read the events: {exc}", file=sys.stderr)
        return 1
    if loaded is None:
        print(f"metanet export: no event with the code {args.event!r}", file=sys.stderr)
        return 1
    lang = args.lang or DEFAULT  # an event has no language setting of its own
    sys.stdout.write(event_formats.RENDER[args.format](event_data.build(*loaded, lang), words(lang)))
    sys.stdout.flush()
    return 0
